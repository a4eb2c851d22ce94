// Shared lookups and moves for the request-loop integration tests: category ids by code, filing
// as the resident or on someone's behalf, acting, and reading back the row, its timeline and the
// notifications it sent.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestEnv } from '../../src/test/harness';

export const ON_BEHALF = { name: '王大爷', phone: '13800138000' };

/** The demo accounts, logged in once per file. */
export const DEMO_USERS = ['admin', 'street', 'community', 'pianzhang', 'zuzhang', 'linzhang', 'property', 'dept', 'resident'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export async function loginAll(env: TestEnv): Promise<Record<DemoUser, Client>> {
  const out = {} as Record<DemoUser, Client>;
  for (const u of DEMO_USERS) out[u] = await env.login(u);
  return out;
}

export async function categoryId(env: TestEnv, code: string): Promise<number> {
  const r = await env.database.query<{ id: number }>(`SELECT id FROM request_categories WHERE code = $1`, [code]);
  if (!r[0]) throw new Error(`no category ${code}`);
  return Number(r[0].id);
}

/** The resident's home unit (GET /api/me/household → homes[0].unitId). */
export async function residentUnit(resident: Client): Promise<number> {
  const res = await resident.get('/api/me/household');
  expect(res.statusCode).toBe(200);
  return res.json().homes[0].unitId as number;
}

function ok(res: LightMyRequestResponse): RequestDetail {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json() as RequestDetail;
}

/** The fields of RequestDetailDto the tests read. */
export interface RequestDetail {
  id: number;
  refNo: string;
  categoryId: number;
  placeId: number;
  state: string;
  channel: string;
  owner: { kind: string; placeId: number; orgId: number | null; name: string };
  firstOwner: { kind: string; placeId: number; orgId: number | null; name: string };
  capacities: string[];
  actions: string[];
  events: { id: number; type: string; actorRole: string; fromState: string | null; toState: string | null; body: string | null; internal: boolean; data: unknown; photoIds: number[] }[];
  photoIds: number[];
  cohandlers: { kind: string; placeId: number; orgId: number | null }[];
  clock: { acceptDueAt: string; contactDueAt: string | null; resolveDueAt: string | null; resolveRemainingMs: number | null; paused: boolean; responseOutcome: string | null; resolutionOutcome: string | null };
  acceptDueAt: string;
  resolveDueAt: string | null;
  submittedAt: string;
  version: number;
  reopenCount: number;
  transferCount: number;
  rating: string | null;
  followupResult: string | null;
  followupNote: string | null;
  overdue: boolean;
}

export async function fileAsResident(env: TestEnv, resident: Client, code: string, placeId?: number, extra: Record<string, unknown> = {}): Promise<RequestDetail> {
  const place = placeId ?? (await residentUnit(resident));
  return ok(await resident.post('/api/requests', { categoryId: await categoryId(env, code), placeId: place, description: `测试诉求：${code}`, ...extra }));
}

export async function fileOnBehalf(env: TestEnv, staff: Client, code: string, placeId: number, extra: Record<string, unknown> = {}): Promise<RequestDetail> {
  return ok(await staff.post('/api/requests', { categoryId: await categoryId(env, code), placeId, description: `代为反映：${code}`, onBehalf: ON_BEHALF, ...extra }));
}

export async function act(client: Client, id: number, body: Record<string, unknown>): Promise<RequestDetail> {
  return ok(await client.post(`/api/requests/${id}/actions`, body));
}

export interface RequestRow {
  state: string;
  owner_kind: string;
  owner_place_id: number;
  owner_org_id: number | null;
  first_owner_kind: string;
  first_owner_place_id: number;
  first_owner_org_id: number | null;
  accepted_at: Date | null;
  contacted_at: Date | null;
  contact_due_at: Date | null;
  accept_due_at: Date;
  resolve_due_at: Date | null;
  submitted_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  response_outcome: string | null;
  resolution_outcome: string | null;
  reopen_count: number;
  transfer_count: number;
  rating: string | null;
  rating_reasons: string[] | null;
  followup_result: string | null;
  version: number;
  channel: string;
  entered_by: number | null;
  requester_user_id: number | null;
}

/** The request's row as stored (numbers as numbers, times as Dates). */
export async function requestRow(env: TestEnv, id: number): Promise<RequestRow> {
  const r = await env.database.query<Record<string, unknown>>(
    `SELECT state, owner_kind, owner_place_id::int AS owner_place_id, owner_org_id::int AS owner_org_id,
            first_owner_kind, first_owner_place_id::int AS first_owner_place_id, first_owner_org_id::int AS first_owner_org_id,
            accepted_at, contacted_at, contact_due_at, accept_due_at, resolve_due_at, submitted_at, resolved_at, closed_at,
            response_outcome, resolution_outcome, reopen_count, transfer_count, rating, rating_reasons, followup_result, version,
            channel, entered_by::int AS entered_by, requester_user_id::int AS requester_user_id
       FROM requests WHERE id = $1`,
    [id],
  );
  if (!r[0]) throw new Error(`no request ${id}`);
  const t = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const x = r[0];
  return {
    ...(x as unknown as RequestRow),
    accepted_at: t(x.accepted_at),
    contacted_at: t(x.contacted_at),
    contact_due_at: t(x.contact_due_at),
    accept_due_at: t(x.accept_due_at)!,
    resolve_due_at: t(x.resolve_due_at),
    submitted_at: t(x.submitted_at)!,
    resolved_at: t(x.resolved_at),
    closed_at: t(x.closed_at),
  };
}

export interface EventRow {
  type: string;
  actor_role: string;
  from_state: string | null;
  to_state: string | null;
  body: string | null;
  internal: boolean;
  data: Record<string, unknown> | null;
}

export async function eventRows(env: TestEnv, id: number): Promise<EventRow[]> {
  return env.database.query<EventRow>(`SELECT type, actor_role, from_state, to_state, body, internal, data FROM request_events WHERE request_id = $1 ORDER BY id`, [id]);
}

/** How many notifications pointing at the request a user has (console or phone link). */
export async function notesAbout(env: TestEnv, userId: number, requestId: number): Promise<number> {
  const r = await env.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND link IN ($2, $3)`, [
    userId,
    `/requests/${requestId}`,
    `/m/requests/${requestId}`,
  ]);
  return Number(r[0].n);
}

/** Ids in one of my list views. */
export async function listIds(client: Client, query: string): Promise<number[]> {
  const res = await client.get(`/api/requests?${query}${query.includes('limit=') ? '' : '&limit=100'}`);
  if (res.statusCode !== 200) throw new Error(`list ${query}: ${res.statusCode} ${res.body}`);
  return (res.json().items as { id: number }[]).map((i) => i.id);
}
