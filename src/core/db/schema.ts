// Drizzle table definitions for the core tables. The SQL in migrations/ is the source of truth;
// these mirror it so queries are typed.
import { pgTable, bigserial, bigint, text, smallint, integer, jsonb, boolean, timestamp, date, primaryKey } from 'drizzle-orm/pg-core';

const id = (name = 'id') => bigserial(name, { mode: 'number' }).primaryKey();
const ref = (name: string) => bigint(name, { mode: 'number' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const places = pgTable('places', {
  id: id(),
  parentId: ref('parent_id'),
  kind: text('kind').notNull().$type<PlaceKind>(),
  name: text('name').notNull(),
  code: text('code'),
  path: text('path').notNull(),
  depth: smallint('depth').notNull(),
  attrs: jsonb('attrs').notNull().$type<Record<string, unknown>>().default({}),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
  version: integer('version').notNull().default(1),
});

export const PLACE_KINDS = ['district', 'street', 'community', 'estate', 'building', 'entrance', 'unit'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const orgs = pgTable('orgs', {
  id: id(),
  kind: text('kind').notNull().$type<OrgKind>(),
  name: text('name').notNull(),
  placeId: ref('place_id').notNull(),
  attrs: jsonb('attrs').notNull().$type<Record<string, unknown>>().default({}),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});
export const ORG_KINDS = ['property_company', 'department', 'developer', 'social_org'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const estateProperty = pgTable('estate_property', {
  estateId: ref('estate_id').primaryKey(),
  companyId: ref('company_id').notNull(),
  since: date('since').notNull(),
});

export const persons = pgTable('persons', {
  id: id(),
  name: text('name').notNull(),
  gender: text('gender').$type<'M' | 'F'>(),
  birthDate: date('birth_date'),
  phone: text('phone'),
  idNumberEnc: text('id_number_enc'),
  idNumberMask: text('id_number_mask'),
  idNumberHmac: text('id_number_hmac'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const households = pgTable('households', {
  id: id(),
  unitId: ref('unit_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other', 'tenant'] as const;
export type Relation = (typeof RELATIONS)[number];

export const householdMembers = pgTable(
  'household_members',
  {
    householdId: ref('household_id').notNull(),
    personId: ref('person_id').notNull(),
    relation: text('relation').notNull().$type<Relation>(),
    since: date('since'),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.personId] })],
);

export const AREA_SOURCES = ['registry', 'surveyed', 'contract'] as const;
export type AreaSource = (typeof AREA_SOURCES)[number];

export const unitAreas = pgTable(
  'unit_areas',
  {
    unitId: ref('unit_id').notNull(),
    source: text('source').notNull().$type<AreaSource>(),
    areaCenti: bigint('area_centi', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.source] })],
);

export const OWNERSHIP_BASES = ['registered', 'lawful_occupation', 'unsold'] as const;
export type OwnershipBasis = (typeof OWNERSHIP_BASES)[number];

export const ownerships = pgTable('ownerships', {
  id: id(),
  unitId: ref('unit_id').notNull(),
  personId: ref('person_id'),
  orgId: ref('org_id'),
  basis: text('basis').notNull().$type<OwnershipBasis>(),
  isVotingDelegate: boolean('is_voting_delegate').notNull().default(false),
  since: date('since'),
  endedAt: date('ended_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: id(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  personId: ref('person_id'),
  orgId: ref('org_id'),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').notNull().default('zh-CN').$type<'zh-CN' | 'en'>(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: ts('disabled_at'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
});

export const roleAssignments = pgTable('role_assignments', {
  id: id(),
  userId: ref('user_id').notNull(),
  role: text('role').notNull(),
  placeId: ref('place_id').notNull(),
  orgId: ref('org_id'),
  grantedBy: ref('granted_by'),
  grantedAt: ts('granted_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: ref('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actorUserId: ref('actor_user_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  placePath: text('place_path'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export const notifications = pgTable('notifications', {
  id: id(),
  userId: ref('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  link: text('link'),
  createdAt: ts('created_at').notNull().defaultNow(),
  readAt: ts('read_at'),
});

export const sweepRuns = pgTable('sweep_runs', {
  id: id(),
  name: text('name').notNull(),
  nodeId: text('node_id').notNull(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at').notNull(),
  result: jsonb('result'),
});

export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
