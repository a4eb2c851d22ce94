// Who a user is to a request: the requester, a person of the unit handling it now (handler), of a
// co-handling unit, of the unit that received it first (首接), the office over its place, or a
// viewer (三长 of the area, the person who filed it for someone else). Units are offices on the
// place tree (community, street, district) or organisations (the estate's property company, a
// department); every unit's place is an ancestor of the request's place.
import { sql, type SQL } from 'drizzle-orm';
import type { Actor, Grant } from '../../core/access/policy';
import { inScope, roleHolds } from '../../core/access/policy';
import type { Role } from '../../core/access/roles';
import type { ActionName } from './schemas';
import { ACTIONS, type RequestState, type Actor as GraphActor } from './states';

export type Capacity = 'requester' | 'handler' | 'cohandler' | 'first_owner' | 'office' | 'viewer';
export type UnitKind = 'property' | 'community' | 'street' | 'district' | 'department';

export interface Unit {
  kind: UnitKind;
  placeId: number;
  orgId: number | null;
}

/** The office role that works for a unit of each office kind. */
export const OFFICE_ROLE: Record<'community' | 'street' | 'district', Role> = {
  community: 'community_worker',
  street: 'street_admin',
  district: 'district_admin',
};

/** The path of ancestor `id` inside `placePath` ('/1/5/23/' and 5 → '/1/5/'). */
export function ancestorPath(placePath: string, id: number): string | null {
  const i = placePath.indexOf(`/${id}/`);
  return i < 0 ? null : placePath.slice(0, i + String(id).length + 2);
}

/** Does the grant make its holder one of the people of `unit` for a request at `placePath`? */
function grantServes(g: Grant, unit: Unit, placePath: string): boolean {
  if (unit.kind === 'property') {
    if (g.role !== 'property_staff' || g.orgId !== unit.orgId) return false;
    const estate = ancestorPath(placePath, unit.placeId);
    return !!estate && (g.estatePaths ?? []).some((p) => estate.startsWith(p));
  }
  if (unit.kind === 'department') return g.role === 'department_staff' && g.orgId === unit.orgId && placePath.startsWith(g.path);
  // an office: its own worker, or an office above it (a street may act for its community)
  const unitPath = ancestorPath(placePath, unit.placeId);
  if (!unitPath || !roleHolds(g.role, 'requests.handle') || g.orgId !== null) return false;
  return unitPath.startsWith(g.path);
}

export function servesUnit(actor: Actor, unit: Unit, placePath: string): boolean {
  return actor.grants.some((g) => grantServes(g, unit, placePath));
}

export interface RequestAccessRow {
  placePath: string;
  owner: Unit;
  firstOwner: Unit;
  cohandlers: Unit[];
  requesterUserId: number | null;
  /** the person it was filed for (on their behalf); their own account counts as the requester */
  requesterPersonId?: number | null;
  enteredBy: number | null;
}

export function capacitiesOf(actor: Actor, r: RequestAccessRow): Capacity[] {
  const out: Capacity[] = [];
  if (r.requesterUserId === actor.userId || (r.requesterUserId === null && actor.personId !== null && r.requesterPersonId === actor.personId)) out.push('requester');
  if (servesUnit(actor, r.owner, r.placePath)) out.push('handler');
  if (r.cohandlers.some((u) => servesUnit(actor, u, r.placePath))) out.push('cohandler');
  if (servesUnit(actor, r.firstOwner, r.placePath)) out.push('first_owner');
  if (inScope(actor, 'requests.supervise', r.placePath)) out.push('office');
  if (r.enteredBy === actor.userId || gridSees(actor, r.placePath)) out.push('viewer');
  return out;
}

/** 三长 and office staff see the requests of their area (property and department staff do not). */
function gridSees(actor: Actor, placePath: string): boolean {
  return actor.grants.some((g) => roleHolds(g.role, 'requests.view') && g.orgId === null && placePath.startsWith(g.path));
}

const OPEN: readonly RequestState[] = ['submitted', 'accepted', 'in_progress', 'deferred', 'escalated'];

export interface ActionContext {
  state: RequestState;
  contactedAt: unknown;
  rating: string | null;
}

