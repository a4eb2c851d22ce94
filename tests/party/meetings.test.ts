// 三会一课 through the API: the quorum of a members' meeting and of a committee meeting, motions
// decided against those who should attend, probationary members without a vote, the attendance
// list, corrections with a version (raced), removal, the list and who may see and record what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { chinaToday } from '../../src/modules/party/calendar';
import { auditSince, auditHeadSeq } from '../helpers';
import { attendance, makeCommittee, makeMembers, makeWorld, num, ok, secretaryAccount, staffAccount, type Members, type World } from './fixtures-meetings';

let env: TestEnv;
let w: World;
let community: Client;
let xMembers: Members;
let yMembers: Members;
let secX: Client;
const today = chinaToday();

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeWorld(env);
  community = await env.login('community');
  // branch X: 10 full members and 3 probationary; branch Y: 4 full members
  xMembers = await makeMembers(env, w.branchX, 10, 3);
  yMembers = await makeMembers(env, w.branchY, 4);
  await makeCommittee(env, w.branchX, xMembers.personIds.slice(0, 5));
  secX = (await secretaryAccount(env, xMembers.personIds[0], w.communityId)).client;
}, 300_000);

afterAll(async () => env?.close());

const members = (present: number, extra: { title: string; inFavour: number; against: number; abstain: number }[] = [], leave = 0) => ({
  orgId: w.branchX.id,
  kind: 'members',
  heldOn: today,
  topic: '党员大会：讨论发展党员',
  location: '党群服务中心',
  attendance: attendance(xMembers.memberIds.slice(0, 10), present, leave),
  motions: extra,
});

