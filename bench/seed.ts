// Benchmark: seeding the district scale on PostgreSQL, compared with a raw COPY of the very same
// generated rows into the same tables.
//
// Every load gets a private schema on BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local
// test database), freshly migrated, so each meets the same empty tables, indexes, constraints and
// foreign keys, and starts after a CHECKPOINT. Two kinds of load:
//   seed  `seedDistrict` end to end: generate, INSERT … unnest per batch in one transaction, audit;
//   copy  the generator again with the same seed and id base (identical rows; only the random IVs
//         of the ID ciphertexts differ), then COPY … FROM STDIN of every table in one transaction.
// Both encrypt the ID numbers while writing. With --repeat N they alternate (seed, copy, copy,
// seed, …) and the best run of each is compared. Besides wall time, the CPU seconds of this process
// and of the PostgreSQL backends doing the load are read from /proc when the database is local:
// on a busy machine they are steadier than wall time. The schemas are dropped. Nothing is asserted.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Database } from '../src/core/db/client';
import { migrate } from '../src/core/db/migrate';
import { PiiCipher } from '../src/core/people/pii';
import { hashPassword } from '../src/core/auth/password';
import { generateDistrict, type Table, type ColType } from '../src/seed/generate';
import { seedDistrict, idBase, DEMO_PASSWORD } from '../src/seed/index';
import { SCALES } from '../src/seed/scales';

export interface LoadRun {
  kind: 'seed' | 'copy';
  /** whole load: generating included */
  seconds: number;
  generateSeconds: number;
  /** writing only: INSERT … unnest batches, or COPY */
  writeSeconds: number;
  rowsPerSecond: number;
  writeRowsPerSecond: number;
  /** CPU seconds of this process during the load */
  clientCpuSeconds: number;
  /** CPU seconds of the PostgreSQL backends doing the load (null if the server is not local) */
  backendCpuSeconds: number | null;
  tables: { name: string; rows: number; seconds: number }[];
  loadAverage: number;
}

export interface SeedBenchResult {
  databaseUrl: string;
  scale: 'district';
  seed: number;
  rows: number;
  counts: Record<string, number>;
  runs: LoadRun[];
  best: { seed: LoadRun; copy: LoadRun };
  tables: { name: string; rows: number; insertSeconds: number; copySeconds: number; ratio: number }[];
  /** best seeding write phase ÷ best COPY of the same rows (1 = as fast as COPY) */
  insertOverCopy: number;
  /** best whole seeding ÷ best (same generator + COPY) */
  totalOverCopyTotal: number;
  /** backend CPU of the seeding's load ÷ COPY's (null if not measurable) */
  backendCpuOverCopy: number | null;
  /** every run generated the same counts */
  sameCounts: boolean;
}

const COPY_ROWS_PER_CHUNK = 5_000;
const ESCAPE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY text format for one value. */
function copyValue(v: unknown, type: ColType): string {
  if (v === null || v === undefined) return '\\N';
  if (type === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.replace(ESCAPE, (c) => ESCAPES[c]);
}

async function* copyChunks(t: Table): AsyncGenerator<string> {
  const types = t.columns.map(([, type]) => type);
  for (let start = 0; start < t.length; start += COPY_ROWS_PER_CHUNK) {
    const end = Math.min(start + COPY_ROWS_PER_CHUNK, t.length);
    const cols = t.columns.map((_, i) => t.column(i, start, end));
    const lines = new Array<string>(end - start);
    for (let r = 0; r < end - start; r++) {
      let line = copyValue(cols[0][r], types[0]);
      for (let c = 1; c < cols.length; c++) line += '\t' + copyValue(cols[c][r], types[c]);
      lines[r] = line;
    }
    yield lines.join('\n') + '\n';
  }
}

async function copyTable(client: pg.PoolClient, t: Table): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${t.name} (${t.columns.map(([c]) => c).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(t)), stream);
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds of the backends whose application_name is `app`, by pid, from /proc (local server only). */
async function backendCpu(admin: pg.Client, app: string): Promise<Map<number, number> | null> {
  const pids = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app])).rows;
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null; // not this machine's process table
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(pid, (Number(f[11]) + Number(f[12])) / TICKS); // utime, stime
  }
  return out;
}

function cpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return s;
}

