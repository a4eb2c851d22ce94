// Deadlines as they run through the API (DOMAIN.md §3: local deadlines, overdue is computed,
// visible and counted): the settings' working days, holidays and 调休 move the accept and resolve
// due times exactly as clock.ts says; the sweep (sweep.ts, run the way core/sweeps.ts runs it)
// marks missed responses and resolutions late once, writes overdue events and tells the handler;
// the overdue list and the dashboard's live count show them; resolved requests nobody rated close
// after the street's autoCloseDays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from '../../src/test/harness';
import { runSweep } from '../../src/core/sweeps';
import { sweepDeadlines } from '../../src/modules/requests/sweep';
import { dueAt, localDate, NATURAL, type Span } from '../../src/modules/requests/clock';
import { calendarOf, mergeSettings, type SettingsPatch } from '../../src/modules/requests/settings';
import { auditHeadSeq, auditSince, count, grantPlaceOf, userIdOf } from '../helpers';
import { act, eventRows, fileAsResident, fileOnBehalf, listIds, loginAll, requestRow, type DemoUser, type RequestDetail } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sweep = { name: 'requests.deadlines', run: sweepDeadlines };

let env: TestEnv;
let c: Record<DemoUser, Client>;
let street: number;
let community: number;
let settingsVersion = 0;

/** Replace the street's own settings (PUT /request-settings/:id), keeping track of the version. */
async function streetSettings(patch: SettingsPatch): Promise<void> {
  const res = await c.street.put(`/api/request-settings/${street}`, { settings: patch, version: settingsVersion });
  expect(res.statusCode, res.body).toBe(200);
  settingsVersion = res.json().version;
}

const plusDays = (date: string, n: number) => new Date(Date.parse(date + 'T00:00:00Z') + n * DAY).toISOString().slice(0, 10);
const weekend = (date: string) => [0, 6].includes(new Date(date + 'T00:00:00Z').getUTCDay());
const newNoise = () => fileAsResident(env, c.resident, 'noise'); // ordinary, routed to the community

async function sweepNow(): Promise<Record<string, number>> {
  const result = await runSweep(env.ctx, sweep);
  expect(result).not.toBeNull();
  return result as Record<string, number>;
}

async function liveCounts(): Promise<{ open: number; overdue: number; deferred: number }> {
  const res = await c.community.get(`/api/requests-stats?placeId=${community}&step=day`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().now;
}

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  street = await grantPlaceOf(env, 'street');
  community = await grantPlaceOf(env, 'community');
});
afterAll(async () => env?.close());

describe('the calendar in the settings moves the due times', () => {
  it('counts day spans on working days only, skipping holidays and working 调休 days, as clock.ts says', async () => {
    const today = localDate(Date.now(), NATURAL);
    const holidays = [1, 2, 3, 4].map((n) => plusDays(today, n));
    let makeUp = plusDays(today, 5);
    while (!weekend(makeUp)) makeUp = plusDays(makeUp, 1);
    const patch: SettingsPatch = {
      workingDays: true,
      holidays,
      makeUpDays: [makeUp],
      deadlines: { ordinary: { response: { unit: 'days', amount: 1 }, resolution: { unit: 'days', amount: 6 } } },
    };
    await streetSettings(patch);
    const r = await newNoise();
    const row = await requestRow(env, r.id);
    const cal = calendarOf(mergeSettings(patch));
    const acceptSpan: Span = { unit: 'days', amount: 1 };
    const resolveSpan: Span = { unit: 'days', amount: 6 };
    expect(row.accept_due_at).toEqual(dueAt(row.submitted_at, acceptSpan, cal));
    expect(row.resolve_due_at).toEqual(dueAt(row.submitted_at, resolveSpan, cal));
    // the four holidays push even a one-day answer past them
    expect(row.accept_due_at.getTime() - row.submitted_at.getTime()).toBeGreaterThan(4 * DAY);
    // the make-up working day brings the resolution a day forward
    const withoutMakeUp = dueAt(row.submitted_at, resolveSpan, { ...cal, makeUpDays: new Set() })!;
    expect(row.resolve_due_at!.getTime()).toBeLessThan(withoutMakeUp.getTime());
    expect(r.acceptDueAt).toBe(row.accept_due_at.toISOString());
    expect(r.resolveDueAt).toBe(row.resolve_due_at!.toISOString());
  });

  it('keeps hour spans in natural time: an emergency does not wait for Monday', async () => {
    const r = await fileAsResident(env, c.resident, 'emergency');
    const row = await requestRow(env, r.id);
    expect(row.accept_due_at.getTime() - row.submitted_at.getTime()).toBe(1 * HOUR);
    expect(row.resolve_due_at!.getTime() - row.submitted_at.getTime()).toBe(2 * HOUR);
  });

  it('natural time again once the street drops its calendar', async () => {
    await streetSettings({});
    const r = await newNoise();
    const row = await requestRow(env, r.id);
    expect(row.accept_due_at.getTime() - row.submitted_at.getTime()).toBe(24 * HOUR);
    expect(row.resolve_due_at!.getTime() - row.submitted_at.getTime()).toBe(7 * DAY);
  });
});

