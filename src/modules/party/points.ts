// 三长 points (积分): earned by visits and reports (once per source record: the (kind, ref_id)
// index), given for activities and awards, or adjusted by the office; the yearly ranking of the
// 三长 of one level in an area, its top flagged as 最美邻长 candidates; and the report of 三长 who
// are 机关党员干部 (organ cadres), with whether they paid their property fee first — which the
// product cannot know until fees are recorded, so it says 'unknown', never a made-up figure.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { maskPhone } from '../assemblies/sms';
import { gridScope, scopeWhere } from './scope';
import { livePlace } from './grid-service';
import type { CadreT, Level, MyPointsT, PointBodyT, RankingQueryT, RankingT } from './schemas-grid';
import './errors-grid';

type Kind = MyPointsT['entries'][number]['kind'];

/** Add points inside the caller's transaction; a visit or report already counted earns nothing. Returns the points added. */
export async function awardPoints(
  tx: Db,
  e: { personId: number; kind: Kind; points: number; refId: number | null; note: string | null; userId: number | null; at?: Date },
): Promise<number> {
  if (e.points === 0) return 0;
  const done = await rows(
    tx,
    sql`INSERT INTO grid_points (person_id, kind, points, ref_id, note, at, created_by)
        VALUES (${e.personId}, ${e.kind}, ${e.points}, ${e.refId}, ${e.note}, ${(e.at ?? new Date()).toISOString()}, ${e.userId})
        ON CONFLICT (kind, ref_id) WHERE ref_id IS NOT NULL AND kind IN ('visit','report') DO NOTHING RETURNING id`,
  );
  return done.length ? e.points : 0;
}

/** The calendar year in China (UTC+8); the current one by default. */
function yearWindow(year?: number): { year: number; from: SQL; to: SQL } {
  const y = year ?? new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  return { year: y, from: sql`${`${y}-01-01 00:00:00+08`}::timestamptz`, to: sql`${`${y + 1}-01-01 00:00:00+08`}::timestamptz` };
}

export async function myPoints(ctx: AppContext, actor: Actor, year?: number): Promise<MyPointsT> {
  const w = yearWindow(year);
  const byKind = { visit: 0, report: 0, activity: 0, award: 0, adjust: 0 };
  if (!actor.personId) return { year: w.year, total: 0, byKind, entries: [], standing: null };
  const where = sql`person_id = ${actor.personId} AND at >= ${w.from} AND at < ${w.to}`;
  const sums = await rows<{ kind: Kind; n: number }>(ctx.db, sql`SELECT kind, sum(points)::int AS n FROM grid_points WHERE ${where} GROUP BY kind`);
  for (const s of sums) byKind[s.kind] = s.n;
  const entries = await rows<MyPointsT['entries'][number]>(
    ctx.db,
    sql`SELECT id::int AS id, person_id::int AS "personId", kind, points, ref_id::int AS "refId", note, ${isoTime(sql`at`)} AS at
          FROM grid_points WHERE ${where} ORDER BY at DESC, id DESC LIMIT 200`,
  );
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  return { year: w.year, total, byKind, entries, standing: await standingOf(ctx.db, actor.personId, total, w) };
}

/** Candidates for 最美邻长 in a community's ranking (the console's ranking takes it as a parameter). */
const STANDING_CANDIDATES = 10;

/**
 * A 三长's place among the leaders of their highest level (片 over 组 over 邻) in the community of that
 * cell: 1 + the leaders with more points (ties share a rank), of all such leaders. Only counts leave
 * the database, so a 邻长 learns their rank without seeing anyone else's figures.
 */
async function standingOf(db: Db, personId: number, mine: number, w: ReturnType<typeof yearWindow>): Promise<MyPointsT['standing']> {
  const cell = await one<{ level: Level; community: string; name: string }>(
    db,
    sql`SELECT c.level, substring(c.place_path FROM '^(/[0-9]+/[0-9]+/[0-9]+/)') AS community, pl.name
          FROM grid_cells c JOIN places pl ON pl.path = substring(c.place_path FROM '^(/[0-9]+/[0-9]+/[0-9]+/)')
         WHERE c.leader_person_id = ${personId} AND c.retired_at IS NULL
         ORDER BY CASE c.level WHEN 'pian' THEN 0 WHEN 'zu' THEN 1 ELSE 2 END, c.id LIMIT 1`,
  );
  if (!cell?.community) return null;
  const r = await one<{ above: number; of: number }>(
    db,
    sql`WITH l AS (SELECT DISTINCT leader_person_id AS pid FROM grid_cells
                    WHERE level = ${cell.level} AND retired_at IS NULL AND leader_person_id IS NOT NULL AND place_path LIKE ${cell.community + '%'}),
             pts AS (SELECT l.pid, coalesce(sum(g.points), 0)::int AS points FROM l
                       LEFT JOIN grid_points g ON g.person_id = l.pid AND g.at >= ${w.from} AND g.at < ${w.to} GROUP BY l.pid)
        SELECT count(*) FILTER (WHERE points > ${mine})::int AS above, count(*)::int AS of FROM pts`,
  );
  const rank = (r?.above ?? 0) + 1;
  return { level: cell.level, community: cell.name, rank, of: r?.of ?? 1, candidate: cell.level === 'lin' && mine > 0 && rank <= STANDING_CANDIDATES };
}

