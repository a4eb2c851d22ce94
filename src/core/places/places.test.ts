// /api/places through HTTP on a real database: scope, validation, optimistic locks, moves, retiring,
// and the audit entry written with each change. Also PUT /api/places/:id/property-company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../test/harness';
import { auditHead, auditSince, scalar, userId, withoutLedger } from '../../test/fixtures';
import { verifyAuditChain } from '../audit/ledger';

interface PlaceDto {
  id: number;
  parentId: number | null;
  kind: string;
  name: string;
  code: string | null;
  path: string;
  depth: number;
  attrs: Record<string, unknown>;
  isDemo: boolean;
  retiredAt: string | null;
  version: number;
  childCount?: number;
}
interface PlaceView {
  place: PlaceDto;
  ancestors: PlaceDto[];
  counts: { byKind: Record<string, number>; households: number; residents: number };
  propertyCompany: { id: number; name: string } | null;
}
interface PlaceRow {
  id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  code: string | null;
  path: string;
  depth: number;
  version: number;
  retired_at: Date | string | null;
}

let env: TestEnv;
let admin: Client, street: Client, community: Client, pian: Client, property: Client, resident: Client;
// street 1 holds community 1 (the community worker's) and community 1b; street 2 holds community 2
let street1: number, street2: number, community1: number, community1b: number, community2: number;
let propertyOrg: number; // the property account's company
let estate1: number; // an estate of community 1 served by that company
let estate1x: number; // an estate of community 1 served by another company (made here)
let estate2: number; // an estate in street 2
let pianEstate: number; // where the 片长 account is granted
let unit1: number; // the resident's unit

async function row(id: number): Promise<PlaceRow> {
  const r = await env.database.query<PlaceRow>(`SELECT id, parent_id, kind, name, code, path, depth, version, retired_at FROM places WHERE id = $1`, [id]);
  return { ...r[0], id: Number(r[0].id), parent_id: r[0].parent_id === null ? null : Number(r[0].parent_id), depth: Number(r[0].depth) };
}

async function childOf(parent: number, nth = 0): Promise<number> {
  return scalar(env, `SELECT id FROM places WHERE parent_id = $1 ORDER BY id OFFSET $2 LIMIT 1`, [parent, nth]);
}

const placeCount = () => scalar(env, `SELECT count(*) FROM places`);

async function scalarText(query: string, params: unknown[] = []): Promise<string> {
  const r = await env.database.query<Record<string, string>>(query, params);
  return String(Object.values(r[0])[0]);
}

/** The place a demo account's (first) role is granted on. */
const grantPlace = (username: string) =>
  scalar(env, `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = $1 ORDER BY r.id LIMIT 1`, [username]);

