// Two app nodes on one PostgreSQL database, talked to over real HTTP: sessions, writes and logouts
// made on one node hold on the other, a sweep runs on one node at a time, and migrations started
// by two nodes at once are applied once. PostgreSQL only: PGlite is one process's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { freshDatabase, TEST_PII_KEY } from '../src/test/harness';
import { loadConfig } from '../src/core/config';
import { openDatabase, type Database } from '../src/core/db/client';
import { migrate, migrationFiles } from '../src/core/db/migrate';
import { PiiCipher } from '../src/core/people/pii';
import { seedDistrict, DEMO_PASSWORD } from '../src/seed/index';
import { buildApp } from '../src/server';
import { runSweep } from '../src/core/sweeps';
import type { App, AppContext, Sweep } from '../src/core/manifest';

const url = process.env.TEST_DATABASE_URL;
const SKIP_REASON = 'needs PostgreSQL; set TEST_DATABASE_URL=postgres://user@host:5432/db to run it';
const title = url ? 'two app instances on one PostgreSQL schema' : `two app instances (SKIPPED: ${SKIP_REASON})`;
if (!url) console.warn(`tests/two-instances.test.ts skipped: ${SKIP_REASON}`);

interface Node {
  name: string;
  app: App;
  ctx: AppContext;
  database: Database;
  base: string;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function call(node: Node, method: string, path: string, opts: { session?: Session; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = opts.session.csrf;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(node.base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, setCookies: res.headers.getSetCookie() };
}

async function login(node: Node, username: string): Promise<Session> {
  const res = await call(node, 'POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
  expect(res.status).toBe(200);
  const sid = res.setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('gz_sid='));
  expect(sid).toBeDefined();
  return { cookie: sid!, csrf: res.body.csrfToken as string };
}

describe.skipIf(!url)(title, () => {
  let setup: Awaited<ReturnType<typeof freshDatabase>>;
  let a: Node;
  let b: Node;
  let community1: number;

  async function startNode(name: string): Promise<Node> {
    const database = await openDatabase({ databaseUrl: setup.url, searchPath: setup.schema, poolSize: 5 });
    const config = loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600, nodeId: `node-${name}` });
    const { app, ctx } = await buildApp({ config, database, pii: new PiiCipher(TEST_PII_KEY) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { name, app, ctx, database, base: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    setup = await freshDatabase();
    await migrate(setup.database);
    await seedDistrict(setup.database, { scale: 'demo', pii: new PiiCipher(TEST_PII_KEY), passwordCost: 10 });
    [a, b] = await Promise.all([startNode('A'), startNode('B')]);
    expect(a.base).not.toBe(b.base);
    // the community the demo community worker serves: inside the demo street admin's street
    const r = await setup.database.query<{ id: number }>(
      `SELECT r.place_id AS id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'community' AND r.revoked_at IS NULL`,
    );
    community1 = Number(r[0].id);
  });

  afterAll(async () => {
    for (const n of [a, b]) {
      if (!n) continue;
      await n.app.close();
      await n.database.close();
    }
    if (setup) {
      await setup.database.close();
      await setup.dropSchema();
    }
  });

  it('a session made on A is valid on B', async () => {
    const s = await login(a, 'street');
    const me = await call(b, 'GET', '/api/me', { session: s });
    expect(me.status).toBe(200);
    expect((me.body.user as { username: string }).username).toBe('street');
    expect(me.body.csrfToken).toBe(s.csrf);
    expect((await call(b, 'GET', '/api/me')).status).toBe(401);
  });

  it('a change made through A is seen through B, and the other way round', async () => {
    const s = await login(a, 'street');
    const created = await call(a, 'POST', '/api/places', { session: s, body: { parentId: community1, name: '双节点小区' } });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    const seen = await call(b, 'GET', `/api/places/${id}`, { session: s });
    expect(seen.status).toBe(200);
    expect((seen.body.place as { name: string; kind: string }).name).toBe('双节点小区');

    // the CSRF token of the session works for writes on the other node too
    const renamed = await call(b, 'PATCH', `/api/places/${id}`, { session: s, body: { version: 1, name: '双节点家园' } });
    expect(renamed.status).toBe(200);
    expect(((await call(a, 'GET', `/api/places/${id}`, { session: s })).body.place as { name: string; version: number })).toMatchObject({ name: '双节点家园', version: 2 });
    // A's stale version is refused: the optimistic lock lives in the shared database
    const stale = await call(a, 'PATCH', `/api/places/${id}`, { session: s, body: { version: 1, name: '旧版本' } });
    expect(stale.status).toBe(409);
    expect((stale.body.error as { code: string }).code).toBe('PLACE_VERSION_CONFLICT');
  });

  it('logging out on B ends the session on A', async () => {
    const s = await login(a, 'community');
    expect((await call(a, 'GET', '/api/me', { session: s })).status).toBe(200);
    expect((await call(b, 'POST', '/api/auth/logout', { session: s, body: {} })).status).toBe(200);
    const after = await call(a, 'GET', '/api/me', { session: s });
    expect(after.status).toBe(401);
    expect((after.body.error as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it('a sweep started on both nodes at the same moment runs on exactly one', async () => {
    let runs = 0;
    const sweep: Sweep = {
      name: `test.two-nodes.${randomBytes(3).toString('hex')}`,
      run: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { slept: 300 };
      },
    };
    const [ra, rb] = await Promise.all([runSweep(a.ctx, sweep), runSweep(b.ctx, sweep)]);
    expect([ra, rb].filter((r) => r !== null)).toEqual([{ slept: 300 }]);
    expect([ra, rb].filter((r) => r === null)).toHaveLength(1);
    expect(runs).toBe(1);
    const rows = await setup.database.query<{ node_id: string; result: unknown }>(`SELECT node_id, result FROM sweep_runs WHERE name = $1`, [sweep.name]);
    expect(rows).toEqual([{ node_id: ra ? 'node-A' : 'node-B', result: { slept: 300 } }]);

    // the lock is released with the transaction: the other node may run it next time
    expect(await runSweep(ra ? b.ctx : a.ctx, sweep)).toEqual({ slept: 300 });
    expect(runs).toBe(2);
    expect(Number((await setup.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM sweep_runs WHERE name = $1`, [sweep.name]))[0].n)).toBe(2);
  });

  it('migrations started by two nodes at once on a fresh schema are applied once', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const one = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 2 });
    const two = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 2 });
    try {
      const [r1, r2] = await Promise.all([migrate(one), migrate(two)]);
      const all = migrationFiles().map((m) => m.name);
      expect([r1, r2].sort((x, y) => y.length - x.length)).toEqual([all, []]);
      const versions = await one.query<{ version: string; n: number }>(`SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version`);
      expect(versions).toEqual(migrationFiles().map((m) => ({ version: m.version, n: 1 })));
      expect(await one.query(`SELECT id, seq FROM audit_head`)).toEqual([{ id: 1, seq: 0 }]);
      // and a later start finds nothing to do
      expect(await migrate(two)).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });

  // 接诉即办 across nodes: the state, the timeline, the optimistic lock and the dashboard's rollup
  // (kept by a trigger in the writing transaction) live in the shared database
  it('a request filed through A is taken and resolved through B, and both read the same state and rollup', async () => {
    const resident = await login(a, 'resident');
    const worker = await login(b, 'community');
    const home = await call(a, 'GET', '/api/me/household', { session: resident });
    const unitId = (home.body.homes as { unitId: number }[])[0].unitId;
    const cats = await call(a, 'GET', `/api/requests/categories?placeId=${unitId}`, { session: resident });
    const noise = (cats.body.items as { id: number; code: string }[]).find((c) => c.code === 'noise')!;
    type Rates = { submitted: number; responseDue: number; respondedInTime: number; resolutionDue: number; resolvedInTime: number; rated: number; satisfied: number };
    const stats = async (node: Node) => {
      const res = await call(node, 'GET', `/api/requests-stats?placeId=${community1}&step=day`, { session: worker });
      expect(res.status).toBe(200);
      return res.body as { total: Rates; now: { open: number } };
    };
    const before = await stats(a);

    // filed on A: routed to the community (DOMAIN.md §3, 噪音扰民 → 社区)
    const created = await call(a, 'POST', '/api/requests', { session: resident, body: { categoryId: noise.id, placeId: unitId, description: '楼上每晚装修噪音（双节点）' } });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    expect(created.body.owner).toMatchObject({ kind: 'community', placeId: community1 });
    const inbox = await call(b, 'GET', '/api/requests?view=inbox&state=submitted&limit=100', { session: worker });
    expect((inbox.body.items as { id: number }[]).map((i) => i.id)).toContain(id);

    // taken, contacted and resolved on B, each with the version the other node wrote
    let version = created.body.version as number;
    for (const body of [{ action: 'accept' }, { action: 'contact', method: 'phone' }, { action: 'resolve', text: '已上门协调，约定施工时间' }]) {
      const res = await call(b, 'POST', `/api/requests/${id}/actions`, { session: worker, body: { ...body, version } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(version + 1);
      version = res.body.version as number;
    }
    // A sees what B did, in order; a write with the version A last saw is refused
    const seen = await call(a, 'GET', `/api/requests/${id}`, { session: resident });
    expect(seen.body).toMatchObject({ state: 'resolved', version });
    expect((seen.body.events as { type: string }[]).map((e) => e.type)).toEqual(['submitted', 'accept', 'contact', 'resolve']);
    const stale = await call(a, 'POST', `/api/requests/${id}/actions`, { session: resident, body: { action: 'rate', rating: 'satisfied', version: created.body.version } });
    expect(stale.status).toBe(409);
    expect((stale.body.error as { code: string }).code).toBe('CONFLICT');
    const rated = await call(a, 'POST', `/api/requests/${id}/actions`, { session: resident, body: { action: 'rate', rating: 'satisfied', version } });
    expect(rated.status).toBe(200);
    expect((await call(b, 'GET', `/api/requests/${id}`, { session: worker })).body.state).toBe('closed');

    // both nodes read one rollup: this request counted once in each of the three rates
    const [onA, onB] = [await stats(a), await stats(b)];
    expect(onA).toEqual(onB);
    const delta = (k: keyof Rates) => onA.total[k] - before.total[k];
    expect({ submitted: delta('submitted'), responseDue: delta('responseDue'), respondedInTime: delta('respondedInTime') }).toEqual({ submitted: 1, responseDue: 1, respondedInTime: 1 });
    expect({ resolutionDue: delta('resolutionDue'), resolvedInTime: delta('resolvedInTime'), rated: delta('rated'), satisfied: delta('satisfied') }).toEqual({
      resolutionDue: 1,
      resolvedInTime: 1,
      rated: 1,
      satisfied: 1,
    });
    expect(onA.now.open).toBe(before.now.open);
  });

  // last: it spends this address's login budget
  it('the login rate limit is one budget across both nodes', async () => {
    const limit = Number(process.env.LOGIN_RATE_PER_MINUTE ?? 30);
    const codes: number[] = [];
    for (let i = 0; i < 2 * limit + 2; i++) {
      const res = await call(i % 2 ? b : a, 'POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'wrong-guess-1' } });
      codes.push(res.status);
      if (res.status === 429) break;
    }
    // per-node counters would let through up to twice the limit before the first refusal
    expect(codes.at(-1)).toBe(429);
    expect(codes.length - 1).toBeLessThanOrEqual(limit);
    expect((await call(a, 'POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'x' } })).status).toBe(429);
    expect((await call(b, 'POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'x' } })).status).toBe(429);
  });
});
