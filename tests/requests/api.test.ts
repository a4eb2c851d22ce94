// The request loop's reading and intake routes through HTTP (DOMAIN.md §3): filing (who may file
// where, routing, clocks, timeline, audit, notifications), the list views, the detail, the
// transfer targets, the report form's categories and photos. Every route: 401 without a session,
// 403 (and nothing shown) outside one's scope, 400 for bad input, and the effects of success in
// the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../src/test/harness';
import { fileForm, withoutLedger } from '../../src/test/fixtures';
import { auditHeadSeq, auditSince, count, grantPlaceOf, pathOf, placeUnder, userIdOf } from '../helpers';
import {
  categoryId,
  eventRows,
  fileAsResident,
  fileOnBehalf,
  listIds,
  loginAll,
  notesAbout,
  ON_BEHALF,
  requestRow,
  residentUnit,
  type DemoUser,
  type RequestDetail,
} from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF-test-bytes')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png-test-bytes')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 test')]);

let env: TestEnv;
let c: Record<DemoUser, Client>;
let unit: number; // the resident's home
let streetId: number; // the street admin's street
let farCommunity: number; // a community in another street
let farUnit: number;
let otherCompanyEstate: number; // an estate whose property company is not the demo 'property' user's
let mine: RequestDetail; // resident, noise → community 阳光社区
let far: RequestDetail; // filed by the district admin in another street
let otherCompany: RequestDetail; // property-routed, in an estate of another company
let ownCompany: RequestDetail; // resident, rubbish → the estate's company (the demo 'property' user's)

async function upload(client: Client, bytes: Buffer, name = 'p.jpg', type = 'image/jpeg') {
  return client.post('/api/request-photos', fileForm(name, bytes, type));
}

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  unit = await residentUnit(c.resident);
  streetId = await grantPlaceOf(env, 'street');
  farCommunity = await placeId(env, 'community', 2);
  expect((await pathOf(env, farCommunity)).startsWith(await pathOf(env, streetId))).toBe(false);
  farUnit = await placeUnder(env, 'unit', farCommunity);
  const propertyUser = await userIdOf(env, 'property');
  const company = (await env.database.query<{ org_id: number }>(`SELECT org_id::int AS org_id FROM role_assignments WHERE user_id = $1`, [propertyUser]))[0].org_id;
  otherCompanyEstate = Number(
    (await env.database.query<{ estate_id: number }>(`SELECT estate_id FROM estate_property WHERE company_id <> $1 ORDER BY estate_id LIMIT 1`, [company]))[0].estate_id,
  );
  mine = await fileAsResident(env, c.resident, 'noise');
  far = await fileOnBehalf(env, c.admin, 'noise', farUnit);
  otherCompany = await fileOnBehalf(env, c.admin, 'rubbish', await placeUnder(env, 'unit', otherCompanyEstate));
  ownCompany = await fileAsResident(env, c.resident, 'rubbish');
  expect(ownCompany.owner).toMatchObject({ kind: 'property', orgId: company });
  expect(otherCompany.owner.kind).toBe('property');
  expect(otherCompany.owner.orgId).not.toBe(company);
});
afterAll(async () => env?.close());

