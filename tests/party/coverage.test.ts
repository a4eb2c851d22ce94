// 应建尽建 and 交叉任职 through HTTP, against a hand count of fixture data: seven estates of one
// community with known full members, an own branch, a joint branch, party work, and an owners'
// committee overlapping the branch committee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../src/test/harness';
import { addMember, addMembers, branchWithMembers, buildWorld, createOrg, expectCode, ok, person, q, type World } from './fixtures-orgs';

let env: TestEnv;
let w: World;
let own: { id: number; members: { memberId: number; personId: number }[] };

// full members living in each of the seven estates of 东风社区
const FULL = [3, 1, 2, 0, 4, 1, 0];

beforeAll(async () => {
  env = await createTestEnv();
  w = await buildWorld(env);
  own = await branchWithMembers(env, w, w.worker1, w.estates[0], FULL[0], '东风1区党支部');
  for (let i = 1; i < 7; i++) await addMembers(env, w.worker1, w.gb1, w.estates[i], FULL[i]);
  // probationary members and members who left do not count
  await addMember(env, w.worker1, w.gb1, w.estates[6].units[0], { status: 'probationary' });
  const left = await addMember(env, w.worker1, w.gb1, w.estates[3].units[0]);
  ok(await w.worker1.post(`/api/party/members/${left.memberId}/transfers`, { direction: 'out', outsideOrg: '外区', onDate: '2025-01-01' }));
  // party work in estate 6 (1 full member)
  ok(await w.worker1.put(`/api/party/work-estates/${w.estates[5].id}`, { note: '党员联络' }));
  // the other community: two members in its one estate
  await addMembers(env, w.worker2, w.gb2, w.other, 2);
}, 180_000);
afterAll(async () => env?.close());

type Row = { estateId: number; fullMembers: number; coverage: string; shouldHaveOwnBranch: boolean };

describe('应建尽建', () => {
  it('counts every estate of the street by hand, with suggested joint branches per community', async () => {
    const r = ok(await w.street.get(`/api/party/coverage?placeId=${w.streetId}`));
    const ids = w.estates.map((e) => e.id);
    expect(r.estates.map((e: Row) => [e.estateId, e.fullMembers, e.coverage, e.shouldHaveOwnBranch])).toEqual([
      [ids[0], 3, 'own_branch', false],
      [ids[1], 1, 'none', false],
      [ids[2], 2, 'none', false],
      [ids[3], 0, 'none', false],
      [ids[4], 4, 'none', true],
      [ids[5], 1, 'party_work_only', false],
      [ids[6], 0, 'none', false],
      [w.other.id, 2, 'none', false],
    ]);
    expect(r.totals).toEqual({ estates: 8, fullMembers: 13, own_branch: 1, joint_branch: 0, party_work_only: 1, none: 6, shouldHaveOwnBranch: 1 });
    const c1 = r.communities.find((c: { id: number }) => c.id === w.c1.id);
    expect(c1.totals).toEqual({ estates: 7, fullMembers: 11, own_branch: 1, joint_branch: 0, party_work_only: 1, none: 5, shouldHaveOwnBranch: 1 });
    // estates 2 (1) and 3 (2) make 3 full members; estate 6 (1) joins the last group (第二章: at most 5)
    expect(c1.suggestedJointBranches.map((g: { estateId: number }[]) => g.map((e) => e.estateId))).toEqual([[ids[1], ids[2], ids[5]]]);
    expect(c1.leftOver).toEqual([]);
    const c2 = r.communities.find((c: { id: number }) => c.id === w.c2.id);
    // two members alone cannot found anything yet
    expect(c2.suggestedJointBranches).toEqual([]);
    expect(c2.leftOver).toEqual([{ estateId: w.other.id, name: '西湖花园', fullMembers: 2 }]);
  });

  it('after a joint branch over estates 2 and 3 the figures move', async () => {
    const j = await createOrg(w.worker1, { kind: 'joint_branch', name: '东风联合党支部', placeId: w.c1.id, parentId: w.gb1 });
    ok(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: [w.estates[1].id, w.estates[2].id] }));
    const r = ok(await w.worker1.get(`/api/party/coverage?placeId=${w.c1.id}`));
    expect(r.totals).toEqual({ estates: 7, fullMembers: 11, own_branch: 1, joint_branch: 2, party_work_only: 1, none: 3, shouldHaveOwnBranch: 1 });
    expect(r.estates.filter((e: Row) => e.coverage === 'joint_branch').map((e: { branchName: string }) => e.branchName)).toEqual(['东风联合党支部', '东风联合党支部']);
    expect(r.communities[0].suggestedJointBranches).toEqual([]);
    expect(r.communities[0].leftOver.map((e: { estateId: number }) => e.estateId)).toEqual([w.estates[5].id]);
    // the community worker's whole scope is the same community
    expect(ok(await w.worker1.get(`/api/party/coverage`)).totals).toEqual(r.totals);
  });

  it('is limited to the scope', async () => {
    expectCode(await w.worker2.get(`/api/party/coverage?placeId=${w.c1.id}`), 403, 'NOT_IN_SCOPE');
    const mine = ok(await w.worker2.get(`/api/party/coverage`));
    expect(mine.estates.map((e: Row) => e.estateId)).toEqual([w.other.id]);
    expectCode(await env.anon.get(`/api/party/coverage`), 401, 'UNAUTHENTICATED');
    expectCode(await w.worker1.get(`/api/party/coverage?placeId=abc`), 400, 'VALIDATION_FAILED');
  });
});

