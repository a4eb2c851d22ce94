// What the current user may do, to show or hide actions. The server still checks every call; this
// only avoids offering buttons that would be refused. Permissions come from /api/me; the role
// catalogue (ranks, organisation kinds) from /api/roles.
import type { Me, RoleInfo } from '../api/types';
import { useSession } from './session';

export function can(me: Me, permission: string): boolean {
  return me.permissions.includes(permission);
}

export function useCan(permission: string): boolean {
  return can(useSession(), permission);
}

/** The organisation kind a role must be tied to (property company, department), if any. */
export function orgKindForRole(roles: RoleInfo[] | undefined, role: string): string | undefined {
  return roles?.find((r) => r.role === role)?.orgKind ?? undefined;
}

/** Roles that may appoint others (they hold users.manage); the server's catalogue has no such flag. */
const MANAGING_ROLES = ['district_admin', 'street_admin', 'community_worker'];

/**
 * Whether this user may hand out `role`: it must rank below their best managing role (a district
 * admin may also appoint another). An approximation: the server judges per place and answers
 * 403 ROLE_NOT_GRANTABLE, which the forms show.
 */
export function canGrantRole(me: Me, roles: RoleInfo[] | undefined, role: string): boolean {
  if (!roles) return false;
  const rank = (r: string) => roles.find((x) => x.role === r)?.rank;
  const best = Math.max(0, ...me.grants.filter((g) => MANAGING_ROLES.includes(g.role)).map((g) => rank(g.role) ?? 0));
  const wanted = rank(role);
  if (wanted === undefined) return false;
  return wanted < best || (role === 'district_admin' && best === rank('district_admin'));
}