/** The 三长 of one level in scope, by points in the year (ties share a rank). */
export async function ranking(ctx: AppContext, actor: Actor, q: RankingQueryT): Promise<RankingT> {
  const w = yearWindow(q.year);
  const level: Level = q.level ?? 'lin';
  const scope = await gridScope(ctx.db, actor, 'grid.points');
  const conds: SQL[] = [sql`c.level = ${level}`, sql`c.retired_at IS NULL`, sql`c.leader_person_id IS NOT NULL`, scopeWhere(scope, sql`c.cell_path`, sql`c.place_path`)];
  if (q.placeId) conds.push(sql`c.place_path LIKE ${(await livePlace(ctx.db, q.placeId)).path + '%'}`);
  const leaders = sql`SELECT c.leader_person_id AS pid, json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id) AS cells
                        FROM grid_cells c WHERE ${sql.join(conds, sql` AND `)} GROUP BY c.leader_person_id`;
  const list = await rows<Omit<RankingT['items'][number], 'candidate'>>(
    ctx.db,
    sql`WITH l AS (${leaders}),
        pts AS (SELECT person_id, sum(points)::int AS points, count(*) FILTER (WHERE kind = 'visit')::int AS visits,
                       count(*) FILTER (WHERE kind = 'report')::int AS reports
                  FROM grid_points WHERE at >= ${w.from} AND at < ${w.to} AND person_id IN (SELECT pid FROM l) GROUP BY person_id)
        SELECT rank() OVER (ORDER BY coalesce(pts.points, 0) DESC)::int AS rank, l.pid::int AS "personId", p.name, l.cells,
               coalesce(pts.points, 0) AS points, coalesce(pts.visits, 0) AS visits, coalesce(pts.reports, 0) AS reports
          FROM l JOIN persons p ON p.id = l.pid LEFT JOIN pts ON pts.person_id = l.pid
         ORDER BY points DESC, p.name, l.pid LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM (${leaders}) x`);
  return {
    year: w.year,
    level,
    total: total?.n ?? 0,
    items: list.map((r) => ({ ...r, cells: typeof r.cells === 'string' ? JSON.parse(r.cells) : r.cells, candidate: r.rank <= q.candidates && r.points > 0 })),
  };
}

/** Points given or adjusted by the office, for a 三长 who leads a cell in its area. */
export async function addPoints(ctx: AppContext, actor: Actor, body: PointBodyT): Promise<MyPointsT['entries'][number]> {
  return ctx.db.transaction(async (tx) => {
    const scope = await gridScope(tx, actor, 'grid.manage');
    const led = await one<{ place_path: string }>(
      tx,
      sql`SELECT c.place_path FROM grid_cells c WHERE c.leader_person_id = ${body.personId} AND c.retired_at IS NULL
             AND ${scopeWhere({ placePaths: scope.placePaths, nodePaths: [] }, sql`c.cell_path`, sql`c.place_path`)}
           ORDER BY length(c.place_path) LIMIT 1`,
    );
    if (!led) {
      const anywhere = await one(tx, sql`SELECT 1 FROM grid_cells WHERE leader_person_id = ${body.personId} AND retired_at IS NULL`);
      throw new AppError(anywhere ? 'NOT_IN_SCOPE' : 'GRID_NOT_A_LEADER', { personId: body.personId });
    }
    const entry = await one<MyPointsT['entries'][number]>(
      tx,
      sql`INSERT INTO grid_points (person_id, kind, points, note, created_by) VALUES (${body.personId}, ${body.kind}, ${body.points}, ${body.note.trim()}, ${actor.userId})
          RETURNING id::int AS id, person_id::int AS "personId", kind, points, ref_id::int AS "refId", note, ${isoTime(sql`at`)} AS at`,
    );
    await recordAudit(tx, auditActor(actor), { action: 'grid.points.add', entity: 'grid_points', entityId: entry!.id, placePath: led.place_path, after: body });
    return entry!;
  });
}

/**
 * Did the person pay their property fee first (带头缴费)? Fees are not recorded in the product
 * yet: null means unknown. The fee module will answer here.
 */
export async function feePaidFirst(_db: Db, _personId: number): Promise<boolean | null> {
  return null;
}

/** 三长 who are 机关党员干部 (party members who are cadres of a party or state organ), with their cells. */
export async function cadreReport(ctx: AppContext, actor: Actor, placeId?: number): Promise<CadreT> {
  const scope = await gridScope(ctx.db, actor, 'grid.view');
  const conds: SQL[] = [sql`c.retired_at IS NULL`, scopeWhere(scope, sql`c.cell_path`, sql`c.place_path`)];
  if (placeId) conds.push(sql`c.place_path LIKE ${(await livePlace(ctx.db, placeId)).path + '%'}`);
  const list = await rows<Omit<CadreT['items'][number], 'phoneMasked' | 'feeStatus' | 'feeReason'> & { phone: string | null }>(
    ctx.db,
    sql`SELECT p.id::int AS "personId", p.name, p.phone, pm.employer, pm.status AS "partyStatus",
               json_agg(json_build_object('id', c.id, 'level', c.level, 'name', c.name, 'placeName', pl.name) ORDER BY c.id) AS cells
          FROM grid_cells c JOIN places pl ON pl.id = c.place_id JOIN persons p ON p.id = c.leader_person_id
          JOIN party_members pm ON pm.person_id = p.id AND pm.org_id IS NOT NULL AND pm.organ_cadre
         WHERE ${sql.join(conds, sql` AND `)}
         GROUP BY p.id, p.name, p.phone, pm.employer, pm.status ORDER BY p.name, p.id LIMIT 1000`,
  );
  const items: CadreT['items'] = [];
  for (const { phone, ...r } of list) {
    const paid = await feePaidFirst(ctx.db, r.personId);
    items.push({
      ...r,
      cells: typeof r.cells === 'string' ? JSON.parse(r.cells) : r.cells,
      phoneMasked: phone ? maskPhone(phone) : null,
      feeStatus: paid === null ? 'unknown' : paid ? 'paid' : 'unpaid',
      feeReason: paid === null ? 'no_fee_data' : null,
    });
  }
  return { items };
}
