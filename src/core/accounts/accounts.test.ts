// Accounts, role grants and organisations through the HTTP layer: who may see and manage whom
// (scope and rank), bad input, duplicates and races, and the audit entries and notifications a
// change leaves behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../test/harness';
import { ROLES } from '../access/roles';
import { auditHeadSeq, auditSince, count, grantPlaceOf, orgIdOf, otherPlace, pathOf, placeUnder, userIdOf, userOnlyUnder } from '../../../tests/helpers';

let env: TestEnv;
let admin: Client;
let street: Client;
let community: Client;
let resident: Client;
let district: number;
let street1: number;
let street2: number;
let community1: number;
let community2: number; // in street 2
let entrance1: number; // in community 1
let farUser: { id: number; username: string }; // grants only in street 2

beforeAll(async () => {
  env = await createTestEnv();
  [admin, street, community, resident] = await Promise.all(['admin', 'street', 'community', 'resident'].map((u) => env.login(u)));
  district = await placeId(env, 'district');
  // the places the demo accounts hold their roles on
  street1 = await grantPlaceOf(env, 'street');
  community1 = await grantPlaceOf(env, 'community');
  entrance1 = await grantPlaceOf(env, 'linzhang');
  expect((await pathOf(env, entrance1)).startsWith(await pathOf(env, community1))).toBe(true);
  expect((await pathOf(env, community1)).startsWith(await pathOf(env, street1))).toBe(true);
  street2 = await otherPlace(env, 'street', street1);
  community2 = await placeUnder(env, 'community', street2);
  farUser = await userOnlyUnder(env, street2);
});
afterAll(async () => env?.close());

let serial = 0;
/** Create a fresh account through the API as the district admin, returning its id and password. */
async function newUser(grant: { role: string; placeId: number; orgId?: number }): Promise<{ id: number; username: string; password: string }> {
  const username = `t.user${++serial}`;
  const res = await admin.post('/api/users', { username, displayName: `测试用户${serial}`, grant });
  if (res.statusCode !== 200) throw new Error(`create ${username}: ${res.statusCode} ${res.body}`);
  return { id: res.json().id, username, password: res.json().initialPassword };
}

describe('GET /api/roles', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get('/api/roles'), 401, 'UNAUTHENTICATED');
  });

  it('lists every role with its labels and the kinds of place it may be held on, for any user', async () => {
    const res = await resident.get('/api/roles');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { role: string; label: { zh: string; en: string }; placeKinds: string[] }[];
    expect(items.map((i) => i.role)).toEqual([...ROLES]);
    expect(items.find((i) => i.role === 'street_admin')).toEqual({ role: 'street_admin', label: { zh: '街道管理员', en: 'Street admin' }, placeKinds: ['street'], rank: 80, orgKind: null });
    expect(items.find((i) => i.role === 'property_staff')).toMatchObject({ rank: 40, orgKind: 'property_company' });
    expect(items.find((i) => i.role === 'lin_zhang')!.placeKinds).toEqual(['building', 'entrance']);
  });
});