/** An owners' committee of the estate (its assembly and election written in SQL), members with their party flags. */
async function ownersCommittee(estate: { id: number; path: string }, persons: number[], term: { start: string; end: string }) {
  const creator = (await q(env, `SELECT id FROM users WHERE username = 'community'`))[0].id;
  const a = (await q(env, `INSERT INTO assemblies (estate_id, estate_path, title, kind, organiser_kind, organiser_name, state, voting_opens_at, voting_closes_at, created_by)
      VALUES ($1, $2, '业委会选举', 'regular', 'residents_committee', '居委会', 'archived', now() - interval '40 days', now() - interval '30 days', $3) RETURNING id`, [estate.id, estate.path, creator]))[0].id;
  const el = (await q(env, `INSERT INTO assembly_elections (assembly_id, title, seats, term_years) VALUES ($1, '业委会选举', 5, 5) RETURNING id`, [a]))[0].id;
  const c = (await q(env, `INSERT INTO owners_committees (estate_id, estate_path, assembly_id, election_id, term_start, term_end) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [estate.id, estate.path, a, el, term.start, term.end]))[0].id;
  for (const [i, p] of persons.entries()) await q(env, `INSERT INTO owners_committee_members (committee_id, person_id, rank, party_member, branch_committee) VALUES ($1, $2, $3, false, false)`, [c, p, i + 1]);
  return Number(c);
}

describe('交叉任职', () => {
  it('compares the branch committee with the current owners’ committee as an exact fraction against the target', async () => {
    const e = w.estates[0];
    const [s1, s2] = own.members.map((m) => m.personId);
    ok(await w.worker1.put(`/api/party/orgs/${own.id}/committee`, { electedOn: '2025-03-01', members: [{ personId: s1, post: 'secretary' }, { personId: s2, post: 'deputy_secretary' }] }));
    const owners = [s1, s2, await person(env, '业主甲'), await person(env, '业主乙'), await person(env, '业主丙')];
    // an older committee whose term has ended (only the two branch committee members) is not the current one
    await ownersCommittee(e, [s1, s2], { start: '2018-01-01', end: '2023-01-01' });
    const current = await ownersCommittee(e, owners, { start: '2024-01-01', end: '2028-12-31' });
    const r = ok(await w.street.get(`/api/party/cross-appointment?placeId=${w.c1.id}`));
    expect(r.targetPct).toBe(50);
    const row = r.items.find((i: { estateId: number }) => i.estateId === e.id);
    expect(row).toEqual({
      estateId: e.id, name: '东风1区', communityName: '东风社区', branchId: own.id, branchName: '东风1区党支部', branchCommittee: 2,
      ownersCommitteeId: current, ownersCommittee: 5, overlap: 2, fraction: '2/5', percent: '40.00', targetPct: 50, meetsTarget: false,
    });
    // 40 % set for the estate: 2 × 100 ≥ 40 × 5 exactly
    await q(env, `INSERT INTO assembly_settings (place_id, settings) VALUES ($1, '{"crossAppointmentTargetPct": 40}'::jsonb)`, [e.id]);
    const r40 = ok(await w.street.get(`/api/party/cross-appointment?placeId=${w.c1.id}`)).items.find((i: { estateId: number }) => i.estateId === e.id);
    expect(r40).toMatchObject({ fraction: '2/5', targetPct: 40, meetsTarget: true });
    // an estate without an owners' committee has no fraction
    expect(r.items.find((i: { estateId: number }) => i.estateId === w.estates[4].id)).toMatchObject({ ownersCommitteeId: null, fraction: null, percent: null, meetsTarget: false });
    expectCode(await w.worker2.get(`/api/party/cross-appointment?placeId=${w.c1.id}`), 403, 'NOT_IN_SCOPE');
    expect(ok(await w.worker2.get(`/api/party/cross-appointment`)).items.map((i: { estateId: number }) => i.estateId)).toEqual([w.other.id]);
  });
});
