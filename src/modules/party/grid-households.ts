// Households in the grid: each household belongs to exactly one 邻 (grid_households' key). A 邻's
// households are replaced as a whole; taking one over from another 邻 must be asked for (move).
// Bulk assignment splits each entrance's unassigned households, in unit order, into 邻 within the
// local size limits; the entrances are locked first, so two runs on one entrance are ordered and the
// second finds nothing left to assign.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { maskPhone } from '../assemblies/sms';
import { cellInScope, type CellRef } from './scope';
import { effectivePartySettings } from './settings';
import { splitIntoLins } from './grid';
import { applyLeader, livePlace } from './grid-service';
import type { BulkT, HouseholdRowT } from './schemas-grid';
import './errors-grid';

export const OPEN_STATES = sql`('submitted','accepted','in_progress','deferred','escalated')`;

/**
 * Households with their address, head, members, last visit and open requests. Open requests are
 * those filed at the household's unit (a visit files its concern there).
 */
export async function householdRows(db: Db, where: SQL, limit: number, offset: number): Promise<HouseholdRowT[]> {
  const list = await rows<HouseholdRowT & { phone: string | null }>(
    db,
    sql`SELECT h.id::int AS "householdId", u.id::int AS "unitId",
               coalesce(b.name, '') || coalesce(en.name, '') || ' ' || u.name AS address,
               g.lin_id::int AS "linId", l.name AS "linName", head.name AS "headName", head.phone,
               (SELECT count(*)::int FROM household_members m WHERE m.household_id = h.id) AS members,
               (SELECT ${isoTime(sql`max(v.visited_at)`)} FROM grid_visits v WHERE v.household_id = h.id) AS "lastVisitAt",
               (SELECT count(*)::int FROM requests r WHERE r.place_path = u.path AND r.state IN ${OPEN_STATES}) AS "openRequests"
          FROM households h
          JOIN places u ON u.id = h.unit_id
          LEFT JOIN places en ON en.id = u.parent_id AND en.kind = 'entrance'
          LEFT JOIN places b ON b.id = en.parent_id
          LEFT JOIN grid_households g ON g.household_id = h.id
          LEFT JOIN grid_cells l ON l.id = g.lin_id
          LEFT JOIN LATERAL (SELECT p.name, p.phone FROM household_members m JOIN persons p ON p.id = m.person_id
                              WHERE m.household_id = h.id ORDER BY (m.relation = 'head') DESC, m.person_id LIMIT 1) head ON true
         WHERE h.retired_at IS NULL AND ${where}
         ORDER BY u.path, h.id LIMIT ${limit} OFFSET ${offset}`,
  );
  return list.map(({ phone, ...r }) => ({ ...r, phoneMasked: phone ? maskPhone(phone) : null }));
}

/** '/1/2/3/4/5/6/' → '/1/2/3/4/' (the estate's path: district, street, community, estate). */
export const estatePathOf = (path: string) => path.split('/').slice(0, 5).join('/') + '/';

async function linInScope(tx: Db, actor: Actor, id: number): Promise<CellRef> {
  const lin = await cellInScope(tx, actor, 'grid.manage', id, true);
  if (lin.level !== 'lin') throw new AppError('GRID_NOT_A_LIN', { id });
  return lin;
}

