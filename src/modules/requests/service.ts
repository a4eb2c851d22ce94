// The request loop: intake (routing, deadlines), the actions of the state graph and around it,
// the detail with its timeline, and the lists. Every write is one transaction with its timeline
// event and its audit entry; a transition locks the request row first, so two people acting at
// once are ordered and the second sees what the first did.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { hasPermission, inScope } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { pgError } from '../../core/db/errors';
import { isoTime } from '../../core/db/sql';
import { recordAudit, type AuditActor } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { calendarOf, type RequestSettings } from './settings';
import { dueAt, localDate, type Pause } from './clock';
import type { DeadlineClass } from './clock';
import { ACTIONS, transitionProblem, type RequestState, type RequestAction } from './states';
import { effectiveSettings, settingsPatches } from './config';
import { mergeSettings } from './settings';
import {
  allowedActions,
  ancestorPath,
  areaCondition,
  capacitiesOf,
  cohandlerCondition,
  OFFICE_ROLE,
  unitCondition,
  visibleCondition,
  type Capacity,
  type Unit,
  type UnitKind,
} from './access';
import type { ActionBodyT, IntakeT, ListQueryT, RequestDetailT, RequestListT, RequestSummaryT, UnitT } from './schemas';
import './errors';

const HOUR = 3_600_000;

export type Channel = 'resident' | 'staff' | 'grid' | 'hotline' | 'open311';

/** Everything intake needs about a place and a category, in one query. */
interface IntakeContext {
  id: number;
  kind: string;
  path: string;
  retired: boolean;
  district_id: number;
  street_id: number | null;
  community_id: number | null;
  estate_id: number | null;
  cat_id: number | null;
  cat_kind: string;
  route_to: string;
  department_name: string | null;
  department_org_id: number | null;
  deadline_class: DeadlineClass;
  cat_active: boolean;
  name_zh: string;
  company_id: number | null;
  district_settings: unknown;
  street_settings: unknown;
}

async function intakeContext(db: Db, placeId: number, categoryId: number): Promise<IntakeContext> {
  const c = await one<IntakeContext>(
    db,
    sql`WITH p AS (
          SELECT id::int AS id, kind, path, retired_at IS NOT NULL AS retired,
                 split_part(path, '/', 2)::int AS district_id,
                 nullif(split_part(path, '/', 3), '')::int AS street_id,
                 nullif(split_part(path, '/', 4), '')::int AS community_id,
                 nullif(split_part(path, '/', 5), '')::int AS estate_id
          FROM places WHERE id = ${placeId})
        SELECT p.*, c.id AS cat_id, c.kind AS cat_kind, c.name_zh, coalesce(r.route_to, c.route_to) AS route_to, c.department_name,
               r.department_org_id::int AS department_org_id, coalesce(r.deadline_class, c.deadline_class) AS deadline_class,
               (c.active AND coalesce(r.active, true)) AS cat_active,
               (SELECT company_id::int FROM estate_property WHERE estate_id = p.estate_id) AS company_id,
               (SELECT settings FROM request_settings WHERE place_id = p.district_id) AS district_settings,
               (SELECT settings FROM request_settings WHERE place_id = p.street_id) AS street_settings
        FROM p
        LEFT JOIN request_categories c ON c.id = ${categoryId}
        LEFT JOIN request_category_rules r ON r.category_id = c.id AND r.street_id = p.street_id`,
  );
  if (!c) throw new AppError('REQUEST_PLACE_INVALID', { placeId });
  if (c.retired || !['community', 'estate', 'building', 'entrance', 'unit'].includes(c.kind) || !c.community_id) {
    throw new AppError('REQUEST_PLACE_INVALID', { placeId });
  }
  if (!c.cat_id || !c.cat_active) throw new AppError('REQUEST_CATEGORY_UNKNOWN', { categoryId });
  return c;
}

/** Who receives a request first; with nobody to take it there, it goes up one level (兜底). */
async function route(db: Db, c: IntakeContext): Promise<{ owner: Unit; fallback: boolean }> {
  if (c.route_to === 'property') {
    if (c.estate_id && c.company_id) return { owner: { kind: 'property', placeId: c.estate_id, orgId: c.company_id }, fallback: false };
    return { owner: { kind: 'community', placeId: c.community_id!, orgId: null }, fallback: true };
  }
  if (c.route_to === 'community') return { owner: { kind: 'community', placeId: c.community_id!, orgId: null }, fallback: false };
  if (c.route_to === 'street') return { owner: { kind: 'street', placeId: c.street_id!, orgId: null }, fallback: false };
  const dept = c.department_org_id
    ? { id: c.department_org_id }
    : await one<{ id: number }>(
        db,
        sql`SELECT o.id::int AS id FROM orgs o JOIN places p ON p.id = o.place_id
            WHERE o.kind = 'department' AND o.retired_at IS NULL AND o.name LIKE ${'%' + (c.department_name ?? '')} AND ${c.path} LIKE p.path || '%'
            ORDER BY length(p.path) DESC, o.id LIMIT 1`,
      );
  if (dept) return { owner: { kind: 'department', placeId: c.district_id, orgId: dept.id }, fallback: false };
  return { owner: { kind: 'street', placeId: c.street_id!, orgId: null }, fallback: true };
}

export interface IntakeSource {
  channel: Channel;
  /** the account that asked (a resident filing for themselves) */
  requesterUserId: number | null;
  requesterPersonId: number | null;
  requesterName: string | null;
  requesterPhone: string | null;
  /** who typed it in, when not the requester */
  enteredBy: number | null;
  apiKeyId?: number | null;
  externalRef?: string | null;
  submittedAt?: Date;
  lat?: number | null;
  lon?: number | null;
}

