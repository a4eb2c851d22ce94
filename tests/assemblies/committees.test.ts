// Elected owners' committees through HTTP: the list in one's area with members by rank, the term
// (≤ 5 years; a warning when fewer than 90 days remain), the overlap with the estate party branch
// committee (交叉任职) as an exact fraction against the local target, and the follow-up tasks set
// when the result was published (first meeting ≤ 7 days, filing ≤ 30 days: 业主大会和业主委员会
// 指导规则) — overdue flags, and marking a task done (organisers, audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, grantPlaceOf, otherPlace, userIdOf } from '../helpers';
import { crossAppointment } from '../../src/modules/assemblies/committees';
import { buildEstate, makePerson, makeUser, num, ok, range, runElection, type ElectionRun, type Estate } from './setup-elections';

let env: TestEnv;
let admin: Client;
let street: Client;
let community: Client;
let resident: Client;
let worker2: Client;
let committeeMember: Client;
let otherEstateMember: Client; // owners_committee of a different estate of the same community
let estate: Estate;
let owners: number[];
let run: ElectionRun;
let committeeId: number;
let communityId: number;

interface Committee {
  id: number;
  estateId: number;
  termStart: string;
  termEnd: string;
  current: boolean;
  term: { start: string; end: string; daysLeft: number; expired: boolean; warning: boolean };
  members: { personId: number; name: string; rank: number; partyMember: boolean; branchCommittee: boolean }[];
  crossAppointment: { members: number; partyMembers: number; branchCommittee: number; fraction: string; percent: string; targetPct: number; meetsTarget: boolean };
  tasks: { id: number; kind: string; dueAt: string; overdue: boolean; done: boolean; doneAt: string | null; doneBy: string | null; note: string | null }[];
}

async function committees(client: Client, query = ''): Promise<Committee[]> {
  return ok<{ items: Committee[] }>(await client.get(`/api/owners-committees${query}`)).items;
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  street = await env.login('street');
  community = await env.login('community');
  resident = await env.login('resident');
  communityId = await grantPlaceOf(env, 'community');
  owners = [];
  for (let i = 0; i < 7; i++) owners.push(await makePerson(env, `委员候选${i}`));
  estate = await buildEstate(env, communityId, '业委会测试小区', owners.map((p) => ({ area: 10000, owners: [p] })));
  const second = await buildEstate(env, communityId, '隔壁小区', [{ area: 5000, owners: [await makePerson(env, '隔壁业主')] }]);
  await makeUser(env, 'worker_far', 'community_worker', await otherPlace(env, 'community', communityId));
  await makeUser(env, 'ywh_member', 'owners_committee', estate.id, owners[0]);
  await makeUser(env, 'ywh_next_door', 'owners_committee', second.id);
  worker2 = await env.login('worker_far');
  committeeMember = await env.login('ywh_member');
  otherEstateMember = await env.login('ywh_next_door');
  // 7 owners of 100.00 m² each, all voting; 5 seats; 6 candidates: 7, 6, 5, 5, 5 and 3 of 7 owners agree
  // (5 of 7 is more than half; 3 of 7 is not), so five pass and are seated
  run = await runElection(env, community, street, {
    estateId: estate.id,
    voters: owners,
    candidates: owners.slice(0, 6),
    seats: 5,
    termYears: 4,
    agree: [range(0, 6), range(0, 5), range(0, 4), range(1, 5), range(2, 6), range(0, 2)],
    review: [
      { partyMember: true, branchCommittee: true },
      { partyMember: true, branchCommittee: false },
      { partyMember: true, branchCommittee: true },
      { partyMember: false, branchCommittee: false },
      { partyMember: false, branchCommittee: false },
      { partyMember: false, branchCommittee: false },
    ],
  });
  committeeId = await num(env, `SELECT id FROM owners_committees WHERE assembly_id = $1`, [run.assemblyId]);
});
afterAll(async () => env?.close());

