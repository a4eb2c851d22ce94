// Shapes of the API answers. Each is derived from the server's TypeBox response schema in
// src/core/*/schemas.ts (one source of truth); only web-only types are written out here.
// The imports are type-only: no server code reaches the web bundle.
import type { Static } from 'typebox';
import type { LoginResponse, MeResponse } from '../../core/auth/schemas';
import type { ImportReportDto, PlaceDto, PlaceViewDto } from '../../core/places/schemas';
import type { IdentityDto, MyHouseholdDto, PersonDto, PersonViewDto, UnitDetailDto } from '../../core/people/schemas';
import type { OrgDto, RoleInfoDto, UserDto } from '../../core/accounts/schemas';
import type { AuditPageDto, AuditVerifyDto, EntryDto } from '../../core/audit/schemas';
import type { NotificationDto, NotificationListDto } from '../../core/notifications/schemas';

/**
 * A server type as the client receives it: a timestamp the handler may return as a Date
 * (`Date | string` on the server) arrives as ISO 8601 text.
 */
type Json<T> = 0 extends 1 & T
  ? T // any: leave as is
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

export type Place = Json<Static<typeof PlaceDto>>;
export type PlaceKind = 'district' | 'street' | 'community' | 'estate' | 'building' | 'entrance' | 'unit';
export const PLACE_KIND_ORDER: PlaceKind[] = ['district', 'street', 'community', 'estate', 'building', 'entrance', 'unit'];

export type Me = Static<typeof MeResponse>;
export type MeGrant = Me['grants'][number];
export type MenuEntry = Me['menu'][number];
export type Bilingual = MenuEntry['label'];

export type LoginResult = Static<typeof LoginResponse>;

export type PlaceView = Json<Static<typeof PlaceViewDto>>;

export interface Paged<T> {
  items: T[];
  total: number;
}

export type ImportReport = Static<typeof ImportReportDto>;
export type ImportProblem = ImportReport['problems'][number];

export type Person = Static<typeof PersonDto>;
export type PersonView = Static<typeof PersonViewDto>;
export type Identity = Static<typeof IdentityDto>;
/** GET /api/units/:id; areas are in 0.01 m² by source: registry, surveyed, contract. */
export type UnitDetail = Static<typeof UnitDetailDto>;
/** GET /api/me/household: a resident's own homes. */
export type MyHousehold = Static<typeof MyHouseholdDto>;

export type User = Static<typeof UserDto>;
export type UserGrant = User['grants'][number];
export type RoleInfo = Static<typeof RoleInfoDto>;

export type OrgKind = 'property_company' | 'department' | 'developer' | 'social_org';
export const ORG_KINDS: OrgKind[] = ['property_company', 'department', 'developer', 'social_org'];

export type Org = Static<typeof OrgDto>;

export type AuditEntry = Json<Static<typeof EntryDto>>;
export type AuditPage = Json<Static<typeof AuditPageDto>>;
export type AuditVerify = Static<typeof AuditVerifyDto>;

export type Notification = Json<Static<typeof NotificationDto>>;
export type NotificationList = Json<Static<typeof NotificationListDto>>;
