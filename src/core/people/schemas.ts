// Response schemas of /api/people, /api/units and /api/me/household: the single source of these types
// (the web app derives its own from them).
import { Type } from 'typebox';

export const PersonDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  idNumberMask: Type.Union([Type.String(), Type.Null()]),
  isDemo: Type.Boolean(),
});

/** GET /api/people/:id */
export const PersonViewDto = Type.Object({
  person: PersonDto,
  households: Type.Array(Type.Object({ householdId: Type.Integer(), relation: Type.String(), unitId: Type.Integer(), address: Type.String() })),
  ownerships: Type.Array(Type.Object({ id: Type.Integer(), unitId: Type.Integer(), basis: Type.String(), isVotingDelegate: Type.Boolean() })),
});

/** GET /api/people/:id/identity: the full ID number. */
export const IdentityDto = Type.Object({ personId: Type.Integer(), name: Type.String(), idNumber: Type.Union([Type.String(), Type.Null()]) });

export const AreasDto = Type.Record(Type.String(), Type.Integer(), { description: 'area in 0.01 m² by source' });
/** The area that counts (registry > surveyed > contract), or null when none is known. */
export const EffectiveAreaDto = Type.Union([Type.Object({ source: Type.String(), centi: Type.Integer() }), Type.Null()]);

/** GET /api/units/:id */
export const UnitDetailDto = Type.Object({
  unitId: Type.Integer(),
  households: Type.Array(
    Type.Object({
      id: Type.Integer(),
      members: Type.Array(
        Type.Object({ personId: Type.Integer(), name: Type.String(), relation: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), idNumberMask: Type.Union([Type.String(), Type.Null()]) }),
      ),
    }),
  ),
  owners: Type.Array(
    Type.Object({
      id: Type.Integer(),
      personId: Type.Union([Type.Integer(), Type.Null()]),
      orgId: Type.Union([Type.Integer(), Type.Null()]),
      name: Type.String(),
      basis: Type.String(),
      isVotingDelegate: Type.Boolean(),
      since: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  areas: AreasDto,
  effectiveArea: EffectiveAreaDto,
});

/** GET /api/me/household: a resident's own homes. */
export const MyHouseholdDto = Type.Object({
  person: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), idNumberMask: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  homes: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      address: Type.String(),
      relation: Type.Union([Type.String(), Type.Null()]),
      owns: Type.Boolean(),
      members: Type.Array(Type.Object({ name: Type.String(), relation: Type.String(), isMe: Type.Boolean() })),
      owners: Type.Array(Type.Object({ name: Type.String(), basis: Type.String(), isVotingDelegate: Type.Boolean() })),
      areas: AreasDto,
      effectiveArea: EffectiveAreaDto,
    }),
  ),
});
