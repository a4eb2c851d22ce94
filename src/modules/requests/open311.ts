// Open311 GeoReport v2 (JSON) at /open311/v2/…: the service list and definitions, filing a request
// with an API key, and reading requests.
//
// Who may read: the spec lets anyone GET requests, so the GETs need no key. They expose only the
// spec's fields and nothing personal: never a requester's name, phone, e-mail or account; the
// address stops at the building (an entrance or a unit is someone's home), and a description is
// shown only for requests filed through this API (residents and callers did not publish their
// words); phone-like numbers in descriptions and status notes are masked.
//
// Filing: the key's district or street bounds where requests may be filed. We have no geocoder, so
// a request needs address_id (one of our places); lat/long alone is refused with a clear error.
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../core/manifest';
import { AppError, defineErrors, errorDef, pickLang, type Lang } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { toAppError } from '../../core/http';
import { NATURAL } from './clock';
import { fileRequest } from './service';
import { open311Status, REQUEST_STATES } from './states';
import { findKey, useKey } from './keys';
import {
  Open311CommonQuery,
  open311ErrorResponses,
  Open311ListQuery,
  Open311PostBody,
  Open311PostResponse,
  Open311RequestList,
  Open311ServiceDefinition,
  Open311ServiceList,
  type Open311ErrorsT,
  type Open311ListQueryT,
  type Open311PostBodyT,
  type Open311RequestT,
} from './open311.schemas';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import './errors';

export const Open311ApiErrors = defineErrors({
  OPEN311_SERVICE_UNKNOWN: { status: 404, zh: '没有该服务类型（service_code）', en: 'No such service (service_code)' },
  OPEN311_JURISDICTION_UNKNOWN: {
    status: 400,
    zh: 'jurisdiction_id 不是本系统的区，或不是该密钥所属的区',
    en: 'jurisdiction_id is not a district served here, or not the district of this key',
  },
  OPEN311_ADDRESS_REQUIRED: {
    status: 400,
    zh: '须提供 address_id（本系统的地点编号）：本系统不做地理编码，不能仅凭经纬度或地址文字确定诉求地点',
    en: 'address_id (one of our place ids) is required: this server has no geocoder and cannot place a request from lat/long or address_string alone',
  },
  OPEN311_ADDRESS_INVALID: {
    status: 400,
    zh: 'address_id 不存在，或不在该密钥的范围内',
    en: 'address_id is unknown or outside the area of this API key',
  },
  OPEN311_LATLONG_INVALID: {
    status: 400,
    zh: 'lat 和 long 须同时提供，且在有效范围内（纬度 ±90，经度 ±180）',
    en: 'lat and long go together and must be in range (latitude ±90, longitude ±180)',
  },
  OPEN311_DATE_INVALID: {
    status: 400,
    zh: 'start_date / end_date 须为 ISO 8601 时间，起点不晚于终点，跨度不超过90天',
    en: 'start_date and end_date must be ISO 8601 date/times, start before end, at most 90 days apart',
  },
  OPEN311_STATUS_INVALID: { status: 400, zh: 'status 只能是 open 或 closed（可用逗号分隔）', en: 'status is open or closed (comma-separated)' },
  OPEN311_TOO_MANY_IDS: { status: 400, zh: '一次最多查询1000个 service_request_id', en: 'At most 1000 service_request_id values at a time' },
});

const DAY = 86_400_000;
/** The spec's defaults: the last 90 days, at most 1000 requests. */
const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;
const CLOSED_STATES = REQUEST_STATES.filter((s) => open311Status(s) === 'closed');

