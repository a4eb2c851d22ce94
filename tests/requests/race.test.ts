// Concurrency on the request loop (CONVENTIONS: concurrency-sensitive writes use row locks, never
// read-then-write): two workers of the same community accept one request at the same moment,
// a resident's two ratings cross, two handlers act on the same version. Exactly one wins, the
// other gets 409, and the timeline, the audit ledger and the rollup count the winner once.
// PGlite runs one statement at a time, so the real test is on PostgreSQL (TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, count, grantPlaceOf, userIdOf } from '../helpers';
import { act, eventRows, fileAsResident, requestRow } from './support';

let env: TestEnv;
let resident: Client;
let workerA: Client; // the demo community worker
let workerB: Client; // a second worker on the same community, created through the users API
let workerAId: number;
let workerBId: number;

const statuses = (rs: LightMyRequestResponse[]) => rs.map((r) => r.statusCode).sort();

beforeAll(async () => {
  env = await createTestEnv();
  resident = await env.login('resident');
  workerA = await env.login('community');
  const admin = await env.login('admin');
  const password = 'Race#Worker2026';
  const created = await admin.post('/api/users', {
    username: 'community.two',
    displayName: '阳光社区社工二',
    password,
    grant: { role: 'community_worker', placeId: await grantPlaceOf(env, 'community') },
  });
  expect(created.statusCode, created.body).toBe(200);
  workerB = await env.loginChanged('community.two', password);
  workerAId = await userIdOf(env, 'community');
  workerBId = await userIdOf(env, 'community.two');
});
afterAll(async () => env?.close());

describe('two workers accept the same request at once', () => {
  it('the second worker is a handler of the community too', async () => {
    const r = await fileAsResident(env, resident, 'noise');
    const seen = (await workerB.get(`/api/requests/${r.id}`)).json();
    expect(seen.capacities).toContain('handler');
    expect(seen.actions).toContain('accept');
  });

  it('exactly one accept wins, the other is told the request moved on', async () => {
    for (let round = 0; round < 5; round++) {
      const r = await fileAsResident(env, resident, 'noise');
      const seq = await auditHeadSeq(env);
      const results = await Promise.all([
        workerA.post(`/api/requests/${r.id}/actions`, { action: 'accept' }),
        workerB.post(`/api/requests/${r.id}/actions`, { action: 'accept' }),
      ]);
      expect(statuses(results)).toEqual([200, 409]);
      const loser = results.find((x) => x.statusCode === 409)!;
      expectError(loser, 409, 'REQUEST_STATE_CONFLICT');
      const winner = results.findIndex((x) => x.statusCode === 200) === 0 ? workerAId : workerBId;
      expect((await eventRows(env, r.id)).filter((e) => e.type === 'accept')).toHaveLength(1);
      expect(await auditSince(env, seq, 'request.accept')).toMatchObject([{ entity_id: String(r.id), actor_user_id: winner }]);
      const row = await requestRow(env, r.id);
      expect(row).toMatchObject({ state: 'accepted', version: 2 });
      expect((await env.database.query<{ by: number }>(`SELECT accepted_by::int AS by FROM requests WHERE id = $1`, [r.id]))[0].by).toBe(winner);
      // the requester is told once
      expect(await count(env, `SELECT count(*) AS n FROM notifications WHERE link = $1 AND kind = 'request.update'`, [`/m/requests/${r.id}`])).toBe(1);
    }
  });

  it('two different actions on one version: one lands, the other is refused', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await fileAsResident(env, resident, 'noise');
      const results = await Promise.all([
        workerA.post(`/api/requests/${r.id}/actions`, { action: 'accept', version: 1 }),
        workerB.post(`/api/requests/${r.id}/actions`, { action: 'decline', text: '重复诉求', version: 1 }),
      ]);
      expect(statuses(results)).toEqual([200, 409]);
      const row = await requestRow(env, r.id);
      expect(['accepted', 'declined']).toContain(row.state);
      expect(row.version).toBe(2);
      expect((await eventRows(env, r.id)).map((e) => e.type).filter((t) => t !== 'submitted')).toHaveLength(1);
    }
  });
});

describe('two ratings at once', () => {
  it('exactly one is recorded and counted', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await fileAsResident(env, resident, 'noise');
      await act(workerA, r.id, { action: 'accept' });
      await act(workerA, r.id, { action: 'resolve', text: '已处理完毕' });
      const results = await Promise.all([
        resident.post(`/api/requests/${r.id}/actions`, { action: 'rate', rating: 'satisfied' }),
        resident.post(`/api/requests/${r.id}/actions`, { action: 'rate', rating: 'unsatisfied', reasons: ['slow'] }),
      ]);
      expect(statuses(results)).toEqual([200, 409]);
      expectError(results.find((x) => x.statusCode === 409)!, 409, 'REQUEST_STATE_CONFLICT');
      const won = results.findIndex((x) => x.statusCode === 200) === 0 ? 'satisfied' : 'unsatisfied';
      expect(await requestRow(env, r.id)).toMatchObject({ state: 'closed', rating: won });
      expect((await eventRows(env, r.id)).filter((e) => e.type === 'rate')).toHaveLength(1);
      // the rollup counts one rating for the request's estate and category (request_rollup, dim 1)
      const estate = Number((await env.database.query<{ e: number }>(`SELECT estate_id AS e FROM requests WHERE id = $1`, [r.id]))[0].e);
      const rated = await count(
        env,
        `SELECT coalesce(sum(rated), 0)::int AS n FROM request_rollup WHERE place_id = $1 AND dim = 1 AND dim_id = (SELECT category_id FROM requests WHERE id = $2)`,
        [estate, r.id],
      );
      const direct = await count(env, `SELECT count(*) AS n FROM requests WHERE estate_id = $1 AND category_id = (SELECT category_id FROM requests WHERE id = $2) AND rated_at IS NOT NULL`, [estate, r.id]);
      expect(rated).toBe(direct);
    }
  });
});