/** Replace the households of a 邻. */
export async function putLinHouseholds(ctx: AppContext, actor: Actor, linId: number, householdIds: number[], move: boolean) {
  return ctx.db.transaction(async (tx) => {
    const lin = await linInScope(tx, actor, linId);
    const estate = estatePathOf(lin.placePath);
    const ids = householdIds.length ? sql`ARRAY[${sql.join(householdIds.map((i) => sql`${i}`), sql`, `)}]::bigint[]` : sql`ARRAY[]::bigint[]`;
    const found = await rows<{ id: number; path: string; lin_id: number | null }>(
      tx,
      sql`SELECT h.id::int AS id, u.path, g.lin_id::int AS lin_id FROM households h JOIN places u ON u.id = h.unit_id
            LEFT JOIN grid_households g ON g.household_id = h.id
           WHERE h.id = ANY(${ids}) AND h.retired_at IS NULL FOR UPDATE OF h`,
    );
    const missing = householdIds.filter((i) => !found.some((f) => f.id === i));
    if (missing.length) throw new AppError('GRID_HOUSEHOLD_NOT_FOUND', { householdIds: missing });
    const outside = found.filter((f) => !f.path.startsWith(estate)).map((f) => f.id);
    if (outside.length) throw new AppError('GRID_HOUSEHOLD_OUTSIDE', { householdIds: outside });
    const elsewhere = found.filter((f) => f.lin_id !== null && f.lin_id !== linId).map((f) => f.id);
    if (elsewhere.length && !move) throw new AppError('GRID_HOUSEHOLD_ASSIGNED', { householdIds: elsewhere });
    const removed = await rows(tx, sql`DELETE FROM grid_households WHERE lin_id = ${linId} AND NOT (household_id = ANY(${ids})) RETURNING household_id`);
    // moved households change 邻 in place; new ones are inserted, and the key refuses a household
    // another transaction assigned meanwhile (a conflict, nothing half-done)
    if (elsewhere.length) {
      await tx.execute(sql`UPDATE grid_households SET lin_id = ${linId}, assigned_at = now() WHERE household_id = ANY(${ids}) AND lin_id <> ${linId}`);
    }
    const added = await rows(
      tx,
      sql`INSERT INTO grid_households (household_id, lin_id) SELECT x, ${linId} FROM unnest(${ids}) x
           WHERE NOT EXISTS (SELECT 1 FROM grid_households g WHERE g.household_id = x) RETURNING household_id`,
    );
    // a household another 邻 took meanwhile (after this statement's snapshot) is not in this one now
    const now = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM grid_households WHERE lin_id = ${linId}`);
    if (now[0].n !== householdIds.length) throw new AppError('GRID_HOUSEHOLD_ASSIGNED', { householdIds });
    await tx.execute(sql`UPDATE grid_cells SET version = version + 1 WHERE id = ${linId}`);
    const result = { linId, households: householdIds.length, added: added.length, removed: removed.length, moved: elsewhere.length };
    await recordAudit(tx, auditActor(actor), {
      action: 'grid.lin.households',
      entity: 'grid_cell',
      entityId: linId,
      placePath: lin.placePath,
      after: { ...result, householdIds, movedFrom: found.filter((f) => f.lin_id !== null && f.lin_id !== linId).map((f) => ({ householdId: f.id, linId: f.lin_id })) },
    });
    return result;
  });
}

/** Bulk assignment of a building's (or one entrance's) unassigned households into new 邻 under a 组. */
export async function bulkAssign(ctx: AppContext, actor: Actor, body: { placeId: number; zuId: number; leaders?: number[] }): Promise<BulkT> {
  return ctx.db.transaction(async (tx) => {
    const zu = await cellInScope(tx, actor, 'grid.manage', body.zuId, true);
    if (zu.level !== 'zu') throw new AppError('GRID_NOT_A_ZU', { id: zu.id });
    const place = await livePlace(tx, body.placeId);
    if (place.kind !== 'building' && place.kind !== 'entrance') throw new AppError('GRID_BULK_PLACE', { placeKind: place.kind });
    if (!place.path.startsWith(zu.placePath)) throw new AppError('GRID_PARENT_PLACE', { placeId: place.id, parentId: zu.id });
    const settings = await effectivePartySettings(tx, place.path);
    const limits = { minHouseholds: settings.linMinHouseholds, maxHouseholds: settings.linMaxHouseholds };
    // lock the entrances in id order: a second run on the same entrance waits, then sees this one's work
    const entrances = await rows<{ id: number; name: string; path: string; building: string }>(
      tx,
      sql`SELECT e.id::int AS id, e.name, e.path, b.name AS building FROM places e JOIN places b ON b.id = e.parent_id
           WHERE e.kind = 'entrance' AND e.retired_at IS NULL AND (e.id = ${place.id} OR e.parent_id = ${place.id})
           ORDER BY e.id FOR UPDATE OF e`,
    );
    const created: BulkT['created'] = [];
    const pathOf = new Map<number, string>();
    let assigned = 0;
    for (const e of entrances) {
      pathOf.set(e.id, e.path);
      // unit order: floor then unit number ('101' < '102' < '201' < '1001')
      const free = await rows<{ id: number }>(
        tx,
        sql`SELECT h.id::int AS id FROM households h JOIN places u ON u.id = h.unit_id
             WHERE u.parent_id = ${e.id} AND h.retired_at IS NULL AND u.retired_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM grid_households g WHERE g.household_id = h.id)
             ORDER BY length(u.name), u.name, h.id`,
      );
      const groups = splitIntoLins(free.map((f) => f.id), limits);
      if (!groups.length) continue;
      const existing = await rows(tx, sql`SELECT 1 FROM grid_cells WHERE place_id = ${e.id} AND level = 'lin' AND retired_at IS NULL`);
      for (const [k, group] of groups.entries()) {
        const name = `${e.building}${e.name} 第${existing.length + k + 1}邻`;
        const [cell] = await rows<{ id: number; cell_path: string }>(
          tx,
          sql`INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path)
              SELECT n.id, 'lin', ${zu.id}, ${name}, ${e.id}, ${e.path}, ${zu.cellPath} || n.id || '/' FROM (SELECT nextval('grid_cells_id_seq') AS id) n
              RETURNING id::int AS id, cell_path`,
        );
        // the key (one 邻 per household) is the last guard: a conflict aborts the whole run
        await tx.execute(sql`INSERT INTO grid_households (household_id, lin_id) SELECT x, ${cell.id} FROM unnest(${sql`ARRAY[${sql.join(group.map((i) => sql`${i}`), sql`, `)}]::bigint[]`}) x`);
        assigned += group.length;
        created.push({ id: cell.id, name, placeId: e.id, households: group.length, leaderPersonId: null });
      }
    }
    const leaders = body.leaders ?? [];
    if (leaders.length > created.length) throw new AppError('GRID_TOO_MANY_LEADERS', { leaders: leaders.length, created: created.length });
    for (const [i, personId] of leaders.entries()) {
      const c = created[i];
      await applyLeader(tx, actor, { id: c.id, level: 'lin', name: c.name, parentId: zu.id, placeId: c.placeId, placePath: pathOf.get(c.placeId)!, cellPath: '', leaderPersonId: null }, personId);
      c.leaderPersonId = personId;
    }
    await recordAudit(tx, auditActor(actor), {
      action: 'grid.bulk',
      entity: 'grid_cell',
      entityId: zu.id,
      placePath: place.path,
      after: { placeId: place.id, limits, assigned, created: created.map((c) => ({ id: c.id, households: c.households, leaderPersonId: c.leaderPersonId })) },
    });
    return { created, assigned, limits };
  });
}
