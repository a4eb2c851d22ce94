// Households in the grid: bulk assignment by entrance (sizes from grid.ts splitIntoLins and the local
// limits), two bulk runs racing on one building, replacing a 邻's households (estate check, explicit
// move, a race for one household), and coverage figures equal to a hand count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { newPlace } from '../assemblies/support';
import { createCell, gridEstate, makePerson, num, ok, otherCommunityWorker, pianZu, q } from './fixtures';

let env: TestEnv;
let community: Client;

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
}, 300_000);
afterAll(async () => env?.close());

const linsOf = (env: TestEnv, zu: number) =>
  q<{ id: number; name: string; n: number; leader: number | null }>(
    env,
    `SELECT c.id::int AS id, c.name, (SELECT count(*)::int FROM grid_households g WHERE g.lin_id = c.id) AS n, c.leader_person_id::int AS leader
       FROM grid_cells c WHERE c.parent_id = $1 AND c.retired_at IS NULL ORDER BY c.id`,
    [zu],
  );

describe('bulk assignment by building and entrance', () => {
  it('splits each entrance in unit order into 邻 of at most 20, named by building, entrance and number, with leaders in order', async () => {
    const e = await gridEstate(env, { a: 25, b: 7 });
    const { zu } = await pianZu(community, e);
    const [p1, p2] = [await makePerson(env, '邻长甲'), await makePerson(env, '邻长乙')];
    const res = ok(await community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu, leaders: [p1, p2] }));
    expect(res.limits).toEqual({ minHouseholds: 10, maxHouseholds: 20 });
    expect(res.assigned).toBe(32);
    expect(res.created.map((c: { name: string; households: number; leaderPersonId: number | null }) => [c.name, c.households, c.leaderPersonId])).toEqual([
      ['3号楼1单元 第1邻', 13, p1],
      ['3号楼1单元 第2邻', 12, p2],
      ['3号楼2单元 第1邻', 7, null],
    ]);
    const first = await q<{ household_id: number }>(env, `SELECT household_id::int AS household_id FROM grid_households WHERE lin_id = $1 ORDER BY household_id`, [res.created[0].id]);
    expect(first.map((r) => r.household_id)).toEqual(e.hhA.slice(0, 13));
    // a second run finds nothing left; a new household later becomes the entrance's next 邻
    expect(ok(await community.post('/api/grid/bulk', { placeId: e.entA, zuId: zu })).created).toEqual([]);
    const unit = await newPlace(env, e.entA, 'unit', '1401');
    await q(env, `INSERT INTO households (unit_id) VALUES ($1)`, [unit.id]);
    const again = ok(await community.post('/api/grid/bulk', { placeId: e.entA, zuId: zu }));
    expect(again.created.map((c: { name: string; households: number }) => [c.name, c.households])).toEqual([['3号楼1单元 第3邻', 1]]);
  });

  it('takes the size limits from the community’s settings', async () => {
    const e = await gridEstate(env, { a: 25, b: 0 });
    await q(env, `INSERT INTO party_settings (place_id, settings) VALUES ($1, '{"linMaxHouseholds": 30}') ON CONFLICT (place_id) DO UPDATE SET settings = EXCLUDED.settings`, [e.communityId]);
    try {
      const { zu } = await pianZu(community, e);
      const res = ok(await community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu }));
      expect(res.created.map((c: { households: number }) => c.households)).toEqual([25]);
    } finally {
      await q(env, `DELETE FROM party_settings WHERE place_id = $1`, [e.communityId]);
    }
  });

  it('refuses a 片 as the 组, an estate as the place, a place outside the 组, and more leaders than 邻', async () => {
    const e = await gridEstate(env, { a: 5, b: 0 });
    const other = await gridEstate(env, { a: 3, b: 0 });
    const { pian, zu } = await pianZu(community, e);
    expectError(await community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: pian }), 400, 'GRID_NOT_A_ZU');
    expectError(await community.post('/api/grid/bulk', { placeId: e.estateId, zuId: zu }), 400, 'GRID_BULK_PLACE');
    expectError(await community.post('/api/grid/bulk', { placeId: other.buildingId, zuId: zu }), 400, 'GRID_PARENT_PLACE');
    const p = await makePerson(env, '多余');
    expectError(await community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu, leaders: [p, p] }), 400, 'GRID_TOO_MANY_LEADERS');
    expect(await num(env, `SELECT count(*) FROM grid_cells WHERE parent_id = $1`, [zu])).toBe(0);
    expectError(await (await otherCommunityWorker(env)).post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu }), 403, 'NOT_IN_SCOPE');
  });

  it('two bulk runs on one building at once assign every household once', async () => {
    const e = await gridEstate(env, { a: 25, b: 7 });
    const { zu } = await pianZu(community, e);
    const both = await Promise.all([community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu }), community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu })]);
    const bodies = both.map((r) => ok(r));
    expect(bodies.map((b) => b.assigned).sort((a, b) => a - b)).toEqual([0, 32]);
    expect(bodies.reduce((s, b) => s + b.created.length, 0)).toBe(3);
    expect((await linsOf(env, zu)).map((l) => l.n)).toEqual([13, 12, 7]);
  });
});