describe('GET /api/owners-committees', () => {
  it('needs a session and the view permission; a place outside one’s area is refused', async () => {
    expectError(await env.anon.get('/api/owners-committees'), 401, 'UNAUTHENTICATED');
    expectError(await resident.get('/api/owners-committees'), 403, 'FORBIDDEN');
    expectError(await worker2.get(`/api/owners-committees?placeId=${estate.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get('/api/owners-committees?placeId=98765432'), 404, 'PLACE_NOT_FOUND');
    expectError(await community.get('/api/owners-committees?limit=0'), 400, 'VALIDATION_FAILED');
    // outside the area: nothing shown
    expect(await committees(worker2)).toEqual([]);
    expect(await committees(otherEstateMember)).toEqual([]);
  });

  it('lists the committee with its members in the order of the vote and the term', async () => {
    for (const client of [community, street, admin, committeeMember]) {
      const list = await committees(client);
      expect(list.map((c) => c.id)).toEqual([committeeId]);
    }
    const [c] = await committees(community, `?placeId=${estate.id}`);
    // seats by agreeing owners: 7, 6, 5, 5 (c3 and c4: 5 owners, same area → the earlier matter), c5 fails (3 of 7)
    expect(c.members.map((m) => [m.personId, m.rank])).toEqual([
      [owners[0], 1],
      [owners[1], 2],
      [owners[2], 3],
      [owners[3], 4],
      [owners[4], 5],
    ]);
    expect(c.members[0].name).toBe('委员候选0');
    expect(c.estateId).toBe(estate.id);
    expect(c.current).toBe(true);
    const db = (await env.database.query<{ start: string; end: string }>(`SELECT term_start::text AS start, term_end::text AS end FROM owners_committees WHERE id = $1`, [committeeId]))[0];
    expect(c.term.start).toBe(db.start);
    expect(c.term.end).toBe(db.end);
    // the term of the election: 4 years from today (Beijing time)
    expect(await num(env, `SELECT count(*) FROM owners_committees WHERE id = $1 AND term_start = (now() AT TIME ZONE 'Asia/Shanghai')::date AND term_end = (term_start + interval '4 years')::date`, [committeeId])).toBe(1);
    expect(c.term.warning).toBe(false);
    expect(c.term.expired).toBe(false);
    expect(c.term.daysLeft).toBeGreaterThan(4 * 365 - 2);
  });

  it('cross-appointment: members on the branch committee / members, exactly, against the effective target', async () => {
    let [c] = await committees(community);
    expect(c.crossAppointment).toEqual({ members: 5, partyMembers: 3, branchCommittee: 2, fraction: '2/5', percent: '40.00', targetPct: 50, meetsTarget: false });
    // the estate's own target of 40 %: 2/5 is exactly 40 % → met
    ok(await admin.put(`/api/assembly-settings/${estate.id}`, { version: 0, settings: { crossAppointmentTargetPct: 40 } }));
    [c] = await committees(community);
    expect(c.crossAppointment).toMatchObject({ targetPct: 40, meetsTarget: true });
    ok(await admin.put(`/api/assembly-settings/${estate.id}`, { version: 1, settings: { crossAppointmentTargetPct: 41 } }));
    [c] = await committees(community);
    expect(c.crossAppointment).toMatchObject({ targetPct: 41, meetsTarget: false });
  });

  it('the fraction is compared exactly (no rounding at the boundary)', () => {
    const m = (b: boolean) => ({ partyMember: b, branchCommittee: b });
    // 1/3 = 33.33…%: meets 33 %, not 34 %
    expect(crossAppointment([m(true), m(false), m(false)], 33)).toMatchObject({ fraction: '1/3', percent: '33.33', meetsTarget: true });
    expect(crossAppointment([m(true), m(false), m(false)], 34).meetsTarget).toBe(false);
    // 3/6 = 50 % exactly meets 50 %
    expect(crossAppointment([m(true), m(true), m(true), m(false), m(false), m(false)], 50).meetsTarget).toBe(true);
    expect(crossAppointment([], 0).meetsTarget).toBe(false);
  });

  it('warns when fewer than 90 days of the term remain', async () => {
    await env.database.query(`UPDATE owners_committees SET term_end = (now() AT TIME ZONE 'Asia/Shanghai')::date + 90 WHERE id = $1`, [committeeId]);
    let [c] = await committees(community);
    expect(c.term).toMatchObject({ daysLeft: 90, warning: false, expired: false });
    await env.database.query(`UPDATE owners_committees SET term_end = (now() AT TIME ZONE 'Asia/Shanghai')::date + 89 WHERE id = $1`, [committeeId]);
    [c] = await committees(community);
    expect(c.term).toMatchObject({ daysLeft: 89, warning: true, expired: false });
    await env.database.query(`UPDATE owners_committees SET term_end = term_start + interval '4 years' WHERE id = $1`, [committeeId]);
  });

  it('shows the tasks with due dates and an overdue flag', async () => {
    let [c] = await committees(community);
    expect(c.tasks.map((t) => [t.kind, t.overdue, t.done])).toEqual([['first_meeting', false, false], ['filing', false, false]]);
    const counted = (await env.database.query<{ at: string }>(`SELECT counted_at AS at FROM assemblies WHERE id = $1`, [run.assemblyId]))[0].at;
    const due = (k: string) => Date.parse(c.tasks.find((t) => t.kind === k)!.dueAt);
    expect(Math.abs(due('first_meeting') - (new Date(counted).getTime() + 7 * 86_400_000))).toBeLessThan(1000);
    expect(Math.abs(due('filing') - (new Date(counted).getTime() + 30 * 86_400_000))).toBeLessThan(1000);
    await env.database.query(`UPDATE owners_committee_tasks SET due_at = now() - interval '1 day' WHERE committee_id = $1 AND kind = 'first_meeting'`, [committeeId]);
    [c] = await committees(community);
    expect(c.tasks[0]).toMatchObject({ kind: 'first_meeting', overdue: true, done: false });
  });
});

describe('POST /api/owners-committees/:id/tasks/:taskId/done', () => {
  let first: number;
  let filing: number;
  beforeAll(async () => {
    const t = await env.database.query<{ id: number; kind: string }>(`SELECT id::int AS id, kind FROM owners_committee_tasks WHERE committee_id = $1`, [committeeId]);
    first = t.find((x) => x.kind === 'first_meeting')!.id;
    filing = t.find((x) => x.kind === 'filing')!.id;
  });

  it('needs a session, organise, and the estate in scope; unknown ids are 404; bad notes 400', async () => {
    const url = `/api/owners-committees/${committeeId}/tasks/${first}/done`;
    expectError(await env.anon.post(url, { note: 'x' }), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(url, { note: 'x' }), 403, 'FORBIDDEN');
    expectError(await worker2.post(url, { note: 'x' }), 403, 'NOT_IN_SCOPE');
    expectError(await otherEstateMember.post(url, { note: 'x' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/owners-committees/987654/tasks/${first}/done`, {}), 404, 'ASSEMBLY_COMMITTEE_NOT_FOUND');
    expectError(await community.post(`/api/owners-committees/${committeeId}/tasks/987654/done`, {}), 404, 'ASSEMBLY_TASK_NOT_FOUND');
    expectError(await community.post(url, { note: 'x'.repeat(1001) }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(url, { note: 5 }), 400, 'VALIDATION_FAILED');
    expect(await num(env, `SELECT count(*) FROM owners_committee_tasks WHERE committee_id = $1 AND done_at IS NOT NULL`, [committeeId])).toBe(0);
  });

  it('a member of the committee marks the first meeting done: who, when, the note; audited; not twice', async () => {
    const seq = await auditHeadSeq(env);
    const c = ok<Committee>(await committeeMember.post(`/api/owners-committees/${committeeId}/tasks/${first}/done`, { note: '  已于社区会议室召开首次会议  ' }));
    const t = c.tasks.find((x) => x.id === first)!;
    expect(t).toMatchObject({ done: true, overdue: false, doneBy: 'ywh_member', note: '已于社区会议室召开首次会议' });
    const row = (await env.database.query<{ done_by: number; note: string; recent: boolean }>(
      `SELECT done_by::int AS done_by, note, done_at > now() - interval '1 minute' AS recent FROM owners_committee_tasks WHERE id = $1`,
      [first],
    ))[0];
    expect(row).toEqual({ done_by: await userIdOf(env, 'ywh_member'), note: '已于社区会议室召开首次会议', recent: true });
    const [a] = await auditSince(env, seq, 'owners_committee.task.done');
    expect(a).toMatchObject({ entity: 'owners_committee', entity_id: String(committeeId), place_path: estate.path, actor_user_id: await userIdOf(env, 'ywh_member') });
    expect(a.after).toEqual({ taskId: first, kind: 'first_meeting', note: '已于社区会议室召开首次会议' });
    expectError(await community.post(`/api/owners-committees/${committeeId}/tasks/${first}/done`, {}), 409, 'ASSEMBLY_STATE_CONFLICT');
    // a task of another committee is not found through this one
    expectError(await community.post(`/api/owners-committees/${committeeId + 1}/tasks/${filing}/done`, {}), 404, 'ASSEMBLY_COMMITTEE_NOT_FOUND');
    // the filing, without a note, by the community worker
    const c2 = ok<Committee>(await community.post(`/api/owners-committees/${committeeId}/tasks/${filing}/done`, {}));
    const worker = (await env.database.query<{ n: string }>(`SELECT display_name AS n FROM users WHERE username = 'community'`))[0].n;
    expect(c2.tasks.find((x) => x.id === filing)).toMatchObject({ done: true, note: null, doneBy: worker });
    expect(await num(env, `SELECT count(*) FROM owners_committee_tasks WHERE committee_id = $1 AND done_at IS NOT NULL`, [committeeId])).toBe(2);
  });
});
