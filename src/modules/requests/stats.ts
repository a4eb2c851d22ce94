// The dashboard's figures, read from the daily rollup (request_rollup, kept by a trigger): the
// three rates and the composite for a scope and a period, the trend, the breakdown by category,
// the ranking of the places one level down and of the handling units, and the live counts.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { assertInScope, scopePaths } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { percent, threeRates, type Weights } from './rates';
import { effectiveSettings } from './config';
import type { RatesT, StatsT } from './schemas';

interface Sums {
  submitted: number;
  response_due: number;
  response_in_time: number;
  resolution_due: number;
  resolution_in_time: number;
  declined: number;
  reopened: number;
  rated: number;
  satisfied: number;
}

const sums = sql`coalesce(sum(submitted), 0)::int AS submitted, coalesce(sum(response_due), 0)::int AS response_due,
  coalesce(sum(response_in_time), 0)::int AS response_in_time, coalesce(sum(resolution_due), 0)::int AS resolution_due,
  coalesce(sum(resolution_in_time), 0)::int AS resolution_in_time, coalesce(sum(declined), 0)::int AS declined,
  coalesce(sum(reopened), 0)::int AS reopened, coalesce(sum(rated), 0)::int AS rated, coalesce(sum(satisfied), 0)::int AS satisfied`;

export function ratesOf(s: Sums, w: Weights): RatesT {
  const t = threeRates(
        { responseDue: s.response_due, respondedInTime: s.response_in_time, resolutionDue: s.resolution_due, resolvedInTime: s.resolution_in_time, rated: s.rated, satisfied: s.satisfied },
    w,
  );
  const f = (x: { num: number; den: number } | null) => (x ? { ...x, percent: percent(x)! } : null);
  return {
    submitted: s.submitted,
    responseDue: s.response_due,
    respondedInTime: s.response_in_time,
    resolutionDue: s.resolution_due,
    resolvedInTime: s.resolution_in_time,
    declined: s.declined,
    reopened: s.reopened,
    rated: s.rated,
    satisfied: s.satisfied,
    response: f(t.response),
    resolution: f(t.resolution),
    satisfaction: f(t.satisfaction),
    composite: t.composite,
  };
}

const localToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function period(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const t = to ?? localToday();
  const f = from ?? `${Number(t.slice(0, 4)) - 1}${t.slice(4, 8)}01`;
  const ft = Date.parse(f + 'T00:00:00Z');
  const tt = Date.parse(t + 'T00:00:00Z');
  if (!Number.isFinite(ft) || !Number.isFinite(tt) || ft > tt || tt - ft > 3 * 366 * 86_400_000) throw new AppError('REQUEST_PERIOD_INVALID', { from: f, to: t });
  return { from: f, to: t };
}

/** The three rates of one place for a period, straight from the rollup (the benchmark's query). */
export async function scopeRates(db: Db, placeId: number, from: string, to: string, weights: Weights, dim = 0, dimId = 0): Promise<RatesT> {
  const s = await one<Sums>(db, sql`SELECT ${sums} FROM request_rollup WHERE place_id = ${placeId} AND dim = ${dim} AND dim_id = ${dimId} AND day BETWEEN ${from}::date AND ${to}::date`);
  return ratesOf(s!, weights);
}