/** File a request: route it, set its clocks, attach its photos, tell its handlers. */
export async function fileRequest(
  ctx: AppContext,
  tx: Db,
  who: AuditActor,
  input: IntakeT,
  src: IntakeSource,
): Promise<{ id: number; refNo: string; owner: Unit; placePath: string }> {
  const c = await intakeContext(tx, input.placeId, input.categoryId);
  const settings = mergeSettings(c.district_settings as never, c.street_settings as never);
  const cal = calendarOf(settings);
  const spans = settings.deadlines[c.deadline_class];
  const submittedAt = src.submittedAt ?? new Date();
  const acceptDue = dueAt(submittedAt, spans.response, cal)!;
  const resolveDue = dueAt(submittedAt, spans.resolution, cal)!;
  const { owner, fallback } = await route(tx, c);
  const title = input.title?.trim() || c.name_zh;
  const created = await one<{ id: number; ref_no: string }>(
    tx,
    sql`INSERT INTO requests (category_id, kind, channel, title, description, place_id, place_path, location_note,
          district_id, street_id, community_id, estate_id, lat, lon,
          requester_user_id, requester_person_id, requester_name, requester_phone, entered_by, api_key_id, external_ref,
          owner_kind, owner_place_id, owner_org_id, first_owner_kind, first_owner_place_id, first_owner_org_id,
          deadline_class, submitted_at, accept_due_at, resolve_due_at)
        VALUES (${c.cat_id}, ${c.cat_kind}, ${src.channel}, ${title}, ${input.description.trim()}, ${c.id}, ${c.path}, ${input.locationNote?.trim() || null},
          ${c.district_id}, ${c.street_id}, ${c.community_id}, ${c.estate_id}, ${src.lat ?? null}, ${src.lon ?? null},
          ${src.requesterUserId}, ${src.requesterPersonId}, ${src.requesterName}, ${src.requesterPhone}, ${src.enteredBy}, ${src.apiKeyId ?? null}, ${src.externalRef ?? null},
          ${owner.kind}, ${owner.placeId}, ${owner.orgId}, ${owner.kind}, ${owner.placeId}, ${owner.orgId},
          ${c.deadline_class}, ${submittedAt.toISOString()}, ${acceptDue.toISOString()}, ${resolveDue.toISOString()})
        RETURNING id::int AS id, ref_no`,
  ).catch((err) => {
    if (pgError(err)?.code === '23505') throw new AppError('REQUEST_DUPLICATE_EXTERNAL', { externalRef: src.externalRef });
    throw err;
  });
  const id = created!.id;
  const event = await addEvent(tx, id, who, src.channel === 'resident' ? 'requester' : 'intake', 'submitted', {
    toState: 'submitted',
    body: null,
    data: { channel: src.channel, owner, fallback, onBehalf: src.enteredBy !== null && src.requesterUserId === null },
  });
  if (input.photoIds?.length) await attachPhotos(tx, input.photoIds, src.enteredBy ?? src.requesterUserId, id, event);
  await recordAudit(tx, who, {
    action: 'request.create',
    entity: 'request',
    entityId: id,
    placePath: c.path,
    after: { refNo: created!.ref_no, categoryId: c.cat_id, channel: src.channel, owner, fallback, externalRef: src.externalRef ?? null },
  });
  await notifyUnit(ctx, tx, owner, c.path, { kind: 'request.new', title: `新诉求待受理：${title}`, body: `${created!.ref_no} ${input.description.slice(0, 80)}`, link: `/requests/${id}` });
  return { id, refNo: created!.ref_no, owner, placePath: c.path };
}

