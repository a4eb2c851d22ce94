// The 业委会 election through HTTP: the election (5–11 odd seats, term ≤ 5 years, seats from the
// settings), candidates as matters of 民法典 第278条 item (3) with their eligibility (current owners
// of the estate; fee arrears "unknown": no fee data), the party organisation's review, the
// candidate picker, and the whole path to a seated committee: each candidate must pass item (3)
// on their own (民法典 第278条 第2款), seats go by agreeing owners then agreeing area, a tie for
// the last seat seats none of the tied (run-off), the term and the follow-up tasks (first
// meeting ≤ 7 days, filing ≤ 30 days after counting).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, grantPlaceOf, otherPlace, userIdOf } from '../helpers';
import { addMatter, announce, buildEstate, draftAssembly, makePerson, makeUser, num, ok, range, runElection, type Estate } from './setup-elections';

let env: TestEnv;
let admin: Client;
let street: Client;
let community: Client;
let resident: Client;
let worker2: Client; // a community worker of another community
let committeeMember: Client; // owners_committee on the estate: organises, does not review
let estate: Estate;
let owners: number[]; // P0..P9, one unit each, areas 100.00 … 10.00 m²
let outsider: number; // a person who owns nothing
let foreignOwner: number; // owns a unit of another estate (the demo resident)

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  street = await env.login('street');
  community = await env.login('community');
  resident = await env.login('resident');
  const communityId = await grantPlaceOf(env, 'community');
  const farCommunity = await otherPlace(env, 'community', communityId);
  owners = [];
  for (let i = 0; i < 10; i++) owners.push(await makePerson(env, `业主${String.fromCharCode(0x7532 + i)}${i}`));
  estate = await buildEstate(env, communityId, '选举测试小区', owners.map((p, i) => ({ area: (10 - i) * 1000, owners: [p] })));
  outsider = await makePerson(env, '无房者');
  foreignOwner = Number((await env.database.query<{ person_id: number }>(`SELECT person_id FROM users WHERE username = 'resident'`))[0].person_id);
  await makeUser(env, 'worker_far', 'community_worker', farCommunity);
  await makeUser(env, 'ywh_member', 'owners_committee', estate.id, owners[9]);
  worker2 = await env.login('worker_far');
  committeeMember = await env.login('ywh_member');
});
afterAll(async () => env?.close());

async function electionRow(assemblyId: number) {
  return (await env.database.query<{ id: number; title: string; seats: number; term_years: number }>(`SELECT id, title, seats, term_years FROM assembly_elections WHERE assembly_id = $1`, [assemblyId]))[0];
}

async function matters(assemblyId: number) {
  return env.database.query<{ id: number; seq: number; item: number; title: string; description: string; election_id: number | null }>(
    `SELECT id::int AS id, seq, item, title, description, election_id::int AS election_id FROM assembly_matters WHERE assembly_id = $1 ORDER BY seq`,
    [assemblyId],
  );
}

async function candidate(matterId: number) {
  return (
    await env.database.query<Record<string, any>>(
      `SELECT person_id::int AS person_id, statement, is_owner, arrears, party_review, party_review_note, party_reviewed_by::int AS by, party_reviewed_at, party_member, branch_committee
         FROM assembly_candidates WHERE matter_id = $1`,
      [matterId],
    )
  )[0];
}

