// /api/dual…: 双报到. The office's routes (dual.manage) act in the caller's area; the member's own
// routes live under /api/dual/mine (dual.mine) and act only for the caller, at the community
// where they live. Every handler is one service call.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, IdParams, Ok } from '../../core/schemas';
import {
  CandidateListDto,
  CandidateQuery,
  ClaimBody,
  ClaimDto,
  ClaimListDto,
  DecisionBody,
  EvaluationBody,
  EvaluationDto,
  EvaluationParams,
  HoursBody,
  HoursDto,
  HoursListDto,
  HoursQuery,
  LetterQuery,
  LettersQuery,
  MineDto,
  MyHoursBody,
  MyRegistrationBody,
  PostBody,
  PostDto,
  PostListDto,
  PostPatchBody,
  PostQuery,
  RegistrationBody,
  RegistrationDto,
  RegistrationListDto,
  RegistrationQuery,
  SummaryDto,
  SummaryQuery,
} from './schemas-dual';
import { endRegistration, listRegistrations, memberCandidates, registerByOffice, registerMyself, registrationView } from './dual';
import { claimById, claimForRegistration, claimMyself, createPost, listMyPosts, listPostClaims, listPosts, postView, registrationClaims, updatePost, withdrawByOffice, withdrawMine } from './dual-posts';
import { decideHours, evaluate, hoursView, listHours, logHoursByOffice, logMyHours, mine, summary } from './dual-hours';
import { letterFor, lettersXlsx } from './dual-letter';

const tags = ['dual'];
const manage = { access: { permission: 'dual.manage' } } as const;
const own = { access: { permission: 'dual.mine' } } as const;
const File = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });
const disposition = (kind: 'inline' | 'attachment', filename: string) => `${kind}; filename*=UTF-8''${encodeURIComponent(filename)}`;

