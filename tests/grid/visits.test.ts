// The 三长's households and visits: a 邻长 sees their own households only (a 组长 those of their 组,
// a 片长 those of their 片); a visit with a concern files a request on the resident's behalf (channel
// grid), linked both ways, in the community's inbox and in the resident's own list; points once per
// visit and report; bad input is refused and leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { awardPoints } from '../../src/modules/party/points';
import { newAccount } from '../assemblies/estate-fixture';
import { categoryId } from '../requests/support';
import { createCell, gridEstate, gridLeader, num, ok, otherCommunityWorker, pianZu, q, sessionFor, type GridEstate } from './fixtures';

let env: TestEnv;
let community: Client;
let e: GridEstate;
let pz: Awaited<ReturnType<typeof gridLeader>>;
let zz: Awaited<ReturnType<typeof gridLeader>>;
let lzA: Awaited<ReturnType<typeof gridLeader>>;
let lzB: Awaited<ReturnType<typeof gridLeader>>;
let resident: Client;
let noise: number;
const HOUR = 3_600_000;

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  e = await gridEstate(env, { a: 6, b: 4 });
  pz = await gridLeader(env, 'pz_v', 'pian_zhang', e.communityId);
  zz = await gridLeader(env, 'zz_v', 'zu_zhang', e.estateId);
  lzA = await gridLeader(env, 'lz_a', 'lin_zhang', e.entA);
  lzB = await gridLeader(env, 'lz_b', 'lin_zhang', e.entB);
  const { zu } = await pianZu(community, e, { pian: pz.personId, zu: zz.personId });
  const linA = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: '1单元 第1邻', leaderPersonId: lzA.personId });
  const linB = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entB, name: '2单元 第1邻', leaderPersonId: lzB.personId });
  ok(await community.put(`/api/grid/lins/${linA.id}/households`, { householdIds: e.hhA }));
  ok(await community.put(`/api/grid/lins/${linB.id}/households`, { householdIds: e.hhB }));
  // the head of the first household has an account of their own
  const unit = await num(env, `SELECT unit_id FROM households WHERE id = $1`, [e.hhA[0]]);
  resident = await sessionFor(env, await newAccount(env, 'res_grid', 'resident', unit, e.headOf.get(e.hhA[0])!));
  noise = await categoryId(env, 'noise');
}, 300_000);
afterAll(async () => env?.close());

const ids = (list: { householdId: number }[]) => list.map((h) => h.householdId).sort((a, b) => a - b);
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const visitBody = (householdId: number, extra: Record<string, unknown> = {}) => ({ householdId, visitedAt: new Date(Date.now() - HOUR).toISOString(), notes: '入户走访', ...extra });

