// /api/assemblies…: the organiser's lifecycle (create, matters, announce, roll, open, close,
// count, publish, archive), the list and detail, and the settings.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, Id, IdParams, Ok } from '../../core/schemas';
import {
  AssemblyCreateBody,
  AssemblyDetailDto,
  AssemblyListDto,
  AssemblyPatchBody,
  CorrectionBody,
  ListQuery,
  MatterBody,
  MatterParams,
  MatterPatchBody,
  RollDto,
  RollQueryT,
  SettingsBody,
  VoterParams,
} from './schemas';
import * as svc from './service';
import { saveAssemblySettings, viewAssemblySettings } from './config';

const tags = ['assemblies'];
const organise = { access: { permission: 'assemblies.organise' } } as const;
const view = { access: { permission: 'assemblies.view' } } as const;
const configure = { access: { permission: 'assemblies.configure' } } as const;

export async function assemblyRoutes(app: App, ctx: AppContext): Promise<void> {
  const detail = async (req: { actor: unknown }, id: number) => svc.getAssembly(ctx, actorOf(req as never), id);

  app.get('/assemblies', { config: view, schema: { tags, summary: 'Assemblies in my area', querystring: ListQuery, response: { 200: AssemblyListDto, ...errors } } }, async (req) =>
    svc.listAssemblies(ctx, actorOf(req), req.query),
  );

  app.post('/assemblies', { config: organise, schema: { tags, summary: 'Create an assembly (draft) on an estate', body: AssemblyCreateBody, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
    const id = await svc.createAssembly(ctx, actorOf(req), req.body);
    return detail(req, id);
  });

  app.get('/assemblies/:id', { config: view, schema: { tags, summary: 'An assembly: notice, matters, election, live turnout (organisers) and results', params: IdParams, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) =>
    detail(req, req.params.id),
  );

  app.patch('/assemblies/:id', { config: organise, schema: { tags, summary: 'Edit a draft assembly', params: IdParams, body: AssemblyPatchBody, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
    const { version, ...patch } = req.body;
    await svc.updateAssembly(ctx, actorOf(req), req.params.id, patch, version);
    return detail(req, req.params.id);
  });

  app.post('/assemblies/:id/matters', { config: organise, schema: { tags, summary: 'Add a matter (with its 民法典 第278条 item) to a draft assembly', params: IdParams, body: MatterBody, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
    await svc.addMatter(ctx, actorOf(req), req.params.id, { ...req.body, item: req.body.item as svc.MatterTally['item'] });
    return detail(req, req.params.id);
  });

  app.patch('/assemblies/:id/matters/:matterId', { config: organise, schema: { tags, summary: 'Edit a matter of a draft assembly', params: MatterParams, body: MatterPatchBody, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
    await svc.updateMatter(ctx, actorOf(req), req.params.id, req.params.matterId, { ...req.body, item: req.body.item as svc.MatterTally['item'] | undefined });
    return detail(req, req.params.id);
  });

  app.delete('/assemblies/:id/matters/:matterId', { config: organise, schema: { tags, summary: 'Remove a matter from a draft assembly', params: MatterParams, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
    await svc.removeMatter(ctx, actorOf(req), req.params.id, req.params.matterId);
    return detail(req, req.params.id);
  });

  const step = (path: string, summary: string, run: (id: number, req: Parameters<typeof actorOf>[0]) => Promise<void>) =>
    app.post(path, { config: organise, schema: { tags, summary, params: IdParams, response: { 200: AssemblyDetailDto, ...errors } } }, async (req) => {
      await run(req.params.id, req);
      return detail(req, req.params.id);
    });
  step('/assemblies/:id/announce', 'Announce: freeze the voter roll, notify the owners and copy the residents’ committee (needs the notice days before voting opens)', (id, req) => svc.announce(ctx, actorOf(req), id));
  step('/assemblies/:id/open', 'Open voting (at or after the announced opening time)', (id, req) => svc.openVoting(ctx, actorOf(req), id));
  step('/assemblies/:id/close', 'Close voting (at or after the announced closing time)', (id, req) => svc.closeVoting(ctx, actorOf(req), id));
  step('/assemblies/:id/count', 'Count: decide every matter by 民法典 第278条 and seat the elected candidates', (id, req) => svc.countResults(ctx, actorOf(req), id));
  step('/assemblies/:id/publish', 'Publish the result (publicity period); an election seats the committee', (id, req) => svc.publish(ctx, actorOf(req), id));
  step('/assemblies/:id/archive', 'Archive after the publicity period', (id, req) => svc.archive(ctx, actorOf(req), id));

  app.get('/assemblies/:id/roll', { config: view, schema: { tags, summary: 'The voter roll (names masked); before announcement a preview from current ownership', params: IdParams, querystring: RollQueryT, response: { 200: RollDto, ...errors } } }, async (req) =>
    svc.viewRoll(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post('/assemblies/:id/roll/:voterId/corrections', { config: organise, schema: { tags, summary: 'Correct the frozen roll after an objection (before voting opens), with a reason', params: VoterParams, body: CorrectionBody, response: { 200: Ok, ...errors } } }, async (req) => {
    await svc.correctRoll(ctx, actorOf(req), req.params.id, req.params.voterId, req.body);
    return { ok: true };
  });

  app.get('/assemblies/:id/roll-corrections', {
    config: view,
    schema: { tags, summary: 'Corrections made to the roll, with reasons', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Type.Object({}, { additionalProperties: true })) }), ...errors } },
  }, async (req) => ({ items: await svc.listCorrections(ctx, actorOf(req), req.params.id) }));

  const SettingsDto = Type.Object({ place: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }), own: Type.Object({}, { additionalProperties: true }), effective: Type.Object({}, { additionalProperties: true }), version: Type.Integer() });
  app.get('/assembly-settings/:placeId', { config: configure, schema: { tags, summary: 'Assembly settings of a district, street or estate (own and effective)', params: Type.Object({ placeId: Id }), response: { 200: SettingsDto, ...errors } } }, async (req) =>
    viewAssemblySettings(ctx, actorOf(req), req.params.placeId),
  );
  app.put('/assembly-settings/:placeId', { config: configure, schema: { tags, summary: 'Save assembly settings (deemedVotes only on an estate: its covenant)', params: Type.Object({ placeId: Id }), body: SettingsBody, response: { 200: SettingsDto, ...errors } } }, async (req) =>
    saveAssemblySettings(ctx, actorOf(req), req.params.placeId, req.body.settings, req.body.version),
  );
}
