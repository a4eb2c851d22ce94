// The 三长 grid's cells: 片 (on a community or an estate) → 组 (an estate or a building, under a 片
// whose place contains it) → 邻 (a building or an entrance, under a 组 whose place contains it),
// their leaders and their lists. A leader with an account gets the matching role on the cell's
// place (so the request pages show them their area), and loses it on that place when replaced.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import type { Role } from '../../core/access/roles';
import { one, rows, type Db } from '../../core/db/client';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { maskPhone } from '../assemblies/sms';
import { cellInScope, gridScope, scopeWhere, type CellRef } from './scope';
import { householdRows } from './grid-households';
import type { CellCreateT, CellDetailT, CellListQueryT, CellListT, CellT, Level } from './schemas-grid';
import './errors';
import './errors-grid';

export const LEVEL_ROLE: Record<Level, Role> = { pian: 'pian_zhang', zu: 'zu_zhang', lin: 'lin_zhang' };
const LEVEL_KINDS: Record<Level, string[]> = { pian: ['community', 'estate'], zu: ['estate', 'building'], lin: ['building', 'entrance'] };
const PARENT_LEVEL: Record<Level, Level | null> = { pian: null, zu: 'pian', lin: 'zu' };

export interface PlaceRow {
  id: number;
  kind: string;
  path: string;
  name: string;
}

export async function livePlace(db: Db, id: number): Promise<PlaceRow> {
  const p = await one<PlaceRow>(db, sql`SELECT id::int AS id, kind, path, name FROM places WHERE id = ${id} AND retired_at IS NULL`);
  if (!p) throw new AppError('GRID_PLACE_NOT_FOUND', { id });
  return p;
}

/** The leader shown beside a cell: phone masked, party status, 机关党员干部. */
const leaderColumns = sql`lp.id::int AS "leaderId", lp.name AS "leaderName", lp.phone AS "leaderPhone",
  pm.status AS "partyStatus", coalesce(pm.organ_cadre, false) AS "organCadre", NULL::int AS "leaderUserId"`;
const leaderJoins = (col: SQL) =>
  sql`LEFT JOIN persons lp ON lp.id = ${col} LEFT JOIN party_members pm ON pm.person_id = lp.id AND pm.org_id IS NOT NULL`;

interface LeaderCols {
  leaderId: number | null;
  leaderName: string | null;
  leaderPhone: string | null;
  partyStatus: 'full' | 'probationary' | null;
  organCadre: boolean;
  leaderUserId: number | null;
}

function leaderOf(r: LeaderCols): CellT['leader'] {
  if (r.leaderId === null) return null;
  return {
    personId: r.leaderId,
    name: r.leaderName ?? '',
    phoneMasked: r.leaderPhone ? maskPhone(r.leaderPhone) : null,
    partyStatus: r.partyStatus,
    organCadre: r.organCadre,
    userId: r.leaderUserId,
  };
}

const cellColumns = sql`c.id::int AS id, c.level, c.parent_id::int AS "parentId", c.name, c.place_id::int AS "placeId",
  pl.name AS "placeName", pl.kind AS "placeKind", c.cell_path AS "cellPath", c.leader_since::text AS "leaderSince", c.version,
  (SELECT count(*)::int FROM grid_cells k WHERE k.parent_id = c.id AND k.retired_at IS NULL) AS children,
  CASE WHEN c.level = 'lin' THEN 1 ELSE
    (SELECT count(*)::int FROM grid_cells k WHERE k.level = 'lin' AND k.retired_at IS NULL AND k.cell_path LIKE c.cell_path || '%') END AS lins,
  CASE WHEN c.level = 'lin' THEN (SELECT count(*)::int FROM grid_households g WHERE g.lin_id = c.id) ELSE
    (SELECT count(*)::int FROM grid_households g JOIN grid_cells k ON k.id = g.lin_id WHERE k.cell_path LIKE c.cell_path || '%') END AS households,
  ${leaderColumns}`;
const cellFrom = sql`FROM grid_cells c JOIN places pl ON pl.id = c.place_id ${leaderJoins(sql`c.leader_person_id`)}`;
const LEVEL_ORDER = sql`CASE c.level WHEN 'pian' THEN 0 WHEN 'zu' THEN 1 ELSE 2 END`;

type CellRow = Omit<CellT, 'leader'> & LeaderCols;
const toCell = ({ leaderId, leaderName, leaderPhone, partyStatus, organCadre, leaderUserId, ...c }: CellRow): CellT => ({
  ...c,
  leader: leaderOf({ leaderId, leaderName, leaderPhone, partyStatus, organCadre, leaderUserId }),
});