describe('the households of a 邻', () => {
  it('replaces them; refuses a household of another estate (400) and one of another 邻 unless moved', async () => {
    const e = await gridEstate(env, { a: 6, b: 4 });
    const other = await gridEstate(env, { a: 2, b: 0 });
    const { zu } = await pianZu(community, e);
    const linA = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: 'A' });
    const linB = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entB, name: 'B' });
    expect(ok(await community.put(`/api/grid/lins/${linA.id}/households`, { householdIds: e.hhA }))).toEqual({ linId: linA.id, households: 6, added: 6, removed: 0, moved: 0 });
    expect(ok(await community.put(`/api/grid/lins/${linA.id}/households`, { householdIds: e.hhA.slice(0, 4) }))).toMatchObject({ added: 0, removed: 2 });
    expectError(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: [other.hhA[0]] }), 400, 'GRID_HOUSEHOLD_OUTSIDE');
    expectError(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: [e.hhA[0], ...e.hhB] }), 409, 'GRID_HOUSEHOLD_ASSIGNED');
    expectError(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: [99_999_999] }), 404, 'GRID_HOUSEHOLD_NOT_FOUND');
    expectError(await community.put(`/api/grid/lins/${zu}/households`, { householdIds: [] }), 400, 'GRID_NOT_A_LIN');
    expectError(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: [1, 1] }), 400, 'VALIDATION_FAILED');
    expect(ok(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: [e.hhA[0], ...e.hhB], move: true }))).toMatchObject({ households: 5, added: 4, moved: 1 });
    expect(await num(env, `SELECT lin_id FROM grid_households WHERE household_id = $1`, [e.hhA[0]])).toBe(linB.id);
    expect(await num(env, `SELECT count(*) FROM grid_households WHERE lin_id = $1`, [linA.id])).toBe(3);
    const audit = await q(env, `SELECT after FROM audit_log WHERE action = 'grid.lin.households' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [String(linB.id)]);
    expect(audit[0].after.movedFrom).toEqual([{ householdId: e.hhA[0], linId: linA.id }]);
  });

  it('two 邻 claiming one household at once: one gets it, the other is refused', async () => {
    const e = await gridEstate(env, { a: 3, b: 0 });
    const { zu } = await pianZu(community, e);
    const l1 = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: 'L1' });
    const l2 = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: 'L2' });
    const res = await Promise.all([l1, l2].map((l) => community.put(`/api/grid/lins/${l.id}/households`, { householdIds: [e.hhA[0]] })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe('GRID_HOUSEHOLD_ASSIGNED');
    expect(await num(env, `SELECT count(*) FROM grid_households WHERE household_id = $1`, [e.hhA[0]])).toBe(1);
  });
});

describe('coverage', () => {
  it('per estate and in total equals a hand count: covered only in a 邻 with a 邻长; 邻 under the minimum flagged', async () => {
    const e = await gridEstate(env, { a: 25, b: 7 });
    const { zu } = await pianZu(community, e);
    const [p1, p2] = [await makePerson(env, '甲'), await makePerson(env, '乙')];
    const bulk = ok(await community.post('/api/grid/bulk', { placeId: e.buildingId, zuId: zu, leaders: [p1, p2] }));
    // take one household out of the first 邻: 32 households, 12 + 12 covered, 7 in a leaderless 邻, 1 in none
    const firstLin = bulk.created[0].id;
    const keep = (await q<{ h: number }>(env, `SELECT household_id::int AS h FROM grid_households WHERE lin_id = $1 ORDER BY 1`, [firstLin])).map((r) => r.h);
    ok(await community.put(`/api/grid/lins/${firstLin}/households`, { householdIds: keep.slice(1) }));
    const c = ok(await community.get(`/api/grid/coverage?placeId=${e.estateId}`));
    const expected = { households: 32, covered: 24, uncovered: 8, percent: '75.00', lins: 3, linsWithoutLeader: 1, linsTooSmall: 1, linsTooLarge: 0, zus: 1, zusWithoutLeader: 1 };
    expect(c.totals).toMatchObject({ ...expected, pians: 1, piansWithoutLeader: 1 });
    expect(c.estates).toEqual([{ estateId: e.estateId, name: expect.any(String), communityName: expect.any(String), ...expected, pians: 1 }]);
    // the community's figures hold this estate's row unchanged, and its totals add up the estates
    const co = ok(await community.get(`/api/grid/coverage?placeId=${e.communityId}`));
    expect(co.estates.find((x: { estateId: number }) => x.estateId === e.estateId)).toMatchObject(expected);
    const sum = (k: string) => co.estates.reduce((s: number, x: Record<string, number>) => s + x[k], 0);
    expect(co.totals.households).toBe(sum('households'));
    expect(co.totals.covered).toBe(sum('covered'));
    expect(co.totals.households).toBe(await num(env, `SELECT count(*) FROM households h JOIN places u ON u.id = h.unit_id WHERE u.path LIKE $1 || '%'`, [(await q(env, `SELECT path FROM places WHERE id = $1`, [e.communityId]))[0].path]));
  });

  it('is for a district, street, community or estate (400), in the caller’s area (403)', async () => {
    const e = await gridEstate(env, { a: 2, b: 0 });
    expectError(await community.get(`/api/grid/coverage?placeId=${e.buildingId}`), 400, 'GRID_COVERAGE_PLACE');
    expectError(await community.get(`/api/grid/coverage?placeId=abc`), 400, 'VALIDATION_FAILED');
    expectError(await (await otherCommunityWorker(env)).get(`/api/grid/coverage?placeId=${e.estateId}`), 403, 'NOT_IN_SCOPE');
    expectError(await (await env.login('resident')).get(`/api/grid/coverage?placeId=${e.estateId}`), 403, 'FORBIDDEN');
    expectError(await env.anon.get(`/api/grid/coverage?placeId=${e.estateId}`), 401, 'UNAUTHENTICATED');
  });
});
