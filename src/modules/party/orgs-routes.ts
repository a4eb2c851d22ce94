// /api/party/orgs…, /api/party/work-estates…, /api/party/members…, /api/party/coverage and
// /api/party/cross-appointment: thin handlers over orgs.ts, org-committee.ts, members.ts, coverage.ts.
import type { App, AppContext } from '../../core/manifest';
import { actorOf } from '../../core/http';
import { errors, IdParams, Ok } from '../../core/schemas';
import {
  CommitteeBody,
  CoverageDto,
  CrossAppointmentDto,
  EstateParams,
  EstatesBody,
  MemberCreateBody,
  MemberDto,
  MemberListDto,
  MemberListQuery,
  MemberPatchBody,
  OrgCreateBody,
  OrgDetailDto,
  OrgListDto,
  OrgListQuery,
  OrgPatchBody,
  ReportQuery,
  TransferBody,
  TransferListDto,
  WorkEstateBody,
  WorkEstateDto,
} from './schemas-orgs';
import { createOrg, listOrgs, orgDetail, retireOrg, updateOrg } from './orgs';
import { clearWorkEstate, setCommittee, setEstates, setWorkEstate } from './org-committee';
import { createMember, getMember, listMembers, listTransfers, transferMember, updateMember } from './members';
import { coverageReport, crossAppointmentReport } from './coverage';

const tags = ['party'];
const view = { access: { permission: 'party.view' } } as const;
const manageOrgs = { access: { permission: 'party.orgs.manage' } } as const;
const manageMembers = { access: { permission: 'party.members.manage' } } as const;
const coverage = { access: { permission: 'party.coverage' } } as const;

