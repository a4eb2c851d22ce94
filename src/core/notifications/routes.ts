// /api/notifications: my in-app notifications and the unread count for the bell.
import { Type } from 'typebox';
import type { App, AppContext } from '../manifest';
import { actorOf } from '../http';
import { errors } from '../schemas';
import { NotificationListDto } from './schemas';
import { listNotifications, markRead } from './service';

export async function notificationRoutes(app: App, ctx: AppContext): Promise<void> {
  const own = { access: { authenticated: true } } as const;
  app.get(
    '/notifications',
    {
      config: own,
      schema: {
        tags: ['notifications'],
        querystring: Type.Object({
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          unreadOnly: Type.Boolean({ default: false }),
        }),
        response: { 200: NotificationListDto, ...errors },
      },
    },
    async (req) => listNotifications(ctx.db, actorOf(req).userId, req.query),
  );

  app.post(
    '/notifications/read',
    {
      config: own,
      schema: {
        tags: ['notifications'],
        summary: 'Mark some (ids) or all of my notifications read',
        body: Type.Object({ ids: Type.Union([Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 }), Type.Literal('all')]) }, { additionalProperties: false }),
        response: { 200: Type.Object({ marked: Type.Integer() }), ...errors },
      },
    },
    async (req) => ({ marked: await markRead(ctx.db, actorOf(req).userId, req.body.ids) }),
  );
}
