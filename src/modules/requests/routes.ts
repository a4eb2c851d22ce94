// /api/requests…: intake, lists, detail, actions, photos, the catalogue and settings, the dashboard.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { AppError } from '../../core/errors';
import { errors, Id, IdParams } from '../../core/schemas';
import {
  ActionBody,
  CategoryCreateBody,
  CategoryDto,
  CategoryPatchBody,
  CategoryRuleBody,
  IntakeBody,
  ListQuery,
  PhotoDto,
  RequestDetailDto,
  RequestListDto,
  SettingsDto,
  SettingsPatchT,
  StatsDto,
  StatsQuery,
  TargetsDto,
} from './schemas';
import * as svc from './service';
import * as cfg from './config';
import { dashboard } from './stats';
import { readPhoto, savePhoto, MAX_PHOTO_BYTES } from './photos';
import { importRoutes } from './import';

const tags = ['requests'];

export async function requestRoutes(app: App, ctx: AppContext): Promise<void> {
  const anyone = { access: { authenticated: true } } as const;

  app.get(
    '/requests/categories',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The active categories that apply at a place (the report form)',
        querystring: Type.Object({ placeId: Type.Optional(Id) }),
        response: { 200: Type.Object({ items: Type.Array(CategoryDto) }), ...errors },
      },
    },
    async (req) => ({ items: await cfg.categoriesAt(ctx, req.query.placeId) }),
  );

  app.post(
    '/requests',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'File a request: a resident for themselves (on their estate), or staff and 三长 for someone else (onBehalf, needs requests.intake there)',
        body: IntakeBody,
        response: { 200: RequestDetailDto, ...errors },
      },
    },
    async (req) => svc.createRequest(ctx, actorOf(req), req.body),
  );

  app.get(
    '/requests',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Requests in one of my views (inbox, first received, co-handling, my area, mine, filed by me, overdue)',
        querystring: ListQuery,
        response: { 200: RequestListDto, ...errors },
      },
    },
    async (req) => svc.listRequests(ctx, actorOf(req), req.query),
  );

  app.get(
    '/requests/:id',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'A request with its timeline and the actions I may take (internal notes only for the handling side)',
        params: IdParams,
        response: { 200: RequestDetailDto, ...errors },
      },
    },
    async (req) => svc.getRequest(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/requests/:id/targets',
    {
      config: anyone,
      schema: { tags, summary: 'Units a request may go to (transfer, escalation, co-handling)', params: IdParams, response: { 200: TargetsDto, ...errors } },
    },
    async (req) => ({ items: await svc.targetsFor(ctx, actorOf(req), req.params.id) }),
  );

  app.post(
    '/requests/:id/actions',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Take an action: a state transition, a contact record, a reply or internal note, a transfer, a co-handler, a rating or a follow-up check',
        params: IdParams,
        body: ActionBody,
        response: { 200: RequestDetailDto, ...errors },
      },
    },
    async (req) => svc.act(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/request-photos',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Upload one photo (multipart field "file"; JPEG, PNG or WebP, at most 5 MB); attach it by id when filing or acting',
        consumes: ['multipart/form-data'],
        response: { 200: PhotoDto, ...errors, 413: errors[400], 415: errors[400] },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await req.file({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1 } });
      if (!file) throw new AppError('REQUEST_PHOTO_INVALID');
      const bytes = await file.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('REQUEST_PHOTO_INVALID', { reason: 'too large' });
        throw err;
      });
      return savePhoto(ctx, actorOf(req), bytes);
    },
  );

  app.get(
    '/request-photos/:id',
    {
      config: anyone,
      schema: { tags, summary: 'A photo (its uploader, or anyone who may see its request)', params: IdParams },
    },
    async (req, reply) => {
      const p = await readPhoto(ctx, actorOf(req), req.params.id);
      return reply.header('content-type', p.mime).header('cache-control', 'private, max-age=86400').header('etag', `"${p.sha256}"`).send(p.bytes);
    },
  );

  const configure = { access: { permission: 'requests.configure' } } as const;
  app.get(
    '/request-categories',
    {
      config: configure,
      schema: {
        tags,
        summary: 'The catalogue, with a street’s own rules when streetId is given',
        querystring: Type.Object({ streetId: Type.Optional(Id) }),
        response: { 200: Type.Object({ items: Type.Array(CategoryDto) }), ...errors },
      },
    },
    async (req) => ({ items: await cfg.categoriesForAdmin(ctx, actorOf(req), req.query.streetId) }),
  );
  app.post(
    '/request-categories',
    { config: configure, schema: { tags, summary: 'Add a category to the catalogue (district admin)', body: CategoryCreateBody, response: { 200: CategoryDto, ...errors } } },
    async (req) => cfg.createCategory(ctx, actorOf(req), req.body),
  );
  app.patch(
    '/request-categories/:id',
    {
      config: configure,
      schema: { tags, summary: 'Change a catalogue entry (district admin)', params: IdParams, body: CategoryPatchBody, response: { 200: CategoryDto, ...errors } },
    },
    async (req) => cfg.editCategory(ctx, actorOf(req), req.params.id, req.body),
  );
  app.put(
    '/request-categories/:id/streets/:streetId',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Set a street’s own routing, deadline class or activity for a category (all null removes the rule)',
        params: Type.Object({ id: Id, streetId: Id }),
        body: CategoryRuleBody,
        response: { 200: CategoryDto, ...errors },
      },
    },
    async (req) => cfg.setCategoryRule(ctx, actorOf(req), req.params.streetId, req.params.id, req.body),
  );

  app.get(
    '/request-settings/:id',
    { config: configure, schema: { tags, summary: 'Deadlines, calendar and weights of a district or street', params: IdParams, response: { 200: SettingsDto, ...errors } } },
    async (req) => cfg.viewSettings(ctx, actorOf(req), req.params.id),
  );
  app.put(
    '/request-settings/:id',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Replace what a district or street sets itself (the rest comes from above); version guards against lost updates',
        params: IdParams,
        body: Type.Object({ settings: SettingsPatchT, version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        response: { 200: SettingsDto, ...errors },
      },
    },
    async (req) => cfg.saveSettings(ctx, actorOf(req), req.params.id, req.body.settings, req.body.version),
  );

  app.get(
    '/requests-stats',
    {
      config: { access: { permission: 'requests.dashboard' } },
      schema: {
        tags,
        summary: 'The three rates, trend, categories, rankings and live counts for a place (district … estate) and a period',
        querystring: StatsQuery,
        response: { 200: StatsDto, ...errors },
      },
    },
    async (req) => dashboard(ctx, actorOf(req), req.query),
  );

  await importRoutes(app, ctx);
}
