// Response schemas of /api/users, /api/roles and /api/orgs: the single source of these types
// (the web app derives its own from them).
import { Type } from 'typebox';

export const UserDto = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  personId: Type.Union([Type.Integer(), Type.Null()]),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  isDemo: Type.Boolean(),
  grants: Type.Array(
    Type.Object({
      id: Type.Integer(),
      role: Type.String(),
      placeId: Type.Integer(),
      placeName: Type.String(),
      path: Type.String(),
      orgId: Type.Union([Type.Integer(), Type.Null()]),
      orgName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const OrgDto = Type.Object({ id: Type.Integer(), kind: Type.String(), name: Type.String(), placeId: Type.Integer(), estates: Type.Integer() });

/** One entry of the role catalogue (GET /api/roles). */
export const RoleInfoDto = Type.Object({
  role: Type.String(),
  label: Type.Object({ zh: Type.String(), en: Type.String() }),
  placeKinds: Type.Array(Type.String(), { description: 'the place kinds the role is normally granted on' }),
  rank: Type.Integer({ description: 'a user may grant only roles ranked below their own' }),
  orgKind: Type.Union([Type.String(), Type.Null()], { description: 'the organisation kind the role must be tied to, if any' }),
});