async function withSchema<R>(url: string, work: (database: Database, measure: <T>(fn: () => Promise<T>) => Promise<{ value: T; clientCpu: number; backendCpu: number | null; load: number }>) => Promise<R>): Promise<R> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const app = `gongzhi_${schema}`;
  const withApp = new URL(url);
  withApp.searchParams.set('application_name', app);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await openDatabase({ databaseUrl: withApp.toString(), searchPath: schema, poolSize: 4 });
  try {
    await migrate(database);
    const measure = async <T,>(fn: () => Promise<T>) => {
      // start each timed load from a clean checkpoint, so one run does not pay for the other's dirty pages
      await admin.query('CHECKPOINT').catch(() => undefined);
      const load = os.loadavg()[0];
      const b0 = await backendCpu(admin, app);
      const c0 = process.cpuUsage();
      const value = await fn();
      const c1 = process.cpuUsage(c0);
      const b1 = await backendCpu(admin, app);
      return { value, clientCpu: (c1.user + c1.system) / 1e6, backendCpu: cpuDelta(b0, b1), load };
    };
    return await work(database, measure);
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

async function seedRun(url: string, seed: number, pii: PiiCipher): Promise<{ run: LoadRun; counts: Record<string, number> }> {
  return withSchema(url, async (database, measure) => {
    const m = await measure(() => seedDistrict(database, { scale: 'district', seed, pii }));
    const r = m.value;
    return {
      counts: r.counts,
      run: {
        kind: 'seed',
        seconds: r.seconds,
        generateSeconds: r.generateSeconds,
        writeSeconds: r.insertSeconds,
        rowsPerSecond: r.rows / r.seconds,
        writeRowsPerSecond: r.rows / r.insertSeconds,
        clientCpuSeconds: m.clientCpu,
        backendCpuSeconds: m.backendCpu,
        tables: r.tables,
        loadAverage: m.load,
      },
    };
  });
}

async function copyRun(url: string, seed: number, pii: PiiCipher, passwordHash: string): Promise<{ run: LoadRun; counts: Record<string, number> }> {
  return withSchema(url, async (database, measure) => {
    const client = await database.pool!.connect();
    try {
      const m = await measure(async () => {
        const t0 = performance.now();
        const base = await idBase(async (text, params) => (await client.query(text, params)).rows);
        const gen = generateDistrict({ scale: SCALES.district, seed, base, pii, passwordHash });
        const generateSeconds = (performance.now() - t0) / 1000;
        const tables: { name: string; rows: number; seconds: number }[] = [];
        const c0 = performance.now();
        await client.query('BEGIN');
        for (const t of gen.tables) {
          const t1 = performance.now();
          await copyTable(client, t);
          tables.push({ name: t.name, rows: t.length, seconds: (performance.now() - t1) / 1000 });
        }
        await client.query('COMMIT');
        const writeSeconds = (performance.now() - c0) / 1000;
        return { gen, generateSeconds, writeSeconds, tables, seconds: (performance.now() - t0) / 1000 };
      });
      const rows = m.value.gen.tables.reduce((s, t) => s + t.length, 0);
      return {
        counts: m.value.gen.counts,
        run: {
          kind: 'copy',
          seconds: m.value.seconds,
          generateSeconds: m.value.generateSeconds,
          writeSeconds: m.value.writeSeconds,
          rowsPerSecond: rows / m.value.seconds,
          writeRowsPerSecond: rows / m.value.writeSeconds,
          clientCpuSeconds: m.clientCpu,
          backendCpuSeconds: m.backendCpu,
          tables: m.value.tables,
          loadAverage: m.load,
        },
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  });
}

export async function runSeedBench(opts: { databaseUrl: string; seed?: number; repeat?: number; log?: (msg: string) => void }): Promise<SeedBenchResult> {
  const log = opts.log ?? console.log;
  const seed = opts.seed ?? 20261122;
  const repeat = Math.max(1, opts.repeat ?? 1);
  const pii = new PiiCipher(randomBytes(32));
  const url = opts.databaseUrl;
  const shownUrl = url.replace(/\/\/[^@]*@/, '//…@');
  const passwordHash = await hashPassword(DEMO_PASSWORD, 10);
  log(`district scale, seed ${seed}, on ${shownUrl}; ${repeat} run(s) of each, alternating`);

  const runs: LoadRun[] = [];
  const counts: string[] = [];
  let lastCounts: Record<string, number> = {};
  const order: ('seed' | 'copy')[] = [];
  for (let i = 0; i < repeat; i++) order.push(...(i % 2 === 0 ? (['seed', 'copy'] as const) : (['copy', 'seed'] as const)));
  for (const kind of order) {
    const r = kind === 'seed' ? await seedRun(url, seed, pii) : await copyRun(url, seed, pii, passwordHash);
    runs.push(r.run);
    counts.push(JSON.stringify(r.counts));
    lastCounts = r.counts;
    const rows = r.run.tables.reduce((s, t) => s + t.rows, 0);
    log(
      `  ${kind === 'seed' ? 'seedDistrict' : 'COPY        '}  ${r.run.seconds.toFixed(1)} s (generate ${r.run.generateSeconds.toFixed(1)} s, write ${r.run.writeSeconds.toFixed(1)} s) for ${rows} rows;` +
        ` CPU: this process ${r.run.clientCpuSeconds.toFixed(1)} s, backend ${r.run.backendCpuSeconds === null ? 'n/a' : r.run.backendCpuSeconds.toFixed(1) + ' s'}; load ${r.run.loadAverage.toFixed(1)}`,
    );
  }
  const best = (kind: 'seed' | 'copy') => runs.filter((r) => r.kind === kind).sort((a, b) => a.writeSeconds - b.writeSeconds)[0];
  const bs = best('seed');
  const bc = best('copy');
  const minCpu = (kind: 'seed' | 'copy') => {
    const v = runs.filter((r) => r.kind === kind).map((r) => r.backendCpuSeconds);
    return v.some((x) => x === null) ? null : Math.min(...(v as number[]));
  };
  const cpuSeed = minCpu('seed');
  const cpuCopy = minCpu('copy');
  return {
    databaseUrl: shownUrl,
    scale: 'district',
    seed,
    rows: bc.tables.reduce((s, t) => s + t.rows, 0),
    counts: lastCounts,
    runs,
    best: { seed: bs, copy: bc },
    tables: bc.tables.map((t) => {
      const insertSeconds = bs.tables.find((x) => x.name === t.name)?.seconds ?? NaN;
      return { name: t.name, rows: t.rows, insertSeconds, copySeconds: t.seconds, ratio: insertSeconds / t.seconds };
    }),
    insertOverCopy: bs.writeSeconds / bc.writeSeconds,
    totalOverCopyTotal: bs.seconds / bc.seconds,
    backendCpuOverCopy: cpuSeed !== null && cpuCopy !== null ? cpuSeed / cpuCopy : null,
    sameCounts: counts.every((c) => c === counts[0]),
  };
}
