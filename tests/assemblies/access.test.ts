// Who may call the organiser's assembly routes (routes.ts), route by route: nobody without a
// session (401); nobody outside the estate's subtree (403) — a community worker of another
// community, the demo resident, property and department staff, a grid volunteer — and those see
// nothing of it in lists; the estate's owners' committee organises its own estate only and never
// configures. Settings live only on a district, a street or an estate, and the deemed-vote clause
// (the covenant's 从众条款) only on an estate.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { assemblyRow } from '../../src/modules/assemblies/service';
import { count, grantPlaceOf, otherPlace, placeUnder } from '../helpers';
import { draftAssembly, newAccount, newEstate, type Estate } from './estate-fixture';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Route {
  method: Method;
  /** the route as registered (without /api) */
  path: string;
  url: () => string;
  body?: () => unknown;
}

let env: TestEnv;
let community: Client;
let admin: Client;
let far: Client; // a community worker of another community
let committee: Client; // the owners' committee of our estate
let otherCommittee: Client; // the owners' committee of another estate of the same community
let outsiders: Record<string, Client>;
let communityId: number;
let streetId: number;
let districtId: number;
let estate: Estate;
let draft: { id: number; matters: { id: number }[] };
let announced: number;
let voter: number;

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  admin = await env.login('admin');
  communityId = await grantPlaceOf(env, 'community');
  streetId = await grantPlaceOf(env, 'street');
  districtId = await grantPlaceOf(env, 'admin');
  estate = await newEstate(env, communityId, '权限测试小区');
  for (const [n, name] of ['张甲', '李乙'].entries()) {
    const unit = await estate.unit('1', '1', String(101 + n), { registry: 9000 });
    await estate.own(unit, await estate.person(name));
  }
  const otherEstate = await newEstate(env, communityId, '权限测试邻近小区');
  await newAccount(env, 'ac_far_worker', 'community_worker', await otherPlace(env, 'community', communityId));
  await newAccount(env, 'ac_committee', 'owners_committee', estate.id);
  await newAccount(env, 'ac_other_committee', 'owners_committee', otherEstate.id);
  far = await env.login('ac_far_worker');
  committee = await env.login('ac_committee');
  otherCommittee = await env.login('ac_other_committee');
  outsiders = {
    resident: await env.login('resident'),
    property: await env.login('property'),
    dept: await env.login('dept'),
    pianzhang: await env.login('pianzhang'),
  };
  draft = await draftAssembly(community, estate.id);
  const a = await draftAssembly(community, estate.id);
  expect((await community.post(`/api/assemblies/${a.id}/announce`)).statusCode).toBe(200);
  announced = a.id;
  voter = Number((await env.database.query<{ id: string }>(`SELECT id FROM assembly_voters WHERE assembly_id = $1 ORDER BY voter_no LIMIT 1`, [announced]))[0].id);
});
afterAll(async () => env?.close());

// every route of routes.ts, with a body that passes its schema (so that only the access rule can refuse it)
const routes: Route[] = [
  { method: 'GET', path: '/assemblies', url: () => '/api/assemblies' },
  { method: 'POST', path: '/assemblies', url: () => '/api/assemblies', body: () => ({ estateId: estate.id, title: '越权创建', kind: 'regular', organiserKind: 'street', organiserName: '街道办', votingOpensAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), votingClosesAt: new Date(Date.now() + 25 * 86_400_000).toISOString() }) },
  { method: 'GET', path: '/assemblies/:id', url: () => `/api/assemblies/${draft.id}` },
  { method: 'PATCH', path: '/assemblies/:id', url: () => `/api/assemblies/${draft.id}`, body: () => ({ version: 1, title: '越权修改' }) },
  { method: 'POST', path: '/assemblies/:id/matters', url: () => `/api/assemblies/${draft.id}/matters`, body: () => ({ item: 9, title: '越权事项' }) },
  { method: 'PATCH', path: '/assemblies/:id/matters/:matterId', url: () => `/api/assemblies/${draft.id}/matters/${draft.matters[0].id}`, body: () => ({ title: '越权修改事项' }) },
  { method: 'DELETE', path: '/assemblies/:id/matters/:matterId', url: () => `/api/assemblies/${draft.id}/matters/${draft.matters[0].id}` },
  { method: 'POST', path: '/assemblies/:id/announce', url: () => `/api/assemblies/${draft.id}/announce` },
  { method: 'POST', path: '/assemblies/:id/open', url: () => `/api/assemblies/${announced}/open` },
  { method: 'POST', path: '/assemblies/:id/close', url: () => `/api/assemblies/${announced}/close` },
  { method: 'POST', path: '/assemblies/:id/count', url: () => `/api/assemblies/${announced}/count` },
  { method: 'POST', path: '/assemblies/:id/publish', url: () => `/api/assemblies/${announced}/publish` },
  { method: 'POST', path: '/assemblies/:id/archive', url: () => `/api/assemblies/${announced}/archive` },
  { method: 'GET', path: '/assemblies/:id/roll', url: () => `/api/assemblies/${announced}/roll` },
  { method: 'POST', path: '/assemblies/:id/roll/:voterId/corrections', url: () => `/api/assemblies/${announced}/roll/${voter}/corrections`, body: () => ({ action: 'area', areaCenti: 1, reason: '越权更正' }) },
  { method: 'GET', path: '/assemblies/:id/roll-corrections', url: () => `/api/assemblies/${announced}/roll-corrections` },
  { method: 'GET', path: '/assembly-settings/:placeId', url: () => `/api/assembly-settings/${estate.id}` },
  { method: 'PUT', path: '/assembly-settings/:placeId', url: () => `/api/assembly-settings/${estate.id}`, body: () => ({ version: 0, settings: { noticeDays: 30 } }) },
];

