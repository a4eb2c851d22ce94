// Who hears about progress: the resident who filed, or — for someone without an account, filed by a
// 三长 or over the phone — the person who filed it; never the one who acted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from '../../src/test/harness';
import { userId } from '../../src/test/fixtures';
import { act, fileOnBehalf, notesAbout } from './support';

let env: TestEnv;
let zu: Client;
let community: Client;
let zuId: number;
let communityId: number;

beforeAll(async () => {
  env = await createTestEnv();
  [zu, community] = await Promise.all([env.login('zuzhang'), env.login('community')]);
  zuId = await userId(env, 'zuzhang');
  communityId = await userId(env, 'community');
});
afterAll(async () => env?.close());

describe('progress notices for a request filed on behalf', () => {
  it('reach the 三长 who filed it when the requester has no account', async () => {
    const [{ path }] = await env.database.query<{ path: string }>(
      `SELECT p.path FROM places p JOIN role_assignments ra ON ra.place_id = p.id JOIN users u ON u.id = ra.user_id WHERE u.username = 'zuzhang'`,
    );
    const [{ id: buildingId }] = await env.database.query<{ id: number }>(`SELECT id::int AS id FROM places WHERE path = $1`, [path]);
    const r = await fileOnBehalf(env, zu, 'noise', buildingId);
    expect(r.channel).toBe('grid');
    expect(await notesAbout(env, zuId, r.id)).toBe(0);
    await act(community, r.id, { action: 'accept' });
    expect(await notesAbout(env, zuId, r.id)).toBe(1);
    await act(community, r.id, { action: 'resolve', text: '已上门调解' });
    expect(await notesAbout(env, zuId, r.id)).toBe(2);
    // the worker who acted is not told of their own action
    expect(await notesAbout(env, communityId, r.id)).toBe(1); // only the "new request" notice
  });
});