describe('POST /api/requests (intake)', () => {
  it('needs a session', async () => {
    expectError(await env.anon.post('/api/requests', { categoryId: 1, placeId: unit, description: '无会话' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses malformed bodies before anything is written', async () => {
    const noise = await categoryId(env, 'noise');
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    const bad: Record<string, unknown>[] = [
      { placeId: unit, description: '缺类别' },
      { categoryId: noise, description: '缺地点' },
      { categoryId: noise, placeId: unit },
      { categoryId: 'noise', placeId: unit, description: '类别不是数字' },
      { categoryId: noise, placeId: String(unit), description: '地点是字符串' },
      { categoryId: noise, placeId: unit, description: '   ' },
      { categoryId: noise, placeId: unit, description: '长'.repeat(2001) },
      { categoryId: noise, placeId: unit, description: '标题太长', title: '题'.repeat(101) },
      { categoryId: noise, placeId: unit, description: '位置太长', locationNote: '位'.repeat(201) },
      { categoryId: noise, placeId: unit, description: '照片太多', photoIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      { categoryId: noise, placeId: unit, description: '照片重复', photoIds: [1, 1] },
      { categoryId: noise, placeId: unit, description: '电话不对', onBehalf: { name: '张三', phone: 'abc' } },
      { categoryId: noise, placeId: unit, description: '没有姓名', onBehalf: { phone: '13800138000' } },
    ];
    for (const body of bad) expectError(await c.resident.post('/api/requests', body), 400, 'VALIDATION_FAILED');
    for (const body of bad) expectError(await c.community.post('/api/requests', body), 400, 'VALIDATION_FAILED');
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
  });

  it('refuses an unknown or inactive category', async () => {
    expectError(await c.resident.post('/api/requests', { categoryId: 987654, placeId: unit, description: '未知类别' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    const cat = await categoryId(env, 'suggestion');
    await env.database.query(`UPDATE request_categories SET active = false WHERE id = $1`, [cat]);
    try {
      expectError(await c.resident.post('/api/requests', { categoryId: cat, placeId: unit, description: '停用类别' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    } finally {
      await env.database.query(`UPDATE request_categories SET active = true WHERE id = $1`, [cat]);
    }
  });

  it('refuses a street, a district or a missing place (requests sit on a community or below)', async () => {
    const noise = await categoryId(env, 'noise');
    for (const place of [streetId, await placeId(env, 'district'), 99_999_999]) {
      expectError(await c.admin.post('/api/requests', { categoryId: noise, placeId: place, description: '地点层级不对', onBehalf: ON_BEHALF }), 400, 'REQUEST_PLACE_INVALID');
    }
  });

  it('lets a resident file only on the estate they live in', async () => {
    const noise = await categoryId(env, 'noise');
    expectError(await c.resident.post('/api/requests', { categoryId: noise, placeId: farUnit, description: '别的街道' }), 403, 'REQUEST_PLACE_NOT_YOURS');
    const neighbourEstate = await placeUnder(env, 'estate', await grantPlaceOf(env, 'community'), 1);
    expectError(await c.resident.post('/api/requests', { categoryId: noise, placeId: neighbourEstate, description: '同社区别的小区' }), 403, 'REQUEST_PLACE_NOT_YOURS');
    // the whole estate is theirs: the estate itself and another building in it
    const estate = Number((await pathOf(env, unit)).split('/')[4]);
    const otherBuilding = await placeUnder(env, 'building', estate, 1);
    expect((await pathOf(env, unit)).startsWith(await pathOf(env, otherBuilding))).toBe(false);
    for (const place of [estate, otherBuilding]) {
      const res = await c.resident.post('/api/requests', { categoryId: noise, placeId: place, description: '小区里的公共问题' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().placeId).toBe(place);
    }
  });

  it('makes staff and 三长 say whom they file for, and keeps them inside their area', async () => {
    const noise = await categoryId(env, 'noise');
    expectError(await c.community.post('/api/requests', { categoryId: noise, placeId: unit, description: '没写诉求人' }), 400, 'REQUEST_ON_BEHALF_REQUIRED');
    expectError(await c.admin.post('/api/requests', { categoryId: noise, placeId: unit, description: '没写诉求人' }), 400, 'REQUEST_ON_BEHALF_REQUIRED');
    const body = (place: number) => ({ categoryId: noise, placeId: place, description: '代为反映', onBehalf: ON_BEHALF });
    expectError(await c.community.post('/api/requests', body(farUnit)), 403, 'NOT_IN_SCOPE');
    expectError(await c.street.post('/api/requests', body(farUnit)), 403, 'NOT_IN_SCOPE');
    expectError(await c.linzhang.post('/api/requests', body(farUnit)), 403, 'NOT_IN_SCOPE');
    expectError(await c.property.post('/api/requests', body(await placeUnder(env, 'unit', otherCompanyEstate))), 403, 'NOT_IN_SCOPE');
    expectError(await c.dept.post('/api/requests', body(unit)), 403, 'FORBIDDEN');
    // a resident does not file for others
    expectError(await c.resident.post('/api/requests', body(unit)), 403, 'FORBIDDEN');
  });

  it('files a resident request: routed by category, clocks set, photo attached, timeline, audit and the handlers told', async () => {
    const photo = (await upload(c.resident, JPEG)).json().id as number;
    const seq = await auditHeadSeq(env);
    const communityUser = await userIdOf(env, 'community');
    const res = await c.resident.post('/api/requests', {
      categoryId: await categoryId(env, 'noise'),
      placeId: unit,
      title: '夜间施工',
      description: '  楼上每晚十点后装修  ',
      locationNote: '1号楼东侧',
      photoIds: [photo],
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as RequestDetail;
    expect(d.refNo).toMatch(/^GZ\d{8}$/);
    expect(d).toMatchObject({ state: 'submitted', channel: 'resident', owner: { kind: 'community', placeId: await grantPlaceOf(env, 'community'), orgId: null } });
    expect(d.firstOwner).toEqual(d.owner);
    expect(d.capacities).toEqual(['requester']);
    expect(d.photoIds).toEqual([photo]);
    const row = await requestRow(env, d.id);
    expect(row.requester_user_id).toBe(await userIdOf(env, 'resident'));
    expect(row.entered_by).toBeNull();
    // noise is 'ordinary': accept within 24 h, resolve within 7 days (settings.ts defaults)
    expect(row.accept_due_at.getTime() - row.submitted_at.getTime()).toBe(24 * HOUR);
    expect(row.resolve_due_at!.getTime() - row.submitted_at.getTime()).toBe(7 * DAY);
    expect((await env.database.query<{ description: string }>(`SELECT description FROM requests WHERE id = $1`, [d.id]))[0].description).toBe('楼上每晚十点后装修');
    expect(await eventRows(env, d.id)).toMatchObject([{ type: 'submitted', actor_role: 'requester', to_state: 'submitted', internal: false }]);
    expect(d.events[0].photoIds).toEqual([photo]);
    const audit = await auditSince(env, seq, 'request.create');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'request', entity_id: String(d.id), actor_user_id: await userIdOf(env, 'resident') });
    expect(await notesAbout(env, communityUser, d.id)).toBe(1);
    // the resident's own list shows it, the community's inbox too
    expect(await listIds(c.resident, 'view=mine')).toContain(d.id);
    expect(await listIds(c.community, 'view=inbox')).toContain(d.id);
  });

  it('files a request and its audit entry in one transaction: no ledger, nothing filed', async () => {
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    const res = await withoutLedger(env, () => c.resident.post('/api/requests', { categoryId: mine.categoryId, placeId: unit, description: '账本不可用' }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/at .*\.ts/); // no stack trace to the client
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
  });

  it('files on behalf: channel grid for 三长, staff for offices; routes to property, department or up a level', async () => {
    const grid = await fileOnBehalf(env, c.linzhang, 'noise', unit);
    expect(grid.channel).toBe('grid');
    const gridRow = await requestRow(env, grid.id);
    expect(gridRow).toMatchObject({ requester_user_id: null, entered_by: await userIdOf(env, 'linzhang') });
    expect(await listIds(c.linzhang, 'view=entered')).toContain(grid.id);
    expect(grid.capacities).toEqual(['viewer']);

    const staff = await fileOnBehalf(env, c.community, 'inquiry', unit);
    expect(staff.channel).toBe('staff');
    expect(staff.owner).toMatchObject({ kind: 'street', placeId: streetId });

    const dept = await fileOnBehalf(env, c.community, 'green_space', unit);
    expect(dept.owner.kind).toBe('department');
    const deptName = (await env.database.query<{ name: string }>(`SELECT name FROM orgs WHERE id = $1`, [dept.owner.orgId]))[0].name;
    expect(deptName).toMatch(/城市管理综合执法局$/);

    // property-routed where the estate has no company: the community takes it (兜底)
    const bare = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'estate' AND id NOT IN (SELECT estate_id FROM estate_property) ORDER BY id LIMIT 1`))[0].id);
    const fallback = await fileOnBehalf(env, c.admin, 'rubbish', await placeUnder(env, 'unit', bare));
    expect(fallback.owner.kind).toBe('community');
    expect(fallback.events[0].data).toMatchObject({ fallback: true, onBehalf: true });
  });

  it('refuses a photo somebody else uploaded or one already used, and writes nothing', async () => {
    const theirs = (await upload(c.community, PNG, 'x.png', 'image/png')).json().id as number;
    const before = await count(env, `SELECT count(*) AS n FROM requests`);
    expectError(
      await c.resident.post('/api/requests', { categoryId: await categoryId(env, 'noise'), placeId: unit, description: '别人的照片', photoIds: [theirs] }),
      400,
      'REQUEST_PHOTO_UNKNOWN',
    );
    expect(mine.photoIds).toEqual([]);
    const used = (await env.database.query<{ id: number }>(`SELECT id::int AS id FROM request_photos WHERE request_id IS NOT NULL LIMIT 1`))[0].id;
    expectError(await c.resident.post('/api/requests', { categoryId: await categoryId(env, 'noise'), placeId: unit, description: '用过的照片', photoIds: [used] }), 400, 'REQUEST_PHOTO_UNKNOWN');
    expect(await count(env, `SELECT count(*) AS n FROM requests`)).toBe(before);
    expect(await count(env, `SELECT count(*) AS n FROM request_photos WHERE id = $1 AND request_id IS NULL`, [theirs])).toBe(1);
  });
});

describe('GET /api/requests (list views)', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get('/api/requests?view=inbox'), 401, 'UNAUTHENTICATED');
  });

  it('refuses bad queries', async () => {
    for (const q of ['', 'view=everything', 'view=inbox&limit=0', 'view=inbox&limit=101', 'view=inbox&offset=-1', 'view=inbox&state=lost', 'view=inbox&from=2024-13-01', 'view=inbox&placeId=abc', 'view=inbox&channel=fax']) {
      expectError(await c.community.get(`/api/requests?${q}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('shows each person their own units and area, and nothing outside them', async () => {
    const inbox = await listIds(c.community, 'view=inbox');
    expect(inbox).toContain(mine.id);
    expect(inbox).not.toContain(far.id);
    expect(inbox).not.toContain(ownCompany.id); // with the property company, not the community
    const communityScope = await listIds(c.community, 'view=scope');
    expect(communityScope).toEqual(expect.arrayContaining([mine.id, ownCompany.id]));
    expect(communityScope).not.toContain(far.id);
    const streetScope = await listIds(c.street, 'view=scope');
    expect(streetScope).toContain(mine.id);
    expect(streetScope).not.toContain(far.id);
    expect(await listIds(c.street, 'view=inbox')).not.toContain(mine.id); // the street is not the owner
    expect(await listIds(c.admin, 'view=scope')).toEqual(expect.arrayContaining([mine.id, far.id, otherCompany.id]));
    // the property company sees what it handles, not the community's nor another company's
    const propertyInbox = await listIds(c.property, 'view=inbox');
    expect(propertyInbox).toContain(ownCompany.id);
    expect(propertyInbox).not.toContain(otherCompany.id);
    const propertyScope = await listIds(c.property, 'view=scope');
    expect(propertyScope).not.toContain(mine.id);
    expect(propertyScope).not.toContain(otherCompany.id);
    // a department sees nothing of a community's requests
    expect(await listIds(c.dept, 'view=scope')).not.toEqual(expect.arrayContaining([mine.id]));
    for (const v of ['inbox', 'scope', 'first', 'overdue']) expect(await listIds(c.dept, `view=${v}`)).not.toContain(mine.id);
    // the resident sees their own, nobody else's
    const residentScope = await listIds(c.resident, 'view=scope');
    expect(residentScope).toEqual(expect.arrayContaining([mine.id, ownCompany.id]));
    expect(residentScope).not.toContain(far.id);
    expect(await listIds(c.resident, 'view=mine')).not.toContain(far.id);
    // 片长 of the estate sees requests in it
    expect(await listIds(c.pianzhang, 'view=scope')).toContain(mine.id);
    expect(await listIds(c.pianzhang, 'view=scope')).not.toContain(far.id);
  });

  it('filters by state, category, place, channel, open, text and date, and pages with a total', async () => {
    const noise = await categoryId(env, 'noise');
    const byCat = (await c.admin.get(`/api/requests?view=scope&categoryId=${noise}&limit=100`)).json();
    expect(byCat.items.every((i: { categoryId: number }) => i.categoryId === noise)).toBe(true);
    expect(byCat.items.map((i: { id: number }) => i.id)).toContain(mine.id);
    // (the demo seed may bring a request history: check what the filter keeps, not an empty table)
    type Item = { id: number; state: string; channel: string; placeId: number };
    const items = async (q: string) => (await c.admin.get(`/api/requests?view=scope&limit=100&${q}`)).json().items as Item[];
    const inFar = await items(`placeId=${farCommunity}`);
    expect(inFar.map((i) => i.id)).toContain(far.id);
    expect(inFar.map((i) => i.id)).not.toContain(mine.id);
    const farPath = await pathOf(env, farCommunity);
    for (const i of inFar) expect((await pathOf(env, i.placeId)).startsWith(farPath)).toBe(true);
    const byChannel = await items('channel=resident');
    expect(byChannel.map((i) => i.id)).toContain(mine.id);
    expect(byChannel.every((i) => i.channel === 'resident')).toBe(true);
    const closed = await items('state=closed');
    expect(closed.every((i) => i.state === 'closed')).toBe(true);
    expect(closed.map((i) => i.id)).not.toContain(mine.id);
    const finished = await items('open=false');
    expect(finished.every((i) => ['resolved', 'closed', 'declined'].includes(i.state))).toBe(true);
    expect(finished.map((i) => i.id)).not.toContain(mine.id);
    expect((await items('open=true')).map((i) => i.id)).toContain(mine.id);
    expect(await listIds(c.admin, `view=scope&state=submitted&state=accepted`)).toContain(mine.id);
    expect(await listIds(c.admin, `view=scope&q=${mine.refNo.toLowerCase()}`)).toEqual([mine.id]);
    expect(await listIds(c.admin, `view=scope&q=${encodeURIComponent('代为反映：rubbish')}`)).toContain(otherCompany.id);
    const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
    expect(await listIds(c.admin, `view=scope&from=${today}&to=${today}`)).toContain(mine.id);
    expect(await listIds(c.admin, `view=scope&to=2000-01-01`)).toEqual([]);
    const page = (await c.admin.get('/api/requests?view=scope&limit=2&offset=1')).json();
    const first = await listIds(c.admin, 'view=scope&limit=3');
    const n = await count(env, `SELECT count(*)::int AS n FROM requests`); // the district admin sees all
    expect(page.total).toBe(Math.min(n, 10000));
    expect(page.totalCapped).toBe(n > 10000);
    expect(page.items.map((i: { id: number }) => i.id)).toEqual(first.slice(1, 3));
  });
});

describe('GET /api/requests/:id (detail)', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get(`/api/requests/${mine.id}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses a bad id and says when there is none', async () => {
    expectError(await c.admin.get('/api/requests/abc'), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.get('/api/requests/0'), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.get('/api/requests/987654321'), 404, 'REQUEST_NOT_FOUND');
  });

  it('shows nothing to anybody outside the request', async () => {
    const outsiders: [DemoUser, RequestDetail][] = [
      ['street', far],
      ['community', far],
      ['pianzhang', far],
      ['linzhang', far],
      ['property', otherCompany],
      ['property', mine], // the community's, not the company's
      ['resident', far],
      ['dept', mine],
    ];
    for (const [who, r] of outsiders) {
      const res = await c[who].get(`/api/requests/${r.id}`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain(r.refNo);
      expectError(await c[who].get(`/api/requests/${r.id}/targets`), 403, 'NOT_IN_SCOPE');
    }
  });

  it('shows it, with capacities and actions, to those inside', async () => {
    const expectCaps: [DemoUser, RequestDetail, string[]][] = [
      ['resident', mine, ['requester']],
      ['community', mine, ['handler', 'first_owner', 'office', 'viewer']],
      ['street', mine, ['handler', 'first_owner', 'office', 'viewer']], // a street may act for its community
      ['pianzhang', mine, ['viewer']],
      ['property', ownCompany, ['handler', 'first_owner']],
      ['admin', far, ['handler', 'first_owner', 'office', 'viewer']],
    ];
    for (const [who, r, caps] of expectCaps) {
      const res = await c[who].get(`/api/requests/${r.id}`);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
      const d = res.json() as RequestDetail;
      expect(d.capacities).toEqual(caps);
      expect(d.refNo).toBe(r.refNo);
    }
    const asHandler = (await c.community.get(`/api/requests/${mine.id}`)).json() as RequestDetail;
    expect(asHandler.actions).toEqual(expect.arrayContaining(['accept', 'decline', 'transfer', 'escalate', 'note']));
    const asResident = (await c.resident.get(`/api/requests/${mine.id}`)).json() as RequestDetail;
    expect(asResident.actions).toEqual(['reply']);
    const asViewer = (await c.pianzhang.get(`/api/requests/${mine.id}`)).json() as RequestDetail;
    expect(asViewer.actions).toEqual([]);
  });
});

describe('GET /api/requests/:id/targets', () => {
  it('needs a session and a good id', async () => {
    expectError(await env.anon.get(`/api/requests/${mine.id}/targets`), 401, 'UNAUTHENTICATED');
    expectError(await c.community.get('/api/requests/x/targets'), 400, 'VALIDATION_FAILED');
    expectError(await c.community.get('/api/requests/987654321/targets'), 404, 'REQUEST_NOT_FOUND');
  });

  it('lists the estate company, the offices up the line and the departments', async () => {
    const res = await c.community.get(`/api/requests/${mine.id}/targets`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { kind: string; placeId: number; orgId: number | null }[];
    const [district, street, community] = (await pathOf(env, unit)).split('/').slice(1, 4).map(Number);
    expect(items.filter((u) => u.orgId === null).map((u) => [u.kind, u.placeId])).toEqual([
      ['community', community],
      ['street', street],
      ['district', district],
    ]);
    expect(items.filter((u) => u.kind === 'property')).toEqual([expect.objectContaining({ orgId: ownCompany.owner.orgId })]);
    expect(items.filter((u) => u.kind === 'department').length).toBe(await count(env, `SELECT count(*) AS n FROM orgs WHERE kind = 'department' AND retired_at IS NULL`));
  });
});

describe('GET /api/requests/categories (the report form)', () => {
  it('needs a session and a good place', async () => {
    expectError(await env.anon.get('/api/requests/categories'), 401, 'UNAUTHENTICATED');
    expectError(await c.resident.get('/api/requests/categories?placeId=abc'), 400, 'VALIDATION_FAILED');
    expectError(await c.resident.get('/api/requests/categories?placeId=987654321'), 404, 'PLACE_NOT_FOUND');
  });

  it('lists the active categories, in order', async () => {
    const res = await c.resident.get(`/api/requests/categories?placeId=${unit}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; active: boolean; sort: number }[];
    expect(items.length).toBe(await count(env, `SELECT count(*) AS n FROM request_categories WHERE active`));
    expect(items.map((i) => i.code)).toEqual(expect.arrayContaining(['noise', 'parking', 'drain', 'pet_waste']));
    expect(items.every((i) => i.active)).toBe(true);
    expect(items.map((i) => i.sort)).toEqual([...items.map((i) => i.sort)].sort((a, b) => a - b));
  });
});

describe('POST /api/request-photos and GET /api/request-photos/:id', () => {
  it('needs a session', async () => {
    expectError(await upload(env.anon, JPEG), 401, 'UNAUTHENTICATED');
    expectError(await env.anon.get('/api/request-photos/1'), 401, 'UNAUTHENTICATED');
  });

  it('takes JPEG, PNG and WebP, typed from the bytes', async () => {
    for (const [bytes, mime] of [
      [JPEG, 'image/jpeg'],
      [PNG, 'image/png'],
      [WEBP, 'image/webp'],
    ] as const) {
      const res = await upload(c.resident, bytes, 'renamed.gif', 'image/gif');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ mime, size: bytes.length });
      const stored = await env.database.query<{ mime: string; uploaded_by: number; request_id: number | null }>(
        `SELECT mime, uploaded_by::int AS uploaded_by, request_id FROM request_photos WHERE id = $1`,
        [res.json().id],
      );
      expect(stored[0]).toEqual({ mime, uploaded_by: await userIdOf(env, 'resident'), request_id: null });
    }
  });

  it('refuses what is not an image, an empty or an oversized file, and a non-multipart body', async () => {
    const before = await count(env, `SELECT count(*) AS n FROM request_photos`);
    expectError(await upload(c.resident, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.jpg', 'image/jpeg'), 400, 'REQUEST_PHOTO_INVALID');
    expectError(await upload(c.resident, Buffer.from('%PDF-1.4 not an image'), 'x.png', 'image/png'), 400, 'REQUEST_PHOTO_INVALID');
    expectError(await upload(c.resident, Buffer.alloc(0), 'x.jpg', 'image/jpeg'), 400, 'REQUEST_PHOTO_INVALID');
    const big = Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]);
    expectError(await upload(c.resident, big), 400, 'REQUEST_PHOTO_INVALID');
    expectError(await c.resident.post('/api/request-photos', { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await count(env, `SELECT count(*) AS n FROM request_photos`)).toBe(before);
  });

  it('shows a photo to its uploader, then to whoever may see its request, and to nobody else', async () => {
    const res = await upload(c.resident, PNG, 'a.png', 'image/png');
    const photo = res.json().id as number;
    expectError(await c.community.get(`/api/request-photos/${photo}`), 403, 'NOT_IN_SCOPE'); // not attached yet
    const own = await c.resident.get(`/api/request-photos/${photo}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(Buffer.from(own.rawPayload).equals(PNG)).toBe(true);
    const r = await fileAsResident(env, c.resident, 'noise', undefined, { photoIds: [photo] });
    expect(r.photoIds).toEqual([photo]);
    expect((await c.community.get(`/api/request-photos/${photo}`)).statusCode).toBe(200);
    expect((await c.street.get(`/api/request-photos/${photo}`)).statusCode).toBe(200);
    for (const who of ['dept', 'property'] as const) expectError(await c[who].get(`/api/request-photos/${photo}`), 403, 'NOT_IN_SCOPE');
    expectError(await c.resident.get('/api/request-photos/987654321'), 404, 'NOT_FOUND');
    expectError(await c.resident.get('/api/request-photos/abc'), 400, 'VALIDATION_FAILED');
  });
});