function send(client: Client, r: Route): Promise<LightMyRequestResponse> {
  switch (r.method) {
    case 'GET':
      return client.get(r.url());
    case 'POST':
      return client.post(r.url(), r.body?.() ?? {});
    case 'PATCH':
      return client.patch(r.url(), r.body?.() ?? {});
    case 'PUT':
      return client.put(r.url(), r.body?.() ?? {});
    case 'DELETE':
      return client.delete(r.url());
  }
}

/** What the refused calls must not have changed. */
async function snapshot() {
  const rows = await env.database.query(
    `SELECT id, state, version, title, roll_area_centi::text AS area FROM assemblies WHERE estate_id = $1 ORDER BY id`,
    [estate.id],
  );
  return {
    assemblies: rows,
    matters: await count(env, `SELECT count(*) AS n FROM assembly_matters m JOIN assemblies a ON a.id = m.assembly_id WHERE a.estate_id = $1`, [estate.id]),
    corrections: await count(env, `SELECT count(*) AS n FROM assembly_roll_corrections WHERE assembly_id = $1`, [announced]),
    settings: await count(env, `SELECT count(*) AS n FROM assembly_settings WHERE place_id = $1`, [estate.id]),
  };
}

describe('the route table covers routes.ts', () => {
  it('lists every route registered in routes.ts, and each is registered in the app', () => {
    const src = readFileSync(new URL('../../src/modules/assemblies/routes.ts', import.meta.url), 'utf8');
    const declared = [
      ...[...src.matchAll(/app\.(get|post|patch|put|delete)\(\s*'([^']+)'/g)].map((m) => `${m[1].toUpperCase()} ${m[2]}`),
      ...[...src.matchAll(/step\(\s*'([^']+)'/g)].map((m) => `POST ${m[1]}`),
    ].sort();
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(declared);
    for (const r of routes) expect(env.app.hasRoute({ method: r.method, url: `/api${r.path}` }), `${r.method} ${r.path}`).toBe(true);
  });
});

describe('without a session', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s → 401', async (_name, r) => {
    expectError(await send(env.anon, r), 401, 'UNAUTHENTICATED');
  });
});

describe('outside the estate’s subtree', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s → 403 for a community worker of another community, the resident, property and department staff, a grid volunteer', async (_name, r) => {
    const before = await snapshot();
    const who: [string, Client, string][] = [
      ['another community’s worker', far, 'NOT_IN_SCOPE'],
      ...Object.entries(outsiders).map(([k, c]) => [k, c, 'FORBIDDEN'] as [string, Client, string]),
    ];
    for (const [name, client, code] of who) {
      // the list is the one route another community's worker may call: it shows nothing of this estate (below)
      if (r.method === 'GET' && r.path === '/assemblies' && client === far) continue;
      const res = await send(client, r);
      try {
        expectError(res, 403, code);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('another community’s worker and another estate’s committee see none of these assemblies in lists', async () => {
    for (const client of [far, otherCommittee]) {
      const list = await client.get('/api/assemblies?limit=200');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.filter((a: { estateId: number }) => a.estateId === estate.id)).toEqual([]);
      expectError(await client.get(`/api/assemblies?placeId=${estate.id}`), 403, 'NOT_IN_SCOPE');
    }
    const byState = await far.get('/api/assemblies?state=announced&limit=200');
    expect(byState.json().items.some((a: { id: number }) => a.id === announced)).toBe(false);
  });

  it('the resident, property and department staff and grid volunteers have no list at all', async () => {
    for (const client of Object.values(outsiders)) expectError(await client.get('/api/assemblies'), 403, 'FORBIDDEN');
  });
});