/** The actions open to someone with these capacities on a request in this state. */
export function allowedActions(caps: readonly Capacity[], r: ActionContext): ActionName[] {
  const has = (c: Capacity) => caps.includes(c);
  const graphActors: GraphActor[] = [];
  if (has('handler')) graphActors.push('handler');
  if (has('requester')) graphActors.push('requester');
  if (has('office')) graphActors.push('office');
  const out = new Set<ActionName>();
  for (const [name, rule] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, (typeof ACTIONS)[keyof typeof ACTIONS]][]) {
    if ((rule.from as readonly RequestState[]).includes(r.state) && graphActors.some((a) => (rule.by as readonly GraphActor[]).includes(a))) out.add(name);
  }
  const open = OPEN.includes(r.state);
  if (has('handler') && ['accepted', 'in_progress', 'deferred'].includes(r.state) && !r.contactedAt) out.add('contact');
  if ((has('handler') || has('office')) && open) {
    out.add('transfer');
    out.add('cohandler');
  }
  if (r.state !== 'closed' && (has('handler') || has('cohandler') || has('office') || has('requester'))) out.add('reply');
  if (has('handler') || has('cohandler') || has('office') || has('first_owner')) out.add('note');
  if (has('requester') && (r.state === 'resolved' || r.state === 'closed') && !r.rating) out.add('rate');
  if (has('office') && (r.state === 'resolved' || r.state === 'closed')) out.add('followup');
  return ACTION_ORDER.filter((a) => out.has(a));
}

const ACTION_ORDER: ActionName[] = ['accept', 'contact', 'start', 'resolve', 'defer', 'resume', 'reply', 'note', 'transfer', 'escalate', 'cohandler', 'decline', 'reopen', 'rate', 'close', 'followup'];

/**
 * SQL: the request (alias r) is with one of the actor's units, in the owner columns named by
 * `prefix` ('owner' or 'first_owner').
 */
export function unitCondition(actor: Actor, prefix: 'owner' | 'first_owner'): SQL {
  const kind = sql.raw(`r.${prefix}_kind`);
  const place = sql.raw(`r.${prefix}_place_id`);
  const org = sql.raw(`r.${prefix}_org_id`);
  const parts: SQL[] = [];
  for (const g of actor.grants) {
    if (g.role === 'property_staff' && g.orgId) {
      for (const p of g.estatePaths ?? []) parts.push(sql`(${kind} = 'property' AND ${org} = ${g.orgId} AND r.place_path LIKE ${p + '%'})`);
    } else if (g.role === 'department_staff' && g.orgId) {
      parts.push(sql`(${kind} = 'department' AND ${org} = ${g.orgId} AND r.place_path LIKE ${g.path + '%'})`);
    } else if (g.role === 'community_worker' || g.role === 'street_admin' || g.role === 'district_admin') {
      const k = g.role === 'community_worker' ? 'community' : g.role === 'street_admin' ? 'street' : 'district';
      parts.push(sql`(${kind} = ${k} AND ${place} = ${g.placeId})`);
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** SQL: one of the request's co-handlers is one of the actor's units. */
export function cohandlerCondition(actor: Actor): SQL {
  const parts: SQL[] = [];
  for (const g of actor.grants) {
    if (g.role === 'property_staff' && g.orgId) {
      for (const p of g.estatePaths ?? []) parts.push(sql`(c.kind = 'property' AND c.org_id = ${g.orgId} AND r.place_path LIKE ${p + '%'})`);
    } else if (g.role === 'department_staff' && g.orgId) {
      parts.push(sql`(c.kind = 'department' AND c.org_id = ${g.orgId} AND r.place_path LIKE ${g.path + '%'})`);
    } else if (g.role === 'community_worker' || g.role === 'street_admin' || g.role === 'district_admin') {
      parts.push(sql`(c.org_id IS NULL AND c.place_id = ${g.placeId})`);
    }
  }
  if (!parts.length) return sql`false`;
  return sql`EXISTS (SELECT 1 FROM request_cohandlers c WHERE c.request_id = r.id AND (${sql.join(parts, sql` OR `)}))`;
}

/** SQL: requests of the actor's area as office staff or 三长 (not as a company or department). */
export function areaCondition(actor: Actor): SQL {
  const paths = actor.grants.filter((g) => roleHolds(g.role, 'requests.view') && g.orgId === null).map((g) => g.path);
  if (!paths.length) return sql`false`;
  return sql`(${sql.join(
    paths.map((p) => sql`r.place_path LIKE ${p + '%'}`),
    sql` OR `,
  )})`;
}

/** SQL: everything the actor may see. */
export function visibleCondition(actor: Actor): SQL {
  return sql`(r.requester_user_id = ${actor.userId} OR r.entered_by = ${actor.userId} OR ${areaCondition(actor)} OR ${unitCondition(actor, 'owner')} OR ${unitCondition(actor, 'first_owner')} OR ${cohandlerCondition(actor)})`;
}
