// The compliance calendar: which meetings each kind of organisation holds, period statuses on fixed
// dates (held, missing, due soon, open, upcoming), meetings without quorum not counting, frequencies
// from the settings, the scope summary worst first with exact completion, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { chinaToday, kindsForOrg, loadCalendars, percentOf } from '../../src/modules/party/calendar';
import { newPlace } from '../assemblies/support';
import { makeCommittee, makeMembers, makeOrg, ok, q, secretaryAccount, staffAccount, type Org } from './fixtures-meetings';

let env: TestEnv;
let worker: Client;
let secX: Client;
let communityId: number;
let street: Org, community: Org, X: Org, Y: Org;
const lastYear = String(Number(chinaToday().slice(0, 4)) - 1);

async function meeting(org: Org, kind: string, heldOn: string, entitled = 0, present = 0) {
  await q(env, `INSERT INTO party_meetings (org_id, kind, held_on, topic, entitled, present) VALUES ($1, $2, $3, '会议', $4, $5)`, [org.id, kind, heldOn, entitled, present]);
}

beforeAll(async () => {
  env = await createTestEnv();
  // a community of its own, so seeded organisations stay out of the figures
  const streetId = Number((await q(env, `SELECT id FROM places WHERE kind = 'street' ORDER BY id LIMIT 1`))[0].id);
  const c = await newPlace(env, streetId, 'community', '日历测试社区');
  communityId = c.id;
  const ex = await newPlace(env, c.id, 'estate', '日历X小区');
  const ey = await newPlace(env, c.id, 'estate', '日历Y小区');
  street = await makeOrg(env, { kind: 'working_committee', placeId: streetId });
  community = await makeOrg(env, { kind: 'community_committee', placeId: c.id, parent: street, name: '日历测试社区党委' });
  X = await makeOrg(env, { kind: 'branch', placeId: ex.id, parent: community, name: 'X党支部' });
  Y = await makeOrg(env, { kind: 'branch', placeId: ey.id, parent: community, name: 'Y党支部' });
  const xm = await makeMembers(env, X, 10);
  await makeCommittee(env, X, xm.personIds.slice(0, 3));
  worker = (await staffAccount(env, 'community_worker', c.id)).client;
  secX = (await secretaryAccount(env, xm.personIds[0], c.id)).client;
  // X last year: a members' meeting every quarter, one of them without quorum plus a valid one
  await meeting(X, 'members', `${lastYear}-02-10`, 10, 6);
  await meeting(X, 'members', `${lastYear}-05-10`, 10, 4);
  await meeting(X, 'members', `${lastYear}-06-10`, 10, 5);
  await meeting(X, 'members', `${lastYear}-08-10`, 10, 10);
  await meeting(X, 'members', `${lastYear}-11-30`, 10, 7);
  // the fixed-date year 2023 (never last year): Q1 members' meeting, a June committee meeting, a lecture without quorum rule
  await meeting(X, 'members', '2023-02-10', 10, 6);
  await meeting(X, 'members', '2023-05-10', 10, 4);
  await meeting(X, 'committee', '2023-06-03', 3, 2);
  await meeting(X, 'committee', '2023-04-03', 3, 1);
  await meeting(X, 'lecture', '2023-04-20');
}, 300_000);
afterAll(async () => env?.close());

describe('which meetings an organisation holds', () => {
  it('by its kind; a branch’s committee meetings only with a committee (第六章: 3 or more)', () => {
    expect(kindsForOrg('branch', 3)).toEqual(['members', 'committee', 'lecture', 'theme_day', 'life_meeting', 'appraisal']);
    expect(kindsForOrg('joint_branch', 1)).toEqual(['members', 'lecture', 'theme_day', 'life_meeting', 'appraisal']);
    expect(kindsForOrg('group', 0)).toEqual(['group']);
    expect(kindsForOrg('community_committee', 5)).toEqual(['members', 'committee', 'lecture', 'life_meeting']);
    expect(kindsForOrg('general_branch', 0)).toEqual(['members', 'committee', 'lecture', 'life_meeting']);
    expect(kindsForOrg('working_committee', 7)).toEqual(['committee']);
  });

  it('completion in percent to one decimal, exact', () => {
    expect(percentOf(4, 34)).toBe('11.8');
    expect(percentOf(1, 8)).toBe('12.5');
    expect(percentOf(1, 3)).toBe('33.3');
    expect(percentOf(2, 3)).toBe('66.7');
    expect(percentOf(0, 0)).toBeNull();
  });
});