describe('GET /api/users', () => {
  it('needs a session and users.view', async () => {
    expectError(await env.anon.get('/api/users'), 401, 'UNAUTHENTICATED');
    const res = await resident.get('/api/users');
    expectError(res, 403, 'FORBIDDEN');
    expect(res.json().error.details).toEqual({ permission: 'users.view' });
    expectError(await (await env.login('zuzhang')).get('/api/users'), 403, 'FORBIDDEN');
  });

  it('rejects bad filters', async () => {
    expectError(await admin.get('/api/users?role=emperor'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/users?limit=0'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/users?limit=201'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get(`/api/users?q=${'x'.repeat(41)}`), 400, 'VALIDATION_FAILED');
  });

  it('shows a street admin only users holding a role inside their street', async () => {
    const s1 = await pathOf(env, street1);
    const res = await street.get('/api/users?limit=200');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: { username: string; grants: { path: string }[] }[]; total: number };
    const expected = await count(
      env,
      `SELECT count(DISTINCT r.user_id)::int AS n FROM role_assignments r JOIN places p ON p.id = r.place_id WHERE r.revoked_at IS NULL AND p.path LIKE $1`,
      [s1 + '%'],
    );
    expect(body.total).toBe(expected);
    expect(body.items.length).toBe(Math.min(expected, 200));
    for (const u of body.items) expect(u.grants.some((g) => g.path.startsWith(s1))).toBe(true);
    const find = async (q: string) => ((await street.get(`/api/users?q=${q}`)).json() as { items: { username: string }[] }).items.map((u) => u.username);
    expect(await find('community')).toContain('community');
    expect(await find('admin')).not.toContain('admin');
    expect((await street.get(`/api/users?q=${farUser.username}`)).json()).toEqual({ items: [], total: 0 });
    const seenByAdmin = (await admin.get(`/api/users?q=${farUser.username}`)).json();
    expect(seenByAdmin.items.map((u: { username: string }) => u.username)).toContain(farUser.username);
  });

  it('filters by role and text and pages with limit and offset', async () => {
    const lin = (await community.get('/api/users?role=lin_zhang&limit=200')).json() as { items: { grants: { role: string }[] }[]; total: number };
    expect(lin.total).toBeGreaterThan(0);
    for (const u of lin.items) expect(u.grants.map((g) => g.role)).toContain('lin_zhang');
    const q = (await admin.get('/api/users?q=zuZHANG')).json() as { items: { username: string }[]; total: number };
    expect(q.items.map((u) => u.username)).toEqual(['zuzhang']);
    const all = (await admin.get('/api/users?limit=200')).json() as { items: { id: number }[]; total: number };
    const p1 = (await admin.get('/api/users?limit=3&offset=0')).json() as { items: { id: number }[]; total: number };
    const p2 = (await admin.get('/api/users?limit=3&offset=3')).json() as { items: { id: number }[]; total: number };
    expect(p1.total).toBe(all.total);
    expect([...p1.items, ...p2.items].map((u) => u.id)).toEqual(all.items.slice(0, 6).map((u) => u.id));
  });
});

