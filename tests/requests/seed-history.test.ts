// The seeded request history (src/seed/requests.ts) against the request loop's rules: the rollup
// equals the naive count (stats.ts), states, deadlines, routing and outcomes agree with what
// service.ts act() and the sweep would have written, the demo accounts have work, and after a
// series of API actions the trigger-kept rollup still equals a rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from '../../src/test/harness';
import { seedRequestHistory, type RequestHistoryResult } from '../../src/seed/requests';
import { naiveScopeRates, scopeRates } from '../../src/modules/requests/stats';
import { DEFAULT_WEIGHTS } from '../../src/modules/requests/rates';
import { count, pathOf, placeUnder } from '../helpers';
import { categoryId } from './support';

let env: TestEnv;
let history: RequestHistoryResult | null = null;
const now = new Date();
const from = new Date(now.getTime() - 400 * 86_400_000).toISOString().slice(0, 10);
const to = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
// local (UTC+8) day of a timestamp column, as the rollup counts it
const day = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`;

beforeAll(async () => {
  env = await createTestEnv();
  // the demo seed may already bring the history; add it only if it does not
  if (!(await count(env, `SELECT count(*)::int AS n FROM requests WHERE is_demo`))) {
    history = await env.database.rawTransaction((q) => seedRequestHistory(q, { scale: 'demo', now }));
  }
});
afterAll(async () => env?.close());

const none = (sqlText: string) => count(env, `SELECT count(*)::int AS n FROM requests r WHERE ${sqlText}`);

/** The rollup's non-zero rows in a fixed order (rows the trigger emptied are left at zero). */
async function rollupRows(): Promise<unknown[]> {
  return env.database.query(
    `SELECT place_id::int AS p, dim::int AS d, dim_id::int AS i, day::text AS day, submitted, response_due, response_in_time, resolution_due,
            resolution_in_time, declined, reopened, rated, satisfied FROM request_rollup
     WHERE submitted <> 0 OR response_due <> 0 OR response_in_time <> 0 OR resolution_due <> 0 OR resolution_in_time <> 0
        OR declined <> 0 OR reopened <> 0 OR rated <> 0 OR satisfied <> 0
     ORDER BY place_id, dim, dim_id, day`,
  );
}

describe('the seeded request history', () => {
  it('holds about 3,000 demo requests with their timelines, in every state', async () => {
    expect(await count(env, `SELECT count(*)::int AS n FROM requests WHERE is_demo`)).toBe(3000);
    if (history) expect(history.requests).toBe(3000);
    const states = await env.database.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM requests GROUP BY state`);
    for (const s of ['closed', 'resolved', 'in_progress', 'accepted', 'submitted', 'deferred']) expect(states.map((x) => x.state)).toContain(s);
    const channels = await env.database.query<{ channel: string }>(`SELECT DISTINCT channel FROM requests`);
    expect(channels.map((c) => c.channel).sort()).toEqual(['grid', 'hotline', 'open311', 'resident', 'staff']);
    // every request starts with its submission; events are in time order (the timeline sorts by id)
    expect(await none(`NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.type = 'submitted' AND e.at = r.submitted_at)`)).toBe(0);
    expect(
      await count(env, `SELECT count(*)::int AS n FROM (SELECT at < lag(at) OVER (PARTITION BY request_id ORDER BY id) AS back FROM request_events) x WHERE back`),
    ).toBe(0);
    // lean timelines: 3–6 events on most requests
    const avg = await count(env, `SELECT round(avg(n) * 10)::int AS n FROM (SELECT count(*) AS n FROM request_events GROUP BY request_id) x`);
    expect(avg).toBeGreaterThanOrEqual(30);
    expect(avg).toBeLessThanOrEqual(70);
    // hotline orders carry their order number
    expect(await none(`r.channel = 'hotline' AND r.external_ref IS NULL`)).toBe(0);
  });

  // stats.ts: the dashboard reads the rollup; naiveScopeRates counts the same from the raw rows
  it('has a rollup equal to the naive count for the district, a street and an estate', async () => {
    const district = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'district' ORDER BY id LIMIT 1`))[0].id);
    const street = await placeUnder(env, 'street', district);
    const estate = await placeUnder(env, 'estate', district);
    for (const place of [district, street, estate]) {
      const path = await pathOf(env, place);
      const rollup = await scopeRates(env.ctx.db, place, from, to, DEFAULT_WEIGHTS);
      const naive = await naiveScopeRates(env.ctx.db, path, from, to, DEFAULT_WEIGHTS);
      expect(rollup).toEqual(naive);
      expect(rollup.submitted).toBe(await count(env, `SELECT count(*)::int AS n FROM requests WHERE place_path LIKE $1`, [path + '%']));
    }
    // and over a single month, where the counting days matter
    const month = new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 7);
    expect(await scopeRates(env.ctx.db, district, `${month}-01`, `${month}-28`, DEFAULT_WEIGHTS)).toEqual(
      await naiveScopeRates(env.ctx.db, await pathOf(env, district), `${month}-01`, `${month}-28`, DEFAULT_WEIGHTS),
    );
    // realistic rates: most requests answered and resolved in time, most ratings satisfied
    const total = await scopeRates(env.ctx.db, district, from, to, DEFAULT_WEIGHTS);
    for (const r of [total.response, total.resolution, total.satisfaction]) {
      expect(r!.num / r!.den).toBeGreaterThan(0.8);
      expect(r!.num / r!.den).toBeLessThan(1);
    }
  });

  it('keeps states, clocks and outcomes consistent with the rules of act() and the sweep', async () => {
    // 评价: a rating always has its time; closed requests were resolved, or declined and closed
    expect(await none(`r.rating IS NOT NULL AND r.rated_at IS NULL`)).toBe(0);
    expect(await none(`r.state = 'closed' AND (r.closed_at IS NULL OR (r.resolved_at IS NULL AND r.resolution_outcome IS DISTINCT FROM 'declined'))`)).toBe(0);
    expect(await none(`r.state = 'resolved' AND (r.resolved_at IS NULL OR r.resolution IS NULL)`)).toBe(0);
    expect(await none(`r.state IN ('submitted','accepted','in_progress','deferred','escalated') AND (r.resolved_at IS NOT NULL OR r.closed_at IS NOT NULL)`)).toBe(0);
    expect(await none(`r.state = 'declined' AND (r.resolution_outcome <> 'declined' OR r.resolution IS NULL)`)).toBe(0);
    // deferred ⇔ the clock is stopped: one open pause and no resolve deadline
    expect(await none(`(r.state = 'deferred') <> EXISTS (SELECT 1 FROM request_pauses p WHERE p.request_id = r.id AND p.to_at IS NULL)`)).toBe(0);
    expect(await none(`(r.state = 'deferred') <> (r.resolve_due_at IS NULL)`)).toBe(0);
    expect(await count(env, `SELECT count(*)::int AS n FROM request_pauses`)).toBeGreaterThan(0);
    // an outcome is counted on a day, and only then
    expect(await none(`(r.response_day IS NULL) <> (r.response_outcome IS NULL) OR (r.resolution_day IS NULL) <> (r.resolution_outcome IS NULL)`)).toBe(0);
    // the steps happen in order
    expect(await none(`r.accepted_at < r.submitted_at OR r.contacted_at < r.accepted_at OR r.resolved_at < r.accepted_at OR r.rated_at < r.resolved_at`)).toBe(0);
    expect(await none(`r.accepted_at IS NOT NULL AND r.contact_due_at <> r.accepted_at + interval '24 hours'`)).toBe(0);

    // deadlines (settings.ts defaults): respond in 1 h / 2 h / 24 h / 24 h, resolve in 2 h / 24 h / 7 d / 15 d
    const spans = `(VALUES ('emergency', interval '1 hour', interval '2 hours'), ('utilities', interval '2 hours', interval '24 hours'),
                           ('ordinary', interval '24 hours', interval '7 days'), ('complex', interval '24 hours', interval '15 days')) AS s(cls, resp, res)`;
    expect(await count(env, `SELECT count(*)::int AS n FROM requests r JOIN ${spans} ON s.cls = r.deadline_class WHERE r.accept_due_at <> r.submitted_at + s.resp`)).toBe(0);
    expect(
      await count(
        env,
        `SELECT count(*)::int AS n FROM requests r JOIN ${spans} ON s.cls = r.deadline_class
         WHERE r.reopen_count = 0 AND NOT EXISTS (SELECT 1 FROM request_pauses p WHERE p.request_id = r.id) AND r.resolve_due_at <> r.submitted_at + s.res`,
      ),
    ).toBe(0);
    // a deferral moves the deadline on by the time it lasted
    expect(
      await count(
        env,
        `SELECT count(*)::int AS n FROM requests r JOIN ${spans} ON s.cls = r.deadline_class
         WHERE r.reopen_count = 0 AND r.state <> 'deferred' AND EXISTS (SELECT 1 FROM request_pauses p WHERE p.request_id = r.id)
           AND r.resolve_due_at <> r.submitted_at + s.res + (SELECT sum(p.to_at - p.from_at) FROM request_pauses p WHERE p.request_id = r.id)`,
      ),
    ).toBe(0);

    // 响应: in time = accepted and contacted by their deadlines, counted on the contact's day; late on the accept deadline's day
    expect(
      await none(`r.response_outcome = 'in_time' AND r.resolution_outcome IS DISTINCT FROM 'declined'
                  AND NOT (r.accepted_at <= r.accept_due_at AND r.contacted_at <= r.contact_due_at AND r.response_day = ${day('r.contacted_at')})`),
    ).toBe(0);
    expect(await none(`r.response_outcome = 'late' AND r.response_day <> ${day('r.accept_due_at')}`)).toBe(0);
    // (the sweep runs every few minutes: a deadline passed in the last quarter hour may be unmarked yet)
    expect(await none(`r.response_outcome IS NULL AND r.accept_due_at < now() - interval '15 minutes' AND r.accepted_at IS NULL`)).toBe(0);
    // 解决: in time = resolved by the deadline, on that day; late counts on the deadline's day
    expect(await none(`r.resolution_outcome = 'in_time' AND NOT (r.resolved_at <= r.resolve_due_at AND r.resolution_day = ${day('r.resolved_at')} AND r.reopen_count = 0)`)).toBe(0);
    expect(
      await none(`r.resolution_outcome = 'late' AND r.reopen_count = 0 AND NOT EXISTS (SELECT 1 FROM request_pauses p WHERE p.request_id = r.id)
                  AND r.resolution_day <> ${day('r.resolve_due_at')}`),
    ).toBe(0);
    expect(await none(`(r.resolution_outcome = 'reopened') <> (r.reopen_count > 0)`)).toBe(0);
    // the sweep has marked every missed deadline of the unfinished ones
    expect(await none(`r.state IN ('submitted','accepted','in_progress','escalated') AND r.resolution_outcome IS NULL AND r.resolve_due_at < now() - interval '15 minutes'`)).toBe(0);
    // …and left some overdue and open, for the lists to show
    expect(await none(`r.state IN ('submitted','accepted','in_progress','escalated') AND (r.resolve_due_at < now() OR (r.accepted_at IS NULL AND r.accept_due_at < now()))`)).toBeGreaterThan(0);
    // resolved and not rated for longer than autoCloseDays (7): the sweep closed it
    expect(await none(`r.state = 'resolved' AND r.resolved_at < now() - interval '7 days 1 hour'`)).toBe(0);
    expect(await count(env, `SELECT count(*)::int AS n FROM request_events WHERE type = 'close' AND actor_role = 'system' AND from_state NOT IN ('resolved','declined')`)).toBe(0);
    // ratings: mostly 满意, some 基本满意, a few 不满意 and always with reasons
    const ratings = Object.fromEntries(
      (await env.database.query<{ rating: string; n: number }>(`SELECT rating, count(*)::int AS n FROM requests WHERE rating IS NOT NULL GROUP BY rating`)).map((x) => [x.rating, x.n]),
    );
    expect(ratings.satisfied).toBeGreaterThan(ratings.basic);
    expect(ratings.basic).toBeGreaterThan(ratings.unsatisfied);
    expect(ratings.unsatisfied).toBeGreaterThan(0);
    expect(await none(`r.rating = 'unsatisfied' AND coalesce(cardinality(r.rating_reasons), 0) = 0`)).toBe(0);
  });

  // the bulk load skips the foreign-key checks when it may (superuser): check every reference here
  it('references only rows that exist, and leaves the rollup triggers on', async () => {
    const fks = await env.database.query<{ tbl: string; col: string; ref: string; refcol: string }>(
      `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, af.attname AS refcol
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ('requests', 'request_events', 'request_pauses', 'request_cohandlers')`,
    );
    expect(fks.length).toBeGreaterThanOrEqual(15);
    for (const f of fks) {
      const orphans = await count(env, `SELECT count(*)::int AS n FROM ${f.tbl} t WHERE t.${f.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${f.ref} x WHERE x.${f.refcol} = t.${f.col})`);
      expect(`${f.tbl}.${f.col}: ${orphans}`).toBe(`${f.tbl}.${f.col}: 0`);
    }
    const triggers = await env.database.query<{ tgname: string; tgenabled: string }>(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'requests'::regclass AND tgname LIKE 'requests_rollup_%' ORDER BY tgname`,
    );
    expect(triggers).toEqual([{ tgname: 'requests_rollup_insert', tgenabled: 'O' }, { tgname: 'requests_rollup_update', tgenabled: 'O' }]);
    expect((await env.database.query<{ r: string }>(`SELECT current_setting('session_replication_role') AS r`))[0].r).toBe('origin');
  });

  // service.ts route(): the estate's company, else the community (兜底); a department by name suffix
  it('routes each request first as route() does', async () => {
    const wrong = await count(
      env,
      `SELECT count(*)::int AS n FROM requests r JOIN request_categories c ON c.id = r.category_id
       LEFT JOIN estate_property ep ON ep.estate_id = r.estate_id
       LEFT JOIN orgs o ON o.id = r.first_owner_org_id
       WHERE NOT CASE c.route_to
         WHEN 'property' THEN CASE WHEN ep.company_id IS NOT NULL THEN r.first_owner_kind = 'property' AND r.first_owner_org_id = ep.company_id AND r.first_owner_place_id = r.estate_id
                                   ELSE r.first_owner_kind = 'community' AND r.first_owner_place_id = r.community_id END
         WHEN 'community' THEN r.first_owner_kind = 'community' AND r.first_owner_place_id = r.community_id
         WHEN 'street' THEN r.first_owner_kind = 'street' AND r.first_owner_place_id = r.street_id
         ELSE r.first_owner_kind = 'department' AND o.kind = 'department' AND o.name LIKE '%' || c.department_name AND r.first_owner_place_id = r.district_id END`,
    );
    expect(wrong).toBe(0);
    // nobody bounces a request without a trace: a new owner means a transfer or an escalation on the timeline
    expect(
      await none(`(r.owner_kind, r.owner_place_id, coalesce(r.owner_org_id, 0)) <> (r.first_owner_kind, r.first_owner_place_id, coalesce(r.first_owner_org_id, 0))
                  AND NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.type IN ('transfer','escalate'))`),
    ).toBe(0);
    expect(await none(`r.transfer_count <> (SELECT count(*) FROM request_events e WHERE e.request_id = r.id AND e.type = 'transfer')`)).toBe(0);
  });

  it('gives the demo resident a few requests of their own, and the community worker open and overdue work', async () => {
    const resident = await env.login('resident');
    const mine = (await resident.get('/api/requests?view=mine&limit=50')).json() as { items: { id: number; state: string }[]; total: number };
    expect(mine.total).toBeGreaterThanOrEqual(3);
    expect(mine.total).toBeLessThanOrEqual(5);
    expect(new Set(mine.items.map((i) => i.state)).size).toBeGreaterThanOrEqual(3);
    // the resolved one waits for the resident's rating, and the rating goes through
    const waiting = mine.items.find((i) => i.state === 'resolved');
    expect(waiting).toBeDefined();
    const detail = (await resident.get(`/api/requests/${waiting!.id}`)).json();
    expect(detail.actions).toContain('rate');
    expect(detail.events.every((e: { internal: boolean }) => !e.internal)).toBe(true);
    const rated = await resident.post(`/api/requests/${waiting!.id}/actions`, { action: 'rate', rating: 'satisfied' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().state).toBe('closed');

    const community = await env.login('community');
    const inbox = (await community.get('/api/requests?view=inbox&open=true&limit=100')).json() as { items: { overdue: boolean; state: string }[]; total: number };
    expect(inbox.total).toBeGreaterThan(0);
    expect(inbox.items.filter((i) => i.overdue).length).toBeGreaterThanOrEqual(1);
    const overdue = (await community.get('/api/requests?view=overdue')).json();
    expect(overdue.total).toBeGreaterThanOrEqual(1);
  });

  it('serves the dashboard from the seeded rollup', async () => {
    const admin = await env.login('admin');
    const res = await admin.get(`/api/requests-stats?step=month&from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats.total.submitted).toBe(await count(env, `SELECT count(*)::int AS n FROM requests`));
    expect(stats.trend.length).toBeGreaterThanOrEqual(12);
    expect(stats.byCategory.length).toBeGreaterThan(10);
    expect(stats.now.open).toBe(await none(`r.state IN ('submitted','accepted','in_progress','deferred','escalated')`));
  });
});

describe('the rollup trigger after a series of API actions', () => {
  async function file(c: Client, code: string, placeId: number, onBehalf = false) {
    const res = await c.post('/api/requests', {
      categoryId: await categoryId(env, code),
      placeId,
      description: '测试诉求：用于核对看板统计',
      ...(onBehalf ? { onBehalf: { name: '王大爷', phone: '13800138000' } } : {}),
    });
    expect(res.statusCode).toBe(200);
    return res.json().id as number;
  }
  async function act(c: Client, id: number, body: Record<string, unknown>) {
    const res = await c.post(`/api/requests/${id}/actions`, body);
    if (res.statusCode !== 200) throw new Error(`${body.action}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  it('keeps request_rollup equal to request_rollup_rebuild()', async () => {
    const resident = await env.login('resident');
    const community = await env.login('community');
    const property = await env.login('property');
    const street = await env.login('street');
    const unitId = (await resident.get('/api/me/household')).json().homes[0].unitId as number;

    // filed, accepted, contacted, started, deferred, resumed, resolved, reopened, resolved again, rated 不满意
    const a = await file(resident, 'noise', unitId);
    await act(community, a, { action: 'accept' });
    await act(community, a, { action: 'contact', method: 'phone' });
    await act(community, a, { action: 'start' });
    await act(community, a, { action: 'defer', text: '等待会商结果' });
    await act(community, a, { action: 'resume' });
    await act(community, a, { action: 'resolve', text: '已协调处理' });
    await act(resident, a, { action: 'reopen', text: '还是很吵' });
    await act(community, a, { action: 'resolve', text: '再次上门协调' });
    expect((await act(resident, a, { action: 'rate', rating: 'unsatisfied', reasons: ['slow'] })).state).toBe('closed');

    // to the property company, transferred to the community, escalated to the street, resolved there, rated 满意
    const b = await file(resident, 'roof_leak', unitId);
    const targets = (await property.get(`/api/requests/${b}/targets`)).json().items as { kind: string }[];
    expect(targets.some((t) => t.kind === 'community')).toBe(true);
    await act(property, b, { action: 'transfer', text: '需社区协调', target: { kind: 'community' } });
    await act(community, b, { action: 'escalate', text: '需街道统筹' });
    await act(street, b, { action: 'accept' });
    await act(street, b, { action: 'resolve', text: '已维修' });
    await act(resident, b, { action: 'rate', rating: 'satisfied' });

    // filed on someone's behalf and declined; a seeded open request taken up and resolved
    const c = await file(community, 'fee_dispute', unitId, true);
    await act(community, c, { action: 'decline', text: '属于民事纠纷，建议诉讼解决' });
    const open = (await community.get('/api/requests?view=inbox&state=submitted&limit=1')).json().items[0] as { id: number } | undefined;
    if (open) {
      await act(community, open.id, { action: 'accept' });
      await act(community, open.id, { action: 'resolve', text: '已处理' });
    }

    const kept = await rollupRows();
    expect(kept.length).toBeGreaterThan(0);
    await env.database.query(`SELECT request_rollup_rebuild()`);
    expect(await rollupRows()).toEqual(kept);
  });
});
