// 三长 points: given and adjusted by the office (audited, in its area), my points by kind, the yearly
// ranking (China's calendar year, ties share a rank, the top with points flagged as 最美邻长
// candidates), and the report of 三长 who are organ cadres with the fee status unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { createCell, gridEstate, gridLeader, makePerson, num, ok, otherCommunityWorker, partyMember, pianZu, q, type GridEstate } from './fixtures';

let env: TestEnv;
let community: Client;
let e: GridEstate;
let zz: Awaited<ReturnType<typeof gridLeader>>;
const L: Awaited<ReturnType<typeof gridLeader>>[] = [];
const lins: number[] = [];
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  e = await gridEstate(env, { a: 3, b: 3 });
  zz = await gridLeader(env, 'zz_p', 'zu_zhang', e.estateId);
  const { zu } = await pianZu(community, e, { zu: zz.personId });
  for (const [i, ent] of [e.entA, e.entA, e.entB].entries()) {
    const l = await gridLeader(env, `lz_p${i}`, 'lin_zhang', ent);
    L.push(l);
    lins.push((await createCell(community, { level: 'lin', parentId: zu, placeId: ent, name: `邻${i + 1}`, leaderPersonId: l.personId })).id);
  }
  ok(await community.put(`/api/grid/lins/${lins[1]}/households`, { householdIds: e.hhA }));
}, 300_000);
afterAll(async () => env?.close());

const give = (c: Client, personId: number, kind: string, points: number, note = '测试') => c.post('/api/grid/points', { personId, kind, points, note });