describe('inside the estate’s subtree (controls for the refusals above)', () => {
  it('the community worker, the street and the district see the assemblies; the reading routes answer', async () => {
    for (const client of [community, admin, await env.login('street')]) {
      const list = (await client.get(`/api/assemblies?placeId=${estate.id}`)).json();
      expect(list.items.map((a: { id: number }) => a.id).sort()).toEqual([draft.id, announced].sort());
    }
    for (const r of routes.filter((x) => x.method === 'GET')) expect((await send(community, r)).statusCode, r.path).toBe(200);
  });

  it('the estate’s owners’ committee organises its own estate (list, detail, matters, roll), and nothing else', async () => {
    const list = (await committee.get('/api/assemblies')).json();
    expect(list.items.map((a: { id: number }) => a.id).sort()).toEqual([draft.id, announced].sort());
    expect((await committee.get(`/api/assemblies/${draft.id}`)).statusCode).toBe(200);
    expect((await committee.get(`/api/assemblies/${announced}/roll`)).statusCode).toBe(200);
    const added = await committee.post(`/api/assemblies/${draft.id}/matters`, { item: 2, title: '修订管理规约' });
    expect(added.statusCode).toBe(200);
    const m = added.json().matters.at(-1);
    expect((await committee.delete(`/api/assemblies/${draft.id}/matters/${m.id}`)).statusCode).toBe(200);
    // an assembly on another estate of the same community is outside its grant
    const other = await draftAssembly(community, (await newEstate(env, communityId, '权限测试第三小区')).id);
    expectError(await committee.get(`/api/assemblies/${other.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await committee.post(`/api/assemblies/${other.id}/matters`, { item: 9, title: '越权事项' }), 403, 'NOT_IN_SCOPE');
    // and the committee never configures, not even its own estate
    expectError(await committee.get(`/api/assembly-settings/${estate.id}`), 403, 'FORBIDDEN');
    expectError(await committee.put(`/api/assembly-settings/${estate.id}`, { version: 0, settings: { noticeDays: 30 } }), 403, 'FORBIDDEN');
  });
});

describe('settings: only on a district, a street or an estate; the deemed-vote clause only on an estate', () => {
  it('are read and saved on a district, a street and an estate', async () => {
    for (const place of [districtId, streetId, estate.id]) {
      const got = await admin.get(`/api/assembly-settings/${place}`);
      expect(got.statusCode).toBe(200);
      expect(got.json().effective).toMatchObject({ noticeDays: 15, publicityDays: 7, deemedVotes: false, committeeSeats: 5, committeeTermYears: 5, crossAppointmentTargetPct: 50 });
    }
    const saved = await admin.put(`/api/assembly-settings/${districtId}`, { version: 0, settings: { publicityDays: 10, quorumPercent: 50 } });
    expect(saved.statusCode).toBe(200);
    // a key that is not a setting is dropped, never stored
    expect(saved.json().own).toEqual({ publicityDays: 10 });
    expect(saved.json().effective.quorumPercent).toBeUndefined();
    expect((await admin.get(`/api/assembly-settings/${estate.id}`)).json().effective.publicityDays).toBe(10);
    expect((await admin.put(`/api/assembly-settings/${districtId}`, { version: 1, settings: {} })).json().effective.publicityDays).toBe(7);
  });

  it('are refused on a community, a building or a unit', async () => {
    const building = await placeUnder(env, 'building', estate.id);
    const unit = await placeUnder(env, 'unit', estate.id);
    for (const place of [communityId, building, unit]) {
      expectError(await admin.get(`/api/assembly-settings/${place}`), 400, 'ASSEMBLY_SETTINGS_PLACE');
      expectError(await admin.put(`/api/assembly-settings/${place}`, { version: 0, settings: { noticeDays: 20 } }), 400, 'ASSEMBLY_SETTINGS_PLACE');
    }
    expect(await count(env, `SELECT count(*) AS n FROM assembly_settings WHERE place_id IN ($1, $2, $3)`, [communityId, building, unit])).toBe(0);
    expectError(await admin.get('/api/assembly-settings/99999999'), 404, 'PLACE_NOT_FOUND');
  });

  it('a community worker configures its estates but not its street', async () => {
    expectError(await community.put(`/api/assembly-settings/${streetId}`, { version: 0, settings: { noticeDays: 20 } }), 403, 'NOT_IN_SCOPE');
    expectError(await far.put(`/api/assembly-settings/${estate.id}`, { version: 0, settings: { noticeDays: 20 } }), 403, 'NOT_IN_SCOPE');
  });

  it('the deemed-vote clause belongs to an estate’s covenant: refused on a district or a street, kept on an estate and fixed at the announcement', async () => {
    for (const place of [districtId, streetId]) {
      const res = await admin.put(`/api/assembly-settings/${place}`, { version: 0, settings: { deemedVotes: true } });
      expectError(res, 400, 'ASSEMBLY_SETTINGS_INVALID');
      expect(res.json().error.details).toMatchObject({ field: 'deemedVotes' });
    }
    const ok = await community.put(`/api/assembly-settings/${estate.id}`, { version: 0, settings: { deemedVotes: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ own: { deemedVotes: true }, effective: { deemedVotes: true } });
    expect(await count(env, `SELECT count(*) AS n FROM audit_log WHERE action = 'assembly.settings.save' AND entity_id = $1`, [String(estate.id)])).toBe(1);
    // the assembly announced now carries the clause; the one announced before does not
    expect((await community.post(`/api/assemblies/${draft.id}/announce`)).json()).toMatchObject({ state: 'announced', deemedVotes: true });
    expect((await assemblyRow(env.ctx.db, announced)).deemedVotes).toBe(false);
  });
});