export async function cellsWhere(db: Db, where: SQL, limit = 500, offset = 0): Promise<CellT[]> {
  const list = await rows<CellRow>(db, sql`SELECT ${cellColumns} ${cellFrom} WHERE ${where} ORDER BY ${LEVEL_ORDER}, c.place_path, c.name, c.id LIMIT ${limit} OFFSET ${offset}`);
  // the leaders' accounts in one query for the page (users.person_id has no index to look up per row)
  const people = [...new Set(list.map((c) => c.leaderId).filter((p): p is number => p !== null))];
  if (people.length) {
    const accounts = await rows<{ person_id: number; id: number }>(
      db,
      sql`SELECT person_id::int AS person_id, min(id)::int AS id FROM users
           WHERE disabled_at IS NULL AND person_id IN (${sql.join(people.map((p) => sql`${p}`), sql`, `)}) GROUP BY person_id`,
    );
    const byPerson = new Map(accounts.map((a) => [a.person_id, a.id]));
    for (const c of list) c.leaderUserId = c.leaderId === null ? null : (byPerson.get(c.leaderId) ?? null);
  }
  return list.map(toCell);
}

/** Cells in the actor's scope (office: by place; 三长: the cells they lead and below). */
export async function listCells(ctx: AppContext, actor: Actor, q: CellListQueryT): Promise<CellListT> {
  const scope = await gridScope(ctx.db, actor, 'grid.view');
  const conds: SQL[] = [sql`c.retired_at IS NULL`, scopeWhere(scope, sql`c.cell_path`, sql`c.place_path`)];
  if (q.placeId) {
    const p = await livePlace(ctx.db, q.placeId);
    conds.push(sql`c.place_path LIKE ${p.path + '%'}`);
  }
  if (q.parentId) conds.push(sql`c.parent_id = ${q.parentId}`);
  if (q.level) conds.push(sql`c.level = ${q.level}`);
  const where = sql.join(conds, sql` AND `);
  const items = await cellsWhere(ctx.db, where, q.limit, q.offset);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM grid_cells c WHERE ${where}`);
  return { items, total: total?.n ?? 0 };
}

export async function getCell(ctx: AppContext, actor: Actor, id: number): Promise<CellDetailT> {
  const ref = await cellInScope(ctx.db, actor, 'grid.view', id);
  const [cell] = await cellsWhere(ctx.db, sql`c.id = ${id}`);
  const parent = ref.parentId
    ? ((await one<{ id: number; level: Level; name: string }>(ctx.db, sql`SELECT id::int AS id, level, name FROM grid_cells WHERE id = ${ref.parentId}`)) ?? null)
    : null;
  const childCells = await cellsWhere(ctx.db, sql`c.parent_id = ${id} AND c.retired_at IS NULL`);
  const householdList = ref.level === 'lin' ? await householdRows(ctx.db, sql`g.lin_id = ${id}`, 500, 0) : [];
  return { ...cell, parent, childCells, householdList };
}

/** The person's account holds the level's role on (or above) the cell's place; grant it if not. */
async function ensureRole(tx: Db, actor: Actor, personId: number, level: Level, cell: { placeId: number; placePath: string }) {
  const user = await one<{ id: number }>(tx, sql`SELECT id::int AS id FROM users WHERE person_id = ${personId} AND disabled_at IS NULL ORDER BY id LIMIT 1`);
  if (!user) return null;
  const role = LEVEL_ROLE[level];
  const held = await one(
    tx,
    sql`SELECT 1 FROM role_assignments ra JOIN places p ON p.id = ra.place_id
         WHERE ra.user_id = ${user.id} AND ra.role = ${role} AND ra.revoked_at IS NULL AND ${cell.placePath} LIKE p.path || '%'`,
  );
  if (held) return null;
  await tx.execute(sql`INSERT INTO role_assignments (user_id, role, place_id, granted_by) VALUES (${user.id}, ${role}, ${cell.placeId}, ${actor.userId})`);
  return { userId: user.id, role, placeId: cell.placeId };
}

/** A replaced leader loses the role on exactly this place unless they still lead another cell there. */
async function releaseRole(tx: Db, personId: number, level: Level, cell: { id: number; placeId: number }) {
  const revoked = await rows<{ id: number; user_id: number }>(
    tx,
    sql`UPDATE role_assignments ra SET revoked_at = now()
         WHERE ra.role = ${LEVEL_ROLE[level]} AND ra.place_id = ${cell.placeId} AND ra.revoked_at IS NULL
           AND ra.user_id IN (SELECT id FROM users WHERE person_id = ${personId})
           AND NOT EXISTS (SELECT 1 FROM grid_cells o WHERE o.leader_person_id = ${personId} AND o.level = ${level}
                             AND o.place_id = ${cell.placeId} AND o.id <> ${cell.id} AND o.retired_at IS NULL)
         RETURNING ra.id::int AS id, ra.user_id::int AS user_id`,
  );
  return revoked.map((r) => ({ grantId: r.id, userId: r.user_id }));
}

/** Set (or clear) a cell's leader inside the caller's transaction; the cell row is locked. */
export async function applyLeader(tx: Db, actor: Actor, cell: CellRef, personId: number | null) {
  if (personId !== null) {
    const p = await one(tx, sql`SELECT 1 FROM persons WHERE id = ${personId}`);
    if (!p) throw new AppError('GRID_PERSON_NOT_FOUND', { personId });
  }
  await tx.execute(
    sql`UPDATE grid_cells SET leader_person_id = ${personId},
          leader_since = CASE WHEN ${personId}::bigint IS NULL THEN NULL WHEN leader_person_id IS NOT DISTINCT FROM ${personId}::bigint THEN leader_since
                              ELSE (now() AT TIME ZONE 'Asia/Shanghai')::date END,
          version = version + 1 WHERE id = ${cell.id}`,
  );
  const granted = personId !== null ? await ensureRole(tx, actor, personId, cell.level, cell) : null;
  const revoked = cell.leaderPersonId !== null && cell.leaderPersonId !== personId ? await releaseRole(tx, cell.leaderPersonId, cell.level, cell) : [];
  return { granted, revoked };
}

export async function createCell(ctx: AppContext, actor: Actor, body: CellCreateT): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const place = await livePlace(tx, body.placeId);
    if (!LEVEL_KINDS[body.level].includes(place.kind)) throw new AppError('GRID_LEVEL_PLACE', { level: body.level, placeKind: place.kind });
    assertInScope(actor, 'grid.manage', place.path);
    const parentLevel = PARENT_LEVEL[body.level];
    let parentPath = '/';
    if (parentLevel === null) {
      if (body.parentId) throw new AppError('GRID_PARENT_INVALID', { level: body.level });
    } else {
      if (!body.parentId) throw new AppError('GRID_PARENT_INVALID', { level: body.level });
      const parent = await cellInScope(tx, actor, 'grid.manage', body.parentId, true);
      if (parent.level !== parentLevel) throw new AppError('GRID_PARENT_INVALID', { level: body.level, parentLevel: parent.level });
      if (!place.path.startsWith(parent.placePath)) throw new AppError('GRID_PARENT_PLACE', { placeId: place.id, parentId: parent.id });
      parentPath = parent.cellPath;
    }
    const created = await one<{ id: number; cell_path: string }>(
      tx,
      sql`INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path)
          SELECT n.id, ${body.level}, ${body.parentId ?? null}, ${body.name.trim()}, ${place.id}, ${place.path}, ${parentPath} || n.id || '/'
            FROM (SELECT nextval('grid_cells_id_seq') AS id) n
          RETURNING id::int AS id, cell_path`,
    );
    const id = created!.id;
    let leader = null;
    if (body.leaderPersonId) {
      const ref: CellRef = { id, level: body.level, name: body.name, parentId: body.parentId ?? null, placeId: place.id, placePath: place.path, cellPath: created!.cell_path, leaderPersonId: null };
      leader = await applyLeader(tx, actor, ref, body.leaderPersonId);
    }
    await recordAudit(tx, auditActor(actor), {
      action: 'grid.cell.create',
      entity: 'grid_cell',
      entityId: id,
      placePath: place.path,
      after: { level: body.level, parentId: body.parentId ?? null, name: body.name, placeId: place.id, leaderPersonId: body.leaderPersonId ?? null, leader },
    });
    return id;
  });
}

export async function renameCell(ctx: AppContext, actor: Actor, id: number, name: string, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await cellInScope(tx, actor, 'grid.manage', id, true);
    const v = await one<{ version: number }>(tx, sql`SELECT version FROM grid_cells WHERE id = ${id}`);
    if (v!.version !== version) throw new AppError('CONFLICT', { version: v!.version });
    await tx.execute(sql`UPDATE grid_cells SET name = ${name.trim()}, version = version + 1 WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: 'grid.cell.rename', entity: 'grid_cell', entityId: id, placePath: c.placePath, before: { name: c.name }, after: { name } });
  });
}

