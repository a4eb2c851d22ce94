// Notifications: stored in-app messages, fanned out to delivery channels. The in-app channel is
// the table itself; SMS or WeChat channels implement NotificationChannel and are added in config.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notifications } from '../db/schema';

export interface NotificationInput {
  userId: number;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

export interface NotificationChannel {
  name: string;
  /** Called after the in-app row is written, inside the same transaction (queue, don't block). */
  deliver(tx: Db, n: NotificationInput & { id: number }): Promise<void>;
}

export class Notifier {
  constructor(private readonly channels: NotificationChannel[] = []) {}

  async notify(tx: Db, input: NotificationInput): Promise<number> {
    const [row] = await tx
      .insert(notifications)
      .values({ userId: input.userId, kind: input.kind, title: input.title, body: input.body ?? '', link: input.link ?? null })
      .returning({ id: notifications.id });
    for (const ch of this.channels) await ch.deliver(tx, { ...input, id: row.id });
    return row.id;
  }
}

export async function listNotifications(db: Db, userId: number, opts: { before?: number; limit: number; unreadOnly: boolean }) {
  const conds = [eq(notifications.userId, userId)];
  if (opts.before) conds.push(lt(notifications.id, opts.before));
  if (opts.unreadOnly) conds.push(isNull(notifications.readAt));
  const items = await db
    .select()
    .from(notifications)
    .where(and(...conds))
    .orderBy(desc(notifications.id))
    .limit(opts.limit);
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { items, unread: Number(count) };
}

export async function markRead(db: Db, userId: number, ids: number[] | 'all'): Promise<number> {
  const base = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  const where = ids === 'all' ? base : and(base, sql`${notifications.id} = ANY(${sql.raw(`ARRAY[${ids.map(Number).join(',') || 'NULL'}]::bigint[]`)})`);
  const res = await db.update(notifications).set({ readAt: new Date() }).where(where).returning({ id: notifications.id });
  return res.length;
}
