// Open311 GeoReport v2 at /open311/v2 and its API keys at /api/open311-keys. Responses are checked
// against JSON Schemas of the spec's shapes (open311.schemas.ts) with ajv; the public GETs must not
// carry personal data; a key files only inside its own district or street.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv, { type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, count, grantPlaceOf, otherPlace, placeUnder } from '../helpers';
import { withoutLedger } from '../../src/test/fixtures';
import { insertDemoOpen311Key } from '../../src/modules/requests/keys';
import {
  Open311Errors,
  Open311PostResponse,
  Open311RequestList,
  Open311ServiceDefinition,
  Open311ServiceList,
} from '../../src/modules/requests/open311.schemas';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
function expectSchema(schema: AnySchema, body: unknown): void {
  const validate = ajv.compile(schema);
  if (!validate(body)) throw new Error(`response does not match the schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
}

/** A spec error: the HTTP status, and the array [{code, description}] with the same code. */
function expectSpecError(res: LightMyRequestResponse, status: number): string {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  const body = res.json();
  expectSchema(Open311Errors, body);
  expect(body[0].code).toBe(status);
  return body[0].description as string;
}

const DEMO_KEY = 'demo-open311-key';
const NAME = { first_name: '晓明', last_name: '欧阳' };
const PHONE = '13912345678';

let env: TestEnv;
let district: number;
let street: number;
let community: number;
let estate: number;
let building: number;
let foreignEstate: number;
let admin: Client;

function postForm(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return env.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}
function postJson(body: Record<string, unknown>) {
  return env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: body });
}
const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  env = await createTestEnv();
  district = await placeId(env, 'district');
  community = await grantPlaceOf(env, 'community');
  street = await grantPlaceOf(env, 'street');
  estate = await placeUnder(env, 'estate', community);
  building = await placeUnder(env, 'building', estate);
  foreignEstate = await placeUnder(env, 'estate', await otherPlace(env, 'street', street));
  await env.database.rawTransaction((q) => insertDemoOpen311Key(q, district));
  admin = await env.login('admin');
});
afterAll(async () => env?.close());

describe('services', () => {
  it('lists the active categories in the spec shape, Chinese by default and English on request', async () => {
    const zh = await get('/open311/v2/services.json');
    expect(zh.statusCode).toBe(200);
    expectSchema(Open311ServiceList, zh.json());
    const noise = zh.json().find((s: { service_code: string }) => s.service_code === 'noise');
    expect(noise).toMatchObject({ service_name: '噪音扰民', metadata: false, type: 'realtime', group: 'complaint' });
    expect(noise.keywords).toContain('noise');

    for (const en of [await get('/open311/v2/services.json?locale=en'), await get('/open311/v2/services.json', { 'accept-language': 'en-US,en;q=0.9' })]) {
      expectSchema(Open311ServiceList, en.json());
      expect(en.json().find((s: { service_code: string }) => s.service_code === 'noise').service_name).toBe('Noise');
    }
  });

  it('leaves out a category the district switched off', async () => {
    await env.database.query(`UPDATE request_categories SET active = false WHERE code = 'suggestion'`);
    try {
      const codes = (await get('/open311/v2/services.json')).json().map((s: { service_code: string }) => s.service_code);
      expect(codes).toContain('noise');
      expect(codes).not.toContain('suggestion');
      expectSpecError(await get('/open311/v2/services/suggestion.json'), 404);
    } finally {
      await env.database.query(`UPDATE request_categories SET active = true WHERE code = 'suggestion'`);
    }
  });

  it('accepts our district as jurisdiction_id and refuses anything else', async () => {
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${district}`)).statusCode).toBe(200);
    expectSpecError(await get(`/open311/v2/services.json?jurisdiction_id=${street}`), 400);
  });

  it('gives a service definition without attributes, and 404 in the spec shape for an unknown service', async () => {
    const def = await get('/open311/v2/services/noise.json');
    expect(def.statusCode).toBe(200);
    expectSchema(Open311ServiceDefinition, def.json());
    expect(def.json()).toEqual({ service_code: 'noise', attributes: [] });
    expectSpecError(await get('/open311/v2/services/no_such_thing.json'), 404);
  });

  it('answers unknown paths and formats under /open311 with the spec error array', async () => {
    expectSpecError(await get('/open311/v2/services.xml'), 404);
    expectSpecError(await get('/open311/v2/nothing-here'), 404);
  });
});