/** Retire an empty cell (no live cells below, no households). */
export async function retireCell(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await cellInScope(tx, actor, 'grid.manage', id, true);
    const busy = await one<{ kids: number; hh: number }>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM grid_cells WHERE parent_id = ${id} AND retired_at IS NULL) AS kids,
                 (SELECT count(*)::int FROM grid_households WHERE lin_id = ${id}) AS hh`,
    );
    if (busy!.kids > 0 || busy!.hh > 0) throw new AppError('GRID_CELL_NOT_EMPTY', { cells: busy!.kids, households: busy!.hh });
    const leader = await applyLeader(tx, actor, c, null);
    await tx.execute(sql`UPDATE grid_cells SET retired_at = now() WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: 'grid.cell.retire', entity: 'grid_cell', entityId: id, placePath: c.placePath, before: { name: c.name, leaderPersonId: c.leaderPersonId }, after: { leader } });
  });
}

export async function setLeader(ctx: AppContext, actor: Actor, id: number, personId: number | null): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await cellInScope(tx, actor, 'grid.manage', id, true);
    const effects = await applyLeader(tx, actor, c, personId);
    await recordAudit(tx, auditActor(actor), {
      action: 'grid.cell.leader',
      entity: 'grid_cell',
      entityId: id,
      placePath: c.placePath,
      before: { leaderPersonId: c.leaderPersonId },
      after: { leaderPersonId: personId, ...effects },
    });
  });
}
