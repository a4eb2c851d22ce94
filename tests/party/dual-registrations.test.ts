// 双报到 registrations over HTTP: the office registers organisations and members of its community,
// a member registers on the phone at the community where they live (and nowhere else), one active
// registration per member and community even under concurrent requests, lists limited to the area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditSince, auditHeadSeq } from '../helpers';
import { newAccount } from '../assemblies/estate-fixture';
import { ok, q, sessionFor } from '../assemblies/support';
import { dualWorld, makeMember, type DualWorld } from './fixtures-dual';

let env: TestEnv;
let w: DualWorld;
let community: Client;

beforeAll(async () => {
  env = await createTestEnv();
  w = await dualWorld(env);
  community = w.worker;
}, 300_000);

afterAll(async () => {
  await env?.close();
});

describe('POST /api/dual/registrations (office)', () => {
  it('401 anonymous, 403 for a resident, 400 for bad input', async () => {
    expectError(await env.anon.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '某单位' }), 401, 'UNAUTHENTICATED');
    const resident = await env.login('resident');
    expectError(await resident.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '某单位' }), 403, 'FORBIDDEN');
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'club' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '某单位', contactPhone: 'call me' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation' }), 400, 'DUAL_ORG_FIELDS');
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member' }), 400, 'DUAL_MEMBER_FIELDS');
    expectError(await community.post('/api/dual/registrations', { communityId: w.estateId, kind: 'organisation', orgName: '某单位' }), 400, 'DUAL_NOT_A_COMMUNITY');
  });

  it('registers an organisation with its contact, audited; the same name again is refused', async () => {
    const seq = await auditHeadSeq(env);
    const r = ok(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '区税务局第一分局', contactName: '王主任', contactPhone: '0571-8888 1234' }));
    expect(r).toMatchObject({ kind: 'organisation', name: '区税务局第一分局', memberId: null, contactName: '王主任', contactPhone: '0571-8888 1234', communityId: w.communityId, confirmedMinutes: 0, endedOn: null });
    const audit = await auditSince(env, seq, 'dual.registration.create');
    expect(audit).toHaveLength(1);
    expect(audit[0].entity_id).toBe(String(r.id));
    expect(audit[0].place_path).toBe(w.communityPath);
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '区税务局第一分局' }), 409, 'DUAL_ALREADY_REGISTERED');
  });

  it('registers an in-service member who lives in the community; not one living elsewhere or retired', async () => {
    const m = await makeMember(env, w, '李在职', { employer: '市供电公司' });
    const r = ok(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: m.memberId }));
    expect(r).toMatchObject({ kind: 'member', memberId: m.memberId, name: '李在职', employer: '市供电公司' });
    const away = await makeMember(env, w, '赵外住', { entranceId: w.other.entranceId });
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: away.memberId }), 403, 'DUAL_NOT_RESIDENT');
    const retired = await makeMember(env, w, '钱退休', { category: 'retired', employer: null });
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: retired.memberId }), 409, 'DUAL_NOT_IN_SERVICE');
    expectError(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: 99_999_999 }), 404, 'DUAL_MEMBER_NOT_FOUND');
  });

  it('a worker of another community may not register here (NOT_IN_SCOPE)', async () => {
    expectError(await w.other.worker.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '越界单位' }), 403, 'NOT_IN_SCOPE');
    expect(await q(env, `SELECT 1 FROM dual_registrations WHERE org_name = '越界单位'`)).toHaveLength(0);
  });
});