describe('members’ meeting (党员大会) — 第十一条', () => {
  it('10 voting members, 6 present: 5 in favour fails, 6 in favour passes (more than half of those who should attend, not of those present)', async () => {
    const before = await auditHeadSeq(env);
    const d = ok(
      await community.post('/api/party/meetings', members(6, [
        { title: '接收张某为预备党员', inFavour: 5, against: 1, abstain: 0 },
        { title: '推荐李某为入党积极分子', inFavour: 6, against: 0, abstain: 0 },
      ])),
    );
    expect(d.entitled).toBe(10);
    expect(d.present).toBe(6);
    expect(d.quorum).toMatchObject({ rule: 'members', entitled: 10, present: 6, quorate: true });
    expect(d.quorum.article).toContain('第十一条');
    expect(d.motionRule).toContain('第十一条');
    expect(d.motionList.map((m: { passed: boolean; shouldAttend: number }) => [m.passed, m.shouldAttend])).toEqual([
      [false, 10],
      [true, 10],
    ]);
    // everyone entitled is on the list: 13 members (3 probationary without a vote), 7 voting absent
    expect(d.attendance).toHaveLength(13);
    expect(d.counts).toEqual({ present: 6, leave: 0, absent: 7 });
    expect(await num(env, `SELECT count(*) FROM party_meeting_motions WHERE meeting_id = $1 AND passed`, [d.id])).toBe(1);
    const audit = await auditSince(env, before);
    expect(audit.map((a) => a.action)).toEqual(['party.meeting.create']);
  });

  it('exactly half present is quorate (半数以上 includes half); a motion then needs 6 of 10', async () => {
    const d = ok(await community.post('/api/party/meetings', members(5, [{ title: '表决事项', inFavour: 5, against: 0, abstain: 0 }])));
    expect(d.quorum.quorate).toBe(true);
    expect(d.motionList[0].passed).toBe(false);
  });

  it('probationary members present do not count: 4 full + 3 probationary present is below half, a motion is refused citing 第十一条', async () => {
    const body = {
      ...members(0),
      attendance: [...attendance(xMembers.memberIds.slice(0, 10), 4), ...attendance(xMembers.memberIds.slice(10), 3)],
      motions: [{ title: '表决事项', inFavour: 4, against: 0, abstain: 0 }],
    };
    const before = await num(env, `SELECT count(*) FROM party_meetings WHERE org_id = $1`, [w.branchX.id]);
    const res = await community.post('/api/party/meetings', body);
    expectError(res, 409, 'PARTY_MEETING_NOT_QUORATE');
    expect(res.json().error.details.article).toContain('第十一条');
    expect(res.json().error.message).toContain('第十一条');
    expect(await num(env, `SELECT count(*) FROM party_meetings WHERE org_id = $1`, [w.branchX.id])).toBe(before);
    // without motions the meeting is recorded, with the verdict that it could not vote
    const d = ok(await community.post('/api/party/meetings', { ...body, motions: [] }));
    expect(d.quorum).toMatchObject({ entitled: 10, present: 4, quorate: false });
    expect(d.counts.present).toBe(7);
    expect(d.attendance.filter((a: { voting: boolean }) => !a.voting)).toHaveLength(3);
  });

  it('the votes cannot exceed those present with a vote', async () => {
    expectError(await community.post('/api/party/meetings', members(6, [{ title: '事项', inFavour: 5, against: 1, abstain: 1 }])), 400, 'PARTY_MEETING_VOTES_INCONSISTENT');
  });

  it('only members of the organisation, each once; those on leave still count as should attend', async () => {
    expectError(await community.post('/api/party/meetings', { ...members(0), attendance: [{ memberId: yMembers.memberIds[0], status: 'present' }] }), 400, 'PARTY_MEETING_ATTENDANCE_INVALID');
    const dup = { memberId: xMembers.memberIds[0], status: 'present' };
    expectError(await community.post('/api/party/meetings', { ...members(0), attendance: [dup, dup] }), 400, 'PARTY_MEETING_ATTENDANCE_INVALID');
    const d = ok(await community.post('/api/party/meetings', members(5, [], 3)));
    expect(d.quorum).toMatchObject({ entitled: 10, present: 5 });
    expect(d.counts).toEqual({ present: 5, leave: 3, absent: 5 });
  });

  it('a meeting is recorded once held: not after today; bad input is 400', async () => {
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    expectError(await community.post('/api/party/meetings', { ...members(6), heldOn: tomorrow }), 400, 'PARTY_MEETING_IN_FUTURE');
    expectError(await community.post('/api/party/meetings', { ...members(6), heldOn: '2026-13-40' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/party/meetings', { ...members(6), kind: 'party' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/party/meetings', { ...members(6), topic: '' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/party/meetings', { ...members(6), kind: 'lecture', motions: [{ title: '事项', inFavour: 6, against: 0, abstain: 0 }] }), 400, 'PARTY_MEETING_MOTIONS_NOT_ALLOWED');
  });
});

describe('GET /api/party/meeting-roster', () => {
  it('lists who should attend with their vote, and the kinds the organisation holds', async () => {
    const r = ok(await community.get(`/api/party/meeting-roster?orgId=${w.branchX.id}&kind=members`));
    expect(r.kinds).toEqual(['members', 'committee', 'lecture', 'theme_day', 'life_meeting', 'appraisal']);
    expect(r.entitled.map((e: { memberId: number }) => e.memberId)).toEqual(xMembers.memberIds);
    expect(r.entitled.filter((e: { voting: boolean }) => e.voting)).toHaveLength(10);
    expect(r.entitled[0].name).toMatch(/^党员/);
    const c = ok(await community.get(`/api/party/meeting-roster?orgId=${w.branchX.id}&kind=committee`));
    expect(c.entitled.map((e: { memberId: number }) => e.memberId)).toEqual(xMembers.memberIds.slice(0, 5));
    expect(ok(await community.get(`/api/party/meeting-roster?orgId=${w.branchY.id}&kind=committee`)).entitled).toEqual([]);
    expectError(await secX.get(`/api/party/meeting-roster?orgId=${w.branchY.id}&kind=members`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/party/meeting-roster?orgId=${w.branchY.id}`), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/party/meeting-roster?orgId=${w.branchY.id}&kind=members`), 401, 'UNAUTHENTICATED');
  });
});

describe('committee meeting (支委会) — 第十二条', () => {
  it('the committee is who should attend: 5 members, 3 present quorate, 2 present not', async () => {
    const committee = xMembers.memberIds.slice(0, 5);
    const a = ok(await community.post('/api/party/meetings', { orgId: w.branchX.id, kind: 'committee', heldOn: today, topic: '支委会', attendance: attendance(committee, 3) }));
    expect(a.quorum).toMatchObject({ rule: 'committee', entitled: 5, present: 3, quorate: true });
    expect(a.quorum.article).toContain('第十二条');
    expect(a.attendance).toHaveLength(5);
    const b = ok(await community.post('/api/party/meetings', { orgId: w.branchX.id, kind: 'committee', heldOn: today, topic: '支委会', attendance: attendance(committee, 2) }));
    expect(b.quorum).toMatchObject({ entitled: 5, present: 2, quorate: false });
    // a member who is not on the committee cannot be listed
    expectError(await community.post('/api/party/meetings', { orgId: w.branchX.id, kind: 'committee', heldOn: today, topic: '支委会', attendance: [{ memberId: xMembers.memberIds[7], status: 'present' }] }), 400, 'PARTY_MEETING_ATTENDANCE_INVALID');
  });

  it('a branch without a committee holds no committee meeting; a branch holds no party group meeting', async () => {
    expectError(await community.post('/api/party/meetings', { orgId: w.branchY.id, kind: 'committee', heldOn: today, topic: '支委会', attendance: [] }), 400, 'PARTY_MEETING_KIND_NOT_APPLICABLE');
    expectError(await community.post('/api/party/meetings', { orgId: w.branchY.id, kind: 'group', heldOn: today, topic: '党小组会', attendance: [] }), 400, 'PARTY_MEETING_KIND_NOT_APPLICABLE');
  });
});

describe('corrections and removal', () => {
  it('PATCH with the version re-decides the motions on the new attendance; two racing corrections: one wins, one CONFLICT', async () => {
    const d = ok(await community.post('/api/party/meetings', members(6, [{ title: '事项', inFavour: 6, against: 0, abstain: 0 }])));
    // one present member was in fact on leave: 5 present, the motion with 6 in favour is now impossible
    const fewer = attendance(xMembers.memberIds.slice(0, 10), 5, 1);
    expectError(await community.patch(`/api/party/meetings/${d.id}`, { version: d.version, attendance: fewer }), 400, 'PARTY_MEETING_VOTES_INCONSISTENT');
    const e = ok(await community.patch(`/api/party/meetings/${d.id}`, { version: d.version, attendance: fewer, motions: [{ title: '事项', inFavour: 5, against: 0, abstain: 0 }] }));
    expect(e).toMatchObject({ present: 5, version: d.version + 1 });
    expect(e.motionList[0].passed).toBe(false);
    const [r1, r2] = await Promise.all([
      community.patch(`/api/party/meetings/${d.id}`, { version: e.version, topic: '更正甲' }),
      secX.patch(`/api/party/meetings/${d.id}`, { version: e.version, topic: '更正乙' }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    expect(await num(env, `SELECT version FROM party_meetings WHERE id = $1`, [d.id])).toBe(e.version + 1);
  });

  it('DELETE removes the meeting with its attendance and motions, audited', async () => {
    const d = ok(await secX.post('/api/party/meetings', members(6, [{ title: '事项', inFavour: 6, against: 0, abstain: 0 }])));
    const before = await auditHeadSeq(env);
    ok(await secX.delete(`/api/party/meetings/${d.id}`));
    expect(await num(env, `SELECT count(*) FROM party_meeting_attendance WHERE meeting_id = $1`, [d.id])).toBe(0);
    expect(await num(env, `SELECT count(*) FROM party_meeting_motions WHERE meeting_id = $1`, [d.id])).toBe(0);
    const audit = await auditSince(env, before);
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([['party.meeting.delete', String(d.id)]]);
    expectError(await secX.get(`/api/party/meetings/${d.id}`), 404, 'PARTY_MEETING_NOT_FOUND');
  });
});

describe('access', () => {
  let yMeeting: number;
  beforeAll(async () => {
    yMeeting = ok(await community.post('/api/party/meetings', { orgId: w.branchY.id, kind: 'members', heldOn: today, topic: 'Y党员大会', attendance: attendance(yMembers.memberIds, 3) })).id;
  });

  it('the secretary of branch X records and sees X only: 403 on branch Y, Y absent from the list', async () => {
    const mine = ok(await secX.post('/api/party/meetings', members(6)));
    expect(mine.orgId).toBe(w.branchX.id);
    expectError(await secX.get(`/api/party/meetings/${yMeeting}`), 403, 'NOT_IN_SCOPE');
    expectError(await secX.post('/api/party/meetings', { orgId: w.branchY.id, kind: 'members', heldOn: today, topic: 'Y', attendance: [] }), 403, 'NOT_IN_SCOPE');
    expectError(await secX.patch(`/api/party/meetings/${yMeeting}`, { version: 1, topic: '改' }), 403, 'NOT_IN_SCOPE');
    expectError(await secX.delete(`/api/party/meetings/${yMeeting}`), 403, 'NOT_IN_SCOPE');
    expectError(await secX.get(`/api/party/meetings?orgId=${w.branchY.id}`), 403, 'NOT_IN_SCOPE');
    const list = ok(await secX.get('/api/party/meetings?limit=200'));
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((m: { orgId: number }) => m.orgId === w.branchX.id)).toBe(true);
    expect(list.total).toBe(await num(env, `SELECT count(*) FROM party_meetings WHERE org_id = $1`, [w.branchX.id]));
  });

  it('a community worker of another community: 403 and an empty list', async () => {
    const other = await num(env, `SELECT id FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`, [w.communityId]);
    const worker = (await staffAccount(env, 'community_worker', other)).client;
    expectError(await worker.get(`/api/party/meetings/${yMeeting}`), 403, 'NOT_IN_SCOPE');
    expectError(await worker.post('/api/party/meetings', members(6)), 403, 'NOT_IN_SCOPE');
    const list = ok(await worker.get(`/api/party/meetings?placeId=${w.communityId}`));
    expect(list).toEqual({ items: [], total: 0 });
  });

  it('residents are refused (403 FORBIDDEN), anonymous callers 401', async () => {
    const resident = await env.login('resident');
    expectError(await resident.get('/api/party/meetings'), 403, 'FORBIDDEN');
    expectError(await resident.post('/api/party/meetings', members(6)), 403, 'FORBIDDEN');
    expectError(await env.anon.get('/api/party/meetings'), 401, 'UNAUTHENTICATED');
    expectError(await env.anon.get(`/api/party/meetings/${yMeeting}`), 401, 'UNAUTHENTICATED');
  });

  it('the community lists by organisation subtree, kind and dates', async () => {
    const all = ok(await community.get(`/api/party/meetings?orgId=${w.community.id}&limit=200`));
    const expected = await num(env, `SELECT count(*) FROM party_meetings WHERE org_id IN ($1, $2)`, [w.branchX.id, w.branchY.id]);
    expect(all.total).toBe(expected);
    const committees = ok(await community.get(`/api/party/meetings?orgId=${w.branchX.id}&kind=committee`));
    expect(committees.total).toBe(2);
    expect(ok(await community.get(`/api/party/meetings?orgId=${w.branchX.id}&to=2000-01-01`)).total).toBe(0);
    expectError(await community.get('/api/party/meetings?limit=0'), 400, 'VALIDATION_FAILED');
  });
});
