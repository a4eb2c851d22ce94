// Response schemas of /api/auth/* and /api/me: the single source of these types (the web app derives its own from them).
import { Type } from 'typebox';

export const LoginResponse = Type.Object({ csrfToken: Type.String(), mustChangePassword: Type.Boolean() });

export const MeResponse = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    personId: Type.Union([Type.Integer(), Type.Null()]),
    locale: Type.String(),
    mustChangePassword: Type.Boolean(),
  }),
  csrfToken: Type.String(),
  frame: Type.Union([Type.Literal('console'), Type.Literal('mobile')]),
  grants: Type.Array(
    Type.Object({
      role: Type.String(),
      roleLabel: Type.Object({ zh: Type.String(), en: Type.String() }),
      placeId: Type.Integer(),
      placeName: Type.String(),
      placeKind: Type.String(),
      path: Type.String(),
      orgId: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  scopes: Type.Array(Type.String(), { description: 'subtree roots (place paths) the user may view' }),
  permissions: Type.Array(Type.String(), { description: 'permissions the user holds somewhere; the subtree still limits each' }),
  demo: Type.Boolean({ description: 'the places the user works on are generated demo data' }),
  menu: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.Object({ zh: Type.String(), en: Type.String() }),
      path: Type.String(),
      frame: Type.String(),
      icon: Type.Optional(Type.String()),
    }),
  ),
});