describe('GET /api/dual/candidates', () => {
  it('lists in-service members living in the community and not registered there; 403 elsewhere, 400 without a community', async () => {
    const fresh = await makeMember(env, w, '褚候选', { employer: '候选测试单位' });
    const retired = await makeMember(env, w, '卫银龄', { category: 'retired', employer: null });
    const items = ok(await community.get(`/api/dual/candidates?communityId=${w.communityId}`)).items as { memberId: number; name: string; employer: string | null }[];
    expect(items).toContainEqual({ memberId: fresh.memberId, name: '褚候选', employer: '候选测试单位' });
    expect(items.some((i) => i.memberId === retired.memberId)).toBe(false);
    // 李在职 is registered already
    expect(items.some((i) => i.name === '李在职')).toBe(false);
    const found = ok(await community.get(`/api/dual/candidates?communityId=${w.communityId}&q=${encodeURIComponent('候选测试')}`)).items;
    expect(found.map((i: { name: string }) => i.name)).toEqual(['褚候选']);
    expectError(await w.other.worker.get(`/api/dual/candidates?communityId=${w.communityId}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get('/api/dual/candidates'), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/dual/candidates?communityId=${w.communityId}`), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/dual/mine/registration (the member on the phone)', () => {
  it('registers at the community where they live (from the household when the member row has no unit)', async () => {
    const m = await makeMember(env, w, '孙手机', { account: true, homeOnRow: false });
    const r = ok(await m.client!.post('/api/dual/mine/registration', {}));
    expect(r).toMatchObject({ kind: 'member', memberId: m.memberId, communityId: w.communityId });
    const mine = ok(await m.client!.get('/api/dual/mine'));
    expect(mine.member).toMatchObject({ name: '孙手机', inService: true, communityId: w.communityId });
    expect(mine.registration.id).toBe(r.id);
    expectError(await m.client!.post('/api/dual/mine/registration', {}), 409, 'DUAL_ALREADY_REGISTERED');
  });

  it('refuses another community, a person who is not a member, anonymous callers and office roles', async () => {
    const m = await makeMember(env, w, '周本地', { account: true });
    expectError(await m.client!.post('/api/dual/mine/registration', { communityId: w.other.communityId }), 403, 'DUAL_NOT_RESIDENT');
    expect(await q(env, `SELECT 1 FROM dual_registrations WHERE member_id = $1`, [m.memberId])).toHaveLength(0);
    const p = await q<{ id: string }>(env, `INSERT INTO persons (name) VALUES ('吴群众') RETURNING id`);
    const plain = await sessionFor(env, await newAccount(env, 'dualplain', 'resident', w.communityId, Number(p[0].id)));
    expectError(await plain.post('/api/dual/mine/registration', {}), 403, 'DUAL_NOT_A_MEMBER');
    expectError(await plain.get('/api/dual/mine'), 403, 'DUAL_NOT_A_MEMBER');
    expectError(await env.anon.post('/api/dual/mine/registration', {}), 401, 'UNAUTHENTICATED');
    expectError(await community.post('/api/dual/mine/registration', {}), 403, 'FORBIDDEN');
    expectError(await m.client!.post('/api/dual/mine/registration', { communityId: 'here' }), 400, 'VALIDATION_FAILED');
  });

  it('race: the same member registering ten times at once gets exactly one registration', async () => {
    const m = await makeMember(env, w, '郑并发', { account: true });
    const results = await Promise.all(Array.from({ length: 10 }, () => m.client!.post('/api/dual/mine/registration', {})));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'DUAL_ALREADY_REGISTERED');
    expect(await q(env, `SELECT id FROM dual_registrations WHERE member_id = $1 AND ended_on IS NULL`, [m.memberId])).toHaveLength(1);
  });
});

describe('GET /api/dual/registrations and DELETE /api/dual/registrations/:id', () => {
  it('lists the area’s registrations with filters and paging; another community’s worker sees none', async () => {
    const all = ok(await community.get('/api/dual/registrations?limit=200'));
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.items.every((r: { communityId: number }) => r.communityId === w.communityId)).toBe(true);
    const orgs = ok(await community.get('/api/dual/registrations?kind=organisation'));
    expect(orgs.items.map((r: { name: string }) => r.name)).toEqual(['区税务局第一分局']);
    const found = ok(await community.get(`/api/dual/registrations?q=${encodeURIComponent('供电')}`));
    expect(found.items.map((r: { name: string }) => r.name)).toEqual(['李在职']);
    const page = ok(await community.get('/api/dual/registrations?limit=1&offset=1'));
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.total);
    // the street's office sees the registrations of its communities
    const street = await env.login('street');
    const fromStreet = ok(await street.get(`/api/dual/registrations?communityId=${w.communityId}&limit=200`));
    expect(fromStreet.total).toBe(all.total);
    const theirs = ok(await w.other.worker.get('/api/dual/registrations'));
    expect(theirs).toEqual({ items: [], total: 0 });
    expectError(await w.other.worker.get(`/api/dual/registrations?communityId=${w.communityId}`), 403, 'NOT_IN_SCOPE');
    expectError(await env.anon.get('/api/dual/registrations'), 401, 'UNAUTHENTICATED');
    expectError(await community.get('/api/dual/registrations?limit=0'), 400, 'VALIDATION_FAILED');
  });

  it('ends a registration (audited); ended ones leave the default list; a second end is refused', async () => {
    const m = await makeMember(env, w, '冯结束');
    const r = ok(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: m.memberId }));
    expectError(await w.other.worker.delete(`/api/dual/registrations/${r.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await env.anon.delete(`/api/dual/registrations/${r.id}`), 401, 'UNAUTHENTICATED');
    expectError(await community.delete('/api/dual/registrations/0'), 400, 'VALIDATION_FAILED');
    const seq = await auditHeadSeq(env);
    const ended = ok(await community.delete(`/api/dual/registrations/${r.id}`));
    expect(ended.endedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await auditSince(env, seq, 'dual.registration.end')).toHaveLength(1);
    expectError(await community.delete(`/api/dual/registrations/${r.id}`), 409, 'DUAL_REGISTRATION_ENDED');
    const list = ok(await community.get('/api/dual/registrations?limit=200'));
    expect(list.items.some((x: { id: number }) => x.id === r.id)).toBe(false);
    const endedList = ok(await community.get('/api/dual/registrations?status=ended'));
    expect(endedList.items.map((x: { id: number }) => x.id)).toContain(r.id);
    // once ended, the member may register again
    ok(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'member', memberId: m.memberId }));
  });
});
