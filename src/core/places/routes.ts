// /api/places: the place tree.
import { Type } from 'typebox';
import type { App, AppContext } from '../manifest';
import { actorOf } from '../http';
import { errors, Id, IdParams } from '../schemas';
import { PLACE_KINDS } from '../db/schema';
import { ImportReportDto, PlaceDto, PlaceViewDto } from './schemas';
import * as svc from './service';
import { importPlaces, importTemplate, uploadedSheet } from './import';

const Kind = Type.Union(PLACE_KINDS.map((k) => Type.Literal(k)));
// a Record's key schema is not enforced (it becomes patternProperties), so the key length goes in propertyNames
const Attrs = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 30, propertyNames: { maxLength: 40 } });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Code = Type.Union([Type.String({ maxLength: 50 }), Type.Null()]);

export async function placeRoutes(app: App, ctx: AppContext): Promise<void> {
  const view = { access: { permission: 'places.view' } } as const;
  const manage = { access: { permission: 'places.manage' } } as const;

  app.get('/places/roots', { config: view, schema: { tags: ['places'], summary: 'The roots of my scope', response: { 200: Type.Object({ items: Type.Array(PlaceDto) }), ...errors } } }, async (req) => ({
    items: await svc.scopeRoots(ctx, actorOf(req)),
  }));

  app.get(
    '/places/search',
    {
      config: view,
      schema: {
        tags: ['places'],
        summary: 'Find places by name inside my scope',
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }), kind: Type.Optional(Kind), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        response: { 200: Type.Object({ items: Type.Array(PlaceDto) }), ...errors },
      },
    },
    async (req) => ({ items: await svc.search(ctx, actorOf(req), req.query.q, req.query.kind, req.query.limit) }),
  );

  app.get(
    '/places/:id',
    {
      config: view,
      schema: {
        tags: ['places'],
        summary: 'A place with its ancestors and subtree counts',
        params: IdParams,
        response: { 200: PlaceViewDto, ...errors },
      },
    },
    async (req) => svc.viewPlace(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/places/:id/children',
    {
      config: view,
      schema: {
        tags: ['places'],
        params: IdParams,
        querystring: Type.Object({
          includeRetired: Type.Boolean({ default: false }),
          q: Type.Optional(Type.String({ maxLength: 50 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(PlaceDto), total: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.children(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/places',
    {
      config: manage,
      schema: {
        tags: ['places'],
        summary: 'Create a place under a parent (its kind follows from the parent)',
        body: Type.Object({ parentId: Id, name: Name, code: Type.Optional(Code), attrs: Type.Optional(Attrs) }, { additionalProperties: false }),
        response: { 200: PlaceDto, ...errors },
      },
    },
    async (req) => svc.createPlace(ctx, actorOf(req), req.body),
  );

  app.patch(
    '/places/:id',
    {
      config: manage,
      schema: {
        tags: ['places'],
        summary: 'Rename or edit a place (optimistic lock on version)',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }), name: Type.Optional(Name), code: Type.Optional(Code), attrs: Type.Optional(Attrs) }, { additionalProperties: false }),
        response: { 200: PlaceDto, ...errors },
      },
    },
    async (req) => svc.editPlace(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/places/:id/move',
    {
      config: manage,
      schema: {
        tags: ['places'],
        summary: 'Move a place and its subtree under another parent of the right kind',
        params: IdParams,
        body: Type.Object({ newParentId: Id, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ place: PlaceDto, nodesMoved: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.movePlace(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/places/:id/retire',
    {
      config: manage,
      schema: {
        tags: ['places'],
        summary: 'Retire a place and its subtree (kept for history)',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ nodesRetired: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.retirePlace(ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/places/import/template',
    { config: { access: { permission: 'places.import' } }, schema: { tags: ['places'], summary: 'XLSX template for the import' } },
    async (_req, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('地点导入模板.xlsx')}`)
        .send(await importTemplate()),
  );

  app.post(
    '/places/:id/import',
    {
      config: { access: { permission: 'places.import' } },
      schema: {
        tags: ['places'],
        summary: 'Import estates, buildings, entrances and units under this place from XLSX or CSV (multipart field "file")',
        description: 'Query dryRun=true only checks. With errors and skipBadRows=false nothing is imported (422 with the row-level report).',
        params: IdParams,
        querystring: Type.Object({ dryRun: Type.Boolean({ default: false }), skipBadRows: Type.Boolean({ default: false }) }),
        response: { 200: ImportReportDto, ...errors },
      },
    },
    async (req) => {
      const { buf, filename } = await uploadedSheet(req);
      return importPlaces(ctx, actorOf(req), { anchorId: req.params.id, file: buf, filename, ...req.query });
    },
  );
}
