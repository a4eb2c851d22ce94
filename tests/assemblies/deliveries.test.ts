// The notice delivery log through HTTP (业主大会和业主委员会指导规则; 物业管理条例 第十四条: the notice
// reaches every owner, with a public notice where delivery fails): per voter the latest method,
// the counts, "not yet reached" (no delivery, or only failed ones without a public notice);
// organisers record paper, failed and public notice for one or many voters (≤ 1000) after the
// announcement; an archived assembly is read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, grantPlaceOf, otherPlace, userIdOf } from '../helpers';
import type { DeliverySummary } from '../../src/modules/assemblies/deliveries';
import { addMatter, announce, buildEstate, draftAssembly, makePerson, makeUser, num, ok, voterOf, type Estate } from './setup-elections';

let env: TestEnv;
let community: Client;
let street: Client;
let resident: Client;
let worker2: Client;
let committeeMember: Client;
let estate: Estate;
let persons: number[];
let assemblyId: number;
let draftId: number;
let voters: number[]; // voter ids in the order of `persons` (persons[5] and persons[6] co-own one unit)

interface Item {
  voterId: number;
  voterNo: number;
  name: string;
  units: string[];
  method: string | null;
  note: string | null;
  by: string | null;
  reached: boolean;
  deliveries: number;
}

async function log(client: Client, query = '') {
  return ok<{ summary: DeliverySummary; items: Item[]; total: number }>(await client.get(`/api/assemblies/${assemblyId}/deliveries${query}`));
}

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  street = await env.login('street');
  resident = await env.login('resident');
  const communityId = await grantPlaceOf(env, 'community');
  persons = [];
  for (const n of ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七']) persons.push(await makePerson(env, n));
  estate = await buildEstate(env, communityId, '送达测试小区', [
    { area: 8000, owners: [persons[0]] },
    { area: 9000, owners: [persons[1]] },
    { area: 10000, owners: [persons[2]] },
    { area: 11000, owners: [persons[3]] },
    { area: 12000, owners: [persons[4]] },
    { area: 13000, owners: [persons[5], persons[6]] },
  ]);
  await makeUser(env, 'worker_far', 'community_worker', await otherPlace(env, 'community', communityId));
  await makeUser(env, 'ywh_member', 'owners_committee', estate.id, persons[0]);
  worker2 = await env.login('worker_far');
  committeeMember = await env.login('ywh_member');
  draftId = await draftAssembly(community, estate.id, '尚未公告的大会');
  assemblyId = await draftAssembly(community, estate.id);
  await addMatter(community, assemblyId);
  await announce(community, assemblyId);
  voters = [];
  for (const p of persons.slice(0, 6)) voters.push(await voterOf(env, assemblyId, p));
});
afterAll(async () => env?.close());

describe('GET /api/assemblies/:id/deliveries', () => {
  it('needs a session, the view permission, the estate in scope and an announced assembly', async () => {
    expectError(await env.anon.get(`/api/assemblies/${assemblyId}/deliveries`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/assemblies/${assemblyId}/deliveries`), 403, 'FORBIDDEN');
    expectError(await worker2.get(`/api/assemblies/${assemblyId}/deliveries`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/assemblies/987654/deliveries`), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await community.get(`/api/assemblies/${draftId}/deliveries`), 409, 'ASSEMBLY_STATE_CONFLICT');
    expectError(await community.get(`/api/assemblies/${assemblyId}/deliveries?method=email`), 400, 'VALIDATION_FAILED');
    expectError(await community.get(`/api/assemblies/${assemblyId}/deliveries?limit=501`), 400, 'VALIDATION_FAILED');
  });

  it('starts with nobody reached; names are masked as on the roll, with the units', async () => {
    const l = await log(committeeMember);
    expect(l.summary).toEqual({ voters: 6, app_read: 0, paper: 0, failed: 0, public_notice: 0, none: 6, reached: 0, notReached: 6 });
    expect(l.total).toBe(6);
    expect(l.items.map((i) => i.voterId)).toEqual(voters);
    expect(l.items[0]).toMatchObject({ name: '赵*', units: ['1号楼-1单元-101'], method: null, reached: false, deliveries: 0 });
    expect(l.items[5].name).toBe('吴*、郑*');
  });
});

