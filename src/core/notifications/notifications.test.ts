// In-app notifications: my list and unread count, paging, and marking read (by id or all) without
// ever touching another user's notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../test/harness';
import { count, userIdOf } from '../../../tests/helpers';

let env: TestEnv;
let zu: Client;
let lin: Client;
let zuId: number;
let linId: number;
let zuNotes: number[]; // oldest first
let linNotes: number[];

interface Listed {
  items: { id: number; kind: string; title: string; body: string; link: string | null; createdAt: string; readAt: string | null }[];
  unread: number;
}

async function notify(userId: number, n: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= n; i++) {
    ids.push(await env.ctx.notifier.notify(env.database.db, { userId, kind: 'test.kind', title: `${prefix}${i}`, body: `正文${i}`, link: i === 1 ? '/requests/1' : null }));
  }
  return ids;
}

beforeAll(async () => {
  env = await createTestEnv();
  [zu, lin] = await Promise.all([env.login('zuzhang'), env.login('linzhang')]);
  zuId = await userIdOf(env, 'zuzhang');
  linId = await userIdOf(env, 'linzhang');
  // start from a clean slate whatever the seed left
  await env.database.query(`DELETE FROM notifications WHERE user_id IN ($1, $2)`, [zuId, linId]);
  zuNotes = await notify(zuId, 5, '组长消息');
  linNotes = await notify(linId, 3, '邻长消息');
});
afterAll(async () => env?.close());

describe('GET /api/notifications', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get('/api/notifications'), 401, 'UNAUTHENTICATED');
  });

  it('rejects bad paging', async () => {
    for (const q of ['limit=0', 'limit=101', 'before=0', 'before=abc', 'unreadOnly=maybe']) {
      expectError(await zu.get(`/api/notifications?${q}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('lists only my own notifications, newest first, with the unread count', async () => {
    const res = await zu.get('/api/notifications');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Listed;
    expect(body.unread).toBe(5);
    expect(body.items.map((n) => n.id)).toEqual([...zuNotes].reverse());
    expect(body.items.at(-1)).toMatchObject({ kind: 'test.kind', title: '组长消息1', body: '正文1', link: '/requests/1', readAt: null });
    expect(new Date(body.items[0].createdAt).getTime()).not.toBeNaN();
    const other = (await lin.get('/api/notifications')).json() as Listed;
    expect(other.items.map((n) => n.id)).toEqual([...linNotes].reverse());
    expect(other.unread).toBe(3);
  });

  it('pages with limit and before', async () => {
    const first = (await zu.get('/api/notifications?limit=2')).json() as Listed;
    expect(first.items.map((n) => n.id)).toEqual([zuNotes[4], zuNotes[3]]);
    expect(first.unread).toBe(5);
    const second = (await zu.get(`/api/notifications?limit=2&before=${first.items[1].id}`)).json() as Listed;
    expect(second.items.map((n) => n.id)).toEqual([zuNotes[2], zuNotes[1]]);
  });
});

describe('POST /api/notifications/read', () => {
  it('needs a session', async () => {
    expectError(await env.anon.post('/api/notifications/read', { ids: 'all' }), 401, 'UNAUTHENTICATED');
  });

  it('rejects a bad body', async () => {
    for (const body of [{}, { ids: 'some' }, { ids: [0] }, { ids: ['x'] }, { ids: [1.5] }, { ids: { all: true } }, { ids: Array.from({ length: 201 }, (_, i) => i + 1) }]) {
      expectError(await zu.post('/api/notifications/read', body), 400, 'VALIDATION_FAILED');
    }
    expect(await count(env, `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NOT NULL`, [zuId])).toBe(0);
  });

  it('marks the given ids read and reports how many changed', async () => {
    const res = await zu.post('/api/notifications/read', { ids: [zuNotes[0], zuNotes[1]] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked: 2 });
    const list = (await zu.get('/api/notifications')).json() as Listed;
    expect(list.unread).toBe(3);
    const read = list.items.filter((n) => n.readAt !== null).map((n) => n.id);
    expect(read.sort()).toEqual([zuNotes[0], zuNotes[1]].sort());
    // already read: nothing more to mark
    expect((await zu.post('/api/notifications/read', { ids: [zuNotes[0]] })).json()).toEqual({ marked: 0 });
    expect((await zu.post('/api/notifications/read', { ids: [] })).json()).toEqual({ marked: 0 });
  });

  it('lists only unread ones when asked', async () => {
    const list = (await zu.get('/api/notifications?unreadOnly=true')).json() as Listed;
    expect(list.items.map((n) => n.id)).toEqual([zuNotes[4], zuNotes[3], zuNotes[2]]);
    expect(list.unread).toBe(3);
  });

  it('never marks another user’s notifications, by id or by "all"', async () => {
    const res = await zu.post('/api/notifications/read', { ids: [linNotes[0], linNotes[1], zuNotes[2]] });
    expect(res.json()).toEqual({ marked: 1 });
    expect(await count(env, `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [linId])).toBe(3);

    const all = await zu.post('/api/notifications/read', { ids: 'all' });
    expect(all.json()).toEqual({ marked: 2 });
    expect((await zu.get('/api/notifications')).json().unread).toBe(0);
    const linList = (await lin.get('/api/notifications')).json() as Listed;
    expect(linList.unread).toBe(3);
    expect(linList.items.every((n) => n.readAt === null)).toBe(true);

    expect((await lin.post('/api/notifications/read', { ids: 'all' })).json()).toEqual({ marked: 3 });
    expect((await lin.post('/api/notifications/read', { ids: 'all' })).json()).toEqual({ marked: 0 });
  });
});