export async function dualRoutes(app: App, ctx: AppContext): Promise<void> {
  // --- registrations (office) ---
  app.get('/dual/registrations', { config: manage, schema: { tags, summary: 'Registrations in my area, with the year’s confirmed and pending minutes, active claims and grade', querystring: RegistrationQuery, response: { 200: RegistrationListDto, ...errors } } }, async (req) =>
    listRegistrations(ctx, actorOf(req), req.query),
  );
  app.post('/dual/registrations', { config: manage, schema: { tags, summary: 'Register an organisation, or an in-service member who lives in the community', body: RegistrationBody, response: { 200: RegistrationDto, ...errors } } }, async (req) =>
    registrationView(ctx.db, await registerByOffice(ctx, actorOf(req), req.body)),
  );
  app.get('/dual/candidates', { config: manage, schema: { tags, summary: 'In-service members living in a community and not yet registered there', querystring: CandidateQuery, response: { 200: CandidateListDto, ...errors } } }, async (req) => ({
    items: await memberCandidates(ctx, actorOf(req), req.query.communityId, req.query.q),
  }));
  app.delete('/dual/registrations/:id', { config: manage, schema: { tags, summary: 'End a registration (its claims are withdrawn)', params: IdParams, response: { 200: RegistrationDto, ...errors } } }, async (req) => {
    await endRegistration(ctx, actorOf(req), req.params.id);
    return registrationView(ctx.db, req.params.id);
  });
  app.get('/dual/registrations/:id/claims', { config: manage, schema: { tags, summary: 'A registration’s claims (active and withdrawn)', params: IdParams, response: { 200: ClaimListDto, ...errors } } }, async (req) => ({
    items: await registrationClaims(ctx, actorOf(req), req.params.id),
  }));

  // --- the catalogue and claims (office) ---
  app.get('/dual/posts', { config: manage, schema: { tags, summary: 'Service posts and tasks in my area', querystring: PostQuery, response: { 200: PostListDto, ...errors } } }, async (req) =>
    listPosts(ctx, actorOf(req), req.query),
  );
  app.post('/dual/posts', { config: manage, schema: { tags, summary: 'Add a service post or task to a community’s catalogue', body: PostBody, response: { 200: PostDto, ...errors } } }, async (req) =>
    postView(ctx.db, await createPost(ctx, actorOf(req), req.body)),
  );
  app.patch('/dual/posts/:id', { config: manage, schema: { tags, summary: 'Edit a post (capacity not below the places claimed; version for concurrent edits)', params: IdParams, body: PostPatchBody, response: { 200: PostDto, ...errors } } }, async (req) => {
    await updatePost(ctx, actorOf(req), req.params.id, req.body);
    return postView(ctx.db, req.params.id);
  });
  app.get('/dual/posts/:id/claims', { config: manage, schema: { tags, summary: 'Who holds places on a post', params: IdParams, response: { 200: ClaimListDto, ...errors } } }, async (req) => ({
    items: await listPostClaims(ctx, actorOf(req), req.params.id),
  }));
  app.post('/dual/posts/:id/claims', { config: manage, schema: { tags, summary: 'Claim a place on a post for a registration (409 DUAL_POST_FULL when full)', params: IdParams, body: ClaimBody, response: { 200: PostDto, ...errors } } }, async (req) => {
    await claimForRegistration(ctx, actorOf(req), req.params.id, req.body.registrationId);
    return postView(ctx.db, req.params.id);
  });
  app.delete('/dual/claims/:id', { config: manage, schema: { tags, summary: 'Withdraw a claim (frees the place)', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await withdrawByOffice(ctx, actorOf(req), req.params.id);
    return { ok: true };
  });

  // --- hours, evaluations, letters (office) ---
  app.get('/dual/hours', { config: manage, schema: { tags, summary: 'Service hours in my area (status=pending: the queue to confirm)', querystring: HoursQuery, response: { 200: HoursListDto, ...errors } } }, async (req) =>
    listHours(ctx, actorOf(req), req.query),
  );
  app.post('/dual/hours', { config: manage, schema: { tags, summary: 'Log service hours for a registration (confirmed at once)', body: HoursBody, response: { 200: HoursDto, ...errors } } }, async (req) =>
    hoursView(ctx.db, await logHoursByOffice(ctx, actorOf(req), req.body)),
  );
  app.post('/dual/hours/:id/decision', { config: manage, schema: { tags, summary: 'Confirm or reject pending hours (only confirmed minutes count)', params: IdParams, body: DecisionBody, response: { 200: HoursDto, ...errors } } }, async (req) => {
    await decideHours(ctx, actorOf(req), req.params.id, req.body.decision);
    return hoursView(ctx.db, req.params.id);
  });
  app.put('/dual/registrations/:id/evaluations/:year', { config: manage, schema: { tags, summary: 'The yearly evaluation of a registration', params: EvaluationParams, body: EvaluationBody, response: { 200: EvaluationDto, ...errors } } }, async (req) =>
    evaluate(ctx, actorOf(req), req.params.id, req.params.year, req.body),
  );
  app.get('/dual/summary', { config: manage, schema: { tags, summary: 'The year per registration: confirmed minutes, posts claimed, grade and comment', querystring: SummaryQuery, response: { 200: SummaryDto, ...errors } } }, async (req) =>
    summary(ctx, actorOf(req), req.query),
  );
  app.get('/dual/registrations/:id/letter', { config: manage, schema: { tags, summary: 'The feedback letter to the employer for a year (PDF; audited)', params: IdParams, querystring: LetterQuery, response: { 200: File('application/pdf'), ...errors } } }, async (req, reply) => {
    const { filename, pdf } = await letterFor(ctx, actorOf(req), req.params.id, req.query.year);
    return reply.type('application/pdf').header('content-disposition', disposition('attachment', filename)).header('cache-control', 'no-store').send(pdf);
  });
  app.get('/dual/letters.xlsx', { config: manage, schema: { tags, summary: 'A community’s results for a year (XLSX)', querystring: LettersQuery, response: { 200: File('XLSX workbook'), ...errors } } }, async (req, reply) => {
    const { filename, xlsx } = await lettersXlsx(ctx, actorOf(req), req.query.communityId, req.query.year);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', disposition('attachment', filename))
      .header('cache-control', 'no-store')
      .send(xlsx);
  });

  // --- the member's own (phone) ---
  app.get('/dual/mine', { config: own, schema: { tags, summary: 'My registration, claims, hours and evaluations', response: { 200: MineDto, ...errors } } }, async (req) => mine(ctx, actorOf(req)));
  app.post('/dual/mine/registration', { config: own, schema: { tags, summary: 'Register myself at the community where I live', body: MyRegistrationBody, response: { 200: RegistrationDto, ...errors } } }, async (req) =>
    registrationView(ctx.db, await registerMyself(ctx, actorOf(req), req.body.communityId)),
  );
  app.get('/dual/mine/posts', { config: own, schema: { tags, summary: 'Open posts of my community with places left', response: { 200: PostListDto, ...errors } } }, async (req) => listMyPosts(ctx, actorOf(req)));
  app.post('/dual/mine/posts/:id/claims', { config: own, schema: { tags, summary: 'Claim a place on a post for myself', params: IdParams, response: { 200: ClaimDto, ...errors } } }, async (req) => {
    return claimById(ctx.db, await claimMyself(ctx, actorOf(req), req.params.id));
  });
  app.delete('/dual/mine/claims/:id', { config: own, schema: { tags, summary: 'Withdraw my claim', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await withdrawMine(ctx, actorOf(req), req.params.id);
    return { ok: true };
  });
  app.post('/dual/mine/hours', { config: own, schema: { tags, summary: 'Log my service hours (pending until the community confirms)', body: MyHoursBody, response: { 200: HoursDto, ...errors } } }, async (req) =>
    hoursView(ctx.db, await logMyHours(ctx, actorOf(req), req.body)),
  );
}