describe('a response after its deadline', () => {
  it('is late at once when accepted after the accept deadline, counted on the deadline’s day', async () => {
    const r = await newNoise();
    await env.database.query(`UPDATE requests SET accept_due_at = now() - interval '30 hours' WHERE id = $1`, [r.id]);
    const due = (await requestRow(env, r.id)).accept_due_at;
    await act(c.community, r.id, { action: 'accept' });
    const row = await env.database.query<{ o: string; d: string }>(`SELECT response_outcome AS o, response_day::text AS d FROM requests WHERE id = $1`, [r.id]);
    expect(row[0]).toEqual({ o: 'late', d: localDate(due.getTime(), NATURAL) });
  });
});

describe('the sweep, the overdue list and the live count', () => {
  let unaccepted: RequestDetail;
  let uncontacted: RequestDetail;
  let unresolved: RequestDetail;
  let deferred: RequestDetail;
  let fresh: RequestDetail;
  let before: { open: number; overdue: number; deferred: number };

  beforeAll(async () => {
    unaccepted = await newNoise();
    uncontacted = await newNoise();
    await act(c.community, uncontacted.id, { action: 'accept' });
    unresolved = await newNoise();
    await act(c.community, unresolved.id, { action: 'accept' });
    await act(c.community, unresolved.id, { action: 'contact', method: 'visit' });
    deferred = await newNoise();
    await act(c.community, deferred.id, { action: 'accept' });
    await act(c.community, deferred.id, { action: 'contact', method: 'phone' });
    await act(c.community, deferred.id, { action: 'defer', text: '等待维修配件' });
    fresh = await newNoise();
    before = await liveCounts();
    // the deadlines pass
    await env.database.query(`UPDATE requests SET accept_due_at = now() - interval '2 hours' WHERE id = $1`, [unaccepted.id]);
    await env.database.query(`UPDATE requests SET contact_due_at = now() - interval '1 hour' WHERE id = $1`, [uncontacted.id]);
    await env.database.query(`UPDATE requests SET resolve_due_at = now() - interval '1 hour' WHERE id = $1`, [unresolved.id]);
    await env.database.query(`UPDATE request_pauses SET from_at = from_at - interval '30 days' WHERE request_id = $1`, [deferred.id]);
  });

  it('shows them as overdue before any sweep: in the list and in the dashboard’s count', async () => {
    const overdue = await listIds(c.community, 'view=overdue');
    expect(overdue).toEqual(expect.arrayContaining([unaccepted.id, uncontacted.id, unresolved.id]));
    expect(overdue).not.toContain(deferred.id); // the clock stops while deferred
    expect(overdue).not.toContain(fresh.id);
    const items = (await c.community.get('/api/requests?view=scope&limit=100')).json().items as { id: number; overdue: boolean }[];
    expect(items.find((i) => i.id === unaccepted.id)!.overdue).toBe(true);
    expect(items.find((i) => i.id === fresh.id)!.overdue).toBe(false);
    const now = await liveCounts();
    expect(now.overdue - before.overdue).toBe(3);
    expect(now.open).toBe(before.open);
    expect(now.deferred).toBeGreaterThanOrEqual(1);
    expect(now.deferred).toBe(await count(env, `SELECT count(*) AS n FROM requests WHERE state = 'deferred' AND community_id = $1`, [community]));
    expect(now.open).toBe(await count(env, `SELECT count(*) AS n FROM requests WHERE state IN ('submitted','accepted','in_progress','deferred','escalated') AND community_id = $1`, [community]));
    // 三长 of the area see the overdue list too, the property company does not see the community's
    expect(await listIds(c.pianzhang, 'view=overdue')).toContain(unaccepted.id);
    expect(await listIds(c.property, 'view=overdue')).not.toContain(unaccepted.id);
  });

  it('marks missed responses and resolutions late, once, with overdue events and a notice to the handler', async () => {
    const seq = await auditHeadSeq(env);
    const runs = await count(env, `SELECT count(*)::int AS n FROM sweep_runs WHERE name = 'requests.deadlines'`);
    const communityUser = await userIdOf(env, 'community');
    const result = await sweepNow();
    expect(result.lateResponse).toBeGreaterThanOrEqual(2);
    expect(result.lateResolution).toBeGreaterThanOrEqual(1);
    const day = (t: Date | null) => localDate(t!.getTime(), NATURAL);
    const outcome = async (id: number) =>
      (
        await env.database.query<{ ro: string | null; rd: string | null; so: string | null; sd: string | null }>(
          `SELECT response_outcome AS ro, response_day::text AS rd, resolution_outcome AS so, resolution_day::text AS sd FROM requests WHERE id = $1`,
          [id],
        )
      )[0];
    expect(await outcome(unaccepted.id)).toEqual({ ro: 'late', rd: day((await requestRow(env, unaccepted.id)).accept_due_at), so: null, sd: null });
    expect((await outcome(uncontacted.id)).ro).toBe('late');
    expect(await outcome(unresolved.id)).toEqual({ ro: 'in_time', rd: expect.any(String), so: 'late', sd: day((await requestRow(env, unresolved.id)).resolve_due_at) });
    expect(await outcome(deferred.id)).toMatchObject({ ro: 'in_time', so: null });
    expect(await outcome(fresh.id)).toEqual({ ro: null, rd: null, so: null, sd: null });

    const overdueEvents = async (id: number) => (await eventRows(env, id)).filter((e) => e.type === 'overdue');
    expect(await overdueEvents(unaccepted.id)).toMatchObject([{ actor_role: 'system', internal: true, body: '响应超时' }]);
    expect(await overdueEvents(uncontacted.id)).toMatchObject([{ body: '响应超时' }]);
    expect(await overdueEvents(unresolved.id)).toMatchObject([{ body: '办理超期', internal: true }]);
    expect(await overdueEvents(fresh.id)).toEqual([]);
    expect(await count(env, `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'request.overdue' AND link = $2`, [communityUser, `/requests/${unresolved.id}`])).toBe(1);
    const audit = await auditSince(env, seq, 'request.sweep');
    expect(audit).toHaveLength(1);
    const after = audit[0].after as { lateResponse: number[]; lateResolution: number[] };
    expect(after.lateResponse).toEqual(expect.arrayContaining([unaccepted.id, uncontacted.id]));
    expect(after.lateResolution).toContain(unresolved.id);
    expect(await count(env, `SELECT count(*)::int AS n FROM sweep_runs WHERE name = 'requests.deadlines'`)).toBe(runs + 1);
    // the requester does not see the internal overdue entries
    const seen = (await c.resident.get(`/api/requests/${unaccepted.id}`)).json() as RequestDetail;
    expect(seen.events.map((e) => e.type)).not.toContain('overdue');

    // a second sweep does not mark them again
    const again = await auditHeadSeq(env);
    await sweepNow();
    for (const a of await auditSince(env, again, 'request.sweep')) {
      const ids = a.after as { lateResponse: number[]; lateResolution: number[] };
      expect(ids.lateResponse).not.toEqual(expect.arrayContaining([unaccepted.id]));
      expect(ids.lateResolution).not.toEqual(expect.arrayContaining([unresolved.id]));
    }
    expect(await overdueEvents(unaccepted.id)).toHaveLength(1);
    expect(await overdueEvents(unresolved.id)).toHaveLength(1);
  });

  it('keeps a late outcome late when the work is done afterwards', async () => {
    await act(c.community, unaccepted.id, { action: 'accept' });
    await act(c.community, unaccepted.id, { action: 'contact', method: 'phone' });
    await act(c.community, uncontacted.id, { action: 'contact', method: 'phone' });
    await act(c.community, unresolved.id, { action: 'resolve', text: '超期后办结' });
    expect((await requestRow(env, unaccepted.id)).response_outcome).toBe('late');
    expect((await requestRow(env, uncontacted.id)).response_outcome).toBe('late');
    expect((await requestRow(env, unresolved.id)).resolution_outcome).toBe('late');
    const overdue = await listIds(c.community, 'view=overdue');
    expect(overdue).not.toContain(unresolved.id); // resolved: no longer open
    expect(overdue).not.toContain(uncontacted.id); // contacted, resolve due still ahead
  });
});

