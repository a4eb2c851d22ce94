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

describe('a resident’s own home', () => {
  it('shows the units they live in or own, members only of their own household, and the area that counts', async () => {
    const resident = await env.login('resident');
    const res = await resident.get('/api/me/household');
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      person: { id: number; idNumberMask: string | null };
      homes: { unitId: number; relation: string | null; members: { isMe: boolean }[]; effectiveArea: { source: string; centi: number } | null }[];
    };
    const personId = (await env.database.query<{ person_id: number }>(`SELECT person_id FROM users WHERE username = 'resident'`))[0].person_id;
    expect(body.person.id).toBe(Number(personId));
    expect(body.person.idNumberMask ?? '').not.toMatch(/^\d{17}[\dX]$/);
    const lives = body.homes.filter((h) => h.relation !== null);
    expect(lives.length).toBeGreaterThanOrEqual(1);
    expect(lives[0].members.filter((m) => m.isMe)).toHaveLength(1);
    for (const h of body.homes.filter((x) => x.relation === null)) expect(h.members).toEqual([]);
    const areas = await env.database.query<{ source: string; area_centi: number }>(`SELECT source, area_centi FROM unit_areas WHERE unit_id = $1`, [lives[0].unitId]);
    const order = ['registry', 'surveyed', 'contract'];
    const expected = areas.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source))[0];
    expect(lives[0].effectiveArea).toEqual({ source: expected.source, centi: Number(expected.area_centi) });
    const ledger = await env.database.query(`SELECT 1 FROM audit_log WHERE action LIKE 'person.%'`);
    expect(ledger).toHaveLength(0);
  });

  it('tells a resident of the demo district that it is demo data', async () => {
    const resident = await env.login('resident');
    expect(((await resident.get('/api/me')).json() as { demo: boolean }).demo).toBe(true);
    await env.database.query(`UPDATE places SET is_demo = false`);
    expect(((await resident.get('/api/me')).json() as { demo: boolean }).demo).toBe(false);
    await env.database.query(`UPDATE places SET is_demo = true`);
  });

  it('is for residents only', async () => {
    const street = await env.login('street');
    expectError(await street.get('/api/me/household'), 403, 'FORBIDDEN');
    expectError(await env.anon.get('/api/me/household'), 401);
  });
});

describe('scope switcher filters', () => {
  it('narrows the users list and the audit log to a chosen subtree', async () => {
    const admin = await env.login('admin');
    const community = await grantPlaceOf(env, 'community');
    const users = (await admin.get(`/api/users?placeId=${community}&limit=200`)).json() as { items: { grants: { path: string }[] }[] };
    const path = (await env.database.query<{ path: string }>(`SELECT path FROM places WHERE id = $1`, [community]))[0].path;
    expect(users.items.length).toBeGreaterThan(0);
    for (const u of users.items) expect(u.grants.some((g) => g.path.startsWith(path))).toBe(true);
    const audit = (await admin.get(`/api/audit?placeId=${community}&limit=200`)).json() as { items: { placePath: string }[] };
    for (const e of audit.items) expect(e.placePath.startsWith(path)).toBe(true);
    const street = await env.login('street');
    const otherStreet = (await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'street' ORDER BY id OFFSET 1 LIMIT 1`))[0].id;
    expectError(await street.get(`/api/users?placeId=${otherStreet}`), 403, 'NOT_IN_SCOPE');
    expectError(await street.get(`/api/audit?placeId=${otherStreet}`), 403, 'NOT_IN_SCOPE');
  });

  it('/api/me lists the permissions held', async () => {
    const zu = await env.login('zuzhang');
    const me = (await zu.get('/api/me')).json() as { frame: string; permissions: string[]; menu: { key: string; frame: string }[] };
    expect(me.permissions).toEqual(['dual.mine', 'grid.points', 'grid.view', 'grid.visit', 'people.view', 'places.view', 'requests.intake', 'requests.mine', 'requests.view', 'self.profile']);
    expect((me as unknown as { demo: boolean }).demo).toBe(true);
    expect(me.frame).toBe('mobile');
    expect(me.menu.filter((m) => m.frame === 'mobile').map((m) => m.key)).toEqual(['m-home', 'm-grid', 'm-report', 'm-requests', 'm-households', 'm-me']);
  });
});
