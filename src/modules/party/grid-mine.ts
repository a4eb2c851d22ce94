// The 三长's own pages: the cells they lead and the households of those cells' 邻 (a 邻长 their own
// households, a 组长 those of their 组's 邻, a 片长 those of their 片), and one household with its
// members (names, relations, masked phones — never ID numbers), visits and requests.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { maskPhone } from '../assemblies/sms';
import { gridScope, scopeWhere } from './scope';
import { cellsWhere } from './grid-service';
import { householdRows } from './grid-households';
import { listVisitsWhere } from './visits';
import type { HouseholdDetailT, MineT } from './schemas-grid';
import './errors-grid';

export interface HouseholdRef {
  id: number;
  unitId: number;
  unitPath: string;
  linId: number;
  cellPath: string;
}

/** A household in a 邻 the actor leads or leads above (grid.visit); 404 unknown, 403 outside. */
export async function householdInMyScope(db: Db, actor: Actor, householdId: number): Promise<HouseholdRef> {
  const h = await one<{ id: number; unitId: number; unitPath: string; linId: number | null; cellPath: string | null }>(
    db,
    sql`SELECT h.id::int AS id, u.id::int AS "unitId", u.path AS "unitPath", g.lin_id::int AS "linId", l.cell_path AS "cellPath"
          FROM households h JOIN places u ON u.id = h.unit_id
          LEFT JOIN grid_households g ON g.household_id = h.id LEFT JOIN grid_cells l ON l.id = g.lin_id AND l.retired_at IS NULL
         WHERE h.id = ${householdId} AND h.retired_at IS NULL`,
  );
  if (!h) throw new AppError('GRID_HOUSEHOLD_NOT_FOUND', { id: householdId });
  const scope = await gridScope(db, actor, 'grid.visit');
  if (h.linId === null || h.cellPath === null || !scope.nodePaths.some((p) => h.cellPath!.startsWith(p))) throw new AppError('NOT_IN_SCOPE', { permission: 'grid.visit' });
  return h as HouseholdRef;
}

export async function myGrid(ctx: AppContext, actor: Actor, q: { cellId?: number; limit: number; offset: number }): Promise<MineT> {
  const scope = await gridScope(ctx.db, actor, 'grid.visit');
  if (!scope.nodePaths.length) return { cells: [], households: [], total: 0 };
  const mine = scopeWhere({ placePaths: [], nodePaths: scope.nodePaths }, sql`l.cell_path`, sql`l.place_path`);
  const cells = await cellsWhere(ctx.db, sql`c.leader_person_id = ${actor.personId} AND c.retired_at IS NULL`);
  let where = sql`l.retired_at IS NULL AND ${mine}`;
  if (q.cellId) {
    const c = await one<{ cell_path: string }>(ctx.db, sql`SELECT cell_path FROM grid_cells WHERE id = ${q.cellId} AND retired_at IS NULL`);
    if (!c || !scope.nodePaths.some((p) => c.cell_path.startsWith(p))) throw new AppError('NOT_IN_SCOPE', { permission: 'grid.visit' });
    where = sql`${where} AND l.cell_path LIKE ${c.cell_path + '%'}`;
  }
  const households = await householdRows(ctx.db, where, q.limit, q.offset);
  const total = await one<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM grid_households g JOIN grid_cells l ON l.id = g.lin_id JOIN households h ON h.id = g.household_id
         WHERE h.retired_at IS NULL AND ${where}`,
  );
  return { cells, households, total: total?.n ?? 0 };
}

export async function myHousehold(ctx: AppContext, actor: Actor, householdId: number): Promise<HouseholdDetailT> {
  const h = await householdInMyScope(ctx.db, actor, householdId);
  const [row] = await householdRows(ctx.db, sql`h.id = ${householdId}`, 1, 0);
  const estate = await one<{ name: string }>(ctx.db, sql`SELECT name FROM places WHERE path = ${h.unitPath.split('/').slice(0, 5).join('/') + '/'}`);
  const members = await rows<{ personId: number; name: string; relation: string; gender: string | null; age: number | null; phone: string | null }>(
    ctx.db,
    sql`SELECT p.id::int AS "personId", p.name, m.relation, p.gender,
               CASE WHEN p.birth_date IS NULL THEN NULL ELSE date_part('year', age(p.birth_date))::int END AS age, p.phone
          FROM household_members m JOIN persons p ON p.id = m.person_id
         WHERE m.household_id = ${householdId} ORDER BY (m.relation = 'head') DESC, p.birth_date NULLS LAST, p.id`,
  );
  const visits = await listVisitsWhere(ctx.db, sql`v.household_id = ${householdId}`, 50, 0);
  const requests = await rows<HouseholdDetailT['requests'][number]>(
    ctx.db,
    sql`SELECT r.id::int AS id, r.ref_no AS "refNo", r.title, r.state, r.channel, ${isoTime(sql`r.submitted_at`)} AS "submittedAt"
          FROM requests r
         WHERE r.place_path = ${h.unitPath}
            OR r.id IN (SELECT request_id FROM grid_visits WHERE household_id = ${householdId} AND request_id IS NOT NULL)
         ORDER BY r.id DESC LIMIT 50`,
  );
  return {
    household: row,
    estateName: estate?.name ?? '',
    members: members.map(({ phone, ...m }) => ({ ...m, phoneMasked: phone ? maskPhone(phone) : null })),
    visits: visits.items,
    requests,
  };
}
