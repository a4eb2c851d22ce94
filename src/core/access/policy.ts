// Who may do what where. An actor holds grants (role on a subtree); a permission is held where a
// granted role carries it. Checks compare materialised paths: a place is inside a grant's subtree
// when its path starts with the grant's path.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';
import { CORE_PERMISSIONS, type Role } from './roles';

export interface Grant {
  role: Role;
  placeId: number;
  path: string;
  placeName: string;
  placeKind: string;
  orgId: number | null;
  /** For property staff: the paths of the estates their company serves inside the grant. */
  estatePaths?: string[];
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  personId: number | null;
  locale: 'zh-CN' | 'en';
  grants: Grant[];
  sessionId: string;
  csrfToken: string;
  ip: string;
  mustChangePassword: boolean;
}

const permissionRoles = new Map<string, Set<Role>>();

export function registerPermissions(perms: Record<string, Role[]>): void {
  for (const [perm, roles] of Object.entries(perms)) {
    const set = permissionRoles.get(perm) ?? new Set<Role>();
    for (const r of roles) set.add(r);
    permissionRoles.set(perm, set);
  }
}
registerPermissions(CORE_PERMISSIONS);

export function roleHolds(role: Role, permission: string): boolean {
  return permissionRoles.get(permission)?.has(role) ?? false;
}

/** Every permission the actor holds somewhere (the web app shows actions by it). */
export function heldPermissions(actor: Actor): string[] {
  return [...permissionRoles.entries()].filter(([, roles]) => actor.grants.some((g) => roles.has(g.role))).map(([p]) => p).sort();
}

export function knownPermission(permission: string): boolean {
  return permissionRoles.has(permission);
}

/** The subtree roots where the actor holds `permission`. */
export function scopePaths(actor: Actor, permission: string): string[] {
  const out: string[] = [];
  for (const g of actor.grants) {
    if (!roleHolds(g.role, permission)) continue;
    if (g.role === 'property_staff') out.push(...(g.estatePaths ?? []));
    else out.push(g.path);
  }
  // drop paths already covered by a shorter one
  const sorted = [...new Set(out)].sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}

/** Does the actor hold `permission` over a whole district (a root of the place tree)? */
export function holdsAtRoot(actor: Actor, permission: string): boolean {
  return scopePaths(actor, permission).some((p) => /^\/\d+\/$/.test(p));
}

export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.grants.some((g) => roleHolds(g.role, permission));
}

export function inScope(actor: Actor, permission: string, path: string): boolean {
  return scopePaths(actor, permission).some((p) => path.startsWith(p));
}

export function assertInScope(actor: Actor, permission: string, path: string): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
  if (!inScope(actor, permission, path)) throw new AppError('NOT_IN_SCOPE', { permission });
}

/** A SQL condition: `column` (a path) lies inside one of the actor's subtrees for `permission`. */
export function scopeCondition(column: SQL, paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    paths.map((p) => sql`${column} LIKE ${p + '%'}`),
    sql` OR `,
  )})`;
}

/** Is path `a` an ancestor-or-self of path `b`? */
export function isWithin(b: string, a: string): boolean {
  return b.startsWith(a);
}

/** The best (highest-ranked) role of an actor inside a path. */
export function rolesAt(actor: Actor, path: string): Role[] {
  return actor.grants.filter((g) => path.startsWith(g.path)).map((g) => g.role);
}