const KIND_LABELS: Record<string, { zh: string; en: string }> = {
  inquiry: { zh: '咨询', en: 'Inquiry' },
  help: { zh: '求助', en: 'Help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

function langOf(req: FastifyRequest): Lang {
  const locale = (req.query as { locale?: unknown } | undefined)?.locale;
  if (locale === 'en' || locale === 'zh-CN') return locale;
  return pickLang(req.headers['accept-language']);
}

/** The spec's error array for a typed error, validation errors naming their fields. */
function specErrors(e: AppError, lang: Lang): Open311ErrorsT {
  const def = errorDef(e.code) ?? errorDef('INTERNAL')!;
  let description = lang === 'en' ? def.en : def.zh;
  // validation errors name the fields
  if (e.code === 'VALIDATION_FAILED' && Array.isArray(e.details) && e.details.length) {
    const fields = (e.details as { field?: string; message?: string }[]).map((d) => `${String(d.field ?? '').replace(/^\//, '')} ${d.message ?? ''}`.trim());
    description += `: ${fields.join('; ')}`;
  }
  return [{ code: e.status, description }];
}

/** Phone-like runs of digits (7 or more, with spaces or dashes) become ***. */
export function maskNumbers(text: string | null): string | null {
  return text === null ? null : text.replace(/\+?\d[\d\s-]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '***' : m));
}

function localTime(iso: string): string {
  return new Date(Date.parse(iso) + NATURAL.utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function serviceNotice(lang: Lang, agency: string | null, expected: string | null): string | null {
  if (!agency) return null;
  if (lang === 'en') return `Handled by ${agency}` + (expected ? `; due by ${localTime(expected)} (UTC+8)` : '');
  return `由${agency}承办` + (expected ? `，应于${localTime(expected)}前办结` : '');
}

/** A requester's name from the spec's two fields: 张 + 三 (Chinese) or Ann + Lee. */
function fullName(first?: string, last?: string): string | null {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return null;
  const han = /\p{Script=Han}/u.test(f + l);
  return (han ? `${l}${f}` : [f, l].filter(Boolean).join(' ')).slice(0, 50);
}

async function assertDistrict(db: Db, id: number | undefined): Promise<void> {
  if (id === undefined) return;
  const d = await one(db, sql`SELECT 1 FROM places WHERE id = ${id} AND kind = 'district' AND retired_at IS NULL`);
  if (!d) throw new AppError('OPEN311_JURISDICTION_UNKNOWN', { jurisdiction_id: id });
}

// ---------------------------------------------------------------------------------------------
// services

interface CategoryRow {
  code: string;
  name_zh: string;
  name_en: string;
  kind: string;
}

async function listServices(ctx: AppContext, lang: Lang) {
  const cats = await rows<CategoryRow>(ctx.db, sql`SELECT code, name_zh, name_en, kind FROM request_categories WHERE active ORDER BY sort, id`);
  return cats.map((c) => {
    const kind = KIND_LABELS[c.kind] ?? { zh: c.kind, en: c.kind };
    return {
      service_code: c.code,
      service_name: lang === 'en' ? c.name_en : c.name_zh,
      description: lang === 'en' ? `${kind.en}: ${c.name_en}` : `${kind.zh}类：${c.name_zh}`,
      metadata: false,
      type: 'realtime' as const,
      keywords: [c.code, c.kind, c.name_zh, c.name_en].join(','),
      group: c.kind,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// reading requests

interface PublicRow {
  ref_no: string;
  state: (typeof REQUEST_STATES)[number];
  code: string;
  name_zh: string;
  name_en: string;
  description: string | null;
  agency: string | null;
  requested: string;
  updated: string | null;
  expected: string | null;
  place_path: string;
  address: string | null;
  lat: number | string | null;
  lon: number | string | null;
  media_url: string | null;
  notes: string | null;
}

/** The place shown publicly: the request's place, or its building when it lies deeper (a home). */
function publicPlaceId(path: string): number | null {
  const ids = path.split('/').filter(Boolean);
  const id = ids[Math.min(ids.length, 5) - 1];
  return id ? Number(id) : null;
}

/** The unit handling a request now: an organisation, or the office of a place. */
const agencySql = sql`CASE WHEN r.owner_org_id IS NOT NULL THEN (SELECT name FROM orgs WHERE id = r.owner_org_id)
  ELSE (SELECT name FROM places WHERE id = r.owner_place_id) END`;

const num = (v: number | string | null) => (v === null ? null : Number(v));

async function readPublic(db: Db, where: SQL, lang: Lang): Promise<Open311RequestT[]> {
  const list = await rows<PublicRow>(
    db,
    sql`SELECT r.ref_no, r.state, c.code, c.name_zh, c.name_en,
          CASE WHEN r.channel = 'open311' THEN r.description END AS description,
          ${agencySql} AS agency,
          ${isoTime(sql`r.submitted_at`)} AS requested, ${isoTime(sql`greatest(r.updated_at, r.submitted_at)`)} AS updated, ${isoTime(sql`r.resolve_due_at`)} AS expected,
          r.place_path,
          (SELECT string_agg(p.name, ' · ' ORDER BY p.depth) FROM places p
            WHERE p.depth BETWEEN 2 AND 4 AND p.id = ANY (string_to_array(trim(both '/' from r.place_path), '/')::bigint[])) AS address,
          r.lat::float8 AS lat, r.lon::float8 AS lon,
          (SELECT e.data->'open311'->>'mediaUrl' FROM request_events e WHERE e.request_id = r.id AND e.type = 'submitted' ORDER BY e.id LIMIT 1) AS media_url,
          (SELECT e.body FROM request_events e
            WHERE e.request_id = r.id AND NOT e.internal AND e.body IS NOT NULL AND e.actor_role <> 'requester'
              AND e.type IN ('reply', 'resolve', 'decline', 'defer')
            ORDER BY e.id DESC LIMIT 1) AS notes
        FROM requests r JOIN request_categories c ON c.id = r.category_id
        WHERE ${where}
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${MAX_RESULTS}`,
  );
  return list.map((r) => ({
    service_request_id: r.ref_no,
    status: open311Status(r.state),
    status_notes: maskNumbers(r.notes),
    service_name: lang === 'en' ? r.name_en : r.name_zh,
    service_code: r.code,
    description: maskNumbers(r.description),
    agency_responsible: r.agency,
    service_notice: serviceNotice(lang, r.agency, r.expected),
    requested_datetime: r.requested,
    updated_datetime: r.updated,
    expected_datetime: r.expected,
    address: r.address,
    address_id: publicPlaceId(r.place_path),
    zipcode: null,
    lat: num(r.lat),
    long: num(r.lon),
    media_url: r.media_url,
  }));
}

function parseDate(text: string | undefined, field: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const t = Date.parse(text.trim());
  if (Number.isNaN(t)) throw new AppError('OPEN311_DATE_INVALID', { field });
  return t;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** GET requests.json: the spec's filters; with no dates, the last 90 days; at most 1000, newest first. */
async function searchRequests(ctx: AppContext, q: Open311ListQueryT, lang: Lang): Promise<Open311RequestT[]> {
  await assertDistrict(ctx.db, q.jurisdiction_id);
  const conds: SQL[] = [];
  if (q.jurisdiction_id) conds.push(sql`r.district_id = ${q.jurisdiction_id}`);
  const ids = list(q.service_request_id).map((s) => s.toUpperCase());
  if (ids.length) {
    // the spec: service_request_id overrides every other filter
    if (ids.length > MAX_RESULTS) throw new AppError('OPEN311_TOO_MANY_IDS');
    conds.push(sql`r.ref_no IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
    return readPublic(ctx.db, sql.join(conds, sql` AND `), lang);
  }
  let start = parseDate(q.start_date, 'start_date');
  let end = parseDate(q.end_date, 'end_date');
  if (start !== undefined && end !== undefined) {
    if (start > end || end - start > DEFAULT_DAYS * DAY) throw new AppError('OPEN311_DATE_INVALID', { start_date: q.start_date, end_date: q.end_date });
  } else if (start !== undefined) end = start + DEFAULT_DAYS * DAY;
  else if (end !== undefined) start = end - DEFAULT_DAYS * DAY;
  else start = Date.now() - DEFAULT_DAYS * DAY;
  conds.push(sql`r.submitted_at >= ${new Date(start!).toISOString()}::timestamptz`);
  if (end !== undefined) conds.push(sql`r.submitted_at <= ${new Date(end).toISOString()}::timestamptz`);
  const codes = list(q.service_code);
  if (codes.length) conds.push(sql`c.code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
  const statuses = new Set(list(q.status).map((s) => s.toLowerCase()));
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw new AppError('OPEN311_STATUS_INVALID', { status: q.status });
  if (statuses.size === 1) {
    const closed = sql`r.state IN (${sql.join(CLOSED_STATES.map((s) => sql`${s}`), sql`, `)})`;
    conds.push(statuses.has('closed') ? closed : sql`NOT ${closed}`);
  }
  return readPublic(ctx.db, sql.join(conds, sql` AND `), lang);
}

// ---------------------------------------------------------------------------------------------
// filing

const apiKeyOf = (req: FastifyRequest): string | undefined =>
  (req.body as { api_key?: string } | undefined)?.api_key ?? (req.query as { api_key?: string } | undefined)?.api_key;

function coordinates(b: Open311PostBodyT): { lat: number; lon: number } | null {
  if (b.lat === undefined && b.long === undefined) return null;
  const lat = Number(b.lat);
  const lon = Number(b.long);
  if (b.lat === undefined || b.long === undefined || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw new AppError('OPEN311_LATLONG_INVALID');
  return { lat, lon };
}

/** POST requests.json: one transaction files the request, marks the key used and writes the audit entry. */
async function postRequest(ctx: AppContext, req: FastifyRequest, b: Open311PostBodyT, lang: Lang) {
  const coords = coordinates(b);
  return ctx.db.transaction(async (tx) => {
    const key = await useKey(tx, apiKeyOf(req));
    if (b.jurisdiction_id !== undefined && Number(b.jurisdiction_id) !== key.districtId) {
      throw new AppError('OPEN311_JURISDICTION_UNKNOWN', { jurisdiction_id: b.jurisdiction_id });
    }
    if (b.address_id === undefined) throw new AppError('OPEN311_ADDRESS_REQUIRED');
    const placeId = Number(b.address_id);
    const place = await one<{ path: string }>(tx, sql`SELECT path FROM places WHERE id = ${placeId}`);
    if (!place || !place.path.startsWith(key.placePath)) throw new AppError('OPEN311_ADDRESS_INVALID', { address_id: placeId });
    const category = await one<{ id: number }>(tx, sql`SELECT id FROM request_categories WHERE code = ${b.service_code}`);
    if (!category) throw new AppError('REQUEST_CATEGORY_UNKNOWN', { service_code: b.service_code });
    // the client's own reference is scoped to the key; a retry returns the request already filed
    const externalRef = b.external_ref ? `${key.id}:${b.external_ref}` : null;
    const filed =
      (externalRef && (await one<{ id: number }>(tx, sql`SELECT id::int AS id FROM requests WHERE channel = 'open311' AND external_ref = ${externalRef}`))) ||
      (await fileRequest(
        ctx,
        tx,
        { userId: null, name: `Open311: ${key.name}`, ip: req.ip },
        { categoryId: category.id, placeId, description: b.description, locationNote: b.address_string?.trim() || undefined },
        {
          channel: 'open311',
          requesterUserId: null,
          requesterPersonId: null,
          requesterName: fullName(b.first_name, b.last_name),
          requesterPhone: b.phone?.trim() || null,
          enteredBy: null,
          apiKeyId: key.id,
          externalRef,
          lat: coords?.lat ?? null,
          lon: coords?.lon ?? null,
        },
      ));
    if ('refNo' in filed) {
      // what the spec carries and our columns do not: kept on the submission in the timeline (never fetched)
      const extra = { mediaUrl: b.media_url, email: b.email, deviceId: b.device_id, accountId: b.account_id };
      await tx.execute(
        sql`UPDATE request_events SET data = coalesce(data, '{}'::jsonb) || jsonb_build_object('open311', ${JSON.stringify(extra)}::jsonb)
            WHERE request_id = ${filed.id} AND type = 'submitted'`,
      );
    }
    const r = await one<{ ref_no: string; agency: string | null; expected: string | null }>(
      tx,
      sql`SELECT r.ref_no, ${isoTime(sql`r.resolve_due_at`)} AS expected, ${agencySql} AS agency FROM requests r WHERE r.id = ${filed.id}`,
    );
    return [{ service_request_id: r!.ref_no, service_notice: serviceNotice(lang, r!.agency, r!.expected), account_id: b.account_id ?? null }];
  });
}

// ---------------------------------------------------------------------------------------------
// routes

export async function open311Routes(app: App, ctx: AppContext): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      // the spec posts application/x-www-form-urlencoded (parsed here, for these routes only); JSON
      // is taken too; anything else is 415
      api.removeContentTypeParser('text/plain');
      api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
        done(null, out);
      });
      api.setErrorHandler((err, req, reply) => {
        const e = toAppError(err as FastifyError);
        if (e.status >= 500) req.log.error({ err }, 'open311 request failed');
        void reply.code(e.status).send(specErrors(e, langOf(req)));
      });
      api.setNotFoundHandler((req, reply) => reply.code(404).send(specErrors(new AppError('NOT_FOUND'), langOf(req))));
      // the web app's static files answer every other GET ('/*'); this catch-all keeps unknown
      // Open311 paths (e.g. the XML formats we do not serve) in the spec's error shape
      api.get('/*', { config: { access: { public: true }, csrf: false }, schema: { hide: true } }, async (req, reply) =>
        reply.code(404).send(specErrors(new AppError('NOT_FOUND'), langOf(req))),
      );

      const config = { access: { public: true }, csrf: false } as const;
      const tags = ['open311'];

      api.get(
        '/services.json',
        {
          config,
          schema: {
            tags,
            summary: 'GeoReport v2: the service types (our active request categories); names in Chinese, or English with locale=en',
            querystring: Open311CommonQuery,
            response: { 200: Open311ServiceList, ...open311ErrorResponses },
          },
        },
        async (req) => {
          await assertDistrict(ctx.db, req.query.jurisdiction_id);
          return listServices(ctx, langOf(req));
        },
      );

      api.get(
        '/services/:service_code.json',
        {
          config,
          schema: {
            tags,
            summary: 'GeoReport v2: a service definition (we define no attributes)',
            params: Type.Object({ service_code: Type.String({ maxLength: 40 }) }),
            querystring: Open311CommonQuery,
            response: { 200: Open311ServiceDefinition, ...open311ErrorResponses },
          },
        },
        async (req) => {
          await assertDistrict(ctx.db, req.query.jurisdiction_id);
          const c = await one<{ code: string }>(ctx.db, sql`SELECT code FROM request_categories WHERE code = ${req.params.service_code} AND active`);
          if (!c) throw new AppError('OPEN311_SERVICE_UNKNOWN', { service_code: req.params.service_code });
          return { service_code: c.code, attributes: [] };
        },
      );

      api.post(
        '/requests.json',
        {
          config: {
            ...config,
            // per key (or per address without a valid key); counted after the body is parsed
            rateLimit: {
              hook: 'preHandler',
              max: () => Number(process.env.OPEN311_RATE_PER_MINUTE ?? 60),
              timeWindow: '1 minute',
              keyGenerator: async (req) => {
                const secret = apiKeyOf(req);
                const key = secret ? await findKey(ctx.db, secret) : null;
                return key ? `open311:key:${key.id}` : `open311:ip:${req.ip}`;
              },
            },
          },
          schema: {
            tags,
            summary: 'GeoReport v2: file a request with an API key (form-urlencoded or JSON); address_id is one of our places inside the key’s area',
            consumes: ['application/x-www-form-urlencoded', 'application/json'],
            querystring: Type.Object({ api_key: Type.Optional(Type.String({ maxLength: 200 })), locale: Open311CommonQuery.properties.locale }),
            body: Open311PostBody,
            response: { 200: Open311PostResponse, ...open311ErrorResponses },
          },
        },
        async (req) => postRequest(ctx, req, req.body, langOf(req)),
      );

      api.get(
        '/requests.json',
        {
          config: {
            ...config,
            // anyone may read, up to 1000 requests a call: per address
            rateLimit: {
              max: () => Number(process.env.OPEN311_READ_RATE_PER_MINUTE ?? 120),
              timeWindow: '1 minute',
              keyGenerator: (req) => `open311:read:${req.ip}`,
            },
          },
          schema: {
            tags,
            summary: 'GeoReport v2: requests (no key needed; no personal data). Filters: service_request_id, service_code, start_date, end_date, status; default the last 90 days, at most 1000',
            querystring: Open311ListQuery,
            response: { 200: Open311RequestList, ...open311ErrorResponses },
          },
        },
        async (req) => searchRequests(ctx, req.query, langOf(req)),
      );

      api.get(
        '/requests/:service_request_id.json',
        {
          config,
          schema: {
            tags,
            summary: 'GeoReport v2: one request by its service_request_id (our reference, e.g. GZ00000001); no personal data',
            params: Type.Object({ service_request_id: Type.String({ maxLength: 40 }) }),
            querystring: Open311CommonQuery,
            response: { 200: Open311RequestList, ...open311ErrorResponses },
          },
        },
        async (req) => {
          await assertDistrict(ctx.db, req.query.jurisdiction_id);
          const found = await readPublic(
            ctx.db,
            sql`r.ref_no = ${req.params.service_request_id.toUpperCase()} ${req.query.jurisdiction_id ? sql`AND r.district_id = ${req.query.jurisdiction_id}` : sql``}`,
            langOf(req),
          );
          if (!found.length) throw new AppError('REQUEST_NOT_FOUND', { service_request_id: req.params.service_request_id });
          return found;
        },
      );
    },
    { prefix: '/open311/v2' },
  );
}
