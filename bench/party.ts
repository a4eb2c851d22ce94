// Benchmark of the party and grid reports at the district scale (nothing is asserted; figures depend
// on the machine): the whole-district 应建尽建 coverage report (GET /api/party/coverage), the
// compliance calendar of every organisation (GET /api/party/calendar) and the 三长 coverage
// (GET /api/grid/coverage), each as the district admin through the whole app, against one plain SQL
// aggregate over the same rows. The district (≈ 480,000 residents, 13,752 邻长, ≈ 160,000
// households, its party organisation) is seeded into the schema `bench_party` on PostgreSQL
// (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else DATABASE_URL); --reuse keeps and reuses it.
import pg from 'pg';
import { loadConfig } from '../src/core/config';
import { openDatabase, type Database } from '../src/core/db/client';
import { migrate } from '../src/core/db/migrate';
import { PiiCipher } from '../src/core/people/pii';
import { buildApp } from '../src/server';
import { seedDistrict, DEMO_PASSWORD } from '../src/seed/index';
import { time, type Timing } from './requests';

const SCHEMA = 'bench_party';
const PII = new PiiCipher(Buffer.alloc(32, 13));
const shown = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');

export interface PartyBenchResult {
  databaseUrl: string;
  schema: string;
  reused: boolean;
  /** seeding the whole district (null when reused), and of it the party seed's own seconds */
  seedSeconds: number | null;
  partySeedSeconds: number | null;
  counts: Record<string, number>;
  reports: { name: string; url: string; bytes: number; app: Timing; baseline: Timing; baselineSql: string; ratio: number }[];
}

// one plain aggregate over the rows each report reads
const BASELINES: Record<string, string> = {
  coverage: `SELECT e.id, count(m.id) FILTER (WHERE m.status = 'full') AS full_members, min(oe.org_id) AS org, bool_or(w.estate_id IS NOT NULL) AS party_work
               FROM places e LEFT JOIN party_members m ON m.estate_id = e.id AND m.org_id IS NOT NULL
               LEFT JOIN party_org_estates oe ON oe.estate_id = e.id LEFT JOIN party_work_estates w ON w.estate_id = e.id
              WHERE e.kind = 'estate' AND e.retired_at IS NULL GROUP BY e.id`,
  calendar: `SELECT org_id, kind, date_trunc('month', held_on) AS month, count(*) FROM party_meetings
              WHERE held_on >= date_trunc('year', CURRENT_DATE) GROUP BY org_id, kind, month`,
  grid: `SELECT split_part(u.path, '/', 5) AS estate, count(*) AS households, count(gh.household_id) AS covered
           FROM households h JOIN places u ON u.id = h.unit_id LEFT JOIN grid_households gh ON gh.household_id = h.id
          WHERE h.retired_at IS NULL GROUP BY 1`,
};

async function prepareSchema(url: string, reuse: boolean, log: (m: string) => void): Promise<boolean> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    if (reuse) {
      const has = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'party_members'`, [SCHEMA]);
      if (has.rowCount) {
        const n = Number((await admin.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.party_members`)).rows[0].n);
        if (n > 10_000) {
          log(`reusing schema ${SCHEMA} on ${shown(url)}: ${n} party members`);
          return true;
        }
      }
    }
    log(`seeding the district scale into schema ${SCHEMA} on ${shown(url)} (a few minutes)`);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    return false;
  } finally {
    await admin.end();
  }
}

