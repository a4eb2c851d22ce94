// Response schemas of /api/notifications: the single source of these types (the web app derives its own from them).
import { Type } from 'typebox';
import { DateTime, NullableDateTime } from '../schemas';

export const NotificationDto = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  readAt: NullableDateTime,
});

/** GET /api/notifications: a page of my notifications and the unread count for the bell. */
export const NotificationListDto = Type.Object({ items: Type.Array(NotificationDto), unread: Type.Integer() });
