// /api/users, /api/orgs: accounts, role grants, organisations.
import { Type } from 'typebox';
import type { App, AppContext } from '../manifest';
import { actorOf } from '../http';
import { errors, Id, IdParams, Ok } from '../schemas';
import { ORG_ROLES, ROLES, ROLE_LABELS, ROLE_PLACE_KINDS, ROLE_RANK } from '../access/roles';
import { ORG_KINDS } from '../db/schema';
import { OrgDto, RoleInfoDto, UserDto } from './schemas';
import * as svc from './service';

const RoleT = Type.Union(ROLES.map((r) => Type.Literal(r)));
const GrantInput = Type.Object({ role: RoleT, placeId: Id, orgId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false });

export async function accountRoutes(app: App, ctx: AppContext): Promise<void> {
  const view = { access: { permission: 'users.view' } } as const;
  const manage = { access: { permission: 'users.manage' } } as const;

  app.get(
    '/roles',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['users'],
        summary: 'The role catalogue with labels and where each may be held',
        response: { 200: Type.Object({ items: Type.Array(RoleInfoDto) }), ...errors },
      },
    },
    async () => ({
      items: ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r], placeKinds: [...ROLE_PLACE_KINDS[r]], rank: ROLE_RANK[r], orgKind: ORG_ROLES[r] ?? null })),
    }),
  );

  app.get(
    '/users',
    {
      config: view,
      schema: {
        tags: ['users'],
        summary: 'Users holding a role inside my scope',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 40 })),
          role: Type.Optional(RoleT),
          placeId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(UserDto), total: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.listUsers(ctx, actorOf(req), req.query),
  );

  app.get('/users/:id', { config: view, schema: { tags: ['users'], params: IdParams, response: { 200: UserDto, ...errors } } }, async (req) =>
    svc.getUser(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: 'Create an account with its first role; returns the initial password once',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z0-9_.\\-]{3,40}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
            password: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
            personId: Type.Optional(Type.Union([Id, Type.Null()])),
            grant: GrantInput,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer(), initialPassword: Type.String() }), ...errors },
      },
    },
    async (req) => svc.createUser(ctx, actorOf(req), req.body),
  );

  app.patch(
    '/users/:id',
    {
      config: manage,
      schema: {
        tags: ['users'],
        params: IdParams,
        body: Type.Object(
          { displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' })), disabled: Type.Optional(Type.Boolean()), unlock: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserDto, ...errors },
      },
    },
    async (req) => svc.updateUser(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/users/:id/reset-password',
    { config: manage, schema: { tags: ['users'], params: IdParams, response: { 200: Type.Object({ initialPassword: Type.String() }), ...errors } } },
    async (req) => svc.resetPassword(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/users/:id/roles',
    { config: manage, schema: { tags: ['users'], summary: 'Grant a role on a subtree', params: IdParams, body: GrantInput, response: { 200: Type.Object({ id: Type.Integer() }), ...errors } } },
    async (req) => svc.grantRole(ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/users/:id/roles/:grantId',
    { config: manage, schema: { tags: ['users'], params: Type.Object({ id: Id, grantId: Id }), response: { 200: Ok, ...errors } } },
    async (req) => svc.revokeRole(ctx, actorOf(req), req.params.id, req.params.grantId),
  );

  app.get(
    '/orgs',
    {
      config: { access: { permission: 'orgs.view' } },
      schema: {
        tags: ['orgs'],
        querystring: Type.Object({ kind: Type.Optional(Type.Union(ORG_KINDS.map((k) => Type.Literal(k)))) }),
        response: { 200: Type.Object({ items: Type.Array(OrgDto) }), ...errors },
      },
    },
    async (req) => ({ items: await svc.listOrgs(ctx, req.query.kind) }),
  );

  app.post(
    '/orgs',
    {
      config: { access: { permission: 'orgs.manage' } },
      schema: {
        tags: ['orgs'],
        body: Type.Object(
          { kind: Type.Union(ORG_KINDS.map((k) => Type.Literal(k))), name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), placeId: Id },
          { additionalProperties: false },
        ),
        response: { 200: OrgDto, ...errors },
      },
    },
    async (req) => svc.createOrg(ctx, actorOf(req), req.body),
  );

  app.put(
    '/places/:id/property-company',
    {
      config: { access: { permission: 'places.manage' } },
      schema: {
        tags: ['orgs'],
        summary: 'Set or clear the property company serving an estate',
        params: IdParams,
        // one `type` list, not a union: coercing into the null branch would read 0 or false as null (clear)
        body: Type.Object({ companyId: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false }),
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => svc.setPropertyCompany(ctx, actorOf(req), req.params.id, req.body.companyId),
  );
}