async function counts(database: Database): Promise<Record<string, number>> {
  const [r] = await database.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM household_members)::int AS residents, (SELECT count(*) FROM households)::int AS households,
            (SELECT count(*) FROM places WHERE kind = 'estate')::int AS estates,
            (SELECT count(*) FROM grid_cells WHERE level = 'lin')::int AS lins, (SELECT count(*) FROM grid_cells WHERE level = 'lin' AND leader_person_id IS NOT NULL)::int AS lin_leaders,
            (SELECT count(*) FROM party_members)::int AS party_members, (SELECT count(*) FROM party_orgs)::int AS party_orgs,
            (SELECT count(*) FROM party_meetings)::int AS party_meetings, (SELECT count(*) FROM party_meeting_attendance)::int AS attendance`,
  );
  return r;
}

export async function runPartyBench(opts: { databaseUrl: string; reuse?: boolean; iterations?: number; log?: (msg: string) => void }): Promise<PartyBenchResult> {
  const log = opts.log ?? console.log;
  const iterations = opts.iterations ?? 20;
  const reused = await prepareSchema(opts.databaseUrl, opts.reuse ?? false, log);
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, searchPath: SCHEMA, poolSize: 4 });
  let seedSeconds: number | null = null;
  let partySeedSeconds: number | null = null;
  try {
    if (!reused) {
      const t0 = performance.now();
      await migrate(database);
      const seeded = await seedDistrict(database, {
        scale: 'district',
        pii: PII,
        passwordCost: 10,
        requests: false,
        assemblies: false,
        onProgress: (m) => {
          log(`  ${m}`);
          // the party seed reports its own running seconds: keep the last
          const party = /party: .*\(([\d.]+) s\)$/.exec(m);
          if (party) partySeedSeconds = Number(party[1]);
        },
      });
      await database.query('ANALYZE');
      seedSeconds = (performance.now() - t0) / 1000;
      log(`  district seeded in ${seeded.seconds.toFixed(1)} s`);
    }
    const c = await counts(database);
    log(`  ${c.residents} residents in ${c.households} households, ${c.estates} estates; ${c.lins} 邻 (${c.lin_leaders} with a 邻长); ${c.party_members} party members in ${c.party_orgs} organisations, ${c.party_meetings} meetings, ${c.attendance} attendance rows`);

    const { app } = await buildApp({ config: loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600, logLevel: 'warn' }), database, pii: PII });
    const reports: PartyBenchResult['reports'] = [];
    try {
      await app.ready();
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.statusCode}`);
      const cookie = `gz_sid=${login.cookies.find((x) => x.name === 'gz_sid')!.value}`;
      const [district] = await database.query<{ id: number }>(`SELECT id::int AS id FROM places WHERE kind = 'district' AND is_demo ORDER BY id DESC LIMIT 1`);
      const routes = [
        { name: 'party coverage (应建尽建), whole district', key: 'coverage', url: `/api/party/coverage?placeId=${district.id}` },
        { name: 'compliance calendar, whole district', key: 'calendar', url: `/api/party/calendar?placeId=${district.id}` },
        { name: '三长 grid coverage, whole district', key: 'grid', url: `/api/grid/coverage?placeId=${district.id}` },
      ];
      for (const r of routes) {
        const first = await app.inject({ method: 'GET', url: r.url, headers: { cookie } });
        if (first.statusCode !== 200) {
          log(`  ${r.name}: GET ${r.url} answered ${first.statusCode}; skipped (${first.body.slice(0, 200)})`);
          continue;
        }
        const appTiming = await time(iterations, async () => {
          const res = await app.inject({ method: 'GET', url: r.url, headers: { cookie } });
          if (res.statusCode !== 200) throw new Error(`GET ${r.url}: ${res.statusCode}`);
        });
        const baseline = await time(iterations, () => database.query(BASELINES[r.key]));
        reports.push({ name: r.name, url: r.url, bytes: first.body.length, app: appTiming, baseline, baselineSql: BASELINES[r.key].replace(/\s+/g, ' '), ratio: appTiming.p50Ms / baseline.p50Ms });
      }
    } finally {
      await app.close();
    }
    return { databaseUrl: shown(opts.databaseUrl), schema: SCHEMA, reused, seedSeconds, partySeedSeconds, counts: c, reports };
  } finally {
    await database.close();
  }
}

export function printPartyBench(r: PartyBenchResult): void {
  const f1 = (n: number) => n.toFixed(1);
  if (r.seedSeconds !== null) console.log(`\n  seeded in ${f1(r.seedSeconds)} s (the party seed: ${r.partySeedSeconds === null ? 'n/a' : f1(r.partySeedSeconds) + ' s'})`);
  console.log('\n  report                                       answer     app p50 / p95            one SQL aggregate p50 / p95   app ÷ aggregate (p50)');
  for (const x of r.reports) {
    console.log(
      `  ${x.name.padEnd(44)} ${(Math.round(x.bytes / 1024) + ' kB').padStart(7)}   ${f1(x.app.p50Ms).padStart(7)} / ${f1(x.app.p95Ms).padStart(7)} ms   ${f1(x.baseline.p50Ms).padStart(9)} / ${f1(x.baseline.p95Ms).padStart(7)} ms        ${x.ratio.toFixed(2).padStart(6)}`,
    );
  }
}