describe('filing a request with a key', () => {
  let refNo: string;

  it('files a form-urlencoded request into the community inbox, in one audited transaction', async () => {
    const seq = await auditHeadSeq(env);
    const res = await postForm({
      api_key: DEMO_KEY,
      service_code: 'noise',
      address_id: String(estate),
      lat: '39.915000',
      long: '116.404000',
      description: '楼下广场舞音响每晚十点后仍很响',
      ...NAME,
      phone: PHONE,
      email: 'ouyang@example.com',
      account_id: 'acct-77',
      device_id: 'dev-1',
      media_url: 'https://example.com/photo.jpg',
      'attribute[none]': 'ignored',
    });
    expect(res.statusCode).toBe(200);
    expectSchema(Open311PostResponse, res.json());
    const [out] = res.json();
    expect(out.service_request_id).toMatch(/^GZ\d{8}$/);
    expect(out.account_id).toBe('acct-77');
    expect(out.service_notice).toContain('承办');
    refNo = out.service_request_id;

    const [row] = await env.database.query<Record<string, unknown>>(
      `SELECT r.id, r.channel, r.requester_name, r.requester_phone, r.requester_user_id, r.entered_by, r.place_id, r.lat::float8 AS lat,
              r.lon::float8 AS lon, k.last_used_at IS NOT NULL AS used, (SELECT e.data FROM request_events e WHERE e.request_id = r.id AND e.type = 'submitted') AS data,
              (SELECT e.actor_name FROM request_events e WHERE e.request_id = r.id AND e.type = 'submitted') AS event_actor
         FROM requests r JOIN open311_keys k ON k.id = r.api_key_id WHERE r.ref_no = $1`,
      [refNo],
    );
    expect(row).toMatchObject({ channel: 'open311', requester_name: '欧阳晓明', requester_phone: PHONE, requester_user_id: null, entered_by: null, used: true });
    expect(Number(row.place_id)).toBe(estate);
    expect(row.lat).toBeCloseTo(39.915);
    expect(row.lon).toBeCloseTo(116.404);
    expect((row.data as { open311: Record<string, string> }).open311).toEqual({
      mediaUrl: 'https://example.com/photo.jpg',
      email: 'ouyang@example.com',
      accountId: 'acct-77',
      deviceId: 'dev-1',
    });
    expect(row.event_actor).toBe('Open311: 演示密钥（仅供演示）');
    // the audit actor is the key, not a user
    const created = await auditSince(env, seq, 'request.create');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor_user_id: null, actor_name: 'Open311: 演示密钥（仅供演示）', entity_id: String(row.id) });

    // noise goes to the community (DOMAIN.md §3 routing): it is in the community worker's inbox
    const worker = await env.login('community');
    const inbox = (await worker.get('/api/requests?view=inbox&channel=open311')).json();
    expect(inbox.items.map((i: { refNo: string }) => i.refNo)).toContain(refNo);
  });

  it('takes JSON with numbers as well, and answers in English when asked', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json?locale=en',
      payload: { api_key: DEMO_KEY, service_code: 'noise', address_id: building, lat: 39.9, long: 116.4, description: 'Dogs barking all night' },
    });
    expect(res.statusCode).toBe(200);
    expectSchema(Open311PostResponse, res.json());
    expect(res.json()[0].service_notice).toMatch(/^Handled by /);
    expect(res.json()[0].account_id).toBeNull();

    // a charset parameter on the form content type is fine
    const form = await postForm(
      { api_key: DEMO_KEY, service_code: 'noise', address_id: String(building), description: '带字符集' },
      { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    );
    expect(form.statusCode).toBe(200);
    // other body types are refused in the spec shape
    expectSpecError(await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'x', headers: { 'content-type': 'text/plain' } }), 415);
  });

  it('files once per external_ref: a retry returns the same request', async () => {
    const body = { api_key: DEMO_KEY, service_code: 'noise', address_id: estate, description: '重复提交测试', external_ref: 'client-42' };
    const first = await postJson(body);
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    const again = await postJson(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
  });

  it('refuses a missing, unknown or revoked key with 403 and files nothing', async () => {
    const base = { service_code: 'noise', address_id: String(estate), description: '没有密钥' };
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    expectSpecError(await postForm(base), 403);
    expectSpecError(await postForm({ ...base, api_key: 'not-a-key' }), 403);

    const created = await admin.post('/api/open311-keys', { name: '将被吊销', placeId: district });
    expect(created.statusCode).toBe(200);
    const { key, item } = created.json();
    expect((await postForm({ ...base, api_key: key })).statusCode).toBe(200);
    expect((await admin.post(`/api/open311-keys/${item.id}/revoke`)).statusCode).toBe(200);
    expectSpecError(await postForm({ ...base, api_key: key }), 403);
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before + 1);
  });

  it('refuses bad fields with 400 in the spec shape, and a failed post leaves the key unused', async () => {
    const street1 = await admin.post('/api/open311-keys', { name: '第一街道接口', placeId: street });
    const key = street1.json().key as string;
    const keyId = street1.json().item.id as number;
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    const ok = { api_key: key, service_code: 'noise', address_id: String(estate), description: '测试' };

    expectSpecError(await postForm({ ...ok, service_code: 'no_such_service' }), 400);
    // a place in another street is outside a street key's area
    expect(expectSpecError(await postForm({ ...ok, address_id: String(foreignEstate) }), 400)).toContain('address_id');
    expectSpecError(await postForm({ ...ok, address_id: '999999999' }), 400);
    // a street is above the levels a request is filed on
    expectSpecError(await postForm({ ...ok, address_id: String(street) }), 400);
    // we cannot geocode: lat/long alone is refused, and says what to send instead
    const { address_id: _omit, ...noAddress } = ok;
    const described = expectSpecError(await postForm({ ...noAddress, lat: '39.9', long: '116.4' }), 400);
    expect(described).toContain('address_id');
    expect(expectSpecError(await postForm({ ...noAddress, lat: '39.9', long: '116.4' }, { 'accept-language': 'en' }), 400)).toContain('geocoder');
    expectSpecError(await postForm({ ...ok, lat: '39.9' }), 400);
    expectSpecError(await postForm({ ...ok, lat: '99', long: '116.4' }), 400);
    expectSpecError(await postForm({ ...ok, jurisdiction_id: String(street) }), 400);
    const { service_code: _sc, ...noService } = ok;
    expect(expectSpecError(await postForm(noService), 400)).toContain('service_code');
    const { description: _d, ...noDescription } = ok;
    expectSpecError(await postForm(noDescription), 400);
    expectSpecError(await postForm({ ...ok, phone: 'call me' }), 400);
    expectSpecError(
      await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: '{"api_key":', headers: { 'content-type': 'application/json' } }),
      400,
    );

    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
    expect(await count(env, `SELECT count(*) AS n FROM open311_keys WHERE id = $1 AND last_used_at IS NOT NULL`, [keyId])).toBe(0);
  });

  it('writes request, key use and audit entry together: without the ledger nothing is left', async () => {
    const created = await admin.post('/api/open311-keys', { name: '事务测试', placeId: district });
    const { key, item } = created.json();
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    const res = await withoutLedger(env, () => postForm({ api_key: key, service_code: 'noise', address_id: String(estate), description: '事务' }));
    expectSpecError(res, 500);
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
    expect(await count(env, `SELECT count(*) AS n FROM open311_keys WHERE id = $1 AND last_used_at IS NOT NULL`, [item.id])).toBe(0);
  });

  it('limits posts per key (a fresh key still gets through)', async () => {
    const a = (await admin.post('/api/open311-keys', { name: '限流A', placeId: district })).json().key as string;
    const b = (await admin.post('/api/open311-keys', { name: '限流B', placeId: district })).json().key as string;
    const body = (key: string) => ({ api_key: key, service_code: 'noise', address_id: String(estate), description: '限流' });
    const saved = process.env.OPEN311_RATE_PER_MINUTE;
    process.env.OPEN311_RATE_PER_MINUTE = '2';
    try {
      expect((await postForm(body(a))).statusCode).toBe(200);
      expect((await postForm(body(a))).statusCode).toBe(200);
      const limited = await postForm(body(a));
      expectSpecError(limited, 429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await postForm(body(b))).statusCode).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.OPEN311_RATE_PER_MINUTE;
      else process.env.OPEN311_RATE_PER_MINUTE = saved;
    }
  });
});