function ok<T>(res: LightMyRequestResponse): T {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

/** Create an estate with one building, one entrance and two units through the API. */
async function buildEstate(client: Client, communityId: number, name: string) {
  const estate = ok<PlaceDto>(await client.post('/api/places', { parentId: communityId, name }));
  const building = ok<PlaceDto>(await client.post('/api/places', { parentId: estate.id, name: '1号楼' }));
  const entrance = ok<PlaceDto>(await client.post('/api/places', { parentId: building.id, name: '1单元' }));
  const u1 = ok<PlaceDto>(await client.post('/api/places', { parentId: entrance.id, name: '101' }));
  const u2 = ok<PlaceDto>(await client.post('/api/places', { parentId: entrance.id, name: '102' }));
  return { estate, building, entrance, units: [u1, u2] };
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, street, community, pian, property, resident] = await Promise.all(['admin', 'street', 'community', 'pianzhang', 'property', 'resident'].map((u) => env.login(u)));
  street1 = await placeId(env, 'street', 0);
  street2 = await placeId(env, 'street', 1);
  community1 = await grantPlace('community');
  community1b = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 AND id <> $2 AND kind = 'community' ORDER BY id LIMIT 1`, [street1, community1]);
  community2 = await childOf(street2);
  propertyOrg = await scalar(env, `SELECT r.org_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'property'`);
  estate1 = await scalar(env, `SELECT ep.estate_id FROM estate_property ep JOIN places p ON p.id = ep.estate_id WHERE p.parent_id = $1 AND ep.company_id = $2 ORDER BY p.id LIMIT 1`, [community1, propertyOrg]);
  estate1x = ok<PlaceDto>(await admin.post('/api/places', { parentId: community1, name: '他司服务小区' })).id;
  const otherCompany = await scalar(env, `SELECT id FROM orgs WHERE kind = 'property_company' AND id <> $1 ORDER BY id LIMIT 1`, [propertyOrg]);
  await env.database.query(`INSERT INTO estate_property (estate_id, company_id) VALUES ($1, $2)`, [estate1x, otherCompany]);
  estate2 = await childOf(community2);
  pianEstate = await grantPlace('pianzhang');
  unit1 = await grantPlace('resident');
  expect(new Set([street1, street2, community1, community1b, community2, estate1, estate1x, estate2]).size).toBe(8);
  expect(await scalar(env, `SELECT count(*) FROM places WHERE id IN ($1, $2) AND path LIKE $3`, [estate1, pianEstate, `%/${community1}/%`])).toBeGreaterThan(0);
});
afterAll(async () => env?.close());

describe('GET /api/places/roots', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get('/api/places/roots'), 401, 'UNAUTHENTICATED');
  });

  it('is refused to a resident', async () => {
    const res = await resident.get('/api/places/roots');
    expectError(res, 403, 'FORBIDDEN');
    expect(res.body).not.toContain('"items"');
  });

  it('gives each user the roots of their own subtree', async () => {
    const ids = async (c: Client) => ok<{ items: PlaceDto[] }>(await c.get('/api/places/roots')).items.map((p) => p.id).sort((a, b) => a - b);
    expect(await ids(admin)).toEqual([await placeId(env, 'district')]);
    expect(await ids(street)).toEqual([street1]);
    expect(await ids(community)).toEqual([community1]);
    expect(await ids(pian)).toEqual([pianEstate]);
    const served = (await env.database.query<{ estate_id: number }>(`SELECT estate_id FROM estate_property WHERE company_id = $1 ORDER BY estate_id`, [propertyOrg])).map((r) => Number(r.estate_id));
    expect(served).toContain(estate1);
    expect(served).not.toContain(estate1x);
    expect(await ids(property)).toEqual(served);
  });
});

describe('GET /api/places/search', () => {
  it('needs a session and places.view', async () => {
    expectError(await env.anon.get('/api/places/search?q=街道'), 401, 'UNAUTHENTICATED');
    expectError(await resident.get('/api/places/search?q=街道'), 403, 'FORBIDDEN');
  });

  it('refuses bad query strings', async () => {
    for (const qs of ['', 'q=', `q=${'a'.repeat(51)}`, 'q=x&kind=planet', 'q=x&limit=0', 'q=x&limit=101', 'q=x&limit=ten']) {
      expectError(await admin.get(`/api/places/search?${qs}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('finds only inside the caller’s scope', async () => {
    const all = ok<{ items: PlaceDto[] }>(await admin.get(`/api/places/search?q=${encodeURIComponent('街道')}&kind=street`)).items;
    expect(all.map((p) => p.id).sort((a, b) => a - b)).toEqual([street1, street2]);
    const mine = ok<{ items: PlaceDto[] }>(await street.get(`/api/places/search?q=${encodeURIComponent('街道')}&kind=street`)).items;
    expect(mine.map((p) => p.id)).toEqual([street1]);
    const other = (await row(estate2)).name;
    expect(ok<{ items: PlaceDto[] }>(await street.get(`/api/places/search?q=${encodeURIComponent(other)}`)).items).toEqual([]);
    expect(ok<{ items: PlaceDto[] }>(await admin.get(`/api/places/search?q=${encodeURIComponent(other)}`)).items.map((p) => p.id)).toContain(estate2);
    // property staff: the estates their company serves, not the rest of the district
    expect(ok<{ items: PlaceDto[] }>(await property.get(`/api/places/search?q=${encodeURIComponent((await row(estate1x)).name)}`)).items).toEqual([]);
    expect(ok<{ items: PlaceDto[] }>(await property.get(`/api/places/search?q=${encodeURIComponent((await row(estate1)).name)}`)).items.map((p) => p.id)).toEqual([estate1]);
  });

  it('treats SQL and LIKE wildcards in q as plain text', async () => {
    for (const q of ["' OR 1=1 --", '%', '_', '\\', "'; DROP TABLE places; --"]) {
      const res = await admin.get(`/api/places/search?q=${encodeURIComponent(q)}`);
      expect(ok<{ items: PlaceDto[] }>(res).items, q).toEqual([]);
    }
    expect(await placeCount()).toBeGreaterThan(400);
  });

  it('honours kind and limit', async () => {
    const units = ok<{ items: PlaceDto[] }>(await admin.get('/api/places/search?q=0&kind=unit&limit=7')).items;
    expect(units).toHaveLength(7);
    expect(units.every((p) => p.kind === 'unit' && p.name.includes('0'))).toBe(true);
  });
});