describe('POST /api/assemblies/:id/deliveries', () => {
  it('needs a session, organise and scope; refuses bad bodies, foreign voters and a draft, writing nothing', async () => {
    const body = { voterIds: [voters[0]], method: 'paper' };
    expectError(await env.anon.post(`/api/assemblies/${assemblyId}/deliveries`, body), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/assemblies/${assemblyId}/deliveries`, body), 403, 'FORBIDDEN');
    expectError(await worker2.post(`/api/assemblies/${assemblyId}/deliveries`, body), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/assemblies/987654/deliveries`, body), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await community.post(`/api/assemblies/${draftId}/deliveries`, body), 409, 'ASSEMBLY_STATE_CONFLICT');
    for (const bad of [
      { voterIds: [], method: 'paper' },
      { voterIds: [voters[0]], method: 'app_read' }, // read in the app is recorded by the owner's own view
      { voterIds: [voters[0]], method: 'email' },
      { voterIds: [voters[0], voters[0]], method: 'paper' },
      { voterIds: Array.from({ length: 1001 }, (_, i) => i + 1), method: 'paper' },
      { voterIds: [voters[0]], method: 'paper', note: 'x'.repeat(501) },
      { voterIds: ['a'], method: 'paper' },
      { method: 'paper' },
    ]) {
      expectError(await community.post(`/api/assemblies/${assemblyId}/deliveries`, bad), 400, 'VALIDATION_FAILED');
    }
    // a voter of another assembly (the same estate, announced separately) is not on this roll
    const other = await draftAssembly(community, estate.id, '另一次大会');
    await addMatter(community, other);
    await announce(community, other);
    const foreign = await voterOf(env, other, persons[0]);
    const res = await community.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[1], foreign], method: 'paper' });
    expectError(res, 404, 'ASSEMBLY_VOTER_NOT_FOUND');
    expect(res.json().error.details.voterIds).toEqual([foreign]);
    expect(await num(env, `SELECT count(*) FROM assembly_deliveries WHERE assembly_id = $1`, [assemblyId])).toBe(0);
  });

  it('records paper delivery for several voters with a note: rows, summary and audit', async () => {
    const seq = await auditHeadSeq(env);
    const r = ok<{ recorded: number; summary: DeliverySummary }>(await community.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[0], voters[1]], method: 'paper', note: ' 网格员上门送达 ' }));
    expect(r.recorded).toBe(2);
    expect(r.summary).toMatchObject({ paper: 2, none: 4, reached: 2, notReached: 4 });
    const rows = await env.database.query<{ voter_id: number; method: string; note: string; by_user: number }>(
      `SELECT voter_id::int AS voter_id, method, note, by_user::int AS by_user FROM assembly_deliveries WHERE assembly_id = $1 ORDER BY voter_id`,
      [assemblyId],
    );
    const worker = await userIdOf(env, 'community');
    expect(rows).toEqual([
      { voter_id: voters[0], method: 'paper', note: '网格员上门送达', by_user: worker },
      { voter_id: voters[1], method: 'paper', note: '网格员上门送达', by_user: worker },
    ]);
    const [a] = await auditSince(env, seq, 'assembly.delivery.record');
    expect(a).toMatchObject({ entity: 'assembly', entity_id: String(assemblyId), place_path: estate.path, actor_user_id: worker });
    expect(a.after).toEqual({ method: 'paper', note: '网格员上门送达', voters: [1, 2] });
    const l = await log(community);
    expect(l.items[0]).toMatchObject({ method: 'paper', note: '网格员上门送达', reached: true, deliveries: 1 });
    expect(l.items[0].by).not.toBeNull();
    // the roll shows the latest method too
    const roll = ok<{ items: { id: number; delivery: string | null }[] }>(await community.get(`/api/assemblies/${assemblyId}/roll`));
    expect(roll.items.find((i) => i.id === voters[0])!.delivery).toBe('paper');
  });

  it('a failed delivery leaves the voter not reached until a public notice is posted', async () => {
    ok(await community.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[2]], method: 'failed', note: '多次上门无人' }));
    let l = await log(community);
    expect(l.items[2]).toMatchObject({ method: 'failed', reached: false });
    expect(l.summary).toMatchObject({ paper: 2, failed: 1, none: 3, reached: 2, notReached: 4 });
    expect((await log(community, '?method=not_reached')).items.map((i) => i.voterId)).toEqual([voters[2], voters[3], voters[4], voters[5]]);
    expect((await log(community, '?method=failed')).items.map((i) => i.voterId)).toEqual([voters[2]]);
    ok(await committeeMember.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[2]], method: 'public_notice', note: '已在小区公告栏张贴' }));
    l = await log(community);
    expect(l.items[2]).toMatchObject({ method: 'public_notice', reached: true, deliveries: 2 });
    expect(l.summary).toMatchObject({ paper: 2, failed: 0, public_notice: 1, none: 3, reached: 3, notReached: 3 });
  });

  it('a later failed delivery does not undo an earlier one; read in the app counts as reached', async () => {
    ok(await community.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[0]], method: 'failed' }));
    // what the owner's own page records the first time they open the notice
    await env.database.query(`INSERT INTO assembly_deliveries (assembly_id, voter_id, method) VALUES ($1, $2, 'app_read')`, [assemblyId, voters[3]]);
    const l = await log(community);
    expect(l.items[0]).toMatchObject({ method: 'failed', note: null, reached: true, deliveries: 2 });
    expect(l.items[3]).toMatchObject({ method: 'app_read', reached: true, by: null });
    expect(l.summary).toEqual({ voters: 6, app_read: 1, paper: 1, failed: 1, public_notice: 1, none: 2, reached: 4, notReached: 2 });
    expect((await log(community, '?method=none')).items.map((i) => i.voterId)).toEqual([voters[4], voters[5]]);
    expect((await log(community, '?method=app_read')).total).toBe(1);
    const page = await log(community, '?limit=2&offset=2');
    expect(page.items.map((i) => i.voterId)).toEqual([voters[2], voters[3]]);
    expect(page.total).toBe(6);
  });

  it('a voter removed from the roll is left out of the counts', async () => {
    ok(await community.post(`/api/assemblies/${assemblyId}/roll/${voters[4]}/corrections`, { action: 'remove', reason: '房屋已出售，原业主异议' }));
    const l = await log(community);
    expect(l.summary).toMatchObject({ voters: 5, none: 1, notReached: 1 });
    expect(l.total).toBe(6);
    expect((await log(community, '?method=not_reached')).items.map((i) => i.voterId)).toEqual([voters[5]]);
  });

  it('an archived assembly is read-only', async () => {
    await env.database.query(`UPDATE assemblies SET state = 'archived', archived_at = now() WHERE id = $1`, [assemblyId]);
    const before = await num(env, `SELECT count(*) FROM assembly_deliveries WHERE assembly_id = $1`, [assemblyId]);
    expectError(await street.post(`/api/assemblies/${assemblyId}/deliveries`, { voterIds: [voters[5]], method: 'public_notice' }), 409, 'ASSEMBLY_STATE_CONFLICT');
    expect(await num(env, `SELECT count(*) FROM assembly_deliveries WHERE assembly_id = $1`, [assemblyId])).toBe(before);
    expect((await log(street)).summary.reached).toBe(4);
  });
});
