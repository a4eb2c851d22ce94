// 双报到 catalogue and claims over HTTP: the office keeps the community's posts and tasks; members
// claim places on the phone, never more than the capacity even when ten claim at once; a full post
// answers DUAL_POST_FULL; withdrawing frees the place; nobody claims or withdraws for someone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince } from '../helpers';
import { num, ok, q } from '../assemblies/support';
import { dualWorld, makeMember, postInSql, registerInSql, type DualWorld, type Member } from './fixtures-dual';

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

const claimed = (postId: number) => num(env, `SELECT claimed FROM dual_posts WHERE id = $1`, [postId]);

async function registeredMember(name: string): Promise<Member & { registrationId: number }> {
  const m = await makeMember(env, w, name, { account: true });
  return { ...m, registrationId: await registerInSql(env, w.communityId, m.memberId) };
}

describe('the catalogue: POST, PATCH, GET /api/dual/posts', () => {
  it('401, 403, 400', async () => {
    const body = { communityId: w.communityId, kind: 'post', title: '文明劝导岗' };
    expectError(await env.anon.post('/api/dual/posts', body), 401, 'UNAUTHENTICATED');
    expectError(await (await env.login('resident')).post('/api/dual/posts', body), 403, 'FORBIDDEN');
    expectError(await w.other.worker.post('/api/dual/posts', body), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/dual/posts', { ...body, capacity: 0 }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/dual/posts', { ...body, title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/dual/posts', { ...body, startsOn: '2026-05-01', endsOn: '2026-04-01' }), 400, 'DUAL_POST_DATES');
    expectError(await env.anon.get('/api/dual/posts'), 401, 'UNAUTHENTICATED');
  });

  it('creates and edits a post (audited, versioned); capacity cannot drop below the places taken', async () => {
    const seq = await auditHeadSeq(env);
    const p = ok(await community.post('/api/dual/posts', { communityId: w.communityId, kind: 'task', title: '垃圾分类督导', description: '每周六上午', capacity: 2, startsOn: '2026-01-01', endsOn: '2099-12-31' }));
    expect(p).toMatchObject({ kind: 'task', title: '垃圾分类督导', capacity: 2, claimed: 0, placesLeft: 2, status: 'open', version: 1, startsOn: '2026-01-01', endsOn: '2099-12-31' });
    expect(await auditSince(env, seq, 'dual.post.create')).toHaveLength(1);
    const a = await registeredMember('甲认领');
    ok(await community.post(`/api/dual/posts/${p.id}/claims`, { registrationId: a.registrationId }));
    const b = await registeredMember('乙认领');
    ok(await community.post(`/api/dual/posts/${p.id}/claims`, { registrationId: b.registrationId }));
    expectError(await community.patch(`/api/dual/posts/${p.id}`, { version: 1, capacity: 1 }), 409, 'DUAL_CAPACITY_BELOW_CLAIMED');
    const edited = ok(await community.patch(`/api/dual/posts/${p.id}`, { version: 1, capacity: 5, title: '垃圾分类督导（周六）' }));
    expect(edited).toMatchObject({ capacity: 5, claimed: 2, placesLeft: 3, version: 2, title: '垃圾分类督导（周六）' });
    expectError(await community.patch(`/api/dual/posts/${p.id}`, { version: 1, status: 'closed' }), 409, 'CONFLICT');
    expectError(await w.other.worker.patch(`/api/dual/posts/${p.id}`, { version: 2, status: 'closed' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.patch(`/api/dual/posts/${p.id}`, { version: 2, endsOn: '2025-01-01' }), 400, 'DUAL_POST_DATES');
    const holders = ok(await community.get(`/api/dual/posts/${p.id}/claims`));
    expect(holders.items.map((c: { name: string }) => c.name)).toEqual(['甲认领', '乙认领']);
    expectError(await w.other.worker.get(`/api/dual/posts/${p.id}/claims`), 403, 'NOT_IN_SCOPE');
  });

  it('lists the area’s posts; another community’s worker sees none of them', async () => {
    const list = ok(await community.get(`/api/dual/posts?communityId=${w.communityId}`));
    expect(list.total).toBeGreaterThanOrEqual(1);
    expect(list.items.every((p: { communityId: number }) => p.communityId === w.communityId)).toBe(true);
    expect(ok(await w.other.worker.get('/api/dual/posts'))).toEqual({ items: [], total: 0 });
    expectError(await w.other.worker.get(`/api/dual/posts?communityId=${w.communityId}`), 403, 'NOT_IN_SCOPE');
  });
});

describe('claims', () => {
  it('race: capacity 3, ten members claim at once on the phone → exactly three claims, claimed = 3', async () => {
    const postId = await postInSql(env, w.communityId, '楼道清洁岗', 3);
    const members: Member[] = [];
    for (let i = 0; i < 10; i++) members.push(await registeredMember(`并发党员${i}`));
    const results = await Promise.all(members.map((m) => m.client!.post(`/api/dual/mine/posts/${postId}/claims`)));
    const won = results.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'DUAL_POST_FULL');
    expect(await claimed(postId)).toBe(3);
    expect(await num(env, `SELECT count(*) FROM dual_claims WHERE post_id = $1 AND withdrawn_at IS NULL`, [postId])).toBe(3);
  });

  it('race: the office claims for ten registrations at once on a post with capacity 3', async () => {
    const postId = await postInSql(env, w.communityId, '夜间巡逻岗', 3);
    const regs: number[] = [];
    for (let i = 0; i < 10; i++) regs.push((await registeredMember(`巡逻党员${i}`)).registrationId);
    const results = await Promise.all(regs.map((id) => community.post(`/api/dual/posts/${postId}/claims`, { registrationId: id })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3);
    expect(await claimed(postId)).toBe(3);
  });

  it('a full post answers DUAL_POST_FULL; withdrawing frees the place for the next member', async () => {
    const postId = await postInSql(env, w.communityId, '独居老人探访', 1);
    const a = await registeredMember('丙先到');
    const b = await registeredMember('丁后到');
    const claim = ok(await a.client!.post(`/api/dual/mine/posts/${postId}/claims`));
    expect(claim).toMatchObject({ postId, registrationId: a.registrationId, name: '丙先到', withdrawnAt: null });
    expectError(await a.client!.post(`/api/dual/mine/posts/${postId}/claims`), 409, 'DUAL_POST_FULL');
    expectError(await b.client!.post(`/api/dual/mine/posts/${postId}/claims`), 409, 'DUAL_POST_FULL');
    // a member cannot claim for someone else (the office route), nor withdraw someone else's claim;
    // another community's worker cannot either
    expectError(await b.client!.post(`/api/dual/posts/${postId}/claims`, { registrationId: a.registrationId }), 403, 'FORBIDDEN');
    expectError(await b.client!.delete(`/api/dual/mine/claims/${claim.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await w.other.worker.delete(`/api/dual/claims/${claim.id}`), 403, 'NOT_IN_SCOPE');
    expect(await claimed(postId)).toBe(1);
    const seq = await auditHeadSeq(env);
    ok(await a.client!.delete(`/api/dual/mine/claims/${claim.id}`));
    expect(await auditSince(env, seq, 'dual.claim.withdraw')).toHaveLength(1);
    expect(await claimed(postId)).toBe(0);
    expectError(await a.client!.delete(`/api/dual/mine/claims/${claim.id}`), 409, 'DUAL_CLAIM_WITHDRAWN');
    ok(await b.client!.post(`/api/dual/mine/posts/${postId}/claims`));
    expect(await claimed(postId)).toBe(1);
  });

  it('one active claim per registration and post; closed posts and other communities’ posts are refused', async () => {
    const postId = await postInSql(env, w.communityId, '不限名额岗', null);
    const a = await registeredMember('戊重复');
    ok(await a.client!.post(`/api/dual/mine/posts/${postId}/claims`));
    expectError(await a.client!.post(`/api/dual/mine/posts/${postId}/claims`), 409, 'DUAL_ALREADY_CLAIMED');
    expect(await claimed(postId)).toBe(1);
    const closed = await postInSql(env, w.communityId, '已关闭岗', 5);
    await q(env, `UPDATE dual_posts SET status = 'closed' WHERE id = $1`, [closed]);
    expectError(await a.client!.post(`/api/dual/mine/posts/${closed}/claims`), 409, 'DUAL_POST_CLOSED');
    const elsewhere = await postInSql(env, w.other.communityId, '外社区岗', 5);
    expectError(await a.client!.post(`/api/dual/mine/posts/${elsewhere}/claims`), 400, 'DUAL_POST_OTHER_COMMUNITY');
    expectError(await a.client!.post('/api/dual/mine/posts/99999999/claims'), 404, 'DUAL_POST_NOT_FOUND');
    expectError(await a.client!.post('/api/dual/mine/posts/abc/claims'), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.post(`/api/dual/mine/posts/${postId}/claims`), 401, 'UNAUTHENTICATED');
    expectError(await community.post(`/api/dual/mine/posts/${postId}/claims`), 403, 'FORBIDDEN');
    // the office route claims only for a registration of its own area
    const away = await makeMember(env, w, '己外社区', { entranceId: w.other.entranceId });
    const awayReg = await registerInSql(env, w.other.communityId, away.memberId);
    expectError(await community.post(`/api/dual/posts/${elsewhere}/claims`, { registrationId: awayReg }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/dual/posts/${postId}/claims`, {}), 400, 'VALIDATION_FAILED');
  });

  it('a member without a registration cannot claim; the phone list shows the open posts of the home community with places left', async () => {
    const unregistered = await makeMember(env, w, '庚未报到', { account: true });
    const postId = await postInSql(env, w.communityId, '儿童托管', 4);
    expectError(await unregistered.client!.post(`/api/dual/mine/posts/${postId}/claims`), 409, 'DUAL_NOT_REGISTERED');
    const a = await registeredMember('辛看岗');
    ok(await a.client!.post(`/api/dual/mine/posts/${postId}/claims`));
    const list = ok(await a.client!.get('/api/dual/mine/posts'));
    const seen = list.items.find((p: { id: number }) => p.id === postId);
    expect(seen).toMatchObject({ title: '儿童托管', capacity: 4, claimed: 1, placesLeft: 3 });
    expect(seen.myClaimId).toBeGreaterThan(0);
    expect(list.items.every((p: { communityId: number; status: string }) => p.communityId === w.communityId && p.status === 'open')).toBe(true);
    expect(list.items.some((p: { title: string }) => p.title === '外社区岗' || p.title === '已关闭岗')).toBe(false);
    const mine = ok(await a.client!.get('/api/dual/mine'));
    expect(mine.claims.map((c: { postTitle: string }) => c.postTitle)).toEqual(['儿童托管']);
    expect(mine.registration.activeClaims).toBe(1);
  });

  it('ending a registration withdraws its claims and frees their places', async () => {
    const postId = await postInSql(env, w.communityId, '卫生清扫', 2);
    const a = await registeredMember('壬退出');
    ok(await community.post(`/api/dual/posts/${postId}/claims`, { registrationId: a.registrationId }));
    expect(await claimed(postId)).toBe(1);
    ok(await community.delete(`/api/dual/registrations/${a.registrationId}`));
    expect(await claimed(postId)).toBe(0);
    const claims = ok(await community.get(`/api/dual/registrations/${a.registrationId}/claims`));
    expect(claims.items).toHaveLength(1);
    expect(claims.items[0].withdrawnAt).not.toBeNull();
    expectError(await community.post(`/api/dual/posts/${postId}/claims`, { registrationId: a.registrationId }), 409, 'DUAL_REGISTRATION_ENDED');
  });
});