describe('period statuses on fixed dates', () => {
  const slotsOn = async (today: string) => (await loadCalendars(env.ctx.db, sql`o.id = ${X.id}`, '2023-01-01', '2023-12-31', today, true))[0].slots;
  const status = (slots: { kind: string; start: string; status: string }[], kind: string, start: string) => slots.find((s) => s.kind === kind && s.start === start)?.status;

  it('on 25 June 2023 (remind 7 days): Q1 held, Q2 due soon (its members’ meeting lacked quorum, 第十一条), June committee held, May missing, June theme day due soon', async () => {
    const s = await slotsOn('2023-06-25');
    expect(status(s, 'members', '2023-01-01')).toBe('held');
    expect(status(s, 'members', '2023-04-01')).toBe('due_soon');
    expect(status(s, 'members', '2023-07-01')).toBe('upcoming');
    expect(status(s, 'committee', '2023-06-01')).toBe('held');
    // April's committee meeting had 1 of 3 present: below half (第十二条), it does not count
    expect(status(s, 'committee', '2023-04-01')).toBe('missing');
    expect(status(s, 'committee', '2023-05-01')).toBe('missing');
    expect(status(s, 'lecture', '2023-04-01')).toBe('held');
    expect(status(s, 'theme_day', '2023-06-01')).toBe('due_soon');
    expect(status(s, 'life_meeting', '2023-01-01')).toBe('open');
    expect(s.find((x) => x.kind === 'members' && x.start === '2023-01-01')?.held).toEqual(['2023-02-10']);
    expect(s.filter((x) => x.kind === 'committee')).toHaveLength(12);
  });

  it('on 10 June 2023 the same June periods are open, not yet due soon', async () => {
    const s = await slotsOn('2023-06-10');
    expect(status(s, 'theme_day', '2023-06-01')).toBe('open');
    expect(status(s, 'members', '2023-04-01')).toBe('open');
  });

  it('frequencies come from the settings at the organisation’s place (community over street over district)', async () => {
    const admin = await env.login('admin');
    const v = ok(await admin.get(`/api/party-settings/${communityId}`)).version;
    ok(await admin.put(`/api/party-settings/${communityId}`, { version: v, settings: { frequencies: { lecture: 'monthly' }, remindDays: 30 } }));
    const s = await slotsOn('2023-06-10');
    expect(s.filter((x) => x.kind === 'lecture')).toHaveLength(12);
    expect(status(s, 'lecture', '2023-04-01')).toBe('held');
    expect(status(s, 'lecture', '2023-05-01')).toBe('missing');
    // 20 days left in June, within the 30 reminder days
    expect(status(s, 'theme_day', '2023-06-01')).toBe('due_soon');
    ok(await admin.put(`/api/party-settings/${communityId}`, { version: v + 1, settings: {} }));
  });
});

describe('GET /api/party/calendar', () => {
  const range = `from=${lastYear}-01-01&to=${lastYear}-12-31`;

  it('the scope under a place, worst first, with exact completion and totals', async () => {
    const c = ok(await worker.get(`/api/party/calendar?placeId=${communityId}&${range}`));
    // Y: 22 periods due, none held; the community committee: 21, none; X: 34 due, 4 quarters held (Q2 by the valid June meeting)
    expect(c.orgs.map((o: { name: string; held: number; due: number; percent: string; missing: number }) => [o.name, o.held, o.due, o.percent, o.missing])).toEqual([
      ['Y党支部', 0, 22, '0.0', 22],
      ['日历测试社区党委', 0, 21, '0.0', 21],
      ['X党支部', 4, 34, '11.8', 30],
    ]);
    expect(c.totals).toEqual({ orgs: 3, held: 4, due: 77, percent: '5.2', missing: 73, dueSoon: 0 });
    expect(c.slots).toBeNull();
    expect(c.orgs[0].communityName).toBe('日历测试社区');
  });

  it('one organisation: its periods with the meetings’ dates and the frequencies in force', async () => {
    const c = ok(await worker.get(`/api/party/calendar?orgId=${X.id}&${range}`));
    expect(c.orgs).toHaveLength(1);
    expect(c.frequencies).toEqual({ members: 'quarterly', committee: 'monthly', lecture: 'quarterly', theme_day: 'monthly', life_meeting: 'yearly', appraisal: 'yearly' });
    const q2 = c.slots.find((s: { kind: string; start: string }) => s.kind === 'members' && s.start === `${lastYear}-04-01`);
    expect(q2).toEqual({ kind: 'members', start: `${lastYear}-04-01`, end: `${lastYear}-06-30`, held: [`${lastYear}-06-10`], status: 'held' });
  });

  it('defaults to this year', async () => {
    const c = ok(await worker.get(`/api/party/calendar?orgId=${Y.id}`));
    const year = chinaToday().slice(0, 4);
    expect([c.from, c.to, c.today]).toEqual([`${year}-01-01`, `${year}-12-31`, chinaToday()]);
  });

  it('a secretary sees their organisation only; others are refused', async () => {
    const mine = ok(await secX.get(`/api/party/calendar?${range}`));
    expect(mine.orgs.map((o: { id: number }) => o.id)).toEqual([X.id]);
    expectError(await secX.get(`/api/party/calendar?orgId=${Y.id}`), 403, 'NOT_IN_SCOPE');
    const demoCommunity = Number((await q(env, `SELECT id FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`, [communityId]))[0].id);
    const foreign = (await staffAccount(env, 'community_worker', demoCommunity)).client;
    expectError(await foreign.get(`/api/party/calendar?placeId=${communityId}`), 403, 'NOT_IN_SCOPE');
    expectError(await foreign.get(`/api/party/calendar?orgId=${X.id}`), 403, 'NOT_IN_SCOPE');
    expect(ok(await foreign.get(`/api/party/calendar?${range}`)).orgs.some((o: { id: number }) => [X.id, Y.id, community.id].includes(o.id))).toBe(false);
    expectError(await (await env.login('resident')).get('/api/party/calendar'), 403, 'FORBIDDEN');
    expectError(await env.anon.get('/api/party/calendar'), 401, 'UNAUTHENTICATED');
  });

  it('bad ranges are 400', async () => {
    expectError(await worker.get(`/api/party/calendar?from=2025-05-01&to=2025-04-01`), 400, 'PARTY_CALENDAR_RANGE_INVALID');
    expectError(await worker.get(`/api/party/calendar?from=2020-01-01&to=2025-12-31`), 400, 'PARTY_CALENDAR_RANGE_INVALID');
    expectError(await worker.get(`/api/party/calendar?from=2023-02-30`), 400, 'VALIDATION_FAILED');
  });
});
