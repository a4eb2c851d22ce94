// The seeded grid of the demo district, seen through the demo accounts: linzhang leads the first 邻
// of the first entrance with the demo resident's household in it, zuzhang its 组, pianzhang its 片;
// every household is in exactly one 邻; coverage is below 100 %; visits and a ranking exist; and a
// visit by linzhang reaches the demo resident's own request list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { categoryId } from '../requests/support';
import { num, ok, q } from './fixtures';

let env: TestEnv;
let lin: Client;
let zu: Client;
let pian: Client;
let community: Client;
let residentHousehold: number;

beforeAll(async () => {
  env = await createTestEnv();
  [lin, zu, pian, community] = await Promise.all(['linzhang', 'zuzhang', 'pianzhang', 'community'].map((u) => env.login(u)));
  residentHousehold = await num(
    env,
    `SELECT m.household_id FROM household_members m JOIN users u ON u.person_id = m.person_id WHERE u.username = 'resident' ORDER BY m.household_id LIMIT 1`,
  );
}, 300_000);
afterAll(async () => env?.close());

describe('the demo grid', () => {
  it('puts every household of the district in exactly one 邻, 邻 of at most 20 under a 组 under a 片', async () => {
    expect(await num(env, `SELECT count(*) FROM grid_households`)).toBe(await num(env, `SELECT count(*) FROM households`));
    expect(await num(env, `SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM grid_households GROUP BY lin_id) x`)).toBeLessThanOrEqual(20);
    const broken = await q(
      env,
      `SELECT c.id FROM grid_cells c LEFT JOIN grid_cells p ON p.id = c.parent_id
        WHERE (c.level = 'lin' AND (p.level <> 'zu' OR c.place_path NOT LIKE p.place_path || '%' OR c.cell_path <> p.cell_path || c.id || '/'))
           OR (c.level = 'zu' AND (p.level <> 'pian' OR c.place_path NOT LIKE p.place_path || '%' OR c.cell_path <> p.cell_path || c.id || '/'))
           OR (c.level = 'pian' AND (c.parent_id IS NOT NULL OR c.cell_path <> '/' || c.id || '/'))`,
    );
    expect(broken).toEqual([]);
    // every leader's account holds the level's role on (or above) the cell's place
    const unroled = await num(
      env,
      `SELECT count(*) FROM grid_cells c JOIN users u ON u.person_id = c.leader_person_id
        WHERE NOT EXISTS (SELECT 1 FROM role_assignments ra JOIN places p ON p.id = ra.place_id
                           WHERE ra.user_id = u.id AND ra.revoked_at IS NULL AND ra.role = c.level || '_zhang' AND c.place_path LIKE p.path || '%')`,
    );
    expect(unroled).toBe(0);
  });

  it('linzhang leads the 邻 with the demo resident’s household; zuzhang and pianzhang the cells above it', async () => {
    const mine = ok(await lin.get('/api/grid/mine'));
    expect(mine.cells).toHaveLength(1);
    expect(mine.cells[0]).toMatchObject({ level: 'lin', name: expect.stringMatching(/1单元 第1邻$/) });
    expect(mine.households.map((h: { householdId: number }) => h.householdId)).toContain(residentHousehold);
    const linCell = mine.cells[0];
    const zuCells = ok(await zu.get('/api/grid/mine')).cells;
    expect(zuCells.map((c: { id: number }) => c.id)).toEqual([linCell.cellPath.split('/')[2]].map(Number));
    expect(ok(await pian.get('/api/grid/mine')).cells.map((c: { id: number }) => c.id)).toEqual([Number(linCell.cellPath.split('/')[1])]);
    expect(ok(await lin.get(`/api/grid/households/${residentHousehold}`)).household.householdId).toBe(residentHousehold);
    // a household of another 邻 is not linzhang's
    const other = await num(env, `SELECT household_id FROM grid_households WHERE lin_id <> $1 ORDER BY household_id LIMIT 1`, [linCell.id]);
    expectError(await lin.get(`/api/grid/households/${other}`), 403, 'NOT_IN_SCOPE');
    expect(mine.households.map((h: { householdId: number }) => h.householdId)).not.toContain(other);
  });

  it('the community’s coverage is below 100 % (a 邻 waits for its 邻长), and visits and a ranking exist', async () => {
    const communityId = await num(env, `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'community' ORDER BY r.id LIMIT 1`);
    const c = ok(await community.get(`/api/grid/coverage?placeId=${communityId}`));
    expect(c.totals.households).toBeGreaterThan(0);
    expect(c.totals.uncovered).toBeGreaterThan(0);
    expect(c.totals.linsWithoutLeader).toBeGreaterThan(0);
    expect(Number(c.totals.percent)).toBeLessThan(100);
    expect(ok(await lin.get('/api/grid/visits')).total).toBeGreaterThan(0);
    const r = ok(await community.get('/api/grid/points/ranking'));
    expect(r.items[0].points).toBeGreaterThan(0);
    expect(r.items[0].candidate).toBe(true);
  });

  it('a visit by linzhang with a concern shows in the demo resident’s own requests', async () => {
    const v = ok(
      await lin.post('/api/grid/visits', {
        householdId: residentHousehold,
        visitedAt: new Date().toISOString(),
        notes: '走访时居民反映楼道噪音',
        concern: { categoryId: await categoryId(env, 'noise'), description: '楼道夜间噪音' },
      }),
    );
    const resident = await env.login('resident');
    expect(ok(await resident.get('/api/requests?view=mine')).items.map((x: { id: number }) => x.id)).toContain(v.requestId);
  });
});