describe('my households', () => {
  it('a 邻长 sees their own households, a 组长 their 组’s, a 片长 their 片’s, with masked phones', async () => {
    const mine = ok(await lzA.client.get('/api/grid/mine'));
    expect(mine.cells.map((c: { name: string }) => c.name)).toEqual(['1单元 第1邻']);
    expect(ids(mine.households)).toEqual(sorted(e.hhA));
    expect(mine.households[0]).toMatchObject({ address: '3号楼1单元 101', members: 2, lastVisitAt: null, openRequests: 0 });
    expect(mine.households[0].phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(ids(ok(await zz.client.get('/api/grid/mine')).households)).toEqual(sorted([...e.hhA, ...e.hhB]));
    expect(ids(ok(await pz.client.get('/api/grid/mine')).households)).toEqual(sorted([...e.hhA, ...e.hhB]));
    expect(ok(await lzB.client.get('/api/grid/mine')).households.map((h: { householdId: number }) => h.householdId)).not.toContain(e.hhA[0]);
  });

  it('opens one of their households (members with masked phones, never ID numbers); 403 on another 邻’s', async () => {
    const d = ok(await lzA.client.get(`/api/grid/households/${e.hhA[0]}`));
    expect(d.members.map((m: { relation: string }) => m.relation)).toEqual(['head', 'spouse']);
    expect(d.members[0].phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(JSON.stringify(d)).not.toMatch(/idNumber|id_number|139\d{8}/);
    expectError(await lzA.client.get(`/api/grid/households/${e.hhB[0]}`), 403, 'NOT_IN_SCOPE');
    ok(await zz.client.get(`/api/grid/households/${e.hhB[0]}`));
    expectError(await lzA.client.get('/api/grid/households/99999999'), 404, 'GRID_HOUSEHOLD_NOT_FOUND');
    expectError(await community.get(`/api/grid/households/${e.hhA[0]}`), 403, 'FORBIDDEN');
    expectError(await env.anon.get(`/api/grid/households/${e.hhA[0]}`), 401, 'UNAUTHENTICATED');
  });
});

describe('visits', () => {
  it('a concern becomes a request on the resident’s behalf: channel grid, linked both ways, in the inbox and the resident’s list, points for both', async () => {
    const head = e.headOf.get(e.hhA[0])!;
    const v = ok(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { notes: '反映楼上夜间噪音', concern: { categoryId: noise, description: '楼上每晚十一点后有噪音' } })));
    expect(v).toMatchObject({ householdId: e.hhA[0], concern: true, pointsAwarded: 3, requestState: 'submitted' });
    const r = (await q(env, `SELECT channel, requester_user_id, requester_person_id::int AS p, requester_name, entered_by::int AS by, place_id::int AS place FROM requests WHERE id = $1`, [v.requestId]))[0];
    expect(r).toMatchObject({ channel: 'grid', requester_user_id: null, p: head, requester_name: (await q(env, `SELECT name FROM persons WHERE id = $1`, [head]))[0].name, by: lzA.userId });
    expect(r.place).toBe(await num(env, `SELECT unit_id FROM households WHERE id = $1`, [e.hhA[0]]));
    expect(await num(env, `SELECT request_id FROM grid_visits WHERE id = $1`, [v.id])).toBe(v.requestId);
    expect(ok(await community.get(`/api/grid/visits?requestId=${v.requestId}`)).items.map((x: { id: number }) => x.id)).toEqual([v.id]);
    const inbox = ok(await community.get('/api/requests?view=inbox&limit=100'));
    expect(inbox.items.map((x: { id: number }) => x.id)).toContain(v.requestId);
    const theirs = ok(await resident.get('/api/requests?view=mine'));
    expect(theirs.items.map((x: { id: number }) => x.id)).toEqual([v.requestId]);
    expect(ok(await resident.get(`/api/requests/${v.requestId}`)).capacities).toContain('requester');
    const pts = await q<{ kind: string; points: number; ref: number }>(env, `SELECT kind, points, ref_id::int AS ref FROM grid_points WHERE person_id = $1 ORDER BY kind`, [lzA.personId]);
    expect(pts).toEqual([{ kind: 'report', points: 2, ref: v.requestId }, { kind: 'visit', points: 1, ref: v.id }]);
    expect(await num(env, `SELECT count(*) FROM audit_log WHERE action = 'grid.visit.create' AND entity_id = $1`, [String(v.id)])).toBe(1);
    const row = ok(await lzA.client.get('/api/grid/mine')).households.find((h: { householdId: number }) => h.householdId === e.hhA[0]);
    expect(row.openRequests).toBe(1);
    expect(row.lastVisitAt).toBe(v.visitedAt);
    const d = ok(await lzA.client.get(`/api/grid/households/${e.hhA[0]}`));
    expect(d.visits.map((x: { id: number }) => x.id)).toContain(v.id);
    expect(d.requests.map((x: { id: number }) => x.id)).toContain(v.requestId);
  });

  it('a visit earns its points once', async () => {
    const v = ok(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[1])));
    expect(v).toMatchObject({ pointsAwarded: 1, requestId: null, concern: false });
    const again = await env.ctx.db.transaction((tx) => awardPoints(tx, { personId: lzA.personId, kind: 'visit', points: 1, refId: v.id, note: null, userId: lzA.userId }));
    expect(again).toBe(0);
    expect(await num(env, `SELECT count(*) FROM grid_points WHERE kind = 'visit' AND ref_id = $1`, [v.id])).toBe(1);
  });

  it('refuses a future or too old visit, notes too long, a household not theirs, a person not of the household — and writes nothing', async () => {
    const before = await num(env, `SELECT (SELECT count(*) FROM grid_visits) + (SELECT count(*) FROM requests) + (SELECT count(*) FROM grid_points)`);
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { visitedAt: new Date(Date.now() + 24 * HOUR).toISOString() })), 400, 'GRID_VISIT_DATE');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { visitedAt: new Date(Date.now() - 91 * 24 * HOUR).toISOString() })), 400, 'GRID_VISIT_DATE');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { visitedAt: 'yesterday' })), 400, 'VALIDATION_FAILED');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { notes: 'x'.repeat(2001) })), 400, 'VALIDATION_FAILED');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { notes: '' })), 400, 'VALIDATION_FAILED');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhB[0])), 403, 'NOT_IN_SCOPE');
    const stranger = e.headOf.get(e.hhB[0])!;
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { concern: { categoryId: noise, description: '噪音', personId: stranger } })), 400, 'GRID_PERSON_NOT_MEMBER');
    expectError(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[0], { concern: { categoryId: 99999, description: '噪音' } })), 400, 'REQUEST_CATEGORY_UNKNOWN');
    expectError(await community.post('/api/grid/visits', visitBody(e.hhA[0])), 403, 'FORBIDDEN');
    expectError(await env.anon.post('/api/grid/visits', visitBody(e.hhA[0])), 401);
    expect(await num(env, `SELECT (SELECT count(*) FROM grid_visits) + (SELECT count(*) FROM requests) + (SELECT count(*) FROM grid_points)`)).toBe(before);
  });

  it('the visits list is limited to the caller’s area', async () => {
    const v = ok(await lzA.client.post('/api/grid/visits', visitBody(e.hhA[2])));
    expect(ok(await lzA.client.get(`/api/grid/visits?householdId=${e.hhA[2]}`)).items.map((x: { id: number }) => x.id)).toContain(v.id);
    expect(ok(await zz.client.get(`/api/grid/visits?householdId=${e.hhA[2]}`)).items.map((x: { id: number }) => x.id)).toContain(v.id);
    expect(ok(await lzB.client.get(`/api/grid/visits?householdId=${e.hhA[2]}`)).items).toEqual([]);
    expect(ok(await (await otherCommunityWorker(env)).get(`/api/grid/visits?householdId=${e.hhA[2]}`)).items).toEqual([]);
    // dates are calendar days in China: the visit's own day holds it, the day before does not
    const day = new Date(Date.parse(v.visitedAt) + 8 * HOUR).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.parse(v.visitedAt) + 8 * HOUR - 24 * HOUR).toISOString().slice(0, 10);
    const on = (from: string, to: string) => community.get(`/api/grid/visits?householdId=${e.hhA[2]}&from=${from}&to=${to}`);
    expect(ok(await on(day, day)).items.map((x: { id: number }) => x.id)).toEqual([v.id]);
    expect(ok(await on(dayBefore, dayBefore)).items).toEqual([]);
    expectError(await community.get('/api/grid/visits?from=2026-13-01'), 400, 'VALIDATION_FAILED');
  });
});