export async function orgsRoutes(app: App, ctx: AppContext): Promise<void> {
  // --- organisations ---------------------------------------------------------------------------
  app.get('/party/orgs', { config: view, schema: { tags, summary: 'Party organisations in my scope (a flat list with parent ids; counts include party groups)', querystring: OrgListQuery, response: { 200: OrgListDto, ...errors } } }, async (req) =>
    listOrgs(ctx, actorOf(req), req.query),
  );
  app.post('/party/orgs', { config: manageOrgs, schema: { tags, summary: 'Found an organisation (a branch needs 3 full members living in its estate, 第四条)', body: OrgCreateBody, response: { 200: OrgDetailDto, ...errors } } }, async (req) => {
    const id = await createOrg(ctx, actorOf(req), req.body);
    return orgDetail(ctx, actorOf(req), id);
  });
  app.get('/party/orgs/:id', { config: view, schema: { tags, summary: 'An organisation: committee, members, covered estates, warnings with their article', params: IdParams, response: { 200: OrgDetailDto, ...errors } } }, async (req) =>
    orgDetail(ctx, actorOf(req), req.params.id),
  );
  app.patch('/party/orgs/:id', { config: manageOrgs, schema: { tags, summary: 'Edit name, term kind and dates (optimistic version)', params: IdParams, body: OrgPatchBody, response: { 200: OrgDetailDto, ...errors } } }, async (req) => {
    await updateOrg(ctx, actorOf(req), req.params.id, req.body);
    return orgDetail(ctx, actorOf(req), req.params.id);
  });
  app.delete('/party/orgs/:id', { config: manageOrgs, schema: { tags, summary: 'Retire an organisation without organisations or members under it', params: IdParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await retireOrg(ctx, actorOf(req), req.params.id);
    return { ok: true };
  });
  app.put('/party/orgs/:id/committee', { config: manageMembers, schema: { tags, summary: 'Replace the committee (one secretary; below 7 full members only a secretary and a deputy, 第六章)', params: IdParams, body: CommitteeBody, response: { 200: OrgDetailDto, ...errors } } }, async (req) => {
    await setCommittee(ctx, actorOf(req), req.params.id, req.body);
    return orgDetail(ctx, actorOf(req), req.params.id);
  });
  app.put('/party/orgs/:id/estates', { config: manageOrgs, schema: { tags, summary: 'Estates a branch covers (its own) or a joint branch covers (2–5 of its community, 第二章); one branch per estate', params: IdParams, body: EstatesBody, response: { 200: OrgDetailDto, ...errors } } }, async (req) => {
    await setEstates(ctx, actorOf(req), req.params.id, req.body.estateIds);
    return orgDetail(ctx, actorOf(req), req.params.id);
  });
  app.put('/party/work-estates/:estateId', { config: manageOrgs, schema: { tags, summary: 'Party work organised in an estate without a branch (党的工作覆盖)', params: EstateParams, body: WorkEstateBody, response: { 200: WorkEstateDto, ...errors } } }, async (req) =>
    setWorkEstate(ctx, actorOf(req), req.params.estateId, req.body),
  );
  app.delete('/party/work-estates/:estateId', { config: manageOrgs, schema: { tags, summary: 'No longer record party work in the estate', params: EstateParams, response: { 200: Ok, ...errors } } }, async (req) => {
    await clearWorkEstate(ctx, actorOf(req), req.params.estateId);
    return { ok: true };
  });

  // --- members ---------------------------------------------------------------------------------
  app.get('/party/members', { config: view, schema: { tags, summary: 'Party members in my scope (names and masked phones; no ID numbers)', querystring: MemberListQuery, response: { 200: MemberListDto, ...errors } } }, async (req) =>
    listMembers(ctx, actorOf(req), req.query),
  );
  app.post('/party/members', { config: manageMembers, schema: { tags, summary: 'Record a person as a party member of an organisation (one record per person)', body: MemberCreateBody, response: { 200: MemberDto, ...errors } } }, async (req) => {
    const id = await createMember(ctx, actorOf(req), req.body);
    return getMember(ctx, actorOf(req), id);
  });
  app.get('/party/members/:id', { config: view, schema: { tags, summary: 'A party member', params: IdParams, response: { 200: MemberDto, ...errors } } }, async (req) =>
    getMember(ctx, actorOf(req), req.params.id),
  );
  app.patch('/party/members/:id', { config: manageMembers, schema: { tags, summary: 'Edit a member; 转正 with status full and fullOn (optimistic version)', params: IdParams, body: MemberPatchBody, response: { 200: MemberDto, ...errors } } }, async (req) => {
    await updateMember(ctx, actorOf(req), req.params.id, req.body);
    return getMember(ctx, actorOf(req), req.params.id);
  });
  app.post('/party/members/:id/transfers', { config: manageMembers, schema: { tags, summary: '组织关系转接: in (back from outside), out (to outside), within (between organisations in scope)', params: IdParams, body: TransferBody, response: { 200: TransferListDto, ...errors } } }, async (req) => {
    await transferMember(ctx, actorOf(req), req.params.id, req.body);
    return listTransfers(ctx, actorOf(req), req.params.id);
  });
  app.get('/party/members/:id/transfers', { config: view, schema: { tags, summary: 'Transfer history of a member', params: IdParams, response: { 200: TransferListDto, ...errors } } }, async (req) =>
    listTransfers(ctx, actorOf(req), req.params.id),
  );

  // --- reports ---------------------------------------------------------------------------------
  app.get('/party/coverage', { config: coverage, schema: { tags, summary: '应建尽建: every estate’s full members and coverage, totals per kind and community, suggested joint branches', querystring: ReportQuery, response: { 200: CoverageDto, ...errors } } }, async (req) =>
    coverageReport(ctx, actorOf(req), req.query.placeId),
  );
  app.get('/party/cross-appointment', { config: coverage, schema: { tags, summary: '交叉任职: branch committee vs the current owners’ committee per estate, exact fraction against the target', querystring: ReportQuery, response: { 200: CrossAppointmentDto, ...errors } } }, async (req) =>
    crossAppointmentReport(ctx, actorOf(req), req.query.placeId),
  );
}