export async function dashboard(
  ctx: AppContext,
  actor: Actor,
  q: { placeId?: number; from?: string; to?: string; step: 'day' | 'month'; categoryId?: number },
): Promise<StatsT> {
  let placeId = q.placeId;
  if (!placeId) {
    const roots = scopePaths(actor, 'requests.dashboard');
    if (!roots.length) throw new AppError('FORBIDDEN', { permission: 'requests.dashboard' });
    placeId = Number(roots[0].split('/').filter(Boolean).pop());
  }
  const place = await one<{ id: number; name: string; kind: string; path: string }>(ctx.db, sql`SELECT id::int AS id, name, kind, path FROM places WHERE id = ${placeId}`);
  if (!place) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
  assertInScope(actor, 'requests.dashboard', place.path);
  if (!['district', 'street', 'community', 'estate'].includes(place.kind)) throw new AppError('PLACE_WRONG_KIND', { kind: place.kind });
  const { from, to } = period(q.from, q.to);
  const settings = await effectiveSettings(ctx.db, place.path);
  const w = settings.weights;
  const [dim, dimId] = q.categoryId ? [1, q.categoryId] : [0, 0];
  const inPeriod = sql`day BETWEEN ${from}::date AND ${to}::date`;

  // the six reads are independent: on PostgreSQL they run side by side on the pool
  const totalP = scopeRates(ctx.db, place.id, from, to, w, dim, dimId);
  const bucket: SQL = q.step === 'month' ? sql`to_char(day, 'YYYY-MM')` : sql`to_char(day, 'YYYY-MM-DD')`;
  const trendP = rows<Sums & { period: string }>(
    ctx.db,
    sql`SELECT ${bucket} AS period, ${sums} FROM request_rollup WHERE place_id = ${place.id} AND dim = ${dim} AND dim_id = ${dimId} AND ${inPeriod} GROUP BY 1 ORDER BY 1`,
  );
  const byCategoryP = rows<Sums & { category_id: number; name_zh: string; name_en: string }>(
    ctx.db,
    sql`SELECT x.*, c.name_zh, c.name_en FROM (
          SELECT dim_id::int AS category_id, ${sums} FROM request_rollup WHERE place_id = ${place.id} AND dim = 1 AND ${inPeriod} GROUP BY dim_id) x
        JOIN request_categories c ON c.id = x.category_id ORDER BY x.submitted DESC`,
  );
  const childrenP = rows<Sums & { place_id: number; name: string; kind: string }>(
    ctx.db,
    sql`SELECT p.id::int AS place_id, p.name, p.kind, ${sums}
        FROM places p LEFT JOIN request_rollup r ON r.place_id = p.id AND r.dim = ${dim} AND r.dim_id = ${dimId} AND r.day BETWEEN ${from}::date AND ${to}::date
        WHERE p.parent_id = ${place.id} AND p.retired_at IS NULL AND p.kind IN ('street','community','estate')
        GROUP BY p.id, p.name, p.kind ORDER BY p.name`,
  );
  const handlersP = rows<Sums & { dim: number; id: number; name: string }>(
    ctx.db,
    sql`SELECT x.*, CASE WHEN x.dim = 2 THEN (SELECT name FROM orgs WHERE id = x.id) ELSE (SELECT name FROM places WHERE id = x.id) END AS name FROM (
          SELECT dim::int AS dim, dim_id::int AS id, ${sums} FROM request_rollup WHERE place_id = ${place.id} AND dim IN (2, 3) AND ${inPeriod} GROUP BY dim, dim_id) x
        ORDER BY x.submitted DESC LIMIT 50`,
  );
  const nowP = one<{ open: number; overdue: number; deferred: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS open,
          count(*) FILTER (WHERE r.state <> 'deferred' AND ((r.accepted_at IS NULL AND r.accept_due_at < now())
            OR (r.accepted_at IS NOT NULL AND r.contacted_at IS NULL AND r.contact_due_at < now()) OR r.resolve_due_at < now()))::int AS overdue,
          count(*) FILTER (WHERE r.state = 'deferred')::int AS deferred
        FROM requests r WHERE r.state IN ('submitted','accepted','in_progress','deferred','escalated') AND r.place_path LIKE ${place.path + '%'}
          ${q.categoryId ? sql`AND r.category_id = ${q.categoryId}` : sql``}`,
  );
  const [total, trend, byCategory, children, handlers, now] = await Promise.all([totalP, trendP, byCategoryP, childrenP, handlersP, nowP]);
  return {
    scope: place,
    from,
    to,
    weights: w,
    total,
    trend: trend.map((t) => ({ period: t.period, ...ratesOf(t, w) })),
    byCategory: byCategory.map((c) => ({ categoryId: c.category_id, nameZh: c.name_zh, nameEn: c.name_en, ...ratesOf(c, w) })),
    children: children.map((c) => ({ placeId: c.place_id, name: c.name, kind: c.kind, ...ratesOf(c, w) })),
    handlers: handlers.map((h) => ({ kind: h.dim === 2 ? 'org' : 'office', id: h.id, name: h.name, ...ratesOf(h, w) })),
    now: now!,
  };
}

/** The same three rates computed from the raw table (the benchmark's naive baseline and a check). */
export async function naiveScopeRates(db: Db, path: string, from: string, to: string, weights: Weights): Promise<RatesT> {
  const day = (col: string) => sql.raw(`((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`);
  const s = await one<Sums>(
    db,
    sql`SELECT
          count(*) FILTER (WHERE ${day('submitted_at')} BETWEEN ${from}::date AND ${to}::date)::int AS submitted,
          count(*) FILTER (WHERE response_day BETWEEN ${from}::date AND ${to}::date)::int AS response_due,
          count(*) FILTER (WHERE response_day BETWEEN ${from}::date AND ${to}::date AND response_outcome = 'in_time')::int AS response_in_time,
          count(*) FILTER (WHERE resolution_day BETWEEN ${from}::date AND ${to}::date AND resolution_outcome <> 'declined')::int AS resolution_due,
          count(*) FILTER (WHERE resolution_day BETWEEN ${from}::date AND ${to}::date AND resolution_outcome = 'in_time')::int AS resolution_in_time,
          count(*) FILTER (WHERE resolution_day BETWEEN ${from}::date AND ${to}::date AND resolution_outcome = 'declined')::int AS declined,
          count(*) FILTER (WHERE resolution_day BETWEEN ${from}::date AND ${to}::date AND resolution_outcome = 'reopened')::int AS reopened,
          count(*) FILTER (WHERE ${day('rated_at')} BETWEEN ${from}::date AND ${to}::date)::int AS rated,
          count(*) FILTER (WHERE ${day('rated_at')} BETWEEN ${from}::date AND ${to}::date AND rating IN ('satisfied','basic'))::int AS satisfied
        FROM requests WHERE place_path LIKE ${path + '%'}`,
  );
  return ratesOf(s!, weights);
}
