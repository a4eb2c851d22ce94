// The frozen roll shown to the estate's owners for objections (DOMAIN.md §4: the roll is frozen when
// the vote is announced and shown, names masked, so owners can object before voting opens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { grantPlaceOf } from '../helpers';

let env: TestEnv;
let organiser: Client;
let owner: Client;
let assemblyId: number;

beforeAll(async () => {
  env = await createTestEnv();
  organiser = await env.login('community');
  owner = await env.login('owner1');
  const estate = await grantPlaceOf(env, 'yeweihui');
  const day = 86_400_000;
  const created = await organiser.post('/api/assemblies', {
    estateId: estate,
    title: '业主名册公示测试',
    kind: 'regular',
    organiserKind: 'residents_committee',
    organiserName: '社区居民委员会',
    votingOpensAt: new Date(Date.now() + 16 * day).toISOString(),
    votingClosesAt: new Date(Date.now() + 30 * day).toISOString(),
  });
  expect(created.statusCode, created.body).toBe(200);
  assemblyId = created.json().id;
  expect((await organiser.post(`/api/assemblies/${assemblyId}/matters`, { item: 5, title: '使用维修资金维修屋面' })).statusCode).toBe(200);
});
afterAll(async () => env?.close());

describe('GET /api/my/assemblies/:id/roll', () => {
  it('is not there before the announcement (a draft roll is not published)', async () => {
    expectError(await owner.get(`/api/my/assemblies/${assemblyId}/roll`), 404, 'ASSEMBLY_NOT_FOUND');
  });

  it('shows an owner the whole frozen roll with names masked, without delivery or voting marks', async () => {
    expect((await organiser.post(`/api/assemblies/${assemblyId}/announce`)).statusCode).toBe(200);
    const res = await owner.get(`/api/my/assemblies/${assemblyId}/roll?limit=500`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const voters = await env.database.query<{ n: number; area: string }>(
      `SELECT count(*)::int AS n, sum(area_centi)::text AS area FROM assembly_voters WHERE assembly_id = $1 AND active`,
      [assemblyId],
    );
    expect(body.total).toBe(Number(voters[0].n));
    expect(body.totals).toEqual({ areaCenti: voters[0].area, persons: Number(voters[0].n) });
    const names = await env.database.query<{ name: string }>(`SELECT name FROM assembly_voters WHERE assembly_id = $1 AND kind = 'person'`, [assemblyId]);
    for (const item of body.items) {
      expect(item.delivery).toBeNull();
      expect(item.voted).toBe(false);
      if (item.kind === 'person') expect(names.some((n) => n.name === item.name)).toBe(false);
    }
  });

  it('searches by unit for owners, never by name (a name search would reveal who owns here)', async () => {
    const [full] = await env.database.query<{ name: string }>(`SELECT name FROM assembly_voters WHERE assembly_id = $1 AND kind = 'person' ORDER BY voter_no LIMIT 1`, [assemblyId]);
    const byName = await owner.get(`/api/my/assemblies/${assemblyId}/roll?q=${encodeURIComponent(full.name.split('、')[0])}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json().total).toBe(0);
    const asOrganiser = await organiser.get(`/api/assemblies/${assemblyId}/roll?q=${encodeURIComponent(full.name.split('、')[0])}`);
    expect(asOrganiser.json().total).toBeGreaterThan(0);
    const byUnit = await owner.get(`/api/my/assemblies/${assemblyId}/roll?q=101`);
    expect(byUnit.json().total).toBeGreaterThan(0);
    for (const item of byUnit.json().items) expect(item.units.some((u: string) => u.includes('101'))).toBe(true);
  });

  it('is refused to someone who is not an owner on the roll, and to anonymous callers', async () => {
    expectError(await organiser.get(`/api/my/assemblies/${assemblyId}/roll`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await (await env.login('linzhang')).get(`/api/my/assemblies/${assemblyId}/roll`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await env.anon.get(`/api/my/assemblies/${assemblyId}/roll`), 401, 'UNAUTHENTICATED');
  });
});
