// Shapes of the API answers. Where a route file exports its TypeBox schema the type is derived from
// it (one source of truth); the rest mirror the response schemas in src/core/*/routes.ts.
import type { Static } from 'typebox';
import type { PlaceDto as PlaceSchema } from '../../core/places/routes';

export type Place = Static<typeof PlaceSchema>;
export type PlaceKind = 'district' | 'street' | 'community' | 'estate' | 'building' | 'entrance' | 'unit';
export const PLACE_KIND_ORDER: PlaceKind[] = ['district', 'street', 'community', 'estate', 'building', 'entrance', 'unit'];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface MenuEntry {
  key: string;
  label: Bilingual;
  path: string;
  frame: string;
  icon?: string;
}

export interface MeGrant {
  role: string;
  roleLabel: Bilingual;
  placeId: number;
  placeName: string;
  placeKind: string;
  path: string;
  orgId: number | null;
}

export interface Me {
  user: { id: number; username: string; displayName: string; personId: number | null; locale: string; mustChangePassword: boolean };
  csrfToken: string;
  frame: 'console' | 'mobile';
  grants: MeGrant[];
  scopes: string[];
  /** every permission the user holds somewhere (each still limited to the subtrees of its grants) */
  permissions: string[];
  /** the places the user works on are generated demo data */
  demo: boolean;
  menu: MenuEntry[];
}

export interface LoginResult {
  csrfToken: string;
  mustChangePassword: boolean;
}

export interface PlaceView {
  place: Place;
  ancestors: Place[];
  counts: { byKind: Record<string, number>; households: number; residents: number };
  propertyCompany: { id: number; name: string } | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface ImportProblem {
  row: number;
  /** the column header as the file wrote it (Chinese) */
  field: string;
  /** the column key: street, community, estate, …, areaRegistry, propertyCompany */
  column: string;
  value: string;
  reason: string;
  /** Chinese */
  message: string;
  messages: { 'zh-CN': string; en: string };
}

export interface ImportReport {
  totalRows: number;
  validRows: number;
  committed: boolean;
  created: Record<string, number>;
  problems: ImportProblem[];
}

export interface Person {
  id: number;
  name: string;
  gender: string | null;
  birthDate: string | null;
  phone: string | null;
  idNumberMask: string | null;
  isDemo: boolean;
}

export interface PersonView {
  person: Person;
  households: { householdId: number; relation: string; unitId: number; address: string }[];
  ownerships: { id: number; unitId: number; basis: string; isVotingDelegate: boolean }[];
}

export interface Identity {
  personId: number;
  name: string;
  idNumber: string | null;
}

export interface UnitDetail {
  unitId: number;
  households: {
    id: number;
    members: { personId: number; name: string; relation: string; phone: string | null; idNumberMask: string | null }[];
  }[];
  owners: { id: number; personId: number | null; orgId: number | null; name: string; basis: string; isVotingDelegate: boolean; since: string | null }[];
  /** area in 0.01 m² by source: registry, surveyed, contract */
  areas: Record<string, number>;
  effectiveArea: { source: string; centi: number } | null;
}

/** Area in 0.01 m² by source. */
export interface Areas {
  registry?: number;
  surveyed?: number;
  contract?: number;
}

/** GET /api/me/household: a resident's own homes. */
export interface MyHousehold {
  person: { id: number; name: string; phone: string | null; idNumberMask: string | null } | null;
  homes: {
    unitId: number;
    address: string;
    /** their relation in the household living there; null when they own the unit but live elsewhere */
    relation: string | null;
    owns: boolean;
    members: { name: string; relation: string; isMe: boolean }[];
    owners: { name: string; basis: string; isVotingDelegate: boolean }[];
    areas: Areas;
    effectiveArea: { source: string; centi: number } | null;
  }[];
}

export interface UserGrant {
  id: number;
  role: string;
  placeId: number;
  placeName: string;
  path: string;
  orgId: number | null;
  orgName: string | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  personId: number | null;
  orgId: number | null;
  disabled: boolean;
  locked: boolean;
  isDemo: boolean;
  grants: UserGrant[];
}

export interface RoleInfo {
  role: string;
  label: Bilingual;
  placeKinds: string[];
  /** a user may grant only roles ranked below their own */
  rank: number;
  /** the organisation kind the role must be tied to, if any */
  orgKind: string | null;
}

export type OrgKind = 'property_company' | 'department' | 'developer' | 'social_org';
export const ORG_KINDS: OrgKind[] = ['property_company', 'department', 'developer', 'social_org'];

export interface Org {
  id: number;
  kind: string;
  name: string;
  placeId: number;
  estates: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  placePath: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBeforeSeq: number | null;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
}

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: Notification[];
  unread: number;
}