describe('reading requests (public, no personal data)', () => {
  let openRef: string;
  let closedRef: string;
  let residentRef: string;

  beforeAll(async () => {
    const file = async (code: string, description: string) => {
      const res = await postForm({ api_key: DEMO_KEY, service_code: code, address_id: String(estate), description, ...NAME, phone: PHONE, email: 'x@example.com' });
      if (res.statusCode !== 200) throw new Error(res.body);
      return res.json()[0].service_request_id as string;
    };
    openRef = await file('parking', '小区门口夜间乱停车，联系我 139 1234 5678');
    closedRef = await file('noise', '夜间施工噪音');
    const worker = await env.login('community');
    const [{ id }] = await env.database.query<{ id: number }>(`SELECT id FROM requests WHERE ref_no = $1`, [closedRef]);
    expect((await worker.post(`/api/requests/${id}/actions`, { action: 'accept' })).statusCode).toBe(200);
    expect((await worker.post(`/api/requests/${id}/actions`, { action: 'resolve', text: '已约谈施工方，夜间停工' })).statusCode).toBe(200);

    // a resident's own request: its words and their home stay private
    const resident = await env.login('resident');
    const unitId = (await resident.get('/api/me/household')).json().homes[0].unitId as number;
    const cats = (await resident.get(`/api/requests/categories?placeId=${unitId}`)).json().items as { id: number; code: string }[];
    const filed = await resident.post('/api/requests', { categoryId: cats.find((c) => c.code === 'noise')!.id, placeId: unitId, description: '楼上302每晚跺脚，我是住户本人' });
    expect(filed.statusCode).toBe(200);
    residentRef = filed.json().refNo;
  });

  it('lists the last 90 days in the spec shape, without names, phones or e-mails', async () => {
    const res = await get('/open311/v2/requests.json');
    expect(res.statusCode).toBe(200);
    const items = res.json();
    expectSchema(Open311RequestList, items);
    const refs = items.map((r: { service_request_id: string }) => r.service_request_id);
    expect(refs).toEqual(expect.arrayContaining([openRef, closedRef, residentRef]));
    for (const secret of [PHONE, '139 1234 5678', NAME.first_name, NAME.last_name, 'x@example.com', 'ouyang@example.com', 'acct-77', 'dev-1']) {
      expect(res.body).not.toContain(secret);
    }
    const open = items.find((r: { service_request_id: string }) => r.service_request_id === openRef);
    expect(open).toMatchObject({ status: 'open', service_code: 'parking', service_name: '停车难', zipcode: null, address_id: estate });
    // the description is the client's, with the phone number masked
    expect(open.description).toBe('小区门口夜间乱停车，联系我 ***');
    expect(open.address).toContain(' · ');
    expect(open.agency_responsible).toBeTruthy();
    expect(Date.parse(open.expected_datetime)).toBeGreaterThan(Date.parse(open.requested_datetime));
  });

  it('keeps a resident’s words and home private: no description, the address stops at the building', async () => {
    const res = await get(`/open311/v2/requests/${residentRef}.json`);
    expect(res.statusCode).toBe(200);
    expectSchema(Open311RequestList, res.json());
    const [r] = res.json();
    expect(r.description).toBeNull();
    expect(res.body).not.toContain('302');
    const [{ place_id, path }] = await env.database.query<{ place_id: number; path: string }>(
      `SELECT r.place_id, p.path FROM requests r JOIN places p ON p.id = r.place_id WHERE r.ref_no = $1`,
      [residentRef],
    );
    const ids = path.split('/').filter(Boolean).map(Number);
    expect(ids.length).toBeGreaterThan(5);
    expect(r.address_id).toBe(ids[4]); // the building, not the unit
    expect(r.address_id).not.toBe(Number(place_id));
    const [unit] = await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [place_id]);
    expect(r.address.split(' · ')).not.toContain(unit.name);
    const [{ name: owner }] = await env.database.query<{ name: string }>(`SELECT requester_name AS name FROM requests WHERE ref_no = $1`, [residentRef]);
    expect(res.body).not.toContain(owner);
  });

  it('maps our states to open/closed and shows the resolution as status_notes', async () => {
    const [closed] = (await get(`/open311/v2/requests/${closedRef.toLowerCase()}.json`)).json();
    expect(closed).toMatchObject({ service_request_id: closedRef, status: 'closed', status_notes: '已约谈施工方，夜间停工' });
    const [open] = (await get(`/open311/v2/requests/${openRef}.json`)).json();
    expect(open.status_notes).toBeNull();
    expectSpecError(await get('/open311/v2/requests/GZ99999999.json'), 404);
  });

  it('filters by status, service_code and service_request_id', async () => {
    const refs = async (qs: string) => {
      const res = await get(`/open311/v2/requests.json?${qs}`);
      expect(res.statusCode).toBe(200);
      expectSchema(Open311RequestList, res.json());
      return res.json().map((r: { service_request_id: string }) => r.service_request_id) as string[];
    };
    const open = await refs('status=open');
    expect(open).toContain(openRef);
    expect(open).not.toContain(closedRef);
    const closed = await refs('status=closed');
    expect(closed).toContain(closedRef);
    expect(closed).not.toContain(openRef);
    expect(await refs('status=open,closed')).toEqual(expect.arrayContaining([openRef, closedRef]));
    const parking = await refs('service_code=parking');
    expect(parking).toContain(openRef);
    expect(parking).not.toContain(closedRef);
    expect((await refs('service_code=parking,noise')).length).toBeGreaterThan(parking.length);
    // service_request_id overrides the other filters (the spec)
    expect((await refs(`service_request_id=${openRef},${closedRef}&status=closed`)).sort()).toEqual([openRef, closedRef].sort());
    expectSpecError(await get('/open311/v2/requests.json?status=pending'), 400);
  });

  it('filters by requested_datetime: start_date and end_date, at most 90 days apart', async () => {
    const refs = async (qs: string) => (await get(`/open311/v2/requests.json?${qs}`)).json().map((r: { service_request_id: string }) => r.service_request_id) as string[];
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    expect(await refs(`start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`)).toContain(openRef);
    expect(await refs('start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).toEqual([]);
    expect(await refs(`start_date=${iso(now + 3_600_000)}`)).toEqual([]);
    expect(await refs(`end_date=${iso(now - 86_400_000)}`)).not.toContain(openRef);
    expectSpecError(await get('/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z'), 400);
    expectSpecError(await get('/open311/v2/requests.json?start_date=yesterday'), 400);
    // a request older than 90 days leaves the default list
    await env.database.query(`UPDATE requests SET submitted_at = now() - interval '91 days' WHERE ref_no = $1`, [openRef]);
    try {
      expect(await refs('')).not.toContain(openRef);
    } finally {
      await env.database.query(`UPDATE requests SET submitted_at = now() WHERE ref_no = $1`, [openRef]);
    }
  });

  it('filters by jurisdiction', async () => {
    expect((await get(`/open311/v2/requests.json?jurisdiction_id=${district}`)).json().length).toBeGreaterThan(0);
    expectSpecError(await get(`/open311/v2/requests.json?jurisdiction_id=${community}`), 400);
  });

  it('limits the public list per address', async () => {
    const saved = process.env.OPEN311_READ_RATE_PER_MINUTE;
    process.env.OPEN311_READ_RATE_PER_MINUTE = '1';
    try {
      // three calls inside one window: whatever the count before, the third is over a limit of 1
      await get('/open311/v2/requests.json');
      await get('/open311/v2/requests.json');
      expectSpecError(await get('/open311/v2/requests.json'), 429);
      // a single request by id is not part of that budget
      expect((await get(`/open311/v2/requests/${openRef}.json`)).statusCode).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.OPEN311_READ_RATE_PER_MINUTE;
      else process.env.OPEN311_READ_RATE_PER_MINUTE = saved;
    }
  });
});

describe('key management (/api/open311-keys)', () => {
  it('needs a session and open311.manage', async () => {
    expectError(await env.anon.get('/api/open311-keys'), 401);
    expectError(await env.anon.post('/api/open311-keys', { name: 'x', placeId: district }), 401);
    const worker = await env.login('community');
    expectError(await worker.get('/api/open311-keys'), 403, 'FORBIDDEN');
    expectError(await worker.post('/api/open311-keys', { name: 'x', placeId: street }), 403, 'FORBIDDEN');
  });

  it('lets a street admin issue keys for their own street only', async () => {
    const streetAdmin = await env.login('street');
    const other = await otherPlace(env, 'street', street);
    expectError(await streetAdmin.post('/api/open311-keys', { name: '越界', placeId: other }), 403, 'NOT_IN_SCOPE');
    expectError(await streetAdmin.post('/api/open311-keys', { name: '区级', placeId: district }), 403, 'NOT_IN_SCOPE');
    expectError(await streetAdmin.post('/api/open311-keys', { name: '社区', placeId: community }), 400, 'OPEN311_KEY_PLACE');
    const own = await streetAdmin.post('/api/open311-keys', { name: '本街道', placeId: street });
    expect(own.statusCode).toBe(200);
    // the street admin sees keys of their street, not the district's
    const listed = (await streetAdmin.get('/api/open311-keys')).json().items as { id: number; placeId: number }[];
    expect(listed.map((k) => k.id)).toContain(own.json().item.id);
    expect(listed.every((k) => k.placeId === street)).toBe(true);
    // and may not revoke a district key
    const districtKey = (await admin.post('/api/open311-keys', { name: '区级密钥', placeId: district })).json().item.id;
    expectError(await streetAdmin.post(`/api/open311-keys/${districtKey}/revoke`), 403, 'NOT_IN_SCOPE');
  });

  it('issues a key shown once, stores only its hash, lists it without the secret, revokes it, audits each', async () => {
    const seq = await auditHeadSeq(env);
    const res = await admin.post('/api/open311-keys', { name: '市民热线App', placeId: district });
    expect(res.statusCode).toBe(200);
    const { key, item } = res.json();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(item).toMatchObject({ name: '市民热线App', prefix: key.slice(0, 8), placeId: district, revokedAt: null, lastUsedAt: null, isDemo: false });

    const [stored] = await env.database.query<Record<string, unknown>>(`SELECT * FROM open311_keys WHERE id = $1`, [item.id]);
    expect(stored.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(key);

    const list = await admin.get('/api/open311-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key);
    const items = list.json().items as Record<string, unknown>[];
    expect(items.find((k) => k.id === item.id)).toMatchObject({ prefix: key.slice(0, 8), placeName: expect.any(String) });
    expect(items.find((k) => k.isDemo)).toMatchObject({ name: '演示密钥（仅供演示）', prefix: 'demo-ope' });
    for (const k of items) expect(Object.keys(k)).not.toContain('key');

    const revoked = await admin.post(`/api/open311-keys/${item.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expectError(await admin.post(`/api/open311-keys/${item.id}/revoke`), 409, 'OPEN311_KEY_REVOKED');
    expectError(await admin.post('/api/open311-keys/999999/revoke'), 404, 'OPEN311_KEY_NOT_FOUND');
    expectSpecError(await postForm({ api_key: key, service_code: 'noise', address_id: String(estate), description: '已吊销' }), 403);

    const audit = await auditSince(env, seq);
    expect(audit.map((a) => a.action)).toEqual(['open311.key.create', 'open311.key.revoke']);
    expect(audit.every((a) => a.actor_user_id !== null && a.entity_id === String(item.id))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(JSON.stringify(audit)).not.toContain(stored.key_hash as string);
  });

  it('validates the body', async () => {
    expectError(await admin.post('/api/open311-keys', { name: '', placeId: district }), 400);
    expectError(await admin.post('/api/open311-keys', { name: 'x' }), 400);
    expectError(await admin.post('/api/open311-keys', { name: 'x', placeId: 99999999 }), 400, 'OPEN311_KEY_PLACE');
  });
});