describe('points', () => {
  it('the office gives and adjusts points for a 三长 of its area, audited; my points add up by kind', async () => {
    const entry = ok(await give(community, L[0].personId, 'award', 10, '年度表彰'));
    expect(entry).toMatchObject({ personId: L[0].personId, kind: 'award', points: 10, note: '年度表彰', refId: null });
    ok(await give(community, L[0].personId, 'adjust', -2, '重复登记扣减'));
    expect(await num(env, `SELECT count(*) FROM audit_log WHERE action = 'grid.points.add' AND entity_id = $1`, [String(entry.id)])).toBe(1);
    const mine = ok(await L[0].client.get(`/api/grid/points/mine?year=${year}`));
    expect(mine).toMatchObject({ year, total: 8, byKind: { visit: 0, report: 0, activity: 0, award: 10, adjust: -2 } });
    expect(mine.entries).toHaveLength(2);
    expect(ok(await L[0].client.get(`/api/grid/points/mine?year=${year - 1}`)).total).toBe(0);
  });

  it('refuses points outside the area (403), for someone who leads nothing, zero or a visit kind (400), and from a 三长 (403)', async () => {
    expectError(await give(await otherCommunityWorker(env), L[0].personId, 'award', 5), 403, 'NOT_IN_SCOPE');
    expectError(await give(community, await makePerson(env, '路人'), 'award', 5), 400, 'GRID_NOT_A_LEADER');
    expectError(await give(community, L[0].personId, 'award', 0), 400, 'VALIDATION_FAILED');
    expectError(await give(community, L[0].personId, 'visit', 5), 400, 'VALIDATION_FAILED');
    expectError(await give(community, L[0].personId, 'award', 5, 'x'.repeat(201)), 400, 'VALIDATION_FAILED');
    expectError(await give(L[1].client, L[0].personId, 'award', 5), 403, 'FORBIDDEN');
    expectError(await env.anon.get('/api/grid/points/mine'), 401, 'UNAUTHENTICATED');
  });

  it('ranks the 邻长 of an area by this year’s points; ties share a rank; the top with points are candidates', async () => {
    // L0: 8 (above); L1: 5 + a visit (1) = 6; L2: 6 this year and 50 last year
    ok(await give(community, L[1].personId, 'activity', 5));
    ok(await L[1].client.post('/api/grid/visits', { householdId: e.hhA[0], visitedAt: new Date(Date.now() - 60_000).toISOString(), notes: '走访' }));
    ok(await give(community, L[2].personId, 'activity', 6));
    await q(env, `INSERT INTO grid_points (person_id, kind, points, note, at) VALUES ($1, 'award', 50, '去年', $2::timestamptz)`, [L[2].personId, `${year - 1}-12-31 23:00:00+08`]);
    const r = ok(await community.get(`/api/grid/points/ranking?year=${year}&placeId=${e.estateId}&level=lin&candidates=1`));
    expect(r).toMatchObject({ year, level: 'lin', total: 3 });
    expect(r.items.map((i: { personId: number; rank: number; points: number; candidate: boolean }) => [i.personId, i.rank, i.points, i.candidate])).toEqual([
      [L[0].personId, 1, 8, true],
      // a tie is ordered by name: 三长lz_p1 before 三长lz_p2
      [L[1].personId, 2, 6, false],
      [L[2].personId, 2, 6, false],
    ]);
    expect(r.items.find((i: { personId: number }) => i.personId === L[1].personId)).toMatchObject({ visits: 1, cells: [{ id: lins[1], name: '邻2' }] });
    const last = ok(await community.get(`/api/grid/points/ranking?year=${year - 1}&placeId=${e.estateId}`));
    expect(last.items[0]).toMatchObject({ personId: L[2].personId, points: 50, rank: 1, candidate: true });
    expect(last.items.slice(1).map((i: { points: number; candidate: boolean }) => [i.points, i.candidate])).toEqual([[0, false], [0, false]]);
    // a 组长 ranks the 邻长 under them; another community sees none of them
    expect(ok(await zz.client.get(`/api/grid/points/ranking?year=${year}`)).items.map((i: { personId: number }) => i.personId).sort()).toEqual(L.map((l) => l.personId).sort());
    const far = ok(await (await otherCommunityWorker(env)).get(`/api/grid/points/ranking?year=${year}&limit=500`));
    expect(far.items.map((i: { personId: number }) => i.personId)).not.toContain(L[0].personId);
  });

  it('tells a 邻长 their place among the community’s 邻长 without showing anyone else’s figures', async () => {
    // the office's ranking of the whole community is the independent reference
    const communityId = Number((await q<{ id: number }>(env, `SELECT p.id FROM places p JOIN places e ON e.path LIKE p.path || '%' WHERE e.id = $1 AND p.kind = 'community'`, [e.estateId]))[0].id);
    const all = ok(await community.get(`/api/grid/points/ranking?year=${year}&placeId=${communityId}&level=lin&limit=200`));
    for (const l of [L[0], L[1]]) {
      const mine = ok(await l.client.get(`/api/grid/points/mine?year=${year}`));
      const ref = all.items.find((i: { personId: number }) => i.personId === l.personId);
      expect(mine.standing).toMatchObject({ level: 'lin', rank: ref.rank, of: all.total });
      expect(Object.keys(mine.standing).sort()).toEqual(['candidate', 'community', 'level', 'of', 'rank']);
    }
    // someone who leads no cell has no standing
    expect(ok(await community.get(`/api/grid/points/mine?year=${year}`)).standing).toBeNull();
  });
});

describe('the organ-cadre report', () => {
  it('lists 三长 who are 机关党员干部 with their cells and the fee status unknown (no fee data), never a figure', async () => {
    await partyMember(env, L[0].personId, e.communityId, true);
    await partyMember(env, L[1].personId, e.communityId, false);
    const r = ok(await community.get(`/api/grid/cadres?placeId=${e.estateId}`));
    expect(r.items).toEqual([
      {
        personId: L[0].personId,
        name: `三长lz_p0`,
        phoneMasked: '137****1111',
        employer: '区住建委',
        partyStatus: 'full',
        cells: [{ id: lins[0], level: 'lin', name: '邻1', placeName: '1单元' }],
        feeStatus: 'unknown',
        feeReason: 'no_fee_data',
      },
    ]);
    expect(ok(await (await otherCommunityWorker(env)).get(`/api/grid/cadres?placeId=${e.estateId}`)).items).toEqual([]);
    expectError(await (await env.login('resident')).get('/api/grid/cadres'), 403, 'FORBIDDEN');
  });
});