describe('POST/PATCH/DELETE /api/assemblies/:id/election', () => {
  it('needs a session, the organise permission and the estate in scope', async () => {
    const id = await draftAssembly(community, estate.id);
    expectError(await env.anon.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }), 403, 'FORBIDDEN');
    expectError(await worker2.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }), 403, 'NOT_IN_SCOPE');
    expectError(await env.anon.patch(`/api/assemblies/${id}/election`, { seats: 7 }), 401, 'UNAUTHENTICATED');
    expectError(await env.anon.delete(`/api/assemblies/${id}/election`), 401, 'UNAUTHENTICATED');
    expectError(await resident.delete(`/api/assemblies/${id}/election`), 403, 'FORBIDDEN');
    expectError(await worker2.patch(`/api/assemblies/${id}/election`, { seats: 7 }), 403, 'NOT_IN_SCOPE');
    expectError(await worker2.delete(`/api/assemblies/${id}/election`), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/assemblies/987654/election`, { title: '业委会选举' }), 404, 'ASSEMBLY_NOT_FOUND');
    expect(await num(env, `SELECT count(*) FROM assembly_elections WHERE assembly_id = $1`, [id])).toBe(0);
  });

  it('refuses seats other than an odd number from 5 to 11, a term over 5 years, and bad bodies', async () => {
    const id = await draftAssembly(community, estate.id);
    for (const seats of [4, 6, 8, 10, 12, 13, 3, 1]) expectError(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', seats }), 400, 'ASSEMBLY_SEATS_INVALID');
    expectError(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', termYears: 6 }), 400, 'ASSEMBLY_TERM_INVALID');
    expectError(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', termYears: 0 }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${id}/election`, { title: '选' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${id}/election`, { seats: 5 }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', seats: 5.5 }), 400, 'VALIDATION_FAILED');
    expect(await num(env, `SELECT count(*) FROM assembly_elections WHERE assembly_id = $1`, [id])).toBe(0);
    for (const seats of [5, 7, 9, 11]) {
      const d = ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', seats }));
      expect(d.election.seats).toBe(seats);
      ok(await community.delete(`/api/assemblies/${id}/election`));
    }
  });

  it('the database itself refuses an even or out-of-range number of seats and a second election', async () => {
    const id = await draftAssembly(community, estate.id);
    ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }));
    for (const seats of [6, 3, 13]) await expect(env.database.query(`UPDATE assembly_elections SET seats = $1 WHERE assembly_id = $2`, [seats, id])).rejects.toThrow();
    await expect(env.database.query(`UPDATE assembly_elections SET term_years = 6 WHERE assembly_id = $1`, [id])).rejects.toThrow();
    await expect(env.database.query(`INSERT INTO assembly_elections (assembly_id, title, seats, term_years) VALUES ($1, '再一次', 5, 5)`, [id])).rejects.toThrow();
  });

  it('takes the seats and term from the estate’s effective settings when not given, and audits', async () => {
    ok(await admin.put(`/api/assembly-settings/${estate.id}`, { version: 0, settings: { committeeSeats: 7, committeeTermYears: 4 } }));
    const id = await draftAssembly(community, estate.id);
    const seq = await auditHeadSeq(env);
    const d = ok(await community.post(`/api/assemblies/${id}/election`, { title: '第一届业主委员会选举' }));
    expect(d.election).toMatchObject({ title: '第一届业主委员会选举', seats: 7, termYears: 4, candidates: [] });
    expect(await electionRow(id)).toMatchObject({ seats: 7, term_years: 4 });
    const [a] = await auditSince(env, seq, 'assembly.election.create');
    expect(a.entity_id).toBe(String(id));
    expect(a.place_path).toBe(estate.path);
    expect(a.actor_user_id).toBe(await userIdOf(env, 'community'));
    expect(a.after).toMatchObject({ seats: 7, termYears: 4, seatsFrom: 'settings' });
    // an explicit number wins over the settings
    const id2 = await draftAssembly(community, estate.id);
    ok(await community.post(`/api/assemblies/${id2}/election`, { title: '业委会选举', seats: 9, termYears: 2 }));
    expect(await electionRow(id2)).toMatchObject({ seats: 9, term_years: 2 });
    // one per assembly
    expectError(await community.post(`/api/assemblies/${id}/election`, { title: '第二次' }), 409, 'ASSEMBLY_ELECTION_EXISTS');
    ok(await admin.put(`/api/assembly-settings/${estate.id}`, { version: 1, settings: {} }));
  });

  it('PATCH changes seats, term and title of a draft; 404 without an election; 409 once announced', async () => {
    const id = await draftAssembly(community, estate.id);
    expectError(await community.patch(`/api/assemblies/${id}/election`, { seats: 7 }), 404, 'ASSEMBLY_ELECTION_NOT_FOUND');
    expectError(await community.delete(`/api/assemblies/${id}/election`), 404, 'ASSEMBLY_ELECTION_NOT_FOUND');
    ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举', seats: 5 }));
    expectError(await community.patch(`/api/assemblies/${id}/election`, { seats: 8 }), 400, 'ASSEMBLY_SEATS_INVALID');
    expectError(await community.patch(`/api/assemblies/${id}/election`, { termYears: 7 }), 400, 'ASSEMBLY_TERM_INVALID');
    const seq = await auditHeadSeq(env);
    const d = ok(await committeeMember.patch(`/api/assemblies/${id}/election`, { seats: 11, termYears: 3, title: '业委会换届选举' }));
    expect(d.election).toMatchObject({ seats: 11, termYears: 3, title: '业委会换届选举' });
    expect(await electionRow(id)).toMatchObject({ seats: 11, term_years: 3, title: '业委会换届选举' });
    const [a] = await auditSince(env, seq, 'assembly.election.update');
    expect(a.before).toMatchObject({ seats: 5, termYears: 5 });
    expect(a.after).toMatchObject({ seats: 11, termYears: 3 });
    // announced: the ballot is fixed
    await addMatter(community, id);
    await announce(community, id);
    expectError(await community.patch(`/api/assemblies/${id}/election`, { seats: 5 }), 409, 'ASSEMBLY_NOT_EDITABLE');
    expectError(await community.delete(`/api/assemblies/${id}/election`), 409, 'ASSEMBLY_NOT_EDITABLE');
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 409, 'ASSEMBLY_NOT_EDITABLE');
  });

  it('DELETE removes the election, its candidates and their matters; the other matters close up', async () => {
    const id = await draftAssembly(community, estate.id);
    await addMatter(community, id, 1, '修改议事规则');
    ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }));
    ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }));
    ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[1] }));
    await addMatter(community, id, 4, '续聘物业服务企业');
    expect((await matters(id)).map((m) => [m.seq, m.item])).toEqual([[1, 1], [2, 3], [3, 3], [4, 4]]);
    const seq = await auditHeadSeq(env);
    const d = ok(await community.delete(`/api/assemblies/${id}/election`));
    expect(d.election).toBeNull();
    expect((await matters(id)).map((m) => [m.seq, m.title])).toEqual([[1, '修改议事规则'], [2, '续聘物业服务企业']]);
    expect(await num(env, `SELECT count(*) FROM assembly_elections WHERE assembly_id = $1`, [id])).toBe(0);
    expect(await num(env, `SELECT count(*) FROM assembly_candidates c JOIN assembly_matters m ON m.id = c.matter_id WHERE m.assembly_id = $1`, [id])).toBe(0);
    const [a] = await auditSince(env, seq, 'assembly.election.delete');
    expect((a.before as { candidates: unknown[] }).candidates).toHaveLength(2);
  });
});

describe('candidates', () => {
  let id: number;
  beforeAll(async () => {
    id = await draftAssembly(community, estate.id);
  });

  it('needs an election first, a session, organise and scope', async () => {
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 404, 'ASSEMBLY_ELECTION_NOT_FOUND');
    ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }));
    expectError(await env.anon.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 403, 'FORBIDDEN');
    expectError(await worker2.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/assemblies/987654/candidates`, { personId: owners[0] }), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { statement: '无人' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0], statement: 'x'.repeat(5001) }), 400, 'VALIDATION_FAILED');
    expect(await num(env, `SELECT count(*) FROM assembly_matters WHERE assembly_id = $1`, [id])).toBe(0);
  });

  it('a candidate must be a current owner in this estate', async () => {
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: 99999999 }), 404, 'PERSON_NOT_FOUND');
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: outsider }), 400, 'ASSEMBLY_CANDIDATE_NOT_OWNER');
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: foreignOwner }), 400, 'ASSEMBLY_CANDIDATE_NOT_OWNER');
    // a former owner: the ownership has ended
    const former = await makePerson(env, '原业主');
    await env.database.query(`INSERT INTO ownerships (unit_id, person_id, basis, ended_at) VALUES ($1, $2, 'registered', CURRENT_DATE - 1)`, [estate.units[0], former]);
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: former }), 400, 'ASSEMBLY_CANDIDATE_NOT_OWNER');
    expect(await num(env, `SELECT count(*) FROM assembly_matters WHERE assembly_id = $1`, [id])).toBe(0);
  });

  it('adds the item-(3) matter "选举某某为业主委员会委员" and the candidate row; arrears unknown (no fee data); audited', async () => {
    const seq = await auditHeadSeq(env);
    const d = ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0], statement: '  十年业主，愿意服务  ' }));
    const name = (await env.database.query<{ name: string }>(`SELECT name FROM persons WHERE id = $1`, [owners[0]]))[0].name;
    const [m] = await matters(id);
    expect(m).toMatchObject({ seq: 1, item: 3, title: `选举${name}为业主委员会委员`, description: '十年业主，愿意服务' });
    expect(m.election_id).toBe((await electionRow(id)).id);
    expect(await candidate(m.id)).toMatchObject({ person_id: owners[0], statement: '十年业主，愿意服务', is_owner: true, arrears: 'unknown', party_review: 'pending', party_member: false, branch_committee: false });
    expect(d.matters[0]).toMatchObject({ id: m.id, item: 3 });
    expect(d.election.candidates[0]).toMatchObject({ matterId: m.id, personId: owners[0], isOwner: true, arrears: 'unknown', partyReview: 'pending' });
    const audits = await auditSince(env, seq);
    expect(audits.map((a) => a.action)).toEqual(['assembly.matter.add', 'assembly.candidate.add']);
    expect(audits[1].after).toMatchObject({ matterId: m.id, personId: owners[0], isOwner: true, arrears: 'unknown' });
    // the same person twice
    expectError(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }), 409, 'ASSEMBLY_CANDIDATE_EXISTS');
    expect(await num(env, `SELECT count(*) FROM assembly_matters WHERE assembly_id = $1`, [id])).toBe(1);
  });

  it('PATCH changes the statement (candidate row and matter description); 404 for a matter that is not a candidate', async () => {
    ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[1] }));
    await addMatter(community, id, 9, '增设充电桩');
    const ms = await matters(id);
    const plain = ms.find((m) => m.election_id === null)!;
    const c1 = ms.find((m) => m.election_id !== null && m.seq === 2)!;
    const seq = await auditHeadSeq(env);
    ok(await community.patch(`/api/assemblies/${id}/candidates/${c1.id}`, { statement: '新的竞选陈述' }));
    expect((await candidate(c1.id)).statement).toBe('新的竞选陈述');
    expect((await matters(id)).find((m) => m.id === c1.id)!.description).toBe('新的竞选陈述');
    const [a] = await auditSince(env, seq, 'assembly.candidate.update');
    expect(a.before).toEqual({ statement: '' });
    expectError(await community.patch(`/api/assemblies/${id}/candidates/${plain.id}`, { statement: 'x' }), 404, 'ASSEMBLY_CANDIDATE_NOT_FOUND');
    expectError(await community.patch(`/api/assemblies/${id}/candidates/987654`, { statement: 'x' }), 404, 'ASSEMBLY_CANDIDATE_NOT_FOUND');
    expectError(await community.patch(`/api/assemblies/${id}/candidates/${c1.id}`, {}), 400, 'VALIDATION_FAILED');
    expectError(await worker2.patch(`/api/assemblies/${id}/candidates/${c1.id}`, { statement: 'x' }), 403, 'NOT_IN_SCOPE');
    expectError(await resident.patch(`/api/assemblies/${id}/candidates/${c1.id}`, { statement: 'x' }), 403, 'FORBIDDEN');
    expectError(await env.anon.patch(`/api/assemblies/${id}/candidates/${c1.id}`, { statement: 'x' }), 401, 'UNAUTHENTICATED');
  });

  it('DELETE removes the candidate and the matter and keeps the numbering dense (also after edits reorder the rows on disk)', async () => {
    ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[2] }));
    ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[3] }));
    // matters now: 1 owner0, 2 owner1, 3 plain, 4 owner2, 5 owner3; edit #3 and #4 so that their rows move on disk
    const before = await matters(id);
    expect(before.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    ok(await community.patch(`/api/assemblies/${id}/matters/${before[2].id}`, { title: '增设电动车充电桩' }));
    ok(await community.patch(`/api/assemblies/${id}/candidates/${before[3].id}`, { statement: '改过' }));
    expectError(await worker2.delete(`/api/assemblies/${id}/candidates/${before[0].id}`), 403, 'NOT_IN_SCOPE');
    expectError(await env.anon.delete(`/api/assemblies/${id}/candidates/${before[0].id}`), 401, 'UNAUTHENTICATED');
    expectError(await community.delete(`/api/assemblies/${id}/candidates/${before[2].id}`), 404, 'ASSEMBLY_CANDIDATE_NOT_FOUND');
    expectError(await community.delete(`/api/assemblies/${id}/candidates/abc`), 400, 'VALIDATION_FAILED');
    expectError(await resident.delete(`/api/assemblies/${id}/candidates/${before[0].id}`), 403, 'FORBIDDEN');
    const seq = await auditHeadSeq(env);
    ok(await community.delete(`/api/assemblies/${id}/candidates/${before[0].id}`));
    const after = await matters(id);
    expect(after.map((m) => [m.seq, m.id])).toEqual([[1, before[1].id], [2, before[2].id], [3, before[3].id], [4, before[4].id]]);
    expect(await candidate(before[0].id)).toBeUndefined();
    const [a] = await auditSince(env, seq, 'assembly.candidate.remove');
    expect(a.before).toMatchObject({ matterId: before[0].id, seq: 1, personId: owners[0] });
    // removed from the middle
    ok(await committeeMember.delete(`/api/assemblies/${id}/candidates/${before[3].id}`));
    expect((await matters(id)).map((m) => [m.seq, m.id])).toEqual([[1, before[1].id], [2, before[2].id], [3, before[4].id]]);
  });

  it('GET eligible-owners lists the current owners for the picker (organisers), with units, candidacy and arrears unknown', async () => {
    expectError(await env.anon.get(`/api/assemblies/${id}/eligible-owners`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/assemblies/${id}/eligible-owners`), 403, 'FORBIDDEN');
    expectError(await worker2.get(`/api/assemblies/${id}/eligible-owners`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/assemblies/987654/eligible-owners`), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await community.get(`/api/assemblies/${id}/eligible-owners?limit=0`), 400, 'VALIDATION_FAILED');
    const all = ok(await community.get(`/api/assemblies/${id}/eligible-owners?limit=200`));
    expect(all.total).toBe(10); // the former owner and the outsider are not there
    expect(all.items.map((i: { personId: number }) => i.personId).sort((a: number, b: number) => a - b)).toEqual([...owners].sort((a, b) => a - b));
    expect(all.feeData.available).toBe(false);
    expect(all.feeData.note.zh).toContain('暂无物业费数据');
    const o1 = all.items.find((i: { personId: number }) => i.personId === owners[1]);
    expect(o1).toMatchObject({ candidate: true, arrears: 'unknown', units: ['1号楼-1单元-102'] });
    expect(all.items.find((i: { personId: number }) => i.personId === owners[5]).candidate).toBe(false);
    const found = ok(await community.get(`/api/assemblies/${id}/eligible-owners?q=${encodeURIComponent('105')}`));
    expect(found.items.map((i: { personId: number }) => i.personId)).toEqual([owners[4]]);
  });
});