/** Intake from a signed-in user: a resident for themselves, staff or 三长 for someone else. */
export async function createRequest(ctx: AppContext, actor: Actor, input: IntakeT): Promise<RequestDetailT> {
  const id = await ctx.db.transaction(async (tx) => {
    const place = await one<{ path: string }>(tx, sql`SELECT path FROM places WHERE id = ${input.placeId}`);
    if (!place) throw new AppError('REQUEST_PLACE_INVALID', { placeId: input.placeId });
    let src: IntakeSource;
    if (input.onBehalf) {
      if (!hasPermission(actor, 'requests.intake')) throw new AppError('FORBIDDEN', { permission: 'requests.intake' });
      if (!inScope(actor, 'requests.intake', place.path)) throw new AppError('NOT_IN_SCOPE', { permission: 'requests.intake' });
      const grid = actor.grants.some((g) => ['pian_zhang', 'zu_zhang', 'lin_zhang'].includes(g.role) && place.path.startsWith(g.path));
      src = {
        channel: grid ? 'grid' : 'staff',
        requesterUserId: null,
        requesterPersonId: input.onBehalf.personId ?? null,
        requesterName: input.onBehalf.name.trim(),
        requesterPhone: input.onBehalf.phone,
        enteredBy: actor.userId,
      };
    } else {
      // filing for oneself: a resident, on the estate they live in
      const homes = actor.grants.filter((g) => g.role === 'resident');
      if (!homes.length) throw new AppError('REQUEST_ON_BEHALF_REQUIRED');
      // '/district/street/community/estate/…' → the estate's path
      const estateOf = (unitPath: string) => unitPath.split('/').slice(0, 5).join('/') + '/';
      if (!homes.some((h) => place.path.startsWith(estateOf(h.path)))) throw new AppError('REQUEST_PLACE_NOT_YOURS');
      const me = await one<{ phone: string | null; name: string | null }>(
        tx,
        sql`SELECT p.phone, p.name FROM users u LEFT JOIN persons p ON p.id = u.person_id WHERE u.id = ${actor.userId}`,
      );
      src = {
        channel: 'resident',
        requesterUserId: actor.userId,
        requesterPersonId: actor.personId,
        requesterName: me?.name ?? actor.displayName,
        requesterPhone: me?.phone ?? null,
        enteredBy: null,
      };
    }
    return (await fileRequest(ctx, tx, auditActor(actor), input, src)).id;
  });
  return getRequest(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------
// reading

interface RequestRow {
  id: number;
  ref_no: string;
  state: RequestState;
  place_path: string;
  owner_kind: UnitKind;
  owner_place_id: number;
  owner_org_id: number | null;
  first_owner_kind: UnitKind;
  first_owner_place_id: number;
  first_owner_org_id: number | null;
  requester_user_id: number | null;
  requester_person_id: number | null;
  entered_by: number | null;
  contacted_at: string | null;
  accepted_at: string | null;
  rating: string | null;
  deadline_class: DeadlineClass;
  submitted_at: string;
  accept_due_at: string;
  contact_due_at: string | null;
  resolve_due_at: string | null;
  response_outcome: string | null;
  resolution_outcome: string | null;
  reopen_count: number;
  version: number;
  title: string;
  district_id: number;
  street_id: number;
  community_id: number;
  estate_id: number | null;
}

const rowColumns = sql`r.id::int AS id, r.ref_no, r.state, r.place_path, r.owner_kind, r.owner_place_id::int AS owner_place_id, r.owner_org_id::int AS owner_org_id,
  r.first_owner_kind, r.first_owner_place_id::int AS first_owner_place_id, r.first_owner_org_id::int AS first_owner_org_id,
  r.requester_user_id::int AS requester_user_id, r.requester_person_id::int AS requester_person_id, r.entered_by::int AS entered_by, ${isoTime(sql`r.contacted_at`)} AS contacted_at,
  ${isoTime(sql`r.accepted_at`)} AS accepted_at, r.rating, r.deadline_class, ${isoTime(sql`r.submitted_at`)} AS submitted_at,
  ${isoTime(sql`r.accept_due_at`)} AS accept_due_at, ${isoTime(sql`r.contact_due_at`)} AS contact_due_at, ${isoTime(sql`r.resolve_due_at`)} AS resolve_due_at,
  r.response_outcome, r.resolution_outcome, r.reopen_count, r.version, r.title,
  r.district_id::int AS district_id, r.street_id::int AS street_id, r.community_id::int AS community_id, r.estate_id::int AS estate_id`;

async function loadRow(db: Db, id: number, lock: boolean): Promise<RequestRow & { cohandlers: Unit[] }> {
  const r = await one<RequestRow>(db, sql`SELECT ${rowColumns} FROM requests r WHERE r.id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!r) throw new AppError('REQUEST_NOT_FOUND', { id });
  const cohandlers = await rows<Unit>(db, sql`SELECT kind, place_id::int AS "placeId", org_id::int AS "orgId" FROM request_cohandlers WHERE request_id = ${id} ORDER BY id`);
  return { ...r, cohandlers };
}

function accessRow(r: RequestRow & { cohandlers: Unit[] }) {
  return {
    placePath: r.place_path,
    owner: { kind: r.owner_kind, placeId: r.owner_place_id, orgId: r.owner_org_id },
    firstOwner: { kind: r.first_owner_kind, placeId: r.first_owner_place_id, orgId: r.first_owner_org_id },
    cohandlers: r.cohandlers,
    requesterUserId: r.requester_user_id,
    requesterPersonId: r.requester_person_id,
    enteredBy: r.entered_by,
  };
}

/** The actor's capacities on a request, or 403 when they have none (nothing is shown). */
function requireCapacities(actor: Actor, r: RequestRow & { cohandlers: Unit[] }): Capacity[] {
  const caps = capacitiesOf(actor, accessRow(r));
  if (!caps.length) throw new AppError('NOT_IN_SCOPE', { request: r.id });
  return caps;
}

const overdueExpr = sql`(r.state IN ('submitted','accepted','in_progress','escalated') AND (
  (r.accepted_at IS NULL AND r.accept_due_at < now())
  OR (r.accepted_at IS NOT NULL AND r.contacted_at IS NULL AND r.contact_due_at < now())
  OR r.resolve_due_at < now()))`;

const unitName = (kind: SQL, place: SQL, org: SQL) =>
  sql`CASE WHEN ${org} IS NOT NULL THEN (SELECT name FROM orgs WHERE id = ${org}) ELSE (SELECT name FROM places WHERE id = ${place}) END`;

const summaryColumns = sql`r.id::int AS id, r.ref_no AS "refNo", r.title, r.category_id AS "categoryId", c.name_zh AS "categoryZh", c.name_en AS "categoryEn",
  r.kind, r.channel, r.state, r.place_id::int AS "placeId",
  (SELECT string_agg(p.name, ' · ' ORDER BY p.depth) FROM places p
     WHERE p.depth >= 2 AND p.id = ANY (string_to_array(trim(both '/' from r.place_path), '/')::bigint[])) AS "placeLabel",
  json_build_object('kind', r.owner_kind, 'placeId', r.owner_place_id, 'orgId', r.owner_org_id,
                    'name', ${unitName(sql`r.owner_kind`, sql`r.owner_place_id`, sql`r.owner_org_id`)}) AS owner,
  r.deadline_class AS "deadlineClass", ${isoTime(sql`r.submitted_at`)} AS "submittedAt", ${isoTime(sql`r.accept_due_at`)} AS "acceptDueAt",
  ${isoTime(sql`r.resolve_due_at`)} AS "resolveDueAt", ${overdueExpr} AS overdue, r.reopen_count AS "reopenCount", r.rating,
  r.requester_name AS "requesterName"`;

export async function getRequest(ctx: AppContext, actor: Actor, id: number, opts: { handedOver?: boolean } = {}): Promise<RequestDetailT> {
  const r = await loadRow(ctx.db, id, false);
  // handedOver: the actor has just transferred or escalated it away; they get what they did, with no further actions
  const caps = opts.handedOver ? capacitiesOf(actor, accessRow(r)) : requireCapacities(actor, r);
  // the handling side; a requester or a watcher (三长, who filed it for someone) never sees internal entries
  const staff = opts.handedOver || caps.some((c) => c !== 'requester' && c !== 'viewer');
  const d = await one<Record<string, unknown>>(
    ctx.db,
    sql`SELECT ${summaryColumns}, r.description, r.location_note AS "locationNote", r.requester_phone AS "requesterPhone",
          (SELECT display_name FROM users WHERE id = r.entered_by) AS "enteredByName", r.external_ref AS "externalRef",
          json_build_object('kind', r.first_owner_kind, 'placeId', r.first_owner_place_id, 'orgId', r.first_owner_org_id,
                            'name', ${unitName(sql`r.first_owner_kind`, sql`r.first_owner_place_id`, sql`r.first_owner_org_id`)}) AS "firstOwner",
          (SELECT display_name FROM users WHERE id = r.accepted_by) AS "acceptedByName",
          ${isoTime(sql`r.accepted_at`)} AS "acceptedAt", ${isoTime(sql`r.contacted_at`)} AS "contactedAt",
          ${isoTime(sql`r.resolved_at`)} AS "resolvedAt", ${isoTime(sql`r.closed_at`)} AS "closedAt", r.resolution,
          r.transfer_count AS "transferCount", coalesce(r.rating_reasons, '{}') AS "ratingReasons", r.rating_comment AS "ratingComment",
          ${isoTime(sql`r.rated_at`)} AS "ratedAt", r.followup_result AS "followupResult", r.followup_note AS "followupNote",
          ${isoTime(sql`r.followup_at`)} AS "followupAt", r.version
        FROM requests r JOIN request_categories c ON c.id = r.category_id WHERE r.id = ${id}`,
  );
  const cohandlers = await rows<UnitT>(
    ctx.db,
    sql`SELECT kind, place_id::int AS "placeId", org_id::int AS "orgId",
          CASE WHEN org_id IS NOT NULL THEN (SELECT name FROM orgs WHERE id = org_id) ELSE (SELECT name FROM places WHERE id = place_id) END AS name
        FROM request_cohandlers WHERE request_id = ${id} ORDER BY id`,
  );
  const events = await rows<RequestDetailT['events'][number]>(
    ctx.db,
    sql`SELECT e.id::int AS id, ${isoTime(sql`e.at`)} AS at, e.actor_name AS "actorName", e.actor_role AS "actorRole", e.type,
          e.from_state AS "fromState", e.to_state AS "toState", e.body, e.internal, e.data,
          coalesce((SELECT array_agg(ph.id::int ORDER BY ph.id) FROM request_photos ph WHERE ph.event_id = e.id), '{}') AS "photoIds"
        FROM request_events e WHERE e.request_id = ${id} ${staff ? sql`` : sql`AND NOT e.internal`} ORDER BY e.id`,
  );
  const photoIds = (await rows<{ id: number }>(ctx.db, sql`SELECT id::int AS id FROM request_photos WHERE request_id = ${id} ORDER BY id`)).map((p) => p.id);
  const settings = await effectiveSettings(ctx.db, r.place_path);
  const clock = await clockOf(ctx.db, r, settings);
  if (!staff) {
    // the requester sees who handles it, not the office's internal follow-up
    d!.followupResult = null;
    d!.followupNote = null;
  }
  return {
    ...(d as unknown as RequestDetailT),
    cohandlers,
    events,
    photoIds,
    clock,
    capacities: caps,
    actions: allowedActions(caps, { state: r.state, contactedAt: r.contacted_at, rating: r.rating }),
  };
}

async function clockOf(db: Db, r: RequestRow, settings: RequestSettings): Promise<RequestDetailT['clock']> {
  const pauses = await pausesOf(db, r.id);
  const paused = pauses.some((p) => p.to === null);
  let remaining: number | null = null;
  if (r.resolve_due_at) remaining = new Date(r.resolve_due_at).getTime() - Date.now();
  else if (paused) {
    // frozen: what was left when the clock stopped
    const open = pauses.find((p) => p.to === null)!;
    const due = dueAt(new Date(r.submitted_at), settings.deadlines[r.deadline_class].resolution, calendarOf(settings), pauses.map((p) => (p === open ? { from: p.from, to: p.from } : p)));
    remaining = due ? due.getTime() - open.from.getTime() : null;
  }
  return {
    acceptDueAt: r.accept_due_at,
    contactDueAt: r.contact_due_at,
    resolveDueAt: r.resolve_due_at,
    resolveRemainingMs: remaining === null ? null : Math.round(remaining),
    paused,
    responseOutcome: r.response_outcome as never,
    resolutionOutcome: r.resolution_outcome as never,
  };
}

async function pausesOf(db: Db, id: number): Promise<Pause[]> {
  const list = await rows<{ from_at: string; to_at: string | null }>(
    db,
    sql`SELECT ${isoTime(sql`from_at`)} AS from_at, ${isoTime(sql`to_at`)} AS to_at FROM request_pauses WHERE request_id = ${id} ORDER BY from_at`,
  );
  return list.map((p) => ({ from: new Date(p.from_at), to: p.to_at ? new Date(p.to_at) : null }));
}

export async function listRequests(ctx: AppContext, actor: Actor, q: ListQueryT): Promise<RequestListT> {
  const conds: SQL[] = [];
  switch (q.view) {
    case 'inbox':
      conds.push(unitCondition(actor, 'owner'));
      break;
    case 'first':
      conds.push(unitCondition(actor, 'first_owner'));
      break;
    case 'cohandling':
      conds.push(cohandlerCondition(actor));
      break;
    case 'scope':
      conds.push(visibleCondition(actor));
      break;
    case 'mine':
      // filed on their behalf (a 三长's visit, a phone call) for the person of their account: theirs too
      conds.push(sql`(r.requester_user_id = ${actor.userId} OR (r.requester_user_id IS NULL AND r.requester_person_id = ${actor.personId ?? -1}))`);
      break;
    case 'entered':
      conds.push(sql`r.entered_by = ${actor.userId}`);
      break;
    case 'overdue':
      conds.push(sql`(${areaCondition(actor)} OR ${unitCondition(actor, 'owner')} OR ${cohandlerCondition(actor)})`, overdueExpr);
      break;
  }
  if (q.state?.length) conds.push(sql`r.state IN (${sql.join(q.state.map((s) => sql`${s}`), sql`, `)})`);
  if (q.open === true) conds.push(sql`r.state IN ('submitted','accepted','in_progress','deferred','escalated')`);
  if (q.open === false) conds.push(sql`r.state IN ('resolved','closed','declined')`);
  if (q.categoryId) conds.push(sql`r.category_id = ${q.categoryId}`);
  if (q.channel) conds.push(sql`r.channel = ${q.channel}`);
  if (q.placeId) {
    const p = await one<{ path: string }>(ctx.db, sql`SELECT path FROM places WHERE id = ${q.placeId}`);
    conds.push(p ? sql`r.place_path LIKE ${p.path + '%'}` : sql`false`);
  }
  if (q.q) {
    const like = '%' + q.q.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
    conds.push(sql`(r.ref_no = ${q.q.toUpperCase()} OR r.title LIKE ${like} OR r.description LIKE ${like} OR r.requester_name = ${q.q})`);
  }
  if (q.from) conds.push(sql`r.submitted_at >= (${q.from}::date - interval '8 hours')`);
  if (q.to) conds.push(sql`r.submitted_at < (${q.to}::date + interval '16 hours')`);
  const where = sql.join(conds, sql` AND `);
  const items = await rows<RequestSummaryT>(
    ctx.db,
    sql`SELECT ${summaryColumns} FROM requests r JOIN request_categories c ON c.id = r.category_id
        WHERE ${where} ORDER BY r.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const counted = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM requests r WHERE ${where} LIMIT 10001) x`);
  const n = counted?.n ?? 0;
  return { items, total: Math.min(n, 10000), totalCapped: n > 10000 };
}

/** The units a request may be transferred, escalated or given to as a co-handler. */
export async function targetsFor(ctx: AppContext, actor: Actor, id: number): Promise<UnitT[]> {
  const r = await loadRow(ctx.db, id, false);
  requireCapacities(actor, r);
  return unitChoices(ctx.db, r);
}

async function unitChoices(db: Db, r: RequestRow): Promise<UnitT[]> {
  const out: UnitT[] = [];
  if (r.estate_id) {
    const co = await one<{ id: number; name: string }>(db, sql`SELECT o.id::int AS id, o.name FROM estate_property ep JOIN orgs o ON o.id = ep.company_id WHERE ep.estate_id = ${r.estate_id}`);
    if (co) out.push({ kind: 'property', placeId: r.estate_id, orgId: co.id, name: co.name });
  }
  const offices = await rows<{ id: number; name: string; kind: string }>(
    db,
    sql`SELECT id::int AS id, name, kind FROM places WHERE id IN (${r.community_id}, ${r.street_id}, ${r.district_id}) ORDER BY depth DESC`,
  );
  for (const o of offices) out.push({ kind: o.kind as UnitKind, placeId: o.id, orgId: null, name: o.name });
  const districtPath = ancestorPath(r.place_path, r.district_id)!;
  const depts = await rows<{ id: number; name: string }>(
    db,
    sql`SELECT o.id::int AS id, o.name FROM orgs o JOIN places p ON p.id = o.place_id
        WHERE o.kind = 'department' AND o.retired_at IS NULL AND p.path LIKE ${districtPath + '%'} AND ${r.place_path} LIKE p.path || '%' ORDER BY o.name`,
  );
  for (const d of depts) out.push({ kind: 'department', placeId: r.district_id, orgId: d.id, name: d.name });
  return out;
}

// ---------------------------------------------------------------------------------------------
// acting

async function addEvent(
  tx: Db,
  requestId: number,
  who: AuditActor,
  role: string,
  type: string,
  e: { fromState?: string | null; toState?: string | null; body?: string | null; internal?: boolean; data?: unknown },
): Promise<number> {
  const row = await one<{ id: number }>(
    tx,
    sql`INSERT INTO request_events (request_id, actor_user_id, actor_name, actor_role, type, from_state, to_state, body, internal, data)
        VALUES (${requestId}, ${who.userId}, ${who.name}, ${role}, ${type}, ${e.fromState ?? null}, ${e.toState ?? null}, ${e.body ?? null},
                ${e.internal ?? false}, ${e.data === undefined ? null : JSON.stringify(e.data)}::jsonb)
        RETURNING id::int AS id`,
  );
  return row!.id;
}

/** Attach photos the user uploaded and has not used yet; refuse if any is someone else's or used. */
async function attachPhotos(tx: Db, ids: number[], userId: number | null, requestId: number, eventId: number): Promise<void> {
  if (ids.length > 9) throw new AppError('REQUEST_TOO_MANY_PHOTOS');
  const done = await rows(
    tx,
    sql`UPDATE request_photos SET request_id = ${requestId}, event_id = ${eventId}
        WHERE id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) AND request_id IS NULL AND uploaded_by = ${userId ?? 0}
        RETURNING id`,
  );
  if (done.length !== ids.length) throw new AppError('REQUEST_PHOTO_UNKNOWN');
}

/** The people of a unit (who get its notifications). */
async function unitUsers(tx: Db, unit: Unit, placePath: string): Promise<number[]> {
  const list =
    unit.kind === 'property' || unit.kind === 'department'
      ? await rows<{ id: number }>(
          tx,
          sql`SELECT DISTINCT u.id::int AS id FROM role_assignments ra JOIN users u ON u.id = ra.user_id JOIN places p ON p.id = ra.place_id
              WHERE ra.revoked_at IS NULL AND u.disabled_at IS NULL AND ra.org_id = ${unit.orgId} AND ${placePath} LIKE p.path || '%' LIMIT 50`,
        )
      : await rows<{ id: number }>(
          tx,
          sql`SELECT DISTINCT u.id::int AS id FROM role_assignments ra JOIN users u ON u.id = ra.user_id
              WHERE ra.revoked_at IS NULL AND u.disabled_at IS NULL AND ra.place_id = ${unit.placeId} AND ra.role = ${OFFICE_ROLE[unit.kind]} LIMIT 50`,
        );
  return list.map((x) => x.id);
}

export async function notifyUnit(ctx: AppContext, tx: Db, unit: Unit, placePath: string, n: { kind: string; title: string; body: string; link: string }, except?: number) {
  for (const userId of await unitUsers(tx, unit, placePath)) if (userId !== except) await ctx.notifier.notify(tx, { userId, ...n });
}

const dayOf = (t: Date | string) => localDate(new Date(t).getTime(), { utcOffsetMinutes: 480 } as never);

function roleFor(caps: Capacity[], action: ActionBodyT['action']): string {
  if (action === 'rate' || action === 'reopen') return 'requester';
  if (action === 'followup') return 'office';
  if (caps.includes('handler')) return 'handler';
  if (caps.includes('requester') && (action === 'reply' || action === 'close')) return 'requester';
  if (caps.includes('office')) return 'office';
  if (caps.includes('cohandler')) return 'cohandler';
  if (caps.includes('first_owner')) return 'first_owner';
  return caps[0] ?? 'viewer';
}

async function resolveTarget(tx: Db, r: RequestRow, target: { kind: UnitKind; orgId?: number }): Promise<UnitT> {
  const choices = await unitChoices(tx, r);
  const hit = choices.find((u) => u.kind === target.kind && (u.orgId ?? undefined) === target.orgId);
  if (!hit) throw new AppError('REQUEST_TARGET_INVALID', { target });
  return hit;
}

/** One level up from a unit: property → community → street → district; a department → street. */
function upFrom(r: RequestRow): { kind: UnitKind; orgId?: number } {
  switch (r.owner_kind) {
    case 'property':
      return { kind: 'community' };
    case 'community':
      return { kind: 'street' };
    case 'department':
      return { kind: 'street' };
    default:
      return { kind: 'district' };
  }
}

const GRAPH_ACTIONS = new Set(['accept', 'start', 'defer', 'resume', 'escalate', 'decline', 'resolve', 'reopen', 'close']);

/** Take an action on a request. Returns the request as the actor now sees it. */
export async function act(ctx: AppContext, actor: Actor, id: number, body: ActionBodyT): Promise<RequestDetailT> {
  const who = auditActor(actor);
  await ctx.db.transaction(async (tx) => {
    const r = await loadRow(tx, id, true);
    const caps = requireCapacities(actor, r);
    if (body.version !== undefined && body.version !== r.version) throw new AppError('CONFLICT', { version: r.version });
    const allowed = allowedActions(caps, { state: r.state, contactedAt: r.contacted_at, rating: r.rating });
    if (!allowed.includes(body.action)) {
      // say why: the request moved on, or this person may not do this at all
      const anyState = allowedActionsAnyState(caps, body.action);
      throw new AppError(anyState ? 'REQUEST_STATE_CONFLICT' : 'REQUEST_ACTION_FORBIDDEN', { action: body.action, state: r.state });
    }
    let graphRole: string | null = null;
    if (GRAPH_ACTIONS.has(body.action)) {
      // act in the capacity the graph allows for this action (a community worker is handler and office at once)
      const rule = ACTIONS[body.action as RequestAction];
      const mine = (['handler', 'office', 'requester'] as const).filter((a) => caps.includes(a));
      const graphActor = mine.find((a) => (rule.by as readonly string[]).includes(a)) ?? mine[0] ?? 'requester';
      const problem = transitionProblem(r.state, body.action as RequestAction, graphActor, 'text' in body ? body.text : null);
      if (problem === 'reason_required') throw new AppError('REQUEST_REASON_REQUIRED');
      if (problem === 'resolution_required') throw new AppError('REQUEST_RESOLUTION_REQUIRED');
      if (problem) throw new AppError('REQUEST_STATE_CONFLICT', { action: body.action, state: r.state });
      graphRole = graphActor;
    }
    const role = graphRole ?? roleFor(caps, body.action);
    const now = new Date();
    const set: SQL[] = [];
    let to: RequestState | null = null;
    let eventType: string = body.action;
    let text: string | null = 'text' in body && body.text ? body.text.trim() : null;
    let internal = false;
    let data: Record<string, unknown> | undefined;
    const notes: (() => Promise<void>)[] = [];
    const tellRequester = (title: string) =>
      notes.push(async () => {
        if (r.requester_user_id && r.requester_user_id !== actor.userId)
          await ctx.notifier.notify(tx, { userId: r.requester_user_id, kind: 'request.update', title, body: `${r.ref_no} ${r.title}`, link: `/m/requests/${id}` });
        // filed for someone without an account (a phone call, a 三长 visit): whoever filed it follows it for them
        else if (!r.requester_user_id && r.entered_by && r.entered_by !== actor.userId)
          await ctx.notifier.notify(tx, { userId: r.entered_by, kind: 'request.update', title, body: `${r.ref_no} ${r.title}`, link: `/m/requests/${id}` });
      });
    const tellOwner = (unit: Unit, title: string) =>
      notes.push(() => notifyUnit(ctx, tx, unit, r.place_path, { kind: 'request.update', title, body: `${r.ref_no} ${r.title}`, link: `/requests/${id}` }, actor.userId));
    const owner: Unit = { kind: r.owner_kind, placeId: r.owner_place_id, orgId: r.owner_org_id };
    const settings = () => effectiveSettingsCached(tx, r.place_path);

    // the response outcome is fixed once both steps are done, or one is missed
    const responseOutcome = (acceptedAt: Date, contactedAt: Date) => {
      if (r.response_outcome) return;
      const contactDue = r.contact_due_at ? new Date(r.contact_due_at) : null;
      const inTime = acceptedAt <= new Date(r.accept_due_at) && (!contactDue || contactedAt <= contactDue);
      // counted on the day it became known: today when done in time, the deadline's day when missed
      set.push(sql`response_outcome = ${inTime ? 'in_time' : 'late'}, response_day = ${inTime ? dayOf(contactedAt) : dayOf(r.accept_due_at)}::date`);
    };

    switch (body.action) {
      case 'accept': {
        to = 'accepted';
        const s = await settings();
        set.push(sql`accepted_at = coalesce(accepted_at, ${now.toISOString()}::timestamptz), accepted_by = coalesce(accepted_by, ${actor.userId})`);
        if (!r.contact_due_at) set.push(sql`contact_due_at = ${new Date(now.getTime() + s.contactHours * HOUR).toISOString()}`);
        if (!r.accepted_at && !r.response_outcome && now > new Date(r.accept_due_at)) {
          set.push(sql`response_outcome = 'late', response_day = ${dayOf(r.accept_due_at)}::date`);
        }
        tellRequester('您的诉求已受理');
        break;
      }
      case 'start':
        to = 'in_progress';
        break;
      case 'contact': {
        set.push(sql`contacted_at = ${now.toISOString()}`);
        responseOutcome(new Date(r.accepted_at ?? now), now);
        data = { method: body.method };
        break;
      }
      case 'defer': {
        to = 'deferred';
        await tx.execute(sql`INSERT INTO request_pauses (request_id, from_at) VALUES (${id}, ${now.toISOString()})`);
        set.push(sql`resolve_due_at = NULL`);
        tellRequester('您的诉求已暂缓办理');
        break;
      }
      case 'resume': {
        to = 'in_progress';
        await tx.execute(sql`UPDATE request_pauses SET to_at = ${now.toISOString()} WHERE request_id = ${id} AND to_at IS NULL`);
        const s = await settings();
        const due = dueAt(new Date(r.submitted_at), s.deadlines[r.deadline_class].resolution, calendarOf(s), await pausesOf(tx, id));
        set.push(sql`resolve_due_at = ${due ? due.toISOString() : null}`);
        break;
      }
      case 'escalate':
      case 'transfer': {
        // nobody passes a request on without a reason (escalate's is checked by the graph)
        if (body.action === 'transfer' && !(text && text.length >= 2)) throw new AppError('REQUEST_REASON_REQUIRED');
        const target = await resolveTarget(tx, r, body.action === 'transfer' ? body.target : (body.target ?? upFrom(r)));
        if (target.kind === r.owner_kind && target.placeId === r.owner_place_id && target.orgId === r.owner_org_id) throw new AppError('REQUEST_TARGET_SAME');
        set.push(sql`owner_kind = ${target.kind}, owner_place_id = ${target.placeId}, owner_org_id = ${target.orgId}`);
        if (body.action === 'escalate') to = 'escalated';
        else set.push(sql`transfer_count = transfer_count + 1`);
        // escalating ends the deferral (the clock runs again); a transfer hands it on still deferred
        if (r.state === 'deferred' && body.action === 'escalate') {
          await tx.execute(sql`UPDATE request_pauses SET to_at = ${now.toISOString()} WHERE request_id = ${id} AND to_at IS NULL`);
          const s = await settings();
          const due = dueAt(new Date(r.submitted_at), s.deadlines[r.deadline_class].resolution, calendarOf(s), await pausesOf(tx, id));
          set.push(sql`resolve_due_at = ${due ? due.toISOString() : null}`);
        }
        data = { from: owner, to: target };
        notes.push(() =>
          notifyUnit(ctx, tx, target, r.place_path, {
            kind: 'request.new',
            title: `${body.action === 'escalate' ? '升级' : '转办'}诉求待办理：${r.title}`,
            body: `${r.ref_no} ${text ?? ''}`,
            link: `/requests/${id}`,
          }),
        );
        break;
      }
      case 'decline': {
        to = 'declined';
        if (!r.response_outcome) {
          const inTime = now <= new Date(r.accept_due_at);
          set.push(sql`response_outcome = ${inTime ? 'in_time' : 'late'}, response_day = ${inTime ? dayOf(now) : dayOf(r.accept_due_at)}::date`);
        }
        if (!r.resolution_outcome) set.push(sql`resolution_outcome = 'declined', resolution_day = ${dayOf(now)}::date`);
        set.push(sql`resolution = ${text}`);
        tellRequester('您的诉求未予受理');
        break;
      }
      case 'resolve': {
        to = 'resolved';
        set.push(sql`resolved_at = ${now.toISOString()}, resolution = ${text}`);
        if (!r.contacted_at) {
          // the resolution notice is the contact if none was recorded
          set.push(sql`contacted_at = ${now.toISOString()}`);
          responseOutcome(new Date(r.accepted_at ?? now), now);
        }
        if (!r.resolution_outcome) {
          const due = r.resolve_due_at ? new Date(r.resolve_due_at) : null;
          const inTime = !!due && now <= due && r.reopen_count === 0;
          set.push(sql`resolution_outcome = ${inTime ? 'in_time' : 'late'}, resolution_day = ${inTime || !due ? dayOf(now) : dayOf(due)}::date`);
        }
        tellRequester('您的诉求已办结，请评价');
        break;
      }
      case 'reopen': {
        to = 'in_progress';
        const s = await settings();
        const due = dueAt(now, s.deadlines[r.deadline_class].resolution, calendarOf(s));
        set.push(sql`reopen_count = reopen_count + 1, resolved_at = NULL, resolve_due_at = ${due!.toISOString()}`);
        set.push(sql`resolution_outcome = 'reopened', resolution_day = coalesce(resolution_day, ${dayOf(now)}::date)`);
        tellOwner(owner, `诉求被退回重办：${r.title}`);
        break;
      }
      case 'close':
        to = 'closed';
        set.push(sql`closed_at = ${now.toISOString()}`);
        break;
      case 'reply':
        eventType = 'reply';
        if (caps.includes('requester') && role === 'requester') tellOwner(owner, `诉求人补充了信息：${r.title}`);
        else tellRequester('您的诉求有新回复');
        break;
      case 'note':
        internal = true;
        break;
      case 'cohandler': {
        const target = await resolveTarget(tx, r, body.target);
        if (target.kind === r.owner_kind && target.placeId === r.owner_place_id && target.orgId === r.owner_org_id) throw new AppError('REQUEST_TARGET_SAME');
        await tx
          .execute(sql`INSERT INTO request_cohandlers (request_id, kind, place_id, org_id, added_by, note) VALUES (${id}, ${target.kind}, ${target.placeId}, ${target.orgId}, ${actor.userId}, ${text})`)
          .catch((err) => {
            if (pgError(err)?.code === '23505') throw new AppError('REQUEST_COHANDLER_EXISTS');
            throw err;
          });
        data = { unit: target };
        notes.push(() => notifyUnit(ctx, tx, target, r.place_path, { kind: 'request.cohandle', title: `请协办诉求：${r.title}`, body: r.ref_no, link: `/requests/${id}` }));
        break;
      }
      case 'rate': {
        if (body.rating === 'unsatisfied' && !body.reasons?.length) throw new AppError('REQUEST_REASON_REQUIRED');
        const reasons = body.reasons ?? [];
        set.push(sql`rating = ${body.rating}, rating_reasons = ${sql`ARRAY[${sql.join(reasons.map((x) => sql`${x}`), sql`, `)}]::text[]`}, rating_comment = ${text}, rated_at = ${now.toISOString()}`);
        if (r.state === 'resolved') {
          to = 'closed';
          set.push(sql`closed_at = ${now.toISOString()}`);
        }
        data = { rating: body.rating, reasons };
        if (body.rating === 'unsatisfied') tellOwner(owner, `诉求人不满意：${r.title}`);
        break;
      }
      case 'followup':
        set.push(sql`followup_result = ${body.result}, followup_note = ${text}, followup_at = ${now.toISOString()}, followup_by = ${actor.userId}`);
        data = { result: body.result };
        internal = true;
        break;
    }
    if (to) set.push(sql`state = ${to}`);
    set.push(sql`version = version + 1, updated_at = now()`);
    await tx.execute(sql`UPDATE requests SET ${sql.join(set, sql`, `)} WHERE id = ${id}`);
    const eventId = await addEvent(tx, id, who, role, eventType, { fromState: to ? r.state : null, toState: to, body: text, internal, data });
    if ('photoIds' in body && body.photoIds?.length) await attachPhotos(tx, body.photoIds, actor.userId, id, eventId);
    for (const n of notes) await n();
    await recordAudit(tx, who, {
      action: `request.${body.action}`,
      entity: 'request',
      entityId: id,
      placePath: r.place_path,
      before: { state: r.state, owner, version: r.version },
      after: { state: to ?? r.state, text, ...(data ?? {}) },
    });
  });
  return getRequest(ctx, actor, id, { handedOver: body.action === 'transfer' || body.action === 'escalate' });
}

function allowedActionsAnyState(caps: Capacity[], action: ActionBodyT['action']): boolean {
  const states: RequestState[] = ['submitted', 'accepted', 'in_progress', 'deferred', 'escalated', 'resolved', 'closed', 'declined'];
  return states.some((s) => allowedActions(caps, { state: s, contactedAt: null, rating: null }).includes(action));
}

const settingsCache = new WeakMap<Db, Map<string, Promise<RequestSettings>>>();
function effectiveSettingsCached(tx: Db, path: string): Promise<RequestSettings> {
  let m = settingsCache.get(tx);
  if (!m) settingsCache.set(tx, (m = new Map()));
  const key = path.split('/').slice(0, 3).join('/');
  let p = m.get(key);
  if (!p) m.set(key, (p = settingsPatches(tx, path).then((ps) => mergeSettings(...ps))));
  return p;
}