describe('auto-close of resolved requests nobody rated', () => {
  async function resolvedDaysAgo(days: number): Promise<RequestDetail> {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    await act(c.community, r.id, { action: 'resolve', text: '已处理' });
    await env.database.query(`UPDATE requests SET resolved_at = now() - make_interval(days => $2), updated_at = now() - make_interval(days => $2) WHERE id = $1`, [r.id, days]);
    return r;
  }

  it('closes after the default 7 days, and after the street’s own days once set', async () => {
    const old = await resolvedDaysAgo(8);
    const recent = await resolvedDaysAgo(3);
    const result = await sweepNow();
    expect(result.autoClosed).toBeGreaterThanOrEqual(1);
    const oldRow = await requestRow(env, old.id);
    expect(oldRow).toMatchObject({ state: 'closed', rating: null });
    expect(oldRow.closed_at).not.toBeNull();
    expect((await eventRows(env, old.id)).at(-1)).toMatchObject({ type: 'close', actor_role: 'system', from_state: 'resolved', to_state: 'closed' });
    expect((await requestRow(env, recent.id)).state).toBe('resolved');
    // closed by the sweep, the resident may still rate it
    expect(((await c.resident.get(`/api/requests/${old.id}`)).json() as RequestDetail).actions).toContain('rate');

    await streetSettings({ autoCloseDays: 2 });
    await sweepNow();
    expect((await requestRow(env, recent.id)).state).toBe('closed');
    await streetSettings({});
  });

  it('does not let a full batch of requests not yet due keep a due one from closing', async () => {
    // a street that waits 30 days, with more resolved requests than one sweep takes (500)
    await streetSettings({ autoCloseDays: 30 });
    const template = await resolvedDaysAgo(5);
    await env.database.query(
      `INSERT INTO requests (category_id, kind, channel, title, description, place_id, place_path, district_id, street_id, community_id, estate_id,
                             requester_name, owner_kind, owner_place_id, owner_org_id, first_owner_kind, first_owner_place_id, first_owner_org_id,
                             deadline_class, submitted_at, accept_due_at, resolve_due_at, state, resolved_at, resolution, updated_at)
       SELECT category_id, kind, channel, title, description, place_id, place_path, district_id, street_id, community_id, estate_id,
              requester_name, owner_kind, owner_place_id, owner_org_id, first_owner_kind, first_owner_place_id, first_owner_org_id,
              deadline_class, submitted_at, accept_due_at, resolve_due_at, state, resolved_at, resolution, updated_at
       FROM requests, generate_series(1, 500) WHERE id = $1`,
      [template.id],
    );
    // then one in another street, past the default 7 days
    const farStreet = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [street]))[0].id);
    const farUnit = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'unit' AND path LIKE (SELECT path FROM places WHERE id = $1) || '%' ORDER BY id LIMIT 1`, [farStreet]))[0].id);
    const due = await fileOnBehalf(env, c.admin, 'noise', farUnit);
    await act(c.admin, due.id, { action: 'accept' });
    await act(c.admin, due.id, { action: 'resolve', text: '已处理' });
    await env.database.query(`UPDATE requests SET resolved_at = now() - interval '8 days' WHERE id = $1`, [due.id]);
    await sweepNow();
    expect((await requestRow(env, due.id)).state).toBe('closed');
    expect(await count(env, `SELECT count(*)::int AS n FROM requests WHERE street_id = $1 AND state = 'resolved'`, [street])).toBeGreaterThanOrEqual(501);
    await streetSettings({});
  });
});
