// What the current user may do, to show or hide actions. The server still checks every call; this
// only avoids offering buttons that would be refused. It reads the server's own role table until
// /api/me lists the permissions itself.
import { CORE_PERMISSIONS, ORG_ROLES, ROLE_RANK, type Role } from '../../core/access/roles';
import type { Me } from '../api/types';
import { useSession } from './session';

export function can(me: Me, permission: string): boolean {
  const roles: readonly Role[] | undefined = CORE_PERMISSIONS[permission];
  return !!roles && me.grants.some((g) => roles.includes(g.role as Role));
}

export function useCan(permission: string): boolean {
  return can(useSession(), permission);
}

/** The organisation kind a role must be tied to (property company, department), if any. */
export function orgKindForRole(role: string): string | undefined {
  return ORG_ROLES[role as Role];
}

/** Roles this user may hand out: those ranked below their own best role (the server's rule). */
export function canGrantRole(me: Me, role: string): boolean {
  const best = Math.max(0, ...me.grants.map((g) => ROLE_RANK[g.role as Role] ?? 0));
  const rank = ROLE_RANK[role as Role];
  return rank !== undefined && rank < best;
}
