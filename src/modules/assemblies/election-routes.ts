// The 业委会 election and its candidates (with the party organisation's review), the notice
// delivery log, owners' petitions for an extraordinary meeting, and elected owners' committees
// with their follow-up tasks.
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, Id, IdParams, Paging } from '../../core/schemas';
import { AssemblyDetailDto, lit, MatterParams } from './schemas';
import { getAssembly } from './service';
import * as el from './elections';
import { DELIVERY_FILTERS, listDeliveries, MAX_DELIVERY_BATCH, recordDeliveries, STAFF_METHODS } from './deliveries';
import * as pe from './petitions';
import { completeTask, getCommittee, listCommittees } from './committees';

const tags = ['assemblies'];
const organise = { access: { permission: 'assemblies.organise' } } as const;
const view = { access: { permission: 'assemblies.view' } } as const;
const review = { access: { permission: 'assemblies.review' } } as const;
const mine = { access: { permission: 'assemblies.mine' } } as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Figures = Type.Object({ areaCenti: Type.String(), persons: Type.Integer() });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

// ---- election and candidates
const Seats = Type.Integer({ minimum: 1, maximum: 99, description: 'an odd number from 5 to 11 (otherwise ASSEMBLY_SEATS_INVALID)' });
const TermYears = Type.Integer({ minimum: 1, maximum: 99, description: '1 to 5 years (otherwise ASSEMBLY_TERM_INVALID)' });
const ElectionBody = Type.Object({ title: Type.String({ minLength: 2, maxLength: 100 }), seats: Type.Optional(Seats), termYears: Type.Optional(TermYears) });
const ElectionPatchBody = Type.Object({ title: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })), seats: Type.Optional(Seats), termYears: Type.Optional(TermYears) });
const CandidateBody = Type.Object({ personId: Id, statement: Type.Optional(Type.String({ maxLength: 5000 })) });
const CandidatePatchBody = Type.Object({ statement: Type.String({ maxLength: 5000 }) });
const ReviewBody = Type.Object({
  decision: lit(['approved', 'rejected'] as const),
  note: Type.Optional(Type.String({ maxLength: 1000, description: 'required (2+ characters) for a rejection' })),
  partyMember: Type.Boolean(),
  branchCommittee: Type.Boolean({ description: 'sits on the estate party branch committee (implies partyMember)' }),
});
const EligibleQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
const EligibleDto = Type.Object({
  items: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      units: Type.Array(Type.String()),
      candidate: Type.Boolean(),
      arrears: lit(['none', 'arrears', 'unknown'] as const),
    }),
  ),
  total: Type.Integer(),
  feeData: Type.Object({ available: Type.Boolean(), note: Bilingual }),
});