describe('POST /api/assemblies/:id/candidates/:matterId/review (party organisation)', () => {
  let id: number;
  let m0: number;
  let m1: number;
  beforeAll(async () => {
    id = await draftAssembly(community, estate.id);
    ok(await community.post(`/api/assemblies/${id}/election`, { title: '业委会选举' }));
    const d = ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[0] }));
    m0 = d.election.candidates[0].matterId;
    const d2 = ok(await community.post(`/api/assemblies/${id}/candidates`, { personId: owners[1] }));
    m1 = d2.election.candidates.find((c: { personId: number }) => c.personId === owners[1]).matterId;
  });
  const approve = { decision: 'approved', note: '经社区党委审核同意', partyMember: true, branchCommittee: true };

  it('is for the office roles in scope (not the owners’ committee), with a session', async () => {
    expectError(await env.anon.post(`/api/assemblies/${id}/candidates/${m0}/review`, approve), 401, 'UNAUTHENTICATED');
    expectError(await committeeMember.post(`/api/assemblies/${id}/candidates/${m0}/review`, approve), 403, 'FORBIDDEN');
    expectError(await resident.post(`/api/assemblies/${id}/candidates/${m0}/review`, approve), 403, 'FORBIDDEN');
    expectError(await worker2.post(`/api/assemblies/${id}/candidates/${m0}/review`, approve), 403, 'NOT_IN_SCOPE');
    expectError(await street.post(`/api/assemblies/987654/candidates/${m0}/review`, approve), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await street.post(`/api/assemblies/${id}/candidates/987654/review`, approve), 404, 'ASSEMBLY_CANDIDATE_NOT_FOUND');
    expect((await candidate(m0)).party_review).toBe('pending');
  });

  it('refuses a rejection without a reason, a branch committee member who is not a party member, and bad bodies', async () => {
    expectError(await street.post(`/api/assemblies/${id}/candidates/${m0}/review`, { decision: 'rejected', partyMember: false, branchCommittee: false }), 400, 'VALIDATION_FAILED');
    expectError(await street.post(`/api/assemblies/${id}/candidates/${m0}/review`, { decision: 'approved', partyMember: false, branchCommittee: true }), 400, 'VALIDATION_FAILED');
    expectError(await street.post(`/api/assemblies/${id}/candidates/${m0}/review`, { decision: 'maybe', partyMember: false, branchCommittee: false }), 400, 'VALIDATION_FAILED');
    expectError(await street.post(`/api/assemblies/${id}/candidates/${m0}/review`, { decision: 'approved' }), 400, 'VALIDATION_FAILED');
    expect((await candidate(m0)).party_review).toBe('pending');
  });

  it('records what the reviewer states (decision, note, party member, branch committee), audited with the state before', async () => {
    const seq = await auditHeadSeq(env);
    const d = ok(await street.post(`/api/assemblies/${id}/candidates/${m0}/review`, approve));
    const c = await candidate(m0);
    expect(c).toMatchObject({ party_review: 'approved', party_review_note: '经社区党委审核同意', by: await userIdOf(env, 'street'), party_member: true, branch_committee: true });
    expect(c.party_reviewed_at).not.toBeNull();
    expect(d.election.candidates.find((x: { matterId: number }) => x.matterId === m0)).toMatchObject({ partyReview: 'approved', partyMember: true, branchCommittee: true });
    const [a] = await auditSince(env, seq, 'assembly.candidate.review');
    expect(a.before).toMatchObject({ decision: 'pending' });
    expect(a.after).toMatchObject({ matterId: m0, decision: 'approved', partyMember: true, branchCommittee: true });
    ok(await community.post(`/api/assemblies/${id}/candidates/${m1}/review`, { decision: 'rejected', note: '不符合候选条件', partyMember: false, branchCommittee: false }));
    expect(await candidate(m1)).toMatchObject({ party_review: 'rejected', party_review_note: '不符合候选条件' });
  });

  it('announcing is refused while a candidate is not approved; once announced the review is closed', async () => {
    await addMatter(community, id);
    expectError(await community.post(`/api/assemblies/${id}/announce`), 409, 'ASSEMBLY_CANDIDATE_NOT_APPROVED');
    ok(await admin.post(`/api/assemblies/${id}/candidates/${m1}/review`, { decision: 'approved', note: '复核通过', partyMember: true, branchCommittee: false }));
    await announce(community, id);
    expectError(await street.post(`/api/assemblies/${id}/candidates/${m1}/review`, approve), 409, 'ASSEMBLY_NOT_EDITABLE');
    expectError(await community.patch(`/api/assemblies/${id}/candidates/${m1}`, { statement: 'x' }), 409, 'ASSEMBLY_NOT_EDITABLE');
    expectError(await community.delete(`/api/assemblies/${id}/candidates/${m1}`), 409, 'ASSEMBLY_NOT_EDITABLE');
  });
});

