// Benchmarks of the request loop on PostgreSQL (nothing is asserted; figures depend on the machine).
//
// intake     POST /api/requests through the whole app (session, CSRF, validation, routing,
//            deadlines, rollup trigger, timeline, audit, notifications) by a logged-in resident,
//            against a bare Fastify server on the same database whose one route does one INSERT.
//            Both are driven by autocannon with the same connections and duration (client in a
//            worker thread), in a private schema with the demo district, dropped afterwards.
// dashboard  the three rates of a scope from the daily rollup (stats.ts scopeRates) against the
//            naive count over the raw rows (naiveScopeRates), for the district and one street, on
//            about a million requests; and GET /api/requests-stats end to end. The district and its
//            history are seeded into the schema `bench_requests` (minutes); --reuse keeps and
//            reuses that schema when it holds them.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/core/config';
import { openDatabase, type Database } from '../src/core/db/client';
import { migrate } from '../src/core/db/migrate';
import { PiiCipher } from '../src/core/people/pii';
import { buildApp } from '../src/server';
import { seedDistrict, DEMO_PASSWORD } from '../src/seed/index';
import { seedRequestHistory } from '../src/seed/requests';
import { naiveScopeRates, period, scopeRates } from '../src/modules/requests/stats';
import { DEFAULT_WEIGHTS } from '../src/modules/requests/rates';
import type { App } from '../src/core/manifest';

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, else DATABASE_URL; null: these benches are skipped. */
export function requestsBenchUrl(): string | null {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
}

const shown = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');
const PII = new PiiCipher(Buffer.alloc(32, 11));

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface IntakeBenchResult {
  databaseUrl: string;
  connections: number;
  seconds: number;
  app: LoadFigures & { rowsWritten: number };
  bare: LoadFigures & { rowsWritten: number };
  /** app ÷ bare requests per second (target ≥ 0.5) */
  ratio: number;
}

/** Warm up for 2 s (JIT, pool connections), then drive for `seconds`; `rows` counts what the measured run wrote. */
async function drive(url: string, headers: Record<string, string>, body: string, o: { connections: number; seconds: number; rows: () => Promise<number> }): Promise<LoadFigures & { rowsWritten: number }> {
  const run = (duration: number) => autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, connections: o.connections, duration, workers: 1 });
  await run(2);
  const before = await o.rows();
  const r = await run(o.seconds);
  return {
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    rowsWritten: (await o.rows()) - before,
  };
}

async function listen(app: { listen: (o: { port: number; host: string }) => Promise<unknown>; server: { address(): unknown } }): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function inSchema<R>(url: string, work: (database: Database) => Promise<R>): Promise<R> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 20 });
  try {
    return await work(database);
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

export async function runIntakeBench(opts: { databaseUrl: string; connections?: number; seconds?: number; log?: (msg: string) => void }): Promise<IntakeBenchResult> {
  const log = opts.log ?? console.log;
  const connections = opts.connections ?? 32;
  const seconds = opts.seconds ?? 10;
  log(`demo district in a private schema on ${shown(opts.databaseUrl)}; ${connections} connections, ${seconds} s each (after 2 s of warm-up)`);
  return inSchema(opts.databaseUrl, async (database) => {
    await migrate(database);
    await seedDistrict(database, { scale: 'demo', pii: PII, passwordCost: 10 });
    const count = async (table: string) => Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

    // the whole app, a resident logged in over HTTP
    const { app } = await buildApp({ config: loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600 }), database, pii: PII });
    let appFigures: LoadFigures & { rowsWritten: number };
    try {
      const base = await listen(app as App);
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident', password: DEMO_PASSWORD }) });
      if (login.status !== 200) throw new Error(`resident login failed: ${login.status}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('gz_sid='))!;
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      const session = { cookie, 'x-csrf-token': csrf };
      const home = (await (await fetch(`${base}/api/me/household`, { headers: session })).json()) as { homes: { unitId: number }[] };
      const unitId = home.homes[0].unitId;
      const cats = (await (await fetch(`${base}/api/requests/categories?placeId=${unitId}`, { headers: session })).json()) as { items: { id: number; code: string }[] };
      const noise = cats.items.find((c) => c.code === 'noise')!;
      const body = JSON.stringify({ categoryId: noise.id, placeId: unitId, title: '楼上深夜噪音', description: '楼上住户每晚十一点后仍有很大的响动，影响休息。' });
      const check = await fetch(`${base}/api/requests`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body });
      if (check.status !== 200) throw new Error(`POST /api/requests failed: ${check.status} ${await check.text()}`);
      log('  full app: POST /api/requests');
      appFigures = await drive(`${base}/api/requests`, session, body, { connections, seconds, rows: () => count('requests') });
    } finally {
      await app.close();
    }

    // the baseline: one route, one INSERT, same database and pool size
    await database.query(`CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    const bare = Fastify();
    bare.post('/bare', async (req) => {
      const r = await database.query<{ id: number }>(`INSERT INTO bench_bare (body) VALUES ($1) RETURNING id`, [JSON.stringify(req.body)]);
      return { id: r[0].id };
    });
    let bareFigures: LoadFigures & { rowsWritten: number };
    try {
      const base = await listen(bare);
      log('  bare Fastify: one INSERT');
      const payload = JSON.stringify({ description: '楼上住户每晚十一点后仍有很大的响动，影响休息。' });
      bareFigures = await drive(`${base}/bare`, {}, payload, { connections, seconds, rows: () => count('bench_bare') });
    } finally {
      await bare.close();
    }
    return {
      databaseUrl: shown(opts.databaseUrl),
      connections,
      seconds,
      app: appFigures,
      bare: bareFigures,
      ratio: appFigures.requestsPerSecond / bareFigures.requestsPerSecond,
    };
  });
}

// ---- dashboard ----------------------------------------------------------------------------------

export interface Timing {
  iterations: number;
  p50Ms: number;
  p95Ms: number;
}

export interface DashboardBenchResult {
  databaseUrl: string;
  schema: string;
  requests: number;
  rollupRows: number;
  reused: boolean;
  /** seeding the district and its history (null when reused) */
  seedSeconds: number | null;
  historySeconds: { generate: number; write: number; rollup: number } | null;
  period: { from: string; to: string };
  scopes: { name: string; kind: string; requests: number; rollup: Timing; naive: Timing; speedup: number }[];
  endpoint: { name: string; timing: Timing }[];
}

const SCHEMA = 'bench_requests';

export async function time(iterations: number, fn: () => Promise<unknown>): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)];
  return { iterations, p50Ms: at(0.5), p95Ms: at(0.95) };
}