// ---- deliveries
const DeliveryQuery = Type.Object({
  method: Type.Optional(lit(DELIVERY_FILTERS)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
const DeliveryBody = Type.Object({
  voterIds: Type.Array(Id, { minItems: 1, maxItems: MAX_DELIVERY_BATCH, uniqueItems: true }),
  method: lit(STAFF_METHODS),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
const Summary = Type.Object({
  voters: Type.Integer(),
  app_read: Type.Integer(),
  paper: Type.Integer(),
  failed: Type.Integer(),
  public_notice: Type.Integer(),
  none: Type.Integer(),
  reached: Type.Integer(),
  notReached: Type.Integer(),
});
const DeliveryListDto = Type.Object({
  summary: Summary,
  items: Type.Array(
    Type.Object({
      voterId: Type.Integer(),
      voterNo: Type.Integer(),
      kind: Type.String(),
      name: Type.String(),
      units: Type.Array(Type.String()),
      active: Type.Boolean(),
      method: Nullable(Type.String()),
      at: Nullable(Type.String()),
      note: Nullable(Type.String()),
      by: Nullable(Type.String()),
      reached: Type.Boolean(),
      deliveries: Type.Integer(),
    }),
  ),
  total: Type.Integer(),
});

// ---- petitions
const Totals = Type.Object({
  signed: Figures,
  roll: Figures,
  areaPercent: Type.String(),
  personsPercent: Type.String(),
  areaReached: Type.Boolean(),
  personsReached: Type.Boolean(),
  reached: Type.Boolean(),
  required: Type.String(),
  article: Type.String(),
  lapsed: Type.Integer(),
});
const petitionFields = {
  id: Type.Integer(),
  estateId: Type.Integer(),
  estateName: Type.String(),
  title: Type.String(),
  reason: Type.String(),
  state: lit(pe.PETITION_STATES),
  createdAt: Type.String(),
  reachedAt: Nullable(Type.String()),
  assemblyId: Nullable(Type.Integer()),
  totals: Totals,
};
const PetitionDto = Type.Object(petitionFields);
const PetitionDetailDto = Type.Object({
  ...petitionFields,
  signatures: Type.Array(Type.Object({ signedBy: Type.String(), signedAt: Type.String(), onRoll: Type.Boolean(), units: Type.Array(Type.String()), areaCenti: Type.String() })),
});
const MyPetitionDto = Type.Object({ ...petitionFields, signed: Type.Boolean(), signedByMe: Type.Boolean(), signedAt: Nullable(Type.String()) });
const PetitionQuery = Type.Object({ placeId: Type.Optional(Id), state: Type.Optional(lit(pe.PETITION_STATES)), ...Paging.properties });
const PetitionBody = Type.Object({ estateId: Id, title: Type.String({ minLength: 2, maxLength: 100 }), reason: Type.String({ minLength: 2, maxLength: 2000 }) });

// ---- committees
const CommitteeDto = Type.Object({
  id: Type.Integer(),
  estateId: Type.Integer(),
  estateName: Type.String(),
  assemblyId: Type.Integer(),
  assemblyTitle: Type.String(),
  electionId: Type.Integer(),
  termStart: Type.String(),
  termEnd: Type.String(),
  daysLeft: Type.Integer(),
  createdAt: Type.String(),
  current: Type.Optional(Type.Boolean()),
  term: Type.Object({ start: Type.String(), end: Type.String(), daysLeft: Type.Integer(), expired: Type.Boolean(), warning: Type.Boolean() }),
  members: Type.Array(Type.Object({ personId: Type.Integer(), name: Type.String(), rank: Type.Integer(), partyMember: Type.Boolean(), branchCommittee: Type.Boolean() })),
  crossAppointment: Type.Object({
    members: Type.Integer(),
    partyMembers: Type.Integer(),
    branchCommittee: Type.Integer(),
    fraction: Type.String(),
    percent: Type.String(),
    targetPct: Type.Integer(),
    meetsTarget: Type.Boolean(),
  }),
  tasks: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      dueAt: Type.String(),
      overdue: Type.Boolean(),
      done: Type.Boolean(),
      doneAt: Nullable(Type.String()),
      doneBy: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
});
const CommitteeQuery = Type.Object({ placeId: Type.Optional(Id), ...Paging.properties });
const TaskParams = Type.Object({ id: Id, taskId: Id });
const TaskBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) });

export async function electionRoutes(app: App, ctx: AppContext): Promise<void> {
  const detail = (req: Parameters<typeof actorOf>[0], id: number) => getAssembly(ctx, actorOf(req), id);

  // ------------------------------------------------------------------ election
  app.post('/assemblies/:id/election', {
    config: organise,
    schema: { tags, summary: 'Add the owners’ committee election to a draft assembly (seats default from the settings: odd, 5–11; term ≤ 5 years)', params: IdParams, body: ElectionBody, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.createElection(ctx, actorOf(req), req.params.id, req.body);
    return detail(req, req.params.id);
  });

  app.patch('/assemblies/:id/election', {
    config: organise,
    schema: { tags, summary: 'Change the election’s title, seats or term (draft)', params: IdParams, body: ElectionPatchBody, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.updateElection(ctx, actorOf(req), req.params.id, req.body);
    return detail(req, req.params.id);
  });

  app.delete('/assemblies/:id/election', {
    config: organise,
    schema: { tags, summary: 'Remove the election with its candidates and their matters (draft)', params: IdParams, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.deleteElection(ctx, actorOf(req), req.params.id);
    return detail(req, req.params.id);
  });

  app.get('/assemblies/:id/eligible-owners', {
    config: organise,
    schema: { tags, summary: 'Current owners of the estate, for the candidate picker (fee arrears: no fee data yet, always "unknown")', params: IdParams, querystring: EligibleQuery, response: { 200: EligibleDto, ...errors } },
  }, async (req) => el.eligibleOwners(ctx, actorOf(req), req.params.id, req.query));

  app.post('/assemblies/:id/candidates', {
    config: organise,
    schema: { tags, summary: 'Add a candidate (an owner of the estate): creates the matter of 民法典 第278条 item (3) "选举某某为业主委员会委员"', params: IdParams, body: CandidateBody, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.addCandidate(ctx, actorOf(req), req.params.id, req.body);
    return detail(req, req.params.id);
  });

  app.patch('/assemblies/:id/candidates/:matterId', {
    config: organise,
    schema: { tags, summary: 'Change a candidate’s statement (draft)', params: MatterParams, body: CandidatePatchBody, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.updateCandidate(ctx, actorOf(req), req.params.id, req.params.matterId, req.body);
    return detail(req, req.params.id);
  });

  app.delete('/assemblies/:id/candidates/:matterId', {
    config: organise,
    schema: { tags, summary: 'Remove a candidate and their matter; later matters move up (draft)', params: MatterParams, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.removeCandidate(ctx, actorOf(req), req.params.id, req.params.matterId);
    return detail(req, req.params.id);
  });

  app.post('/assemblies/:id/candidates/:matterId/review', {
    config: review,
    schema: { tags, summary: 'Record the party organisation’s review of a candidate (approved / rejected, note, party member, branch committee)', params: MatterParams, body: ReviewBody, response: { 200: AssemblyDetailDto, ...errors } },
  }, async (req) => {
    await el.reviewCandidate(ctx, actorOf(req), req.params.id, req.params.matterId, req.body);
    return detail(req, req.params.id);
  });

  // ------------------------------------------------------------------ deliveries
  app.get('/assemblies/:id/deliveries', {
    config: view,
    schema: { tags, summary: 'The notice delivery log: per voter the latest method, and counts (not yet reached: no delivery, or only failed without a public notice)', params: IdParams, querystring: DeliveryQuery, response: { 200: DeliveryListDto, ...errors } },
  }, async (req) => listDeliveries(ctx, actorOf(req), req.params.id, req.query));

  app.post('/assemblies/:id/deliveries', {
    config: organise,
    schema: {
      tags,
      summary: 'Record paper delivery, failed delivery or public notice for up to 1000 voters (after announcement; not when archived)',
      params: IdParams,
      body: DeliveryBody,
      response: { 200: Type.Object({ recorded: Type.Integer(), summary: Summary }), ...errors },
    },
  }, async (req) => recordDeliveries(ctx, actorOf(req), req.params.id, req.body));

  // ------------------------------------------------------------------ petitions
  app.get('/petitions', {
    config: view,
    schema: { tags, summary: 'Owners’ petitions for an extraordinary meeting in my area, with signed area and owners against the live roll', querystring: PetitionQuery, response: { 200: Type.Object({ items: Type.Array(PetitionDto), total: Type.Integer() }), ...errors } },
  }, async (req) => pe.listPetitions(ctx, actorOf(req), req.query));

  app.get('/petitions/:id', {
    config: view,
    schema: { tags, summary: 'A petition: totals against the live roll (≥ 20 % of area AND of owners), signatures', params: IdParams, response: { 200: PetitionDetailDto, ...errors } },
  }, async (req) => pe.getPetition(ctx, actorOf(req), req.params.id));

  app.post('/my/petitions', {
    config: mine,
    schema: { tags, summary: 'An owner opens a petition for an extraordinary meeting of their estate (and signs it)', body: PetitionBody, response: { 200: MyPetitionDto, ...errors } },
  }, async (req) => {
    const id = await pe.openPetition(ctx, actorOf(req), req.body);
    return pe.myPetition(ctx, actorOf(req), id);
  });

  app.get('/my/petitions', {
    config: mine,
    schema: { tags, summary: 'Petitions of the estates I own in, and whether I (or a co-owner of the same units) signed', response: { 200: Type.Object({ estates: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })), items: Type.Array(MyPetitionDto) }), ...errors } },
  }, async (req) => pe.myPetitions(ctx, actorOf(req)));

  app.get('/my/petitions/:id', {
    config: mine,
    schema: { tags, summary: 'One petition of my estate, with whether I signed', params: IdParams, response: { 200: MyPetitionDto, ...errors } },
  }, async (req) => pe.myPetition(ctx, actorOf(req), req.params.id));

  app.post('/my/petitions/:id/sign', {
    config: mine,
    schema: { tags, summary: 'Sign a petition of my estate (once per owner: co-owners of the same units sign once)', params: IdParams, response: { 200: MyPetitionDto, ...errors } },
  }, async (req) => {
    await pe.signPetition(ctx, actorOf(req), req.params.id);
    return pe.myPetition(ctx, actorOf(req), req.params.id);
  });

  // ------------------------------------------------------------------ committees
  app.get('/owners-committees', {
    config: view,
    schema: { tags, summary: 'Owners’ committees in my area: members by rank, term (warning under 90 days), party-branch overlap against the target, follow-up tasks', querystring: CommitteeQuery, response: { 200: Type.Object({ items: Type.Array(CommitteeDto), total: Type.Integer() }), ...errors } },
  }, async (req) => listCommittees(ctx, actorOf(req), req.query));

  app.post('/owners-committees/:id/tasks/:taskId/done', {
    config: organise,
    schema: { tags, summary: 'Mark a follow-up task done (first meeting within 7 days, filing within 30 days), with a note', params: TaskParams, body: TaskBody, response: { 200: CommitteeDto, ...errors } },
  }, async (req) => {
    await completeTask(ctx, actorOf(req), req.params.id, req.params.taskId, req.body);
    return getCommittee(ctx, actorOf(req), req.params.id);
  });
}