describe('the whole election: count and publish seat the committee (民法典 第278条 item (3))', () => {
  // voters 0..9 hold 100.00, 90.00 … 10.00 m² (55,000 hundredths in all); everyone votes on every
  // candidate, so 10 owners and 550.00 m² take part: a candidate needs > 5 owners and > 275.00 m²
  it('5 seats, 7 candidates: ranked by agreeing owners then area; a candidate failing item (3) alone is not seated', async () => {
    const cands = owners.slice(0, 7);
    const run = await runElection(env, community, street, {
      estateId: estate.id,
      voters: owners,
      candidates: cands,
      seats: 5,
      termYears: 3,
      agree: [range(0, 8), range(0, 7), range(2, 9), range(0, 6), range(0, 5), range(4, 9), range(0, 4)],
      review: [{ partyMember: true, branchCommittee: true }, { partyMember: true, branchCommittee: true }, { partyMember: true, branchCommittee: false }],
    });
    const a = (await env.database.query<{ state: string; results: any; counted_at: string }>(`SELECT state, results FROM assemblies WHERE id = $1`, [run.assemblyId]))[0];
    expect(a.state).toBe('published');
    const r = a.results;
    // c2 (8 owners, 360.00 m²) ranks below c1 (8 owners, 520.00 m²): the area breaks the tie
    expect(r.election.elected.map((e: { personId: number; rank: number; agreePersons: number; agreeArea: string }) => [e.personId, e.rank, e.agreePersons, e.agreeArea])).toEqual([
      [cands[0], 1, 9, '54000'],
      [cands[1], 2, 8, '52000'],
      [cands[2], 3, 8, '36000'],
      [cands[3], 4, 7, '49000'],
      [cands[4], 5, 6, '45000'],
    ]);
    expect(r.election.runOffNeeded).toBe(false);
    const byMatter = (m: number) => r.matters.find((x: { matterId: number }) => x.matterId === m);
    // c5: 6 of 10 owners agree but only 210.00 of 550.00 m² → fails the area majority
    expect(byMatter(run.matters[5])).toMatchObject({ item: 3, passed: false, failed: ['agree_area'] });
    expect(byMatter(run.matters[5]).tests.find((t: { name: string }) => t.name === 'agree_area')).toMatchObject({ value: '21000', of: '55000', required: '> 1/2' });
    expect(byMatter(run.matters[5]).tests[2].article).toContain('第二百七十八条');
    // c6: exactly half of the owners (5 of 10) is not "more than half"
    expect(byMatter(run.matters[6])).toMatchObject({ passed: false, failed: ['agree_persons'] });
    // the committee, its members in the order of the vote, with what the party review recorded
    const c = (await env.database.query<{ id: number; term_ok: boolean; start_today: boolean; estate_id: number; election_id: number }>(
      `SELECT id::int AS id, term_end = (term_start + interval '3 years')::date AS term_ok, term_start = (now() AT TIME ZONE 'Asia/Shanghai')::date AS start_today,
              estate_id::int AS estate_id, election_id::int AS election_id FROM owners_committees WHERE assembly_id = $1`,
      [run.assemblyId],
    ))[0];
    expect(c).toMatchObject({ term_ok: true, start_today: true, estate_id: estate.id, election_id: run.electionId });
    const members = await env.database.query<{ person_id: number; rank: number; party_member: boolean; branch_committee: boolean }>(
      `SELECT person_id::int AS person_id, rank, party_member, branch_committee FROM owners_committee_members WHERE committee_id = $1 ORDER BY rank`,
      [c.id],
    );
    expect(members).toEqual([
      { person_id: cands[0], rank: 1, party_member: true, branch_committee: true },
      { person_id: cands[1], rank: 2, party_member: true, branch_committee: true },
      { person_id: cands[2], rank: 3, party_member: true, branch_committee: false },
      { person_id: cands[3], rank: 4, party_member: false, branch_committee: false },
      { person_id: cands[4], rank: 5, party_member: false, branch_committee: false },
    ]);
    // follow-up: first meeting 7 days and filing 30 days after the count
    const tasks = await env.database.query<{ kind: string; ok: boolean; done_at: string | null }>(
      // (to the millisecond: publish() takes the count time from its ISO text, which has milliseconds)
      `SELECT t.kind, abs(extract(epoch FROM t.due_at - (a.counted_at + CASE t.kind WHEN 'first_meeting' THEN interval '7 days' ELSE interval '30 days' END))) < 0.001 AS ok, t.done_at
         FROM owners_committee_tasks t JOIN owners_committees c ON c.id = t.committee_id JOIN assemblies a ON a.id = c.assembly_id
        WHERE t.committee_id = $1 ORDER BY t.due_at`,
      [c.id],
    );
    expect(tasks).toEqual([{ kind: 'first_meeting', ok: true, done_at: null }, { kind: 'filing', ok: true, done_at: null }]);
  });

  it('free seats stay free: only candidates who pass on their own are seated, and fewer than five seat no committee', async () => {
    const cands = owners.slice(0, 7);
    const run = await runElection(env, community, street, {
      estateId: estate.id,
      voters: owners,
      candidates: cands,
      seats: 5,
      agree: [range(0, 8), range(0, 6), range(0, 5), range(4, 9), range(0, 4), range(0, 2), []],
    });
    const r = (await env.database.query<{ results: any }>(`SELECT results FROM assemblies WHERE id = $1`, [run.assemblyId]))[0].results;
    expect(r.election.elected.map((e: { personId: number }) => e.personId)).toEqual([cands[0], cands[1], cands[2]]);
    expect(r.election.tiedForLast).toEqual([]);
    expect(r.election.runOffNeeded).toBe(false);
    for (const i of [3, 4, 5, 6]) expect(r.matters.find((m: { matterId: number }) => m.matterId === run.matters[i]).passed).toBe(false);
    const members = await env.database.query<{ person_id: number }>(
      `SELECT m.person_id::int AS person_id FROM owners_committee_members m JOIN owners_committees c ON c.id = m.committee_id WHERE c.assembly_id = $1 ORDER BY m.rank`,
      [run.assemblyId],
    );
    // three elected is below the legal minimum of five members: no committee is seated, a by-election (补选) is needed
    expect(r.election.minimumMet).toBe(false);
    expect(members).toEqual([]);
    expect(await env.database.query(`SELECT 1 FROM owners_committees WHERE assembly_id = $1`, [run.assemblyId])).toEqual([]);
  });

  it('a tie for the last seat seats none of the tied and asks for a run-off', async () => {
    const cands = owners.slice(0, 7);
    const run = await runElection(env, community, street, {
      estateId: estate.id,
      voters: owners,
      candidates: cands,
      seats: 5,
      // c3, c4 and c5: the same 6 owners and the same 450.00 m² agree
      agree: [range(0, 8), range(0, 7), range(0, 6), range(0, 5), range(0, 5), range(0, 5), range(0, 4)],
    });
    const r = (await env.database.query<{ results: any }>(`SELECT results FROM assemblies WHERE id = $1`, [run.assemblyId]))[0].results;
    expect(r.election.runOffNeeded).toBe(true);
    expect(r.election.elected.map((e: { personId: number }) => e.personId)).toEqual([cands[0], cands[1], cands[2]]);
    expect(r.election.tiedForLast.map((e: { personId: number }) => e.personId).sort()).toEqual([cands[3], cands[4], cands[5]].sort());
    const seated = await env.database.query<{ person_id: number }>(
      `SELECT m.person_id::int AS person_id FROM owners_committee_members m JOIN owners_committees c ON c.id = m.committee_id WHERE c.assembly_id = $1 ORDER BY m.rank`,
      [run.assemblyId],
    );
    // three seated above the tie are fewer than the legal five: the committee waits for the run-off
    expect(r.election.minimumMet).toBe(false);
    expect(seated).toEqual([]);
  });
});
