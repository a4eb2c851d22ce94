// npm run bench [-- --only seed|coldstart|intake|dashboard] [--seed N] [--repeat N] [--reuse]
// Runs the benchmarks, prints figures and ratios, and writes bench/results/latest.json.
// Figures are reported, never asserted: they depend on the machine.
//   seed       seeding the district scale on PostgreSQL vs a raw COPY of the same rows
//              (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test;
//              works in private schemas it drops afterwards; --repeat runs of each, alternating, default 2)
//   coldstart  server start on the embedded database with the demo data: first and second start, RSS
//   intake     POST /api/requests through the whole app vs a bare Fastify route doing one INSERT
//              (PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else DATABASE_URL; skipped without)
//   dashboard  the three rates from the rollup vs the naive count over ~1,000,000 requests, and
//              GET /api/requests-stats (same database; seeds schema bench_requests, several minutes;
//              --reuse keeps and reuses it)
//   assemblies an estate of 10,000 voters × 10 matters: owners' ballots through the whole app vs a bare
//              INSERT, counting (tallyMatters + computeResults) vs one SQL aggregate, building and
//              verifying the public record (same database; schema bench_assemblies, --reuse keeps it)
//   party      the district's 应建尽建 coverage, compliance calendar and 三长 coverage through the app vs
//              one SQL aggregate each (same database; schema bench_party, --reuse keeps it)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSeedBench, type SeedBenchResult } from './seed';
import { runColdStart, type ColdStartResult } from './coldstart';
import { printAssembliesBench, runAssembliesBench, type AssembliesBenchResult } from './assemblies';
import { printPartyBench, runPartyBench, type PartyBenchResult } from './party';
import { requestsBenchUrl, runDashboardBench, runIntakeBench, type DashboardBenchResult, type IntakeBenchResult, type LoadFigures } from './requests';