describe('GET /api/users/:id', () => {
  it('answers 401, 403, 400 and 404', async () => {
    const id = await userIdOf(env, 'linzhang');
    expectError(await env.anon.get(`/api/users/${id}`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/users/${id}`), 403, 'FORBIDDEN');
    expectError(await street.get(`/api/users/${farUser.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/users/${await userIdOf(env, 'street')}`), 403, 'NOT_IN_SCOPE');
    expectError(await admin.get('/api/users/abc'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/users/0'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/users/99999999'), 404, 'USER_NOT_FOUND');
  });

  it('returns a user in scope with their grants', async () => {
    const res = await community.get(`/api/users/${await userIdOf(env, 'linzhang')}`);
    expect(res.statusCode).toBe(200);
    const u = res.json();
    expect(u).toMatchObject({ username: 'linzhang', disabled: false, locked: false, isDemo: true });
    expect(u.grants).toHaveLength(1);
    expect(u.grants[0]).toMatchObject({ role: 'lin_zhang', placeId: entrance1, path: await pathOf(env, entrance1), orgId: null, orgName: null });
    expect(u).not.toHaveProperty('passwordHash');
  });
});

describe('POST /api/users', () => {
  const body = (username: string, grant: Record<string, unknown>) => ({ username, displayName: '王小林', grant });

  it('needs a session and users.manage', async () => {
    expectError(await env.anon.post('/api/users', body('x.anon', { role: 'lin_zhang', placeId: entrance1 })), 401, 'UNAUTHENTICATED');
    expectError(await resident.post('/api/users', body('x.res', { role: 'lin_zhang', placeId: entrance1 })), 403, 'FORBIDDEN');
  });

  it('refuses a place outside the grantor’s subtree', async () => {
    expectError(await street.post('/api/users', body('x.far', { role: 'pian_zhang', placeId: community2 })), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/users', body('x.up', { role: 'street_admin', placeId: street1 })), 403, 'NOT_IN_SCOPE');
  });

  it('refuses roles ranked at or above the grantor’s own', async () => {
    const res = await community.post('/api/users', body('x.sa', { role: 'street_admin', placeId: community1 }));
    expectError(res, 403, 'ROLE_NOT_GRANTABLE');
    expect(res.json().error.details).toEqual({ role: 'street_admin' });
    expectError(await community.post('/api/users', body('x.cw', { role: 'community_worker', placeId: community1 })), 403, 'ROLE_NOT_GRANTABLE');
    expectError(await street.post('/api/users', body('x.sa2', { role: 'street_admin', placeId: street1 })), 403, 'ROLE_NOT_GRANTABLE');
    expect(await count(env, `SELECT count(*)::int AS n FROM users WHERE username LIKE 'x.%'`)).toBe(0);
  });

  it('lets a district admin create another district admin', async () => {
    const res = await admin.post('/api/users', body('t.district2', { role: 'district_admin', placeId: district }));
    expect(res.statusCode).toBe(200);
    const u = (await admin.get(`/api/users/${res.json().id}`)).json();
    expect(u.grants.map((g: { role: string; placeId: number }) => [g.role, g.placeId])).toEqual([['district_admin', district]]);
  });

  it('rejects bad input', async () => {
    for (const username of ['ab', 'has space', '王小林', 'a'.repeat(41), 'semi;colon']) {
      expectError(await admin.post('/api/users', body(username, { role: 'lin_zhang', placeId: entrance1 })), 400, 'VALIDATION_FAILED');
    }
    expectError(await admin.post('/api/users', { username: 'x.blank', displayName: '   ', grant: { role: 'lin_zhang', placeId: entrance1 } }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/users', { username: 'x.nogrant', displayName: '某人' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/users', body('x.badrole', { role: 'king', placeId: entrance1 })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/users', { ...body('x.short', { role: 'lin_zhang', placeId: entrance1 }), password: 'short' }), 400, 'VALIDATION_FAILED');

    const wrongPlace = await admin.post('/api/users', body('x.wrong', { role: 'lin_zhang', placeId: community1 }));
    expectError(wrongPlace, 400, 'ROLE_WRONG_PLACE');
    expect(wrongPlace.json().error.details).toEqual({ role: 'lin_zhang', allowed: ['building', 'entrance'] });
    expectError(await admin.post('/api/users', body('x.res', { role: 'resident', placeId: entrance1 })), 400, 'ROLE_WRONG_PLACE');

    const noOrg = await admin.post('/api/users', body('x.noorg', { role: 'property_staff', placeId: community1 }));
    expectError(noOrg, 400, 'ROLE_NEEDS_ORG');
    expect(noOrg.json().error.details).toEqual({ orgKind: 'property_company' });
    const dept = await orgIdOf(env, 'department');
    expectError(await admin.post('/api/users', body('x.deptorg', { role: 'property_staff', placeId: community1, orgId: dept })), 400, 'ROLE_NEEDS_ORG');
    expectError(await admin.post('/api/users', body('x.nodept', { role: 'department_staff', placeId: street1 })), 400, 'ROLE_NEEDS_ORG');
    expectError(await admin.post('/api/users', body('x.orglin', { role: 'lin_zhang', placeId: entrance1, orgId: dept })), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/users', body('x.noplace', { role: 'lin_zhang', placeId: 99999999 })), 404, 'PLACE_NOT_FOUND');

    // a refused request leaves nothing behind
    expect(await count(env, `SELECT count(*)::int AS n FROM users WHERE username LIKE 'x.%'`)).toBe(0);
  });

  it('refuses a username already taken, whatever its case', async () => {
    const before = await auditHeadSeq(env);
    expectError(await admin.post('/api/users', body('STREET', { role: 'lin_zhang', placeId: entrance1 })), 409, 'USERNAME_TAKEN');
    expect(await auditHeadSeq(env)).toBe(before);
  });

  it('creates the account with its first role, audits it and notifies the new user', async () => {
    const seq = await auditHeadSeq(env);
    const res = await community.post('/api/users', body('wang.xiaolin', { role: 'lin_zhang', placeId: entrance1 }));
    expect(res.statusCode).toBe(200);
    const { id, initialPassword } = res.json() as { id: number; initialPassword: string };
    expect(initialPassword).toMatch(/^Gz-[A-Za-z0-9]{12}$/);

    const stored = await env.database.query<{ must_change_password: boolean; password_hash: string; display_name: string }>(
      `SELECT must_change_password, password_hash, display_name FROM users WHERE id = $1`,
      [id],
    );
    expect(stored[0].must_change_password).toBe(true);
    expect(stored[0].display_name).toBe('王小林');
    expect(stored[0].password_hash).not.toContain(initialPassword);

    const communityId = await userIdOf(env, 'community');
    const entries = await auditSince(env, seq);
    expect(entries.map((e) => [e.action, e.entity, e.entity_id, e.place_path, e.actor_user_id])).toEqual([
      ['user.create', 'user', String(id), await pathOf(env, entrance1), communityId],
      ['user.role.grant', 'user', String(id), await pathOf(env, entrance1), communityId],
    ]);
    expect(entries[0].after).toEqual({ username: 'wang.xiaolin', displayName: '王小林', personId: null });
    expect(JSON.stringify(entries)).not.toContain(initialPassword);

    const notes = await env.database.query<{ kind: string; title: string }>(`SELECT kind, title FROM notifications WHERE user_id = $1`, [id]);
    expect(notes).toHaveLength(1);
    expect(notes[0].kind).toBe('role.granted');
    expect(notes[0].title).toContain('邻长');
  });

  it('hands out an initial password that must be changed and stops working once it is', async () => {
    const u = await newUser({ role: 'zu_zhang', placeId: await placeUnder(env, 'building', community1) });
    const login = await env.anon.post('/api/auth/login', { username: u.username, password: u.password });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const client = await env.login(u.username, u.password);
    expect((await client.get('/api/me')).json().user.mustChangePassword).toBe(true);
    expect((await client.post('/api/auth/password', { current: u.password, next: 'Own#Pass2026' })).statusCode).toBe(200);
    expect((await client.get('/api/me')).json().user.mustChangePassword).toBe(false);
    expectError(await env.anon.post('/api/auth/login', { username: u.username, password: u.password }), 401, 'LOGIN_FAILED');
    expect((await env.anon.post('/api/auth/login', { username: u.username, password: 'Own#Pass2026' })).statusCode).toBe(200);
  });

  it('lets exactly one of two simultaneous creations with the same username through', async () => {
    const grant = { role: 'lin_zhang', placeId: entrance1 };
    const [a, b] = await Promise.all([
      admin.post('/api/users', { username: 'race.user', displayName: '甲', grant }),
      street.post('/api/users', { username: 'Race.User', displayName: '乙', grant }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expectError(a.statusCode === 409 ? a : b, 409, 'USERNAME_TAKEN');
    expect(await count(env, `SELECT count(*)::int AS n FROM users WHERE lower(username) = 'race.user'`)).toBe(1);
    expect(await count(env, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.create' AND after->>'username' ILIKE 'race.user'`)).toBe(1);
  });
});

describe('PATCH /api/users/:id', () => {
  it('answers 401, 403, 400 and 404', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    expectError(await env.anon.patch(`/api/users/${u.id}`, { displayName: '某' }), 401, 'UNAUTHENTICATED');
    expectError(await resident.patch(`/api/users/${u.id}`, { displayName: '某' }), 403, 'FORBIDDEN');
    expectError(await street.patch(`/api/users/${farUser.id}`, { disabled: true }), 403, 'NOT_IN_SCOPE');
    expectError(await community.patch(`/api/users/${await userIdOf(env, 'community')}`, { disabled: true }), 403, 'CANNOT_CHANGE_SELF');
    expectError(await admin.patch(`/api/users/${u.id}`, {}), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(`/api/users/${u.id}`, { displayName: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(`/api/users/${u.id}`, { disabled: 'yes please' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch('/api/users/99999999', { displayName: '某' }), 404, 'USER_NOT_FOUND');
    const after = (await admin.get(`/api/users/${u.id}`)).json();
    expect(after.disabled).toBe(false);
    expect(await count(env, `SELECT count(*)::int AS n FROM users WHERE id = $1 AND disabled_at IS NULL`, [farUser.id])).toBe(1);
  });

  it('renames a user and audits the before and after', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const seq = await auditHeadSeq(env);
    const res = await community.patch(`/api/users/${u.id}`, { displayName: '李四' });
    expect(res.statusCode).toBe(200);
    expect(res.json().displayName).toBe('李四');
    const [e] = await auditSince(env, seq);
    expect(e).toMatchObject({ action: 'user.edit', entity_id: String(u.id), actor_user_id: await userIdOf(env, 'community') });
    expect((e.before as { displayName: string }).displayName).toMatch(/^测试用户/);
    expect((e.after as { displayName: string }).displayName).toBe('李四');
  });

  it('disabling a user ends every session they hold and refuses their logins until re-enabled', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const s1 = await env.login(u.username, u.password);
    const s2 = await env.login(u.username, u.password);
    expect((await s1.get('/api/me')).statusCode).toBe(200);
    expect(await count(env, `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [u.id])).toBe(2);

    const res = await street.patch(`/api/users/${u.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(await count(env, `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [u.id])).toBe(0);
    expectError(await s1.get('/api/me'), 401);
    expectError(await s2.get('/api/me'), 401);
    expectError(await env.anon.post('/api/auth/login', { username: u.username, password: u.password }), 403, 'ACCOUNT_DISABLED');

    expect((await street.patch(`/api/users/${u.id}`, { disabled: false })).json().disabled).toBe(false);
    expect((await env.anon.post('/api/auth/login', { username: u.username, password: u.password })).statusCode).toBe(200);
  });

  it('unlocks a locked account', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    await env.database.query(`UPDATE users SET locked_until = now() + interval '10 minutes', failed_logins = 2 WHERE id = $1`, [u.id]);
    expect((await admin.get(`/api/users/${u.id}`)).json().locked).toBe(true);
    expectError(await env.anon.post('/api/auth/login', { username: u.username, password: u.password }), 423, 'ACCOUNT_LOCKED');
    const res = await community.patch(`/api/users/${u.id}`, { unlock: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().locked).toBe(false);
    const row = await env.database.query<{ locked_until: unknown; failed_logins: number }>(`SELECT locked_until, failed_logins FROM users WHERE id = $1`, [u.id]);
    expect(row[0]).toEqual({ locked_until: null, failed_logins: 0 });
    expect((await env.anon.post('/api/auth/login', { username: u.username, password: u.password })).statusCode).toBe(200);
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('answers 401, 403, 400 and 404', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    expectError(await env.anon.post(`/api/users/${u.id}/reset-password`), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/users/${u.id}/reset-password`), 403, 'FORBIDDEN');
    expectError(await street.post(`/api/users/${farUser.id}/reset-password`), 403, 'NOT_IN_SCOPE');
    expectError(await street.post(`/api/users/${await userIdOf(env, 'street')}/reset-password`), 403, 'CANNOT_CHANGE_SELF');
    expectError(await admin.post('/api/users/x/reset-password'), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/users/99999999/reset-password'), 404, 'USER_NOT_FOUND');
    // nothing changed for the user the refused requests named
    expect((await env.anon.post('/api/auth/login', { username: u.username, password: u.password })).statusCode).toBe(200);
  });

  it('sets a new one-time password, ends the user’s sessions and audits it', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const session = await env.login(u.username, u.password);
    await session.post('/api/auth/password', { current: u.password, next: 'Mine#2026xx' });
    const seq = await auditHeadSeq(env);
    const res = await community.post(`/api/users/${u.id}/reset-password`);
    expect(res.statusCode).toBe(200);
    const fresh = res.json().initialPassword as string;
    expect(fresh).toMatch(/^Gz-[A-Za-z0-9]{12}$/);
    expectError(await session.get('/api/me'), 401);
    expectError(await env.anon.post('/api/auth/login', { username: u.username, password: 'Mine#2026xx' }), 401, 'LOGIN_FAILED');
    const login = await env.anon.post('/api/auth/login', { username: u.username, password: fresh });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const entries = (await auditSince(env, seq)).filter((e) => e.action !== 'auth.login');
    expect(entries.map((e) => [e.action, e.entity_id])).toEqual([['user.password.reset', String(u.id)]]);
    expect(JSON.stringify(entries)).not.toContain(fresh);
  });
});

describe('managing users who outrank the manager', () => {
  it('does not let a grantor reset the password of, disable or rename a user who holds a role they could not grant', async () => {
    // a street admin of street 2 who is also a 邻长 in community 1
    const u = await newUser({ role: 'street_admin', placeId: street2 });
    expect((await admin.post(`/api/users/${u.id}/roles`, { role: 'lin_zhang', placeId: entrance1 })).statusCode).toBe(200);
    // community 1's worker sees the user (one grant is theirs to manage) ...
    expect((await community.get(`/api/users/${u.id}`)).statusCode).toBe(200);
    // ... but taking over the account would give them street 2
    expectError(await community.post(`/api/users/${u.id}/reset-password`), 403, 'NOT_IN_SCOPE');
    expectError(await community.patch(`/api/users/${u.id}`, { disabled: true }), 403, 'NOT_IN_SCOPE');
    expectError(await street.post(`/api/users/${u.id}/reset-password`), 403, 'NOT_IN_SCOPE');
    expect((await env.anon.post('/api/auth/login', { username: u.username, password: u.password })).statusCode).toBe(200);
    // a peer of the same rank is not theirs to take over either
    const peer = await newUser({ role: 'community_worker', placeId: community1 });
    expectError(await community.post(`/api/users/${peer.id}/reset-password`), 403, 'NOT_IN_SCOPE');
    // the district admin may
    expect((await admin.post(`/api/users/${u.id}/reset-password`)).statusCode).toBe(200);
    expect((await street.post(`/api/users/${peer.id}/reset-password`)).statusCode).toBe(200);
  });

  it('closes the takeover route: a community worker can neither adopt the district admin nor reset their password', async () => {
    const adminId = await userIdOf(env, 'admin');
    expectError(await community.post(`/api/users/${adminId}/roles`, { role: 'lin_zhang', placeId: entrance1 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/users/${adminId}/reset-password`), 403, 'NOT_IN_SCOPE');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE user_id = $1`, [adminId])).toBe(1);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
  });
});

describe('POST /api/users/:id/roles', () => {
  it('answers 401 and 403 (permission, scope, rank, self)', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const building1 = await placeUnder(env, 'building', community1);
    expectError(await env.anon.post(`/api/users/${u.id}/roles`, { role: 'zu_zhang', placeId: building1 }), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/users/${u.id}/roles`, { role: 'zu_zhang', placeId: building1 }), 403, 'FORBIDDEN');
    expectError(await street.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang', placeId: community2 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/users/${u.id}/roles`, { role: 'street_admin', placeId: street1 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/users/${u.id}/roles`, { role: 'community_worker', placeId: community1 }), 403, 'ROLE_NOT_GRANTABLE');
    expectError(await street.post(`/api/users/${u.id}/roles`, { role: 'street_admin', placeId: street1 }), 403, 'ROLE_NOT_GRANTABLE');
    expectError(await street.post(`/api/users/${u.id}/roles`, { role: 'district_admin', placeId: district }), 403, 'NOT_IN_SCOPE');
    const communityId = await userIdOf(env, 'community');
    expectError(await community.post(`/api/users/${communityId}/roles`, { role: 'pian_zhang', placeId: community1 }), 403, 'CANNOT_CHANGE_SELF');
    expectError(await street.post(`/api/users/${await userIdOf(env, 'street')}/roles`, { role: 'pian_zhang', placeId: community1 }), 403, 'CANNOT_CHANGE_SELF');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE user_id IN ($1, $2) AND revoked_at IS NULL`, [u.id, communityId])).toBe(2);
  });

  it('does not let a street admin grant roles to a user whose grants are all in another street', async () => {
    expectError(await street.post(`/api/users/${farUser.id}/roles`, { role: 'pian_zhang', placeId: community1 }), 403, 'NOT_IN_SCOPE');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE user_id = $1 AND place_id = $2`, [farUser.id, community1])).toBe(0);
  });

  it('answers 400 for bad input and 404 for an unknown user', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang', placeId: entrance1 }), 400, 'ROLE_WRONG_PLACE');
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'department_staff', placeId: street1 }), 400, 'ROLE_NEEDS_ORG');
    const company = await orgIdOf(env, 'property_company');
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'department_staff', placeId: street1, orgId: company }), 400, 'ROLE_NEEDS_ORG');
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'mayor', placeId: street1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang', placeId: -1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/users/99999999/roles`, { role: 'pian_zhang', placeId: community1 }), 404, 'USER_NOT_FOUND');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE user_id = $1`, [u.id])).toBe(1);
  });

  it('grants a role: audited, notified, effective on the grantee’s next request; a second identical grant is 409', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const client = await env.loginChanged(u.username, u.password);
    expectError(await client.get('/api/users'), 403, 'FORBIDDEN');
    const company = await orgIdOf(env, 'property_company');
    const seq = await auditHeadSeq(env);
    const res = await street.post(`/api/users/${u.id}/roles`, { role: 'property_staff', placeId: community1, orgId: company });
    expect(res.statusCode).toBe(200);
    const grantId = res.json().id as number;

    const [e] = await auditSince(env, seq);
    expect(e).toMatchObject({ action: 'user.role.grant', entity_id: String(u.id), place_path: await pathOf(env, community1), actor_user_id: await userIdOf(env, 'street') });
    expect(e.after).toMatchObject({ id: grantId, role: 'property_staff', placeId: community1, orgId: company, userId: u.id });
    const notes = await env.database.query<{ kind: string; title: string; body: string }>(
      `SELECT kind, title, body FROM notifications WHERE user_id = $1 ORDER BY id`,
      [u.id],
    );
    expect(notes.map((n) => n.kind)).toEqual(['role.granted', 'role.granted']);
    expect(notes[1].title).toContain('物业人员');
    expect(notes[1].body).toContain('管理员');

    const me = (await client.get('/api/me')).json() as { grants: { role: string; placeId: number; orgId: number | null }[] };
    expect(me.grants).toContainEqual(expect.objectContaining({ role: 'property_staff', placeId: community1, orgId: company }));
    expect((await client.get('/api/orgs')).statusCode).toBe(200);

    expectError(await street.post(`/api/users/${u.id}/roles`, { role: 'property_staff', placeId: community1, orgId: company }), 409, 'ROLE_ALREADY_HELD');
  });

  it('lets exactly one of two simultaneous identical grants through', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const seq = await auditHeadSeq(env);
    const grant = { role: 'pian_zhang', placeId: community1 };
    const [a, b] = await Promise.all([admin.post(`/api/users/${u.id}/roles`, grant), street.post(`/api/users/${u.id}/roles`, grant)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expectError(a.statusCode === 409 ? a : b, 409, 'ROLE_ALREADY_HELD');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE user_id = $1 AND role = 'pian_zhang' AND revoked_at IS NULL`, [u.id])).toBe(1);
    expect((await auditSince(env, seq)).map((e) => e.action)).toEqual(['user.role.grant']);
    expect(await count(env, `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND title LIKE '%片长%'`, [u.id])).toBe(1);
  });
});

describe('DELETE /api/users/:id/roles/:grantId', () => {
  async function grantOf(userId: number, role: string): Promise<number> {
    const r = await env.database.query<{ id: number }>(`SELECT id FROM role_assignments WHERE user_id = $1 AND role = $2 AND revoked_at IS NULL`, [userId, role]);
    return Number(r[0].id);
  }

  it('answers 401, 403, 400 and 404', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    const g = await grantOf(u.id, 'lin_zhang');
    expectError(await env.anon.delete(`/api/users/${u.id}/roles/${g}`), 401, 'UNAUTHENTICATED');
    expectError(await resident.delete(`/api/users/${u.id}/roles/${g}`), 403, 'FORBIDDEN');
    const [{ id: farGrant }] = await env.database.query<{ id: number }>(`SELECT id FROM role_assignments WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id LIMIT 1`, [farUser.id]);
    const far = Number(farGrant);
    expectError(await street.delete(`/api/users/${farUser.id}/roles/${far}`), 403, 'NOT_IN_SCOPE');
    const peer = await newUser({ role: 'community_worker', placeId: community1 });
    expectError(await community.delete(`/api/users/${peer.id}/roles/${await grantOf(peer.id, 'community_worker')}`), 403, 'ROLE_NOT_GRANTABLE');
    const communityId = await userIdOf(env, 'community');
    expectError(await community.delete(`/api/users/${communityId}/roles/${await grantOf(communityId, 'community_worker')}`), 403, 'CANNOT_CHANGE_SELF');
    expectError(await admin.delete(`/api/users/${u.id}/roles/abc`), 400, 'VALIDATION_FAILED');
    expectError(await admin.delete(`/api/users/${u.id}/roles/99999999`), 404, 'GRANT_NOT_FOUND');
    // a grant id that belongs to someone else
    expectError(await admin.delete(`/api/users/${u.id}/roles/${far}`), 404, 'GRANT_NOT_FOUND');
    expect(await count(env, `SELECT count(*)::int AS n FROM role_assignments WHERE id IN ($1, $2) AND revoked_at IS NULL`, [g, far])).toBe(2);
  });

  it('revokes a grant: audited, and the permission is gone on the user’s next request', async () => {
    const u = await newUser({ role: 'lin_zhang', placeId: entrance1 });
    expect((await community.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang', placeId: community1 })).statusCode).toBe(200);
    const client = await env.loginChanged(u.username, u.password);
    expect((await client.get(`/api/places/${community1}`)).statusCode).toBe(200);
    const g = await grantOf(u.id, 'pian_zhang');
    const seq = await auditHeadSeq(env);
    const res = await community.delete(`/api/users/${u.id}/roles/${g}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const [e] = await auditSince(env, seq);
    expect(e).toMatchObject({ action: 'user.role.revoke', entity_id: String(u.id), place_path: await pathOf(env, community1) });
    expect(e.before).toMatchObject({ id: g, role: 'pian_zhang' });
    const me = (await client.get('/api/me')).json() as { grants: { role: string }[] };
    expect(me.grants.map((x) => x.role)).toEqual(['lin_zhang']);
    expectError(await client.get(`/api/places/${community1}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.delete(`/api/users/${u.id}/roles/${g}`), 404, 'GRANT_NOT_FOUND');
    // the same role may be granted again once revoked
    expect((await community.post(`/api/users/${u.id}/roles`, { role: 'pian_zhang', placeId: community1 })).statusCode).toBe(200);
  });
});

describe('GET /api/orgs', () => {
  it('answers 401, 403 and 400', async () => {
    expectError(await env.anon.get('/api/orgs'), 401, 'UNAUTHENTICATED');
    expectError(await resident.get('/api/orgs'), 403, 'FORBIDDEN');
    expectError(await (await env.login('linzhang')).get('/api/orgs'), 403, 'FORBIDDEN');
    expectError(await admin.get('/api/orgs?kind=bank'), 400, 'VALIDATION_FAILED');
  });

  it('lists organisations, by kind, with the number of estates a company serves', async () => {
    const res = await community.get('/api/orgs?kind=property_company');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: number; kind: string; estates: number }[];
    expect(items.length).toBe(await count(env, `SELECT count(*)::int AS n FROM orgs WHERE kind = 'property_company' AND retired_at IS NULL`));
    expect(new Set(items.map((o) => o.kind))).toEqual(new Set(['property_company']));
    for (const o of items) {
      expect(o.estates).toBe(await count(env, `SELECT count(*)::int AS n FROM estate_property WHERE company_id = $1`, [o.id]));
    }
    expect(items.reduce((s, o) => s + o.estates, 0)).toBeGreaterThan(0);
    const all = (await admin.get('/api/orgs')).json().items as { kind: string }[];
    expect(all.length).toBe(await count(env, `SELECT count(*)::int AS n FROM orgs WHERE retired_at IS NULL`));
    expect(new Set(all.map((o) => o.kind)).size).toBeGreaterThan(1);
  });
});

describe('POST /api/orgs', () => {
  it('answers 401, 403 and 400', async () => {
    const org = { kind: 'social_org', name: '邻里互助会', placeId: community1 };
    expectError(await env.anon.post('/api/orgs', org), 401, 'UNAUTHENTICATED');
    expectError(await community.post('/api/orgs', org), 403, 'FORBIDDEN');
    expectError(await street.post('/api/orgs', { ...org, placeId: community2 }), 403, 'NOT_IN_SCOPE');
    expectError(await street.post('/api/orgs', { ...org, kind: 'bank' }), 400, 'VALIDATION_FAILED');
    expectError(await street.post('/api/orgs', { ...org, name: '   ' }), 400, 'VALIDATION_FAILED');
    expectError(await street.post('/api/orgs', { ...org, placeId: 99999999 }), 404, 'PLACE_NOT_FOUND');
    expect(await count(env, `SELECT count(*)::int AS n FROM orgs WHERE name = '邻里互助会'`)).toBe(0);
  });

  it('creates an organisation, audits it, and refuses a second one of the same kind and name', async () => {
    const seq = await auditHeadSeq(env);
    const res = await street.post('/api/orgs', { kind: 'social_org', name: ' 邻里互助会 ', placeId: community1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'social_org', name: '邻里互助会', placeId: community1, estates: 0 });
    const [e] = await auditSince(env, seq);
    expect(e).toMatchObject({ action: 'org.create', entity: 'org', entity_id: String(res.json().id), place_path: await pathOf(env, community1) });
    expectError(await admin.post('/api/orgs', { kind: 'social_org', name: '邻里互助会', placeId: street2 }), 409, 'ORG_NAME_TAKEN');
    expect((await admin.post('/api/orgs', { kind: 'developer', name: '邻里互助会', placeId: street2 })).statusCode).toBe(200);
  });
});
