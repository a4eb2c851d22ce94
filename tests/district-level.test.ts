// What belongs to no subtree is the district level's: accounts without roles, account events,
// and strict typing of JSON bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type TestEnv } from '../src/test/harness';
import { grantPlaceOf, userIdOf } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('accounts without any role', () => {
  it('are listed and managed by the district admin only', async () => {
    const admin = await env.login('admin');
    const street = await env.login('street');
    const created = await admin.post('/api/users', { username: 'orphan.one', displayName: '待分配', grant: { role: 'lin_zhang', placeId: await grantPlaceOf(env, 'linzhang') } });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as number;
    const grantId = (await admin.get(`/api/users/${id}`)).json().grants[0].id as number;
    expect((await admin.delete(`/api/users/${id}/roles/${grantId}`)).statusCode).toBe(200);

    const listed = (await admin.get('/api/users?q=orphan')).json();
    expect(listed.items.map((u: { username: string }) => u.username)).toEqual(['orphan.one']);
    expect((await admin.post(`/api/users/${id}/reset-password`)).statusCode).toBe(200);

    expect((await street.get('/api/users?q=orphan')).json().total).toBe(0);
    expectError(await street.get(`/api/users/${id}`), 403, 'NOT_IN_SCOPE');
  });
});

describe('account events in the scoped audit log', () => {
  it('a sign-in is filed under the user’s own place, so their street admin sees it', async () => {
    await env.login('community');
    const street = await env.login('street');
    const res = await street.get('/api/audit?action=auth.login&limit=200');
    expect(res.statusCode).toBe(200);
    const communityUser = await userIdOf(env, 'community');
    const entries = res.json().items as { entityId: string; placePath: string }[];
    expect(entries.some((e) => e.entityId === String(communityUser))).toBe(true);
    expect(entries.every((e) => e.placePath !== null)).toBe(true);
  });

  it('entries tied to no place (the seeding) are seen at district level only', async () => {
    const admin = await env.login('admin');
    const street = await env.login('street');
    expect((await admin.get('/api/audit?action=seed.run')).json().items).toHaveLength(1);
    expect((await street.get('/api/audit?action=seed.run')).json().items).toHaveLength(0);
  });
});

describe('JSON bodies are typed strictly', () => {
  it('refuses a number where a list is expected instead of converting it', async () => {
    const admin = await env.login('admin');
    expectError(await admin.post('/api/notifications/read', { ids: 5 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/notifications/read', { ids: ['7'] }), 400, 'VALIDATION_FAILED');
  });

  it('still reads numbers from query strings', async () => {
    const admin = await env.login('admin');
    const res = await admin.get('/api/notifications?limit=3');
    expect(res.statusCode).toBe(200);
  });

  it('refuses a weak password chosen for a new account', async () => {
    const admin = await env.login('admin');
    const res = await admin.post('/api/users', { username: 'weak.pw', displayName: '弱口令', password: 'abcdefgh', grant: { role: 'lin_zhang', placeId: await grantPlaceOf(env, 'linzhang') } });
    expectError(res, 400, 'WEAK_PASSWORD');
    expect(await env.database.query(`SELECT 1 FROM users WHERE username = 'weak.pw'`)).toHaveLength(0);
  });
});