const { values } = parseArgs({
  options: { only: { type: 'string' }, seed: { type: 'string', default: '20261122' }, repeat: { type: 'string', default: '2' }, reuse: { type: 'boolean', default: false } },
});
const BENCHES = ['seed', 'coldstart', 'intake', 'dashboard', 'assemblies', 'party'] as const;
type Bench = (typeof BENCHES)[number];
if (values.only !== undefined && !(BENCHES as readonly string[]).includes(values.only)) {
  console.error(`--only must be one of ${BENCHES.join(', ')}`);
  process.exit(2);
}
const selected: Bench[] = values.only ? [values.only as Bench] : [...BENCHES];
const seed = Number(values.seed);
const repeat = Number(values.repeat);
if (!Number.isInteger(seed) || !Number.isInteger(repeat) || repeat < 1) {
  console.error('--seed and --repeat must be integers (repeat ≥ 1)');
  process.exit(2);
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const results: { seed?: SeedBenchResult; coldstart?: ColdStartResult; intake?: IntakeBenchResult; dashboard?: DashboardBenchResult; assemblies?: AssembliesBenchResult; party?: PartyBenchResult } = {};
const started = performance.now();

if (selected.includes('seed')) {
  console.log('\n== seeding the district scale on PostgreSQL, vs COPY of the same rows');
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const r = await runSeedBench({ databaseUrl: url, seed, repeat });
  results.seed = r;
  const c = r.counts;
  const s = r.best.seed;
  const k = r.best.copy;
  const cpu = (v: number | null) => (v === null ? 'n/a' : `${f1(v)} s`);
  console.log(`\n  district: ${c.streets} streets + ${c.towns} towns, ${c.communities} communities, ${c.estates} estates, ${c.buildings} buildings, ${c.entrances} entrances, ${c.units} units`);
  console.log(`            ${c.residents} residents in ${c.households} households; 三长 ${c.pian_zhang} 片长, ${c.zu_zhang} 组长, ${c.lin_zhang} 邻长`);
  console.log(`  rows: ${int(r.rows)} in ${r.tables.length} tables${r.sameCounts ? ' (every run generated identical counts)' : ' (COUNTS DIFFER between runs!)'}`);
  console.log(`\n  best run of each (by write time):`);
  console.log('  table                  rows      insert s   COPY s   insert/COPY');
  for (const t of r.tables) {
    console.log(`  ${t.name.padEnd(20)} ${String(t.rows).padStart(8)}   ${f2(t.insertSeconds).padStart(8)} ${f2(t.copySeconds).padStart(8)}   ${f2(t.ratio).padStart(6)}`);
  }
  console.log('');
  console.log(`  seedDistrict  ${f1(s.seconds)} s = generate ${f1(s.generateSeconds)} s + insert ${f1(s.writeSeconds)} s (+ password hash, audit) → ${int(s.rowsPerSecond)} rows/s overall, ${int(s.writeRowsPerSecond)} rows/s writing; backend CPU ${cpu(s.backendCpuSeconds)}`);
  console.log(`  raw COPY      ${f1(k.seconds)} s = generate ${f1(k.generateSeconds)} s + COPY ${f1(k.writeSeconds)} s → ${int(k.rowsPerSecond)} rows/s overall, ${int(k.writeRowsPerSecond)} rows/s writing; backend CPU ${cpu(k.backendCpuSeconds)}`);
  console.log(`  ratios: insert ÷ COPY = ${f2(r.insertOverCopy)}; whole seeding ÷ (generate + COPY) = ${f2(r.totalOverCopyTotal)}; backend CPU seed ÷ COPY = ${r.backendCpuOverCopy === null ? 'n/a' : f2(r.backendCpuOverCopy)}`);
  const load = Math.max(...r.runs.map((x) => x.loadAverage));
  if (load > os.cpus().length) console.log(`  note: the machine was busy (load average up to ${f1(load)} on ${os.cpus().length} CPUs); wall times are noisy, CPU seconds less so`);
}

if (selected.includes('coldstart')) {
  console.log('\n== cold start on the embedded database with the demo data');
  const r = await runColdStart();
  results.coldstart = r;
  console.log('');
  console.log('  command                          first start   RSS (peak)           second start   RSS (peak)');
  for (const v of r.variants) {
    const mem = (x: { serverRssMB: number; serverPeakRssMB: number }) => `${f1(x.serverRssMB).padStart(6)} MB (${f1(x.serverPeakRssMB)})`;
    console.log(`  ${v.name.padEnd(32)} ${f2(v.first.seconds).padStart(8)} s ${mem(v.first).padEnd(20)} ${f2(v.second.seconds).padStart(8)} s ${mem(v.second)}`);
  }
  const [a, b] = r.variants;
  if (a && b) console.log(`  ratio: ${b.name} ÷ ${a.name}: first start ${f2(b.first.seconds / a.first.seconds)}, second start ${f2(b.second.seconds / a.second.seconds)}`);
}

const requestsUrl = requestsBenchUrl();
if ((selected.includes('intake') || selected.includes('dashboard') || selected.includes('assemblies') || selected.includes('party')) && !requestsUrl) {
  console.log('\n== intake, dashboard, assemblies: skipped (PostgreSQL only; set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL)');
}

if (selected.includes('intake') && requestsUrl) {
  console.log('\n== intake: POST /api/requests through the whole app vs a bare Fastify INSERT');
  const r = await runIntakeBench({ databaseUrl: requestsUrl });
  results.intake = r;
  const row = (name: string, x: LoadFigures & { rowsWritten: number }) =>
    console.log(`  ${name.padEnd(28)} ${int(x.requestsPerSecond).padStart(7)} req/s   p50 ${f1(x.p50Ms).padStart(6)} ms   p99 ${f1(x.p99Ms).padStart(6)} ms   ${x.requests} requests, ${x.rowsWritten} rows${x.non2xx || x.errors ? `, ${x.non2xx} non-2xx, ${x.errors} errors` : ''}`);
  console.log('');
  row('full app POST /api/requests', r.app);
  row('bare Fastify one INSERT', r.bare);
  console.log(`  ratio: full app ÷ bare = ${f2(r.ratio)} (target ≥ 0.5)`);
}

if (selected.includes('dashboard') && requestsUrl) {
  console.log('\n== dashboard: the three rates from the daily rollup vs the naive count over the requests');
  const r = await runDashboardBench({ databaseUrl: requestsUrl, reuse: values.reuse });
  results.dashboard = r;
  console.log(`\n  ${int(r.requests)} requests, ${int(r.rollupRows)} rollup rows; period ${r.period.from} … ${r.period.to}${r.reused ? ' (reused)' : `; seeded in ${f1(r.seedSeconds!)} s`}`);
  console.log('  scope                          requests   rollup p50 / p95        naive p50 / p95          speed-up (p50)');
  for (const s of r.scopes) {
    console.log(
      `  ${(s.kind + ' ' + s.name).padEnd(30)} ${String(s.requests).padStart(8)}   ${f2(s.rollup.p50Ms).padStart(7)} / ${f2(s.rollup.p95Ms).padStart(7)} ms   ${f1(s.naive.p50Ms).padStart(8)} / ${f1(s.naive.p95Ms).padStart(8)} ms   ${int(s.speedup).padStart(6)}×`,
    );
  }
  for (const e of r.endpoint) console.log(`  ${e.name}: p50 ${f1(e.timing.p50Ms)} ms, p95 ${f1(e.timing.p95Ms)} ms (${e.timing.iterations} calls)`);
}

if (selected.includes('assemblies') && requestsUrl) {
  console.log('\n== assemblies: 10,000 voters × 10 matters — ballots through the app vs a bare INSERT, the count vs one SQL aggregate, the public record');
  results.assemblies = await runAssembliesBench({ databaseUrl: requestsUrl, reuse: values.reuse });
  printAssembliesBench(results.assemblies);
}

if (selected.includes('party') && requestsUrl) {
  console.log('\n== party: the district’s coverage, calendar and 三长 coverage through the app vs one SQL aggregate each');
  results.party = await runPartyBench({ databaseUrl: requestsUrl, reuse: values.reuse });
  printPartyBench(results.party);
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'latest.json');
const report = {
  at: new Date().toISOString(),
  only: values.only ?? null,
  seconds: (performance.now() - started) / 1000,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memoryGB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version },
  results,
};
fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), file)} (${f1(report.seconds)} s in all)`);