describe('GET /api/places/:id', () => {
  it('needs a session and places.view', async () => {
    expectError(await env.anon.get(`/api/places/${community1}`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/places/${unit1}`), 403, 'FORBIDDEN');
  });

  it('refuses places outside the subtree without returning them', async () => {
    const name2 = (await row(estate2)).name;
    for (const [client, id] of [
      [street, estate2],
      [street, street2],
      [community, community1b],
      [community, street1], // the parent of the worker's own community
      [pian, estate1x],
      [property, estate1x],
      [property, community1],
    ] as const) {
      const res = await client.get(`/api/places/${id}`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain('"place"');
      if (id === estate2) expect(res.body).not.toContain(name2);
    }
  });

  it('refuses malformed ids and answers 404 for a missing place', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) expectError(await admin.get(`/api/places/${id}`), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/places/987654'), 404, 'PLACE_NOT_FOUND');
  });

  it('returns the place, its ancestors root first, and exact subtree counts', async () => {
    const v = ok<PlaceView>(await community.get(`/api/places/${community1}`));
    expect(v.place).toMatchObject({ id: community1, kind: 'community', parentId: street1, depth: 2, path: `/${await placeId(env, 'district')}/${street1}/${community1}/` });
    expect(v.ancestors.map((a) => a.kind)).toEqual(['district', 'street']);
    expect(v.ancestors[1].id).toBe(street1);
    const path = v.place.path;
    const byKind = await env.database.query<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM places WHERE path LIKE $1 AND retired_at IS NULL GROUP BY kind`, [path + '%']);
    expect(v.counts.byKind).toEqual(Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)])));
    expect(v.counts.byKind.community).toBe(1);
    expect(v.counts.byKind.unit).toBeGreaterThan(0);
    const hh = await scalar(env, `SELECT count(*) FROM households h JOIN places u ON u.id = h.unit_id WHERE u.path LIKE $1 AND h.retired_at IS NULL`, [path + '%']);
    const people = await scalar(env, `SELECT count(*) FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id WHERE u.path LIKE $1 AND h.retired_at IS NULL`, [path + '%']);
    expect(v.counts.households).toBe(hh);
    expect(v.counts.residents).toBe(people);
    expect(v.propertyCompany).toBeNull();
  });

  it('names the property company of an estate, and lets that company’s staff see it', async () => {
    const v = ok<PlaceView>(await property.get(`/api/places/${estate1}`));
    expect(v.propertyCompany).toEqual({ id: propertyOrg, name: await scalarText(`SELECT name FROM orgs WHERE id = $1`, [propertyOrg]) });
    expect(ok<PlaceView>(await property.get(`/api/places/${unit1}`)).place.kind).toBe('unit');
  });
});

