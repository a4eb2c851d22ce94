// /api/people, /api/households, /api/units: residents, households, areas and ownership.
import { Type } from 'typebox';
import type { App, AppContext } from '../manifest';
import { actorOf } from '../http';
import { errors, Id, IdParams, Ok } from '../schemas';
import { OWNERSHIP_BASES, RELATIONS } from '../db/schema';
import { AreasDto, EffectiveAreaDto, IdentityDto, MyHouseholdDto, PersonDto, PersonViewDto, UnitDetailDto } from './schemas';
import * as svc from './service';

const Relation = Type.Union(RELATIONS.map((r) => Type.Literal(r)));
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const PersonFields = {
  name: Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }),
  gender: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Null()])),
  birthDate: Type.Optional(Type.Union([DateStr, Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }), Type.Null()])),
  idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18 }), Type.Null()])),
};
const AreaText = Type.Union([Type.String({ maxLength: 12 }), Type.Null()]);
/** At least one of `keys`: minProperties counts keys before ajv drops unknown ones, so `{ foo: 1 }` passed it. */
const atLeastOneOf = (keys: string[]) => ({ anyOf: keys.map((k) => ({ required: [k] })) });

export async function peopleRoutes(app: App, ctx: AppContext): Promise<void> {
  const view = { access: { permission: 'people.view' } } as const;
  const manage = { access: { permission: 'people.manage' } } as const;

  app.get(
    '/people',
    {
      config: view,
      schema: {
        tags: ['people'],
        summary: 'People living in or owning units under a place (ID numbers masked)',
        querystring: Type.Object({
          placeId: Id,
          q: Type.Optional(Type.String({ maxLength: 50 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(PersonDto), total: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.listPeople(ctx, actorOf(req), req.query),
  );

  app.get(
    '/people/:id',
    {
      config: view,
      schema: {
        tags: ['people'],
        params: IdParams,
        response: { 200: PersonViewDto, ...errors },
      },
    },
    async (req) => svc.viewPerson(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/people/:id/identity',
    {
      config: { access: { permission: 'people.identity.view' } },
      schema: {
        tags: ['people'],
        summary: 'The full ID number; every view is recorded in the audit ledger',
        params: IdParams,
        response: { 200: IdentityDto, ...errors },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return svc.revealIdentity(ctx, actorOf(req), req.params.id);
    },
  );

  app.post(
    '/people',
    {
      config: manage,
      schema: {
        tags: ['people'],
        summary: 'Register a person in a unit (joins or starts its household)',
        body: Type.Object({ ...PersonFields, unitId: Id, relation: Relation }, { additionalProperties: false }),
        response: { 200: Type.Object({ person: PersonDto, householdId: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.createPerson(ctx, actorOf(req), req.body),
  );

  app.patch(
    '/people/:id',
    {
      config: manage,
      schema: {
        tags: ['people'],
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(PersonFields.name), gender: PersonFields.gender, birthDate: PersonFields.birthDate, phone: PersonFields.phone, idNumber: PersonFields.idNumber },
          { additionalProperties: false, ...atLeastOneOf(['name', 'gender', 'birthDate', 'phone', 'idNumber']) },
        ),
        response: { 200: PersonDto, ...errors },
      },
    },
    async (req) => svc.editPerson(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/households',
    {
      config: manage,
      schema: { tags: ['people'], body: Type.Object({ unitId: Id }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer(), unitId: Type.Integer() }), ...errors } },
    },
    async (req) => svc.createHousehold(ctx, actorOf(req), req.body.unitId),
  );

  app.post(
    '/households/:id/members',
    {
      config: manage,
      schema: { tags: ['people'], params: IdParams, body: Type.Object({ personId: Id, relation: Relation }, { additionalProperties: false }), response: { 200: Ok, ...errors } },
    },
    async (req) => svc.addMember(ctx, actorOf(req), req.params.id, req.body.personId, req.body.relation),
  );

  app.delete(
    '/households/:id/members/:personId',
    { config: manage, schema: { tags: ['people'], params: Type.Object({ id: Id, personId: Id }), response: { 200: Ok, ...errors } } },
    async (req) => svc.removeMember(ctx, actorOf(req), req.params.id, req.params.personId),
  );

  app.get(
    '/units/:id',
    {
      config: view,
      schema: {
        tags: ['people'],
        summary: 'A unit: households, owners, areas (0.01 m²) and the area that counts (registry > surveyed > contract)',
        params: IdParams,
        response: { 200: UnitDetailDto, ...errors },
      },
    },
    async (req) => svc.unitDetail(ctx, actorOf(req), req.params.id),
  );

  app.put(
    '/units/:id/areas',
    {
      config: manage,
      schema: {
        tags: ['people'],
        summary: 'Set a unit’s areas as decimal text in m² (e.g. "89.55"); null removes one',
        params: IdParams,
        body: Type.Object({ registry: Type.Optional(AreaText), surveyed: Type.Optional(AreaText), contract: Type.Optional(AreaText) }, { additionalProperties: false, ...atLeastOneOf(['registry', 'surveyed', 'contract']) }),
        response: { 200: Type.Object({ areas: AreasDto, effectiveArea: EffectiveAreaDto }), ...errors },
      },
    },
    async (req) => svc.setUnitAreas(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/units/:id/ownerships',
    {
      config: manage,
      schema: {
        tags: ['people'],
        summary: 'Record an owner of a unit: a person (registered or in lawful occupation) or the developer (unsold)',
        params: IdParams,
        body: Type.Object(
          {
            personId: Type.Optional(Id),
            orgId: Type.Optional(Id),
            basis: Type.Union(OWNERSHIP_BASES.map((b) => Type.Literal(b))),
            isVotingDelegate: Type.Boolean({ default: false }),
            since: Type.Optional(Type.Union([DateStr, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.addOwnership(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/ownerships/:id/end',
    { config: manage, schema: { tags: ['people'], params: IdParams, body: Type.Object({ endedAt: DateStr }, { additionalProperties: false }), response: { 200: Ok, ...errors } } },
    async (req) => svc.endOwnership(ctx, actorOf(req), req.params.id, req.body.endedAt),
  );

  app.get(
    '/me/household',
    {
      config: { access: { permission: 'self.household' } },
      schema: {
        tags: ['people'],
        summary: 'My home as a resident: units I live in or own, members, owners and areas (no full ID numbers)',
        response: { 200: MyHouseholdDto, ...errors },
      },
    },
    async (req) => svc.myHousehold(ctx, actorOf(req)),
  );

  app.get(
    '/me/export',
    { config: { access: { authenticated: true } }, schema: { tags: ['people'], summary: 'Everything held about me (PIPL right of access)' } },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="my-data.json"');
      return svc.exportMyData(ctx, actorOf(req));
    },
  );
}
