// Who sees which part of the party organisation and of the 三长 grid.
//
// - Office roles (district, street, community) see the organisations and grid cells anchored
//   inside the subtrees of the place tree where they hold the permission.
// - A party secretary (role party_secretary on a place) sees the organisations where their person
//   sits on the committee, anchored inside that place, and those organisations' subtrees: a branch
//   secretary sees their branch and its party groups, nothing of the neighbouring branch.
// - 片长 / 组长 / 邻长 see the grid cells they lead and the cells below them: a 邻长 sees the
//   households of their own 邻 and no other.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import { hasPermission, roleHolds, type Actor } from '../../core/access/policy';
import type { Role } from '../../core/access/roles';
import { one, rows, type Db } from '../../core/db/client';

export const OFFICE_ROLES: readonly Role[] = ['district_admin', 'street_admin', 'community_worker'];
export const GRID_ROLES: readonly Role[] = ['pian_zhang', 'zu_zhang', 'lin_zhang'];

export interface TreeScope {
  /** place subtrees (office roles) */
  placePaths: string[];
  /** organisation or cell subtrees (secretaries, 三长) */
  nodePaths: string[];
}

function minimal(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}

function officePaths(actor: Actor, permission: string): string[] {
  return minimal(actor.grants.filter((g) => OFFICE_ROLES.includes(g.role) && roleHolds(g.role, permission)).map((g) => g.path));
}

/** The organisations the actor may reach with `permission`. */
export async function partyScope(db: Db, actor: Actor, permission: string): Promise<TreeScope> {
  const placePaths = officePaths(actor, permission);
  const secGrants = actor.grants.filter((g) => g.role === 'party_secretary' && roleHolds(g.role, permission));
  let nodePaths: string[] = [];
  if (secGrants.length && actor.personId) {
    const found = await rows<{ org_path: string; place_path: string }>(
      db,
      sql`SELECT o.org_path, o.place_path FROM party_committee_members c JOIN party_orgs o ON o.id = c.org_id
           WHERE c.person_id = ${actor.personId} AND o.retired_at IS NULL`,
    );
    nodePaths = minimal(found.filter((f) => secGrants.some((g) => f.place_path.startsWith(g.path))).map((f) => f.org_path));
  }
  return { placePaths, nodePaths };
}

/** The grid cells the actor may reach with `permission`. */
export async function gridScope(db: Db, actor: Actor, permission: string): Promise<TreeScope> {
  const placePaths = officePaths(actor, permission);
  const gridGrants = actor.grants.filter((g) => GRID_ROLES.includes(g.role) && roleHolds(g.role, permission));
  let nodePaths: string[] = [];
  if (gridGrants.length && actor.personId) {
    const led = await rows<{ cell_path: string }>(
      db,
      sql`SELECT cell_path FROM grid_cells WHERE leader_person_id = ${actor.personId} AND retired_at IS NULL`,
    );
    nodePaths = minimal(led.map((l) => l.cell_path));
  }
  return { placePaths, nodePaths };
}

/** SQL: a row whose node path is `nodeCol` and whose place path is `placeCol` lies in the scope. */
export function scopeWhere(scope: TreeScope, nodeCol: SQL, placeCol: SQL): SQL {
  const parts: SQL[] = [
    ...scope.placePaths.map((p) => sql`${placeCol} LIKE ${p + '%'}`),
    ...scope.nodePaths.map((p) => sql`${nodeCol} LIKE ${p + '%'}`),
  ];
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

export function inTreeScope(scope: TreeScope, nodePath: string, placePath: string): boolean {
  return scope.placePaths.some((p) => placePath.startsWith(p)) || scope.nodePaths.some((p) => nodePath.startsWith(p));
}

/** Throw FORBIDDEN without the permission anywhere, NOT_IN_SCOPE when the node is outside the scope. */
export function assertTreeScope(actor: Actor, permission: string, scope: TreeScope, nodePath: string, placePath: string): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
  if (!inTreeScope(scope, nodePath, placePath)) throw new AppError('NOT_IN_SCOPE', { permission });
}

export interface OrgRef {
  id: number;
  kind: string;
  name: string;
  parentId: number | null;
  placeId: number;
  placePath: string;
  orgPath: string;
  termKind: 'community' | 'other';
}

/** Load a live organisation and check the actor may reach it with `permission`. */
export async function orgInScope(db: Db, actor: Actor, permission: string, orgId: number, forUpdate = false): Promise<OrgRef> {
  const o = await one<OrgRef>(
    db,
    sql`SELECT id::int AS id, kind, name, parent_id::int AS "parentId", place_id::int AS "placeId", place_path AS "placePath",
               org_path AS "orgPath", term_kind AS "termKind"
          FROM party_orgs WHERE id = ${orgId} AND retired_at IS NULL ${forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!o) throw new AppError('PARTY_ORG_NOT_FOUND', { id: orgId });
  assertTreeScope(actor, permission, await partyScope(db, actor, permission), o.orgPath, o.placePath);
  return o;
}

export interface CellRef {
  id: number;
  level: 'pian' | 'zu' | 'lin';
  name: string;
  parentId: number | null;
  placeId: number;
  placePath: string;
  cellPath: string;
  leaderPersonId: number | null;
}

/** Load a live grid cell and check the actor may reach it with `permission`. */
export async function cellInScope(db: Db, actor: Actor, permission: string, cellId: number, forUpdate = false): Promise<CellRef> {
  const c = await one<CellRef>(
    db,
    sql`SELECT id::int AS id, level, name, parent_id::int AS "parentId", place_id::int AS "placeId", place_path AS "placePath",
               cell_path AS "cellPath", leader_person_id::int AS "leaderPersonId"
          FROM grid_cells WHERE id = ${cellId} AND retired_at IS NULL ${forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!c) throw new AppError('GRID_CELL_NOT_FOUND', { id: cellId });
  assertTreeScope(actor, permission, await gridScope(db, actor, permission), c.cellPath, c.placePath);
  return c;
}