describe('GET /api/places/:id/children', () => {
  it('needs a session and places.view', async () => {
    expectError(await env.anon.get(`/api/places/${street1}/children`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/places/${street1}/children`), 403, 'FORBIDDEN');
  });

  it('refuses a parent outside the subtree', async () => {
    for (const [client, id] of [
      [street, street2],
      [community, street1],
      [property, community1],
    ] as const) {
      const res = await client.get(`/api/places/${id}/children`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain('"items"');
    }
  });

  it('refuses bad paging', async () => {
    for (const qs of ['limit=0', 'limit=501', 'offset=-1', 'includeRetired=maybe', `q=${'x'.repeat(51)}`]) {
      expectError(await admin.get(`/api/places/${street1}/children?${qs}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('lists children with their child counts, paged, with a total', async () => {
    const district = await placeId(env, 'district');
    const all = ok<{ items: PlaceDto[]; total: number }>(await admin.get(`/api/places/${district}/children`));
    expect(all.total).toBe(2);
    expect(all.items.map((p) => p.id).sort((a, b) => a - b)).toEqual([street1, street2]);
    const s1 = all.items.find((p) => p.id === street1)!;
    expect(s1.childCount).toBe(await scalar(env, `SELECT count(*) FROM places WHERE parent_id = $1 AND retired_at IS NULL`, [street1]));
    const page = ok<{ items: PlaceDto[]; total: number }>(await admin.get(`/api/places/${district}/children?limit=1&offset=1`));
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0].id).toBe(all.items[1].id);
  });

  it('orders units naturally (102 before 1001) and filters by name', async () => {
    const entrance = await scalar(env, `SELECT parent_id FROM places WHERE id = $1`, [unit1]);
    const items = ok<{ items: PlaceDto[] }>(await community.get(`/api/places/${entrance}/children`)).items.map((p) => p.name);
    const expected = [...items].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    expect(items).toEqual(expected);
    const firstFloor = ok<{ items: PlaceDto[] }>(await community.get(`/api/places/${entrance}/children?q=10`)).items;
    expect(firstFloor.length).toBeGreaterThan(0);
    expect(firstFloor.every((p) => p.name.includes('10'))).toBe(true);
  });
});

describe('POST /api/places (create)', () => {
  it('needs a session and places.manage', async () => {
    const before = await placeCount();
    expectError(await env.anon.post('/api/places', { parentId: community1, name: '新建小区' }), 401, 'UNAUTHENTICATED');
    for (const c of [resident, pian, property]) expectError(await c.post('/api/places', { parentId: estate1, name: '9号楼' }), 403, 'FORBIDDEN');
    expect(await placeCount()).toBe(before);
  });

  it('refuses a parent outside the subtree, writing nothing', async () => {
    const before = await placeCount();
    const seq = await auditHead(env);
    expectError(await street.post('/api/places', { parentId: community2, name: '越界小区' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/places', { parentId: await childOf(community1b), name: '越界楼' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/places', { parentId: street1, name: '越界社区' }), 403, 'NOT_IN_SCOPE');
    expect(await placeCount()).toBe(before);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name LIKE '越界%'`)).toBe(0);
    expect(await auditSince(env, seq)).toEqual([]);
  });

  it('refuses bad input with 400', async () => {
    const before = await placeCount();
    const bodies: unknown[] = [
      {},
      { parentId: community1 },
      { name: '无上级' },
      { parentId: community1, name: '' },
      { parentId: community1, name: '   ' },
      { parentId: community1, name: null },
      { parentId: community1, name: { zh: '对象' } },
      { parentId: community1, name: 'x'.repeat(101) },
      { parentId: 'abc', name: '小区' },
      { parentId: 0, name: '小区' },
      { parentId: -5, name: '小区' },
      { parentId: community1, name: '小区', code: 'c'.repeat(51) },
      { parentId: community1, name: '小区', attrs: { nested: { a: 1 } } },
      { parentId: community1, name: '小区', attrs: { ['k'.repeat(41)]: 1 } },
      { parentId: community1, name: '小区', attrs: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])) },
      { parentId: community1, name: '小区', attrs: { note: 'n'.repeat(501) } },
      [{ parentId: community1, name: '数组' }],
    ];
    for (const b of bodies) expectError(await admin.post('/api/places', b), 400, 'VALIDATION_FAILED');
    const res = await env.app.inject({ method: 'POST', url: '/api/places', headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf!, 'content-type': 'application/json' }, payload: '{"parentId":' });
    expectError(res, 400, 'BAD_JSON');
    expect(await placeCount()).toBe(before);
  });

  it('refuses a child under a unit (wrong kind) and a missing parent', async () => {
    expectError(await admin.post('/api/places', { parentId: unit1, name: '阁楼' }), 400, 'PLACE_WRONG_KIND');
    expectError(await admin.post('/api/places', { parentId: 987654, name: '无' }), 404, 'PLACE_NOT_FOUND');
  });

  it('refuses a name already used by a sibling, also with surrounding spaces', async () => {
    const taken = (await row(estate1)).name;
    const before = await placeCount();
    expectError(await street.post('/api/places', { parentId: community1, name: taken }), 409, 'PLACE_NAME_TAKEN');
    expectError(await street.post('/api/places', { parentId: community1, name: `  ${taken} ` }), 409, 'PLACE_NAME_TAKEN');
    expect(await placeCount()).toBe(before);
    // the same name under another parent is fine
    const other = ok<PlaceDto>(await street.post('/api/places', { parentId: community1b, name: taken }));
    expect(other.name).toBe(taken);
  });

  it('creates a place of the kind that follows from the parent, with its audit entry', async () => {
    const seq = await auditHead(env);
    const c1 = await row(community1);
    const p = ok<PlaceDto>(await street.post('/api/places', { parentId: community1, name: ' 新建家园 ', code: 'XJ-01', attrs: { builtYear: 2024, gated: true } }));
    expect(p).toMatchObject({ parentId: community1, kind: 'estate', name: '新建家园', code: 'XJ-01', depth: 3, version: 1, isDemo: false, retiredAt: null, attrs: { builtYear: 2024, gated: true } });
    expect(p.path).toBe(`${c1.path}${p.id}/`);
    const stored = await row(p.id);
    expect(stored).toMatchObject({ name: '新建家园', kind: 'estate', path: p.path, depth: 3, parent_id: community1 });
    const audit = await auditSince(env, seq);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'place.create', entity: 'place', entity_id: String(p.id), place_path: p.path, actor_user_id: await userId(env, 'street'), before: null });
    expect(audit[0].after).toMatchObject({ id: p.id, name: '新建家园', kind: 'estate', path: p.path, code: 'XJ-01' });
  });

  it('ignores fields the client may not set (kind, path, depth, id)', async () => {
    const p = ok<PlaceDto>(await admin.post('/api/places', { parentId: estate1, name: '88号楼', kind: 'unit', path: '/9/', depth: 9, id: 1, version: 7 }));
    expect(p.kind).toBe('building');
    expect(p.path).toBe(`${(await row(estate1)).path}${p.id}/`);
    expect(p.depth).toBe(4);
    expect(p.version).toBe(1);
    expect(p.id).not.toBe(1);
  });

  it('stores markup and SQL-looking names verbatim and returns them as JSON text', async () => {
    for (const name of ['<script>alert("x")</script>', "Robert'); DROP TABLE places;--", '楼 "1" \\ \' `2`', '🏠 家园 ℃', '&lt;b&gt;']) {
      const p = ok<PlaceDto>(await admin.post('/api/places', { parentId: community1b, name }));
      expect(p.name).toBe(name);
      expect((await row(p.id)).name).toBe(name);
      const got = await admin.get(`/api/places/${p.id}`);
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(got.json<PlaceView>().place.name).toBe(name);
      const found = ok<{ items: PlaceDto[] }>(await admin.get(`/api/places/search?q=${encodeURIComponent(name.slice(0, 20))}`)).items;
      expect(found.map((x) => x.id)).toContain(p.id);
    }
    expect(await placeCount()).toBeGreaterThan(400);
  });

  it('refuses a NUL character as bad input, not a server error', async () => {
    const before = await placeCount();
    const res = await admin.post('/api/places', { parentId: community1b, name: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(await placeCount()).toBe(before);
  });

  it('takes a 100-character Chinese name', async () => {
    const name = '长'.repeat(100);
    expect(ok<PlaceDto>(await admin.post('/api/places', { parentId: community1b, name })).name).toBe(name);
  });

  it('writes the place and its audit entry in one transaction: no ledger, no place', async () => {
    const before = await placeCount();
    const res = await withoutLedger(env, () => admin.post('/api/places', { parentId: community1b, name: '无账本' }));
    expectError(res, 500, 'INTERNAL');
    expect(res.body).not.toContain('audit_head');
    expect(await placeCount()).toBe(before);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '无账本'`)).toBe(0);
    // and with the ledger back, the same request goes through
    expect(ok<PlaceDto>(await admin.post('/api/places', { parentId: community1b, name: '无账本' })).name).toBe('无账本');
  });
});

describe('PATCH /api/places/:id (edit)', () => {
  let target: PlaceDto;
  beforeAll(async () => {
    target = ok<PlaceDto>(await street.post('/api/places', { parentId: community1, name: '待改名小区' }));
  });

  it('needs a session, places.manage and the subtree', async () => {
    expectError(await env.anon.patch(`/api/places/${target.id}`, { version: 1, name: 'x' }), 401, 'UNAUTHENTICATED');
    expectError(await resident.patch(`/api/places/${target.id}`, { version: 1, name: 'x' }), 403, 'FORBIDDEN');
    expectError(await pian.patch(`/api/places/${estate1}`, { version: 1, name: 'x' }), 403, 'FORBIDDEN');
    const before2 = await row(estate2);
    expectError(await street.patch(`/api/places/${estate2}`, { version: before2.version, name: '被改名' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.patch(`/api/places/${community1b}`, { version: 1, name: '被改名' }), 403, 'NOT_IN_SCOPE');
    expect(await row(estate2)).toEqual(before2);
    expect((await row(community1b)).version).toBe(1);
  });

  it('refuses bad input', async () => {
    for (const b of [{}, { name: 'x' }, { version: 0, name: 'x' }, { version: 'one', name: 'x' }, { version: 1, name: '' }, { version: 1, name: ' ' }, { version: 1, code: 'c'.repeat(51) }, { version: 1, attrs: { a: [1, 2] } }]) {
      expectError(await street.patch(`/api/places/${target.id}`, b), 400, 'VALIDATION_FAILED');
    }
    expectError(await street.patch('/api/places/987654', { version: 1, name: 'x' }), 404, 'PLACE_NOT_FOUND');
    expect((await row(target.id)).version).toBe(1);
  });

  it('renames with the current version, bumps it and audits before and after', async () => {
    const seq = await auditHead(env);
    const p = ok<PlaceDto>(await street.patch(`/api/places/${target.id}`, { version: 1, name: '已改名小区', code: 'GM-1', attrs: { builtYear: 1999 } }));
    expect(p).toMatchObject({ id: target.id, name: '已改名小区', code: 'GM-1', version: 2, attrs: { builtYear: 1999 } });
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({ action: 'place.edit', entity_id: String(target.id), place_path: target.path });
    expect(a.before).toMatchObject({ name: '待改名小区', version: 1, code: null });
    expect(a.after).toMatchObject({ name: '已改名小区', version: 2, code: 'GM-1' });
    // code: null clears it, an absent field keeps it
    expect(ok<PlaceDto>(await street.patch(`/api/places/${target.id}`, { version: 2, code: null })).code).toBeNull();
    expect((await row(target.id)).name).toBe('已改名小区');
  });

  it('refuses a stale version (409) and changes nothing', async () => {
    const before = await row(target.id);
    const seq = await auditHead(env);
    const res = await street.patch(`/api/places/${target.id}`, { version: 1, name: '过期修改' });
    expectError(res, 409, 'PLACE_VERSION_CONFLICT');
    expect(res.json<{ error: { details: { current: number } } }>().error.details.current).toBe(before.version);
    expect(await row(target.id)).toEqual(before);
    expect(await auditSince(env, seq)).toEqual([]);
  });

  it('lets exactly one of two concurrent edits of the same version through', async () => {
    const v = (await row(target.id)).version;
    const results = await Promise.all([street.patch(`/api/places/${target.id}`, { version: v, name: '并发甲' }), admin.patch(`/api/places/${target.id}`, { version: v, name: '并发乙' })]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json<PlaceDto>();
    expect((await row(target.id))).toMatchObject({ name: winner.name, version: v + 1 });
  });

  it('refuses a name taken by a sibling', async () => {
    const before = await row(target.id);
    expectError(await street.patch(`/api/places/${target.id}`, { version: before.version, name: (await row(estate1)).name }), 409, 'PLACE_NAME_TAKEN');
    expect(await row(target.id)).toEqual(before);
  });
});

describe('POST /api/places/:id/move', () => {
  let tree: Awaited<ReturnType<typeof buildEstate>>;
  beforeAll(async () => {
    tree = await buildEstate(street, community1, '搬迁小区');
  });

  it('needs a session, places.manage, and both ends inside the subtree', async () => {
    const body = { newParentId: community1b, version: 1 };
    expectError(await env.anon.post(`/api/places/${tree.estate.id}/move`, body), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/places/${tree.estate.id}/move`, body), 403, 'FORBIDDEN');
    expectError(await pian.post(`/api/places/${tree.building.id}/move`, { newParentId: estate1, version: 1 }), 403, 'FORBIDDEN');
    expectError(await street.post(`/api/places/${tree.estate.id}/move`, { newParentId: community2, version: 1 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/places/${tree.estate.id}/move`, body), 403, 'NOT_IN_SCOPE');
    expectError(await street.post(`/api/places/${estate2}/move`, { newParentId: community1, version: (await row(estate2)).version }), 403, 'NOT_IN_SCOPE');
    // nobody restructures their own root
    const res = await community.post(`/api/places/${community1}/move`, { newParentId: street1, version: 1 });
    expectError(res, 403, 'NOT_IN_SCOPE');
    expect((await row(tree.estate.id))).toMatchObject({ parent_id: community1, version: 1, path: tree.estate.path });
  });

  it('refuses bad input', async () => {
    for (const b of [{}, { newParentId: community1b }, { version: 1 }, { newParentId: community1b, version: 0 }, { newParentId: 'x', version: 1 }]) {
      expectError(await street.post(`/api/places/${tree.estate.id}/move`, b), 400, 'VALIDATION_FAILED');
    }
    expectError(await street.post(`/api/places/${tree.estate.id}/move`, { newParentId: 987654, version: 1 }), 404, 'PLACE_NOT_FOUND');
  });

  it('refuses a move into its own subtree, under the wrong kind, or to the same parent', async () => {
    const move = (id: number, newParentId: number) => street.post(`/api/places/${id}/move`, { newParentId, version: 1 });
    const reason = (res: LightMyRequestResponse) => res.json<{ error: { details: { reason: string } } }>().error.details.reason;
    let res = await move(tree.building.id, tree.entrance.id);
    expectError(res, 400, 'PLACE_MOVE_INVALID');
    expect(reason(res)).toBe('into_itself');
    res = await move(tree.building.id, tree.building.id);
    expect(reason(res)).toBe('into_itself');
    res = await move(tree.building.id, community1b);
    expectError(res, 400, 'PLACE_MOVE_INVALID');
    expect(reason(res)).toBe('wrong_parent_kind');
    res = await move(tree.estate.id, community1);
    expectError(res, 400, 'PLACE_MOVE_INVALID');
    expect(reason(res)).toBe('same_parent');
    expect((await row(tree.building.id)).path).toBe(tree.building.path);
  });

  it('refuses a stale version and a name already used under the new parent', async () => {
    expectError(await street.post(`/api/places/${tree.estate.id}/move`, { newParentId: community1b, version: 5 }), 409, 'PLACE_VERSION_CONFLICT');
    // estate1 has a 1号楼 (made here if the seed did not)
    await admin.post('/api/places', { parentId: estate1, name: '1号楼' });
    expect(await scalar(env, `SELECT count(*) FROM places WHERE parent_id = $1 AND name = '1号楼'`, [estate1])).toBe(1);
    expectError(await street.post(`/api/places/${tree.building.id}/move`, { newParentId: estate1, version: 1 }), 409, 'PLACE_NAME_TAKEN');
    expect(await row(tree.building.id)).toMatchObject({ parent_id: tree.estate.id, path: tree.building.path, version: 1 });
  });

  it('moves the whole subtree, rebasing every path, and audits it', async () => {
    const seq = await auditHead(env);
    const unitsAt = async (id: number) => ok<PlaceView>(await admin.get(`/api/places/${id}`)).counts.byKind.unit ?? 0;
    const [from, to] = [await unitsAt(community1), await unitsAt(community1b)];
    const res = ok<{ place: PlaceDto; nodesMoved: number }>(await street.post(`/api/places/${tree.estate.id}/move`, { newParentId: community1b, version: 1 }));
    const newPath = `${(await row(community1b)).path}${tree.estate.id}/`;
    expect(res.nodesMoved).toBe(5);
    expect(res.place).toMatchObject({ id: tree.estate.id, parentId: community1b, path: newPath, depth: 3, version: 2 });
    for (const [node, parent] of [
      [tree.building, tree.estate],
      [tree.entrance, tree.building],
      [tree.units[0], tree.entrance],
      [tree.units[1], tree.entrance],
    ] as const) {
      const r = await row(node.id);
      expect(r.path).toBe(newPath + node.path.slice(tree.estate.path.length));
      expect(r).toMatchObject({ parent_id: parent.id, depth: node.depth, version: 1 });
    }
    expect(await scalar(env, `SELECT count(*) FROM places WHERE path LIKE $1`, [tree.estate.path + '%'])).toBe(0);
    expect([await unitsAt(community1), await unitsAt(community1b)]).toEqual([from - 2, to + 2]);
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({
      action: 'place.move',
      entity_id: String(tree.estate.id),
      place_path: newPath,
      before: { parentId: community1, path: tree.estate.path },
      after: { parentId: community1b, path: newPath, nodesMoved: 5 },
    });
    // the community worker of community 1 no longer sees it
    expectError(await community.get(`/api/places/${tree.units[0].id}`), 403, 'NOT_IN_SCOPE');
  });
});

describe('POST /api/places/:id/retire', () => {
  let tree: Awaited<ReturnType<typeof buildEstate>>;
  beforeAll(async () => {
    tree = await buildEstate(community, community1, '拆迁小区');
  });

  it('needs a session, places.manage and a node strictly inside the subtree', async () => {
    const body = { reason: '拆除', version: 1 };
    expectError(await env.anon.post(`/api/places/${tree.estate.id}/retire`, body), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(`/api/places/${tree.estate.id}/retire`, body), 403, 'FORBIDDEN');
    expectError(await property.post(`/api/places/${tree.estate.id}/retire`, body), 403, 'FORBIDDEN');
    expectError(await street.post(`/api/places/${estate2}/retire`, { reason: '越界', version: (await row(estate2)).version }), 403, 'NOT_IN_SCOPE');
    expectError(await street.post(`/api/places/${street1}/retire`, { reason: '自己', version: 1 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post(`/api/places/${community1}/retire`, { reason: '自己', version: 1 }), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM places WHERE retired_at IS NOT NULL`)).toBe(0);
  });

  it('refuses bad input and a stale version', async () => {
    for (const b of [{}, { version: 1 }, { reason: '拆除' }, { reason: 'x', version: 1 }, { reason: 'r'.repeat(501), version: 1 }, { reason: '拆除', version: -1 }]) {
      expectError(await community.post(`/api/places/${tree.estate.id}/retire`, b), 400, 'VALIDATION_FAILED');
    }
    expectError(await community.post(`/api/places/${tree.estate.id}/retire`, { reason: '拆除', version: 3 }), 409, 'PLACE_VERSION_CONFLICT');
    expect((await row(tree.estate.id)).retired_at).toBeNull();
  });

  it('retires the subtree, audits it, and hides it from lists and search', async () => {
    const seq = await auditHead(env);
    const res = ok<{ nodesRetired: number }>(await community.post(`/api/places/${tree.estate.id}/retire`, { reason: '整体拆除', version: 1 }));
    expect(res.nodesRetired).toBe(5);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE path LIKE $1 AND retired_at IS NOT NULL`, [tree.estate.path + '%'])).toBe(5);
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({ action: 'place.retire', entity_id: String(tree.estate.id), place_path: tree.estate.path, actor_user_id: await userId(env, 'community') });
    expect(a.before).toMatchObject({ id: tree.estate.id, name: '拆迁小区', retiredAt: null });
    expect(a.after).toEqual({ reason: '整体拆除', nodesRetired: 5 });
    expect(ok<{ items: PlaceDto[] }>(await community.get(`/api/places/search?q=${encodeURIComponent('拆迁小区')}`)).items).toEqual([]);
    const listed = ok<{ items: PlaceDto[]; total: number }>(await community.get(`/api/places/${community1}/children`));
    expect(listed.items.map((p) => p.id)).not.toContain(tree.estate.id);
    const withRetired = ok<{ items: PlaceDto[]; total: number }>(await community.get(`/api/places/${community1}/children?includeRetired=true`));
    expect(withRetired.total).toBe(listed.total + 1);
    expect(withRetired.items.at(-1)).toMatchObject({ id: tree.estate.id, version: 2 });
    expect(withRetired.items.at(-1)!.retiredAt).not.toBeNull();
    expect(ok<PlaceView>(await community.get(`/api/places/${community1}`)).counts.byKind.estate).toBe(listed.total);
  });

  it('refuses to retire, edit, or build under a retired place; its name is free again', async () => {
    expectError(await community.post(`/api/places/${tree.estate.id}/retire`, { reason: '再次', version: 2 }), 409, 'PLACE_RETIRED');
    expectError(await community.patch(`/api/places/${tree.estate.id}`, { version: 2, name: '复活' }), 409, 'PLACE_RETIRED');
    expectError(await community.post('/api/places', { parentId: tree.building.id, name: '2单元' }), 409, 'PLACE_RETIRED');
    expectError(await community.post(`/api/places/${tree.building.id}/move`, { newParentId: estate1, version: 1 }), 409, 'PLACE_RETIRED');
    const again = ok<PlaceDto>(await community.post('/api/places', { parentId: community1, name: '拆迁小区' }));
    expect(again.id).not.toBe(tree.estate.id);
  });
});

describe('GET /api/places/import/template', () => {
  it('needs a session and places.import', async () => {
    expectError(await env.anon.get('/api/places/import/template'), 401, 'UNAUTHENTICATED');
    for (const c of [pian, property, resident]) expectError(await c.get('/api/places/import/template'), 403, 'FORBIDDEN');
  });

  it('sends an XLSX with the import headers', async () => {
    const res = await community.get('/api/places/import/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('地点导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.rawPayload).buffer);
    const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['街道', '社区', '小区', '楼栋', '单元', '房号', '楼层', '登记面积', '测绘面积', '合同面积', '物业公司']);
    expect(wb.worksheets[0].getRow(2).getCell(8).value).toBe(89.55);
  });
});

describe('PUT /api/places/:id/property-company', () => {
  const company = async (estate: number) => {
    const r = await env.database.query<{ company_id: number }>(`SELECT company_id FROM estate_property WHERE estate_id = $1`, [estate]);
    return r[0] ? Number(r[0].company_id) : null;
  };

  it('needs a session, places.manage and the subtree', async () => {
    const before = await company(estate2);
    expectError(await env.anon.put(`/api/places/${estate1x}/property-company`, { companyId: propertyOrg }), 401, 'UNAUTHENTICATED');
    for (const c of [resident, property, pian]) expectError(await c.put(`/api/places/${estate1x}/property-company`, { companyId: propertyOrg }), 403, 'FORBIDDEN');
    expectError(await street.put(`/api/places/${estate2}/property-company`, { companyId: propertyOrg }), 403, 'NOT_IN_SCOPE');
    expectError(await community.put(`/api/places/${await childOf(community1b)}/property-company`, { companyId: propertyOrg }), 403, 'NOT_IN_SCOPE');
    expect(await company(estate2)).toBe(before);
  });

  it('refuses bad input, a place that is not an estate and an organisation that is not a property company', async () => {
    for (const b of [{}, { companyId: 'x' }, { companyId: 0 }, { companyId: false }, { companyId: 1.5 }]) expectError(await street.put(`/api/places/${estate1x}/property-company`, b), 400, 'VALIDATION_FAILED');
    expectError(await street.put(`/api/places/${community1}/property-company`, { companyId: propertyOrg }), 400, 'PLACE_WRONG_KIND');
    const dept = await scalar(env, `SELECT id FROM orgs WHERE kind = 'department' ORDER BY id LIMIT 1`);
    const developer = await scalar(env, `SELECT id FROM orgs WHERE kind = 'developer' ORDER BY id LIMIT 1`);
    for (const id of [dept, developer, 987654]) expectError(await street.put(`/api/places/${estate1x}/property-company`, { companyId: id }), 400, 'ORG_WRONG_KIND');
    expectError(await street.put('/api/places/987654/property-company', { companyId: propertyOrg }), 404, 'PLACE_NOT_FOUND');
  });

  it('changes the company, audits it, and the company’s staff gain and lose the estate', async () => {
    const before = await company(estate1x);
    expect(before).not.toBe(propertyOrg);
    expect(before).not.toBeNull();
    expectError(await property.get(`/api/places/${estate1x}`), 403, 'NOT_IN_SCOPE');
    const seq = await auditHead(env);
    expect(ok<{ ok: boolean }>(await street.put(`/api/places/${estate1x}/property-company`, { companyId: propertyOrg }))).toEqual({ ok: true });
    expect(await company(estate1x)).toBe(propertyOrg);
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({ action: 'estate.property_company.set', entity: 'place', entity_id: String(estate1x), before: { company_id: before }, after: { companyId: propertyOrg } });
    const fresh = await env.login('property');
    expect(ok<PlaceView>(await fresh.get(`/api/places/${estate1x}`)).propertyCompany?.id).toBe(propertyOrg);
    expect(ok<{ ok: boolean }>(await street.put(`/api/places/${estate1x}/property-company`, { companyId: null })).ok).toBe(true);
    expect(await company(estate1x)).toBeNull();
    expect(ok<PlaceView>(await admin.get(`/api/places/${estate1x}`)).propertyCompany).toBeNull();
    expectError(await (await env.login('property')).get(`/api/places/${estate1x}`), 403, 'NOT_IN_SCOPE');
    const last = await auditSince(env, seq, 'estate.property_company.set');
    expect(last.at(-1)).toMatchObject({ before: { company_id: propertyOrg }, after: { companyId: null } });
  });
});

describe('the audit ledger after all of the above', () => {
  it('still verifies from the first entry to the head', async () => {
    const r = await verifyAuditChain(env.ctx.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(20);
  });
});