export async function runDashboardBench(opts: { databaseUrl: string; reuse?: boolean; log?: (msg: string) => void }): Promise<DashboardBenchResult> {
  const log = opts.log ?? console.log;
  const admin = new pg.Client({ connectionString: opts.databaseUrl });
  await admin.connect();
  let reused = false;
  let seedSeconds: number | null = null;
  let historySeconds: DashboardBenchResult['historySeconds'] = null;
  try {
    if (opts.reuse) {
      const has = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'requests'`, [SCHEMA]);
      if (has.rowCount) {
        const n = Number((await admin.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.requests`)).rows[0].n);
        reused = n >= 900_000;
        if (reused) log(`reusing schema ${SCHEMA} on ${shown(opts.databaseUrl)}: ${n} requests`);
      }
    }
    if (!reused) {
      log(`seeding the district scale and its request history into schema ${SCHEMA} on ${shown(opts.databaseUrl)} (several minutes)`);
      await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, searchPath: SCHEMA, poolSize: 4 });
  try {
    if (!reused) {
      const t0 = performance.now();
      await migrate(database);
      const seeded = await seedDistrict(database, { scale: 'district', pii: PII, passwordCost: 10, onProgress: (m) => log(`  ${m}`) });
      log(`  district seeded in ${seeded.seconds.toFixed(1)} s`);
      // the demo seed may bring the history itself
      const n = Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`))[0].n);
      if (n === 0) {
        const h = await database.rawTransaction((q) => seedRequestHistory(q, { scale: 'district', onProgress: (m) => log(`  ${m}`) }));
        historySeconds = { generate: h.generateSeconds, write: h.writeSeconds, rollup: h.rollupSeconds };
        log(`  history: ${h.requests} requests, ${h.events} events in ${h.seconds.toFixed(1)} s (generate ${h.generateSeconds.toFixed(1)} s, waiting on writes ${h.writeSeconds.toFixed(1)} s, rollup rebuild ${h.rollupSeconds.toFixed(1)} s)`);
      }
      await database.query(`ANALYZE`);
      seedSeconds = (performance.now() - t0) / 1000;
    }
    const requests = Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`))[0].n);
    const rollupRows = Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_rollup`))[0].n);
    const { from, to } = period(undefined, undefined);
    const places = await database.query<{ id: number; name: string; kind: string; path: string }>(
      `(SELECT id::int AS id, name, kind, path FROM places WHERE kind = 'district' AND is_demo ORDER BY id DESC LIMIT 1)
       UNION ALL (SELECT id::int, name, kind, path FROM places WHERE kind = 'street' AND is_demo ORDER BY id LIMIT 1)`,
    );
    const scopes: DashboardBenchResult['scopes'] = [];
    for (const p of places) {
      const n = Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE place_path LIKE $1`, [p.path + '%']))[0].n);
      log(`  ${p.kind} ${p.name}: ${n} requests`);
      const a = await scopeRates(database.db, p.id, from, to, DEFAULT_WEIGHTS);
      const b = await naiveScopeRates(database.db, p.path, from, to, DEFAULT_WEIGHTS);
      if (JSON.stringify(a) !== JSON.stringify(b)) log(`  WARNING: the rollup and the naive count differ for ${p.name}`);
      const rollup = await time(300, () => scopeRates(database.db, p.id, from, to, DEFAULT_WEIGHTS));
      const naive = await time(7, () => naiveScopeRates(database.db, p.path, from, to, DEFAULT_WEIGHTS));
      scopes.push({ name: p.name, kind: p.kind, requests: n, rollup, naive, speedup: naive.p50Ms / rollup.p50Ms });
    }

    // the endpoint: session, scope check, rates, trend, categories, children, handlers, live counts
    const { app } = await buildApp({ config: loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600 }), database, pii: PII });
    const endpoint: DashboardBenchResult['endpoint'] = [];
    try {
      await app.ready();
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.statusCode}`);
      const cookie = `gz_sid=${login.cookies.find((c) => c.name === 'gz_sid')!.value}`;
      for (const p of places) {
        const url = `/api/requests-stats?placeId=${p.id}&step=month`;
        const first = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (first.statusCode !== 200) throw new Error(`GET ${url}: ${first.statusCode} ${first.body}`);
        endpoint.push({
          name: `GET /api/requests-stats (${p.kind}, 12 months by month)`,
          timing: await time(40, async () => {
            const r = await app.inject({ method: 'GET', url, headers: { cookie } });
            if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode}`);
          }),
        });
      }
    } finally {
      await app.close();
    }
    return { databaseUrl: shown(opts.databaseUrl), schema: SCHEMA, requests, rollupRows, reused, seedSeconds, historySeconds, period: { from, to }, scopes, endpoint };
  } finally {
    await database.close();
  }
}
