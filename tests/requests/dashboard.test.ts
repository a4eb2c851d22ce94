// GET /api/requests-stats through HTTP (DOMAIN.md §3: the three rates and a composite with
// configurable weights): after a mix of handled requests the dashboard, read from the rollup the
// trigger keeps, equals the rates computed straight from the requests (naiveScopeRates) for every
// level of the place tree; the weights in the settings change the composite; the trend, the
// categories and the children add up; scope and period are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../src/test/harness';
import { runSweep } from '../../src/core/sweeps';
import { sweepDeadlines } from '../../src/modules/requests/sweep';
import { naiveScopeRates } from '../../src/modules/requests/stats';
import { threeRates } from '../../src/modules/requests/rates';
import type { RatesT, StatsT } from '../../src/modules/requests/schemas';
import { grantPlaceOf, pathOf, placeUnder } from '../helpers';
import { act, categoryId, fileAsResident, fileOnBehalf, loginAll, residentUnit, type DemoUser } from './support';

let env: TestEnv;
let c: Record<DemoUser, Client>;
let district: number;
let street: number;
let community: number;
let estate: number;
let farStreet: number;
let baseline: Stats; // the street's figures before this file's requests (the demo seed may bring a history)

type Rates = RatesT;
type Stats = StatsT;

async function stats(client: Client, query: string): Promise<Stats> {
  const res = await client.get(`/api/requests-stats?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Stats;
}

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  district = await placeId(env, 'district');
  street = await grantPlaceOf(env, 'street');
  community = await grantPlaceOf(env, 'community');
  estate = Number((await pathOf(env, await residentUnit(c.resident))).split('/')[4]);
  farStreet = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [street]))[0].id);

  baseline = await stats(c.street, `placeId=${street}&step=day`);
  // a mix: in time and rated, declined, reopened, unsatisfied, late by the sweep, another street
  const inTime = await fileAsResident(env, c.resident, 'noise');
  await act(c.community, inTime.id, { action: 'accept' });
  await act(c.community, inTime.id, { action: 'contact', method: 'phone' });
  await act(c.community, inTime.id, { action: 'resolve', text: '已处理' });
  await act(c.resident, inTime.id, { action: 'rate', rating: 'satisfied' });

  const declined = await fileAsResident(env, c.resident, 'parking');
  await act(c.community, declined.id, { action: 'decline', text: '不属于受理范围' });

  const reopened = await fileAsResident(env, c.resident, 'noise');
  await act(c.community, reopened.id, { action: 'accept' });
  await act(c.community, reopened.id, { action: 'resolve', text: '第一次处理' });
  await act(c.resident, reopened.id, { action: 'reopen', text: '问题依旧' });
  await act(c.community, reopened.id, { action: 'resolve', text: '第二次处理' });
  await act(c.resident, reopened.id, { action: 'rate', rating: 'unsatisfied', reasons: ['unresolved'] });

  const company = await fileAsResident(env, c.resident, 'rubbish');
  await act(c.property, company.id, { action: 'accept' });
  await act(c.property, company.id, { action: 'resolve', text: '已清运' });
  await act(c.resident, company.id, { action: 'rate', rating: 'basic' });

  const late = await fileAsResident(env, c.resident, 'noise');
  const lateResolve = await fileAsResident(env, c.resident, 'pet_waste');
  await act(c.property, lateResolve.id, { action: 'accept' });
  await act(c.property, lateResolve.id, { action: 'contact', method: 'visit' });
  await env.database.query(`UPDATE requests SET accept_due_at = now() - interval '3 hours' WHERE id = $1`, [late.id]);
  await env.database.query(`UPDATE requests SET resolve_due_at = now() - interval '3 hours' WHERE id = $1`, [lateResolve.id]);
  await runSweep(env.ctx, { name: 'requests.deadlines', run: sweepDeadlines });

  const elsewhere = await fileOnBehalf(env, c.admin, 'noise', await placeUnder(env, 'unit', farStreet));
  await act(c.admin, elsewhere.id, { action: 'accept' });
  await act(c.admin, elsewhere.id, { action: 'resolve', text: '街道办结' });
});
afterAll(async () => env?.close());

describe('GET /api/requests-stats: who and what', () => {
  it('needs a session and requests.dashboard over the place', async () => {
    expectError(await env.anon.get('/api/requests-stats?step=day'), 401, 'UNAUTHENTICATED');
    for (const who of ['resident', 'property', 'dept', 'linzhang'] as const) expectError(await c[who].get('/api/requests-stats?step=day'), 403, 'FORBIDDEN');
    expectError(await c.street.get(`/api/requests-stats?step=day&placeId=${farStreet}`), 403, 'NOT_IN_SCOPE');
    expectError(await c.street.get(`/api/requests-stats?step=day&placeId=${district}`), 403, 'NOT_IN_SCOPE');
    expectError(await c.community.get(`/api/requests-stats?step=day&placeId=${street}`), 403, 'NOT_IN_SCOPE');
  });

  it('refuses a bad period, step or place', async () => {
    for (const q of ['', 'step=week', 'step=day&from=2026-1-1', 'step=day&to=tomorrow', 'step=day&placeId=abc', 'step=day&categoryId=0']) {
      expectError(await c.admin.get(`/api/requests-stats?${q}`), 400, 'VALIDATION_FAILED');
    }
    expectError(await c.admin.get('/api/requests-stats?step=day&from=2026-05-01&to=2026-04-01'), 400, 'REQUEST_PERIOD_INVALID');
    expectError(await c.admin.get('/api/requests-stats?step=day&from=2020-01-01&to=2026-01-01'), 400, 'REQUEST_PERIOD_INVALID');
    expectError(await c.admin.get('/api/requests-stats?step=day&from=2026-02-30&to=2026-03-01'), 400);
    expectError(await c.admin.get(`/api/requests-stats?step=day&placeId=${await residentUnit(c.resident)}`), 400, 'PLACE_WRONG_KIND');
    expectError(await c.admin.get('/api/requests-stats?step=day&placeId=987654321'), 404, 'PLACE_NOT_FOUND');
  });

  it('defaults to the caller’s own area and the last year', async () => {
    const s = await stats(c.street, 'step=month');
    expect(s.scope).toMatchObject({ id: street, kind: 'street' });
    const cs = await stats(c.community, 'step=month');
    expect(cs.scope).toMatchObject({ id: community, kind: 'community' });
    expect(s.to >= s.from).toBe(true);
  });
});

describe('the figures', () => {
  it('equal the rates computed from the requests themselves at every level', async () => {
    for (const [who, place] of [
      [c.admin, district],
      [c.admin, farStreet],
      [c.street, street],
      [c.community, community],
      [c.community, estate],
    ] as const) {
      const s = await stats(who, `placeId=${place}&step=day`);
      const naive = await naiveScopeRates(env.ctx.db, await pathOf(env, place), s.from, s.to, s.weights);
      expect(s.total).toEqual(naive);
    }
    // what this file's six requests on the street added
    const s = (await stats(c.street, `placeId=${street}&step=day`)).total;
    const b = baseline.total;
    expect(s.submitted - b.submitted).toBe(6);
    // response due: in time ×4 (accept + contact or resolve), declined in time, late by the sweep; the pet-waste one in time
    expect([s.responseDue - b.responseDue, s.respondedInTime - b.respondedInTime]).toEqual([6, 5]);
    // resolution: in time ×2 (noise, rubbish), reopened, late by the sweep; the declined one counts apart
    expect([s.resolutionDue - b.resolutionDue, s.resolvedInTime - b.resolvedInTime]).toEqual([4, 2]);
    expect([s.declined - b.declined, s.reopened - b.reopened]).toEqual([1, 1]);
    expect([s.rated - b.rated, s.satisfied - b.satisfied]).toEqual([3, 2]);
  });

  it('adds up: trend, categories and children give the total', async () => {
    const s = await stats(c.street, `placeId=${street}&step=day`);
    const sum = (xs: Rates[], k: keyof Rates) => xs.reduce((a, x) => a + (x[k] as number), 0);
    for (const k of ['submitted', 'responseDue', 'respondedInTime', 'resolutionDue', 'resolvedInTime', 'rated', 'satisfied'] as const) {
      expect(sum(s.trend, k)).toBe(s.total[k]);
      expect(sum(s.byCategory, k)).toBe(s.total[k]);
      expect(sum(s.children, k)).toBe(s.total[k]);
    }
    expect(s.children.map((x) => x.placeId)).toContain(community);
    const noise = await categoryId(env, 'noise');
    const byNoise = await stats(c.street, `placeId=${street}&step=month&categoryId=${noise}`);
    expect(byNoise.total.submitted).toBe(s.byCategory.find((x) => x.categoryId === noise)!.submitted);
    // handlers: the community office and the property company
    expect(s.handlers.map((h) => h.kind).sort()).toEqual(expect.arrayContaining(['office', 'org']));
  });

  it('weighs the composite by the settings: the district’s, then a street’s own', async () => {
    const base = await stats(c.admin, `placeId=${district}&step=month`);
    const own = (await c.admin.get(`/api/request-settings/${district}`)).json();
    expect(base.weights).toEqual(own.effective.weights);
    const counts = (t: Rates) => ({ responseDue: t.responseDue, respondedInTime: t.respondedInTime, resolutionDue: t.resolutionDue, resolvedInTime: t.resolvedInTime, rated: t.rated, satisfied: t.satisfied });
    expect(base.total.composite).toBe(threeRates(counts(base.total), base.weights).composite);

    let res = await c.admin.put(`/api/request-settings/${district}`, { settings: { ...own.own, weights: { response: 100, resolution: 0, satisfaction: 0 } }, version: own.version });
    expect(res.statusCode, res.body).toBe(200);
    const onlyResponse = await stats(c.admin, `placeId=${district}&step=month`);
    expect(onlyResponse.weights).toEqual({ response: 100, resolution: 0, satisfaction: 0 });
    expect(onlyResponse.total.composite).toBe(onlyResponse.total.response!.percent);
    expect(onlyResponse.total.composite).not.toBe(base.total.composite);

    const streetOwn = (await c.street.get(`/api/request-settings/${street}`)).json();
    res = await c.street.put(`/api/request-settings/${street}`, { settings: { ...streetOwn.own, weights: { response: 0, resolution: 0, satisfaction: 1 } }, version: streetOwn.version });
    expect(res.statusCode, res.body).toBe(200);
    const streetView = await stats(c.street, `placeId=${street}&step=month`);
    expect(streetView.total.composite).toBe(streetView.total.satisfaction!.percent);
    expect((await stats(c.admin, `placeId=${district}&step=month`)).total.composite).toBe(onlyResponse.total.composite);
    // the street's communities use the street's weights
    const communityView = await stats(c.community, `placeId=${community}&step=month`);
    expect(communityView.weights).toEqual({ response: 0, resolution: 0, satisfaction: 1 });
  });
});
