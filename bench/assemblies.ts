// Benchmark of owners' assemblies on PostgreSQL at an estate of 10,000 voters × 10 matters
// (nothing is asserted; figures depend on the machine).
//
//   cast     ballots per second through the whole HTTP stack: POST /api/my/assemblies/:id/ballot
//            by logged-in owners, each with their session cookie, CSRF token and one-time code
//            (session, CSRF, validation, the owner's voter, the code check, castBallot under the
//            assembly row lock, the ledger append, the audit entry), from a client in a worker
//            thread, against a bare Fastify route doing one INSERT, same client, concurrency and
//            count. The owners' sessions and codes are written straight into the tables (no
//            password hashing, no text messages in the measured part).
//   count    counting the estate: tallyMatters (one SQL aggregate over the counted ballots, per
//            matter and choice, weighted from the frozen roll) + computeResults (民法典 第278条 on
//            every matter), p50/p95 over repeated runs, against the plain SQL aggregate alone,
//            alternating in the same run.
//   record   building the public record (buildPublicRecord), its size, and verifying it from its
//            JSON text (parse + verifyPublicRecord: chain, replay, recount); GET …/record once.
// The remaining voters' ballots are written in bulk (with their ledger entries, chained after the
// HTTP ones), so the count and the record cover all 10,000 voters. Everything lives in the schema
// `bench_assemblies` (the demo district plus the bench estate); --reuse keeps the seeded district
// and builds a new assembly in it.
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import pg from 'pg';
import stringify from 'safe-stable-stringify';
import { loadConfig } from '../src/core/config';
import { openDatabase, type Database } from '../src/core/db/client';
import { migrate } from '../src/core/db/migrate';
import { PiiCipher } from '../src/core/people/pii';
import { buildApp } from '../src/server';
import { seedDistrict } from '../src/seed/index';
import type { App, AppContext } from '../src/core/manifest';
import { appendLedger, ledgerHash } from '../src/modules/assemblies/ledger';
import { newReceipt } from '../src/modules/assemblies/ballots';
import { otpHash } from '../src/modules/assemblies/otp';
import { assemblyRow, closeVoting, computeResults, countResults, electionOf, tallyMatters } from '../src/modules/assemblies/service';
import { buildPublicRecord, verifyPublicRecord } from '../src/modules/assemblies/record';
import { archiveXlsx, loadExportData, noticePdf } from '../src/modules/assemblies/exports';
import type { Choice, Figures } from '../src/modules/assemblies/rule';

const SCHEMA = 'bench_assemblies';
const PII = new PiiCipher(Buffer.alloc(32, 13));
const shown = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');

export interface Timing {
  iterations: number;
  p50Ms: number;
  p95Ms: number;
}

export interface CastFigures {
  ballots: number;
  seconds: number;
  ballotsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  rowsWritten: number;
}

export interface AssembliesBenchResult {
  databaseUrl: string;
  schema: string;
  reused: boolean;
  voters: number;
  matters: number;
  buildSeconds: number;
  cast: { route: string; concurrency: number; app: CastFigures; bare: CastFigures; ratio: number; bareLocked: CastFigures; ratioLocked: number };
  bulkSeconds: number;
  countResultsMs: number;
  count: { tally: Timing; plain: Timing; ratio: number; same: boolean };
  record: { buildMs: number; bytes: number; verifyMs: number; ok: boolean; ledgerEntries: number; ballots: number; httpMs: number };
  files: { pdfMs: number; pdfBytes: number; xlsxMs: number; xlsxBytes: number };
}

function timing(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { iterations: s.length, p50Ms: at(0.5), p95Ms: at(0.95) };
}

// ---- the client: a worker thread sending prepared requests with a fixed concurrency ----------------

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, requests, concurrency } = workerData;
(async () => {
  const lat = [];
  let next = 0, non2xx = 0, errors = 0;
  const samples = [];
  const t0 = performance.now();
  async function loop() {
    for (;;) {
      const i = next++;
      if (i >= requests.length) return;
      const r = requests[i];
      const s = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body });
        const text = await res.text();
        if (res.status !== 200) { non2xx++; if (samples.length < 3) samples.push(res.status + ' ' + text.slice(0, 300)); }
      } catch (e) { errors++; if (samples.length < 3) samples.push(String(e)); }
      lat.push(performance.now() - s);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, lat, non2xx, errors, samples });
})();
`;

interface Prepared {
  headers: Record<string, string>;
  body: string;
}

async function drive(url: string, requests: Prepared[], concurrency: number): Promise<Omit<CastFigures, 'rowsWritten'> & { samples: string[] }> {
  const out = await new Promise<{ seconds: number; lat: number[]; non2xx: number; errors: number; samples: string[] }>((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { url, requests, concurrency } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  const t = [...out.lat].sort((a, b) => a - b);
  const at = (p: number) => t[Math.min(t.length - 1, Math.ceil(p * t.length) - 1)];
  return { ballots: requests.length, seconds: out.seconds, ballotsPerSecond: requests.length / out.seconds, p50Ms: at(0.5), p99Ms: at(0.99), non2xx: out.non2xx, errors: out.errors, samples: out.samples };
}

async function listen(app: { listen: (o: { port: number; host: string }) => Promise<unknown>; server: { address(): unknown } }): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A JS array as one Postgres array parameter. */
const arr = (values: (string | number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
const ITEMS = [4, 5, 6, 1, 2, 9, 8, 7, 9, 5];

/** Voter i's choice on matter seq: most matters pass, the special items (6–8) fall short of 3/4 by heads. */
function choiceOf(i: number, seq: number): Choice {
  const r = (i * 31 + seq * 17) % 100;
  if (ITEMS[seq - 1] >= 6 && ITEMS[seq - 1] <= 8) return r < 72 ? 'agree' : r < 90 ? 'oppose' : 'abstain';
  return r < 64 ? 'agree' : r < 88 ? 'oppose' : 'abstain';
}

interface Built {
  id: number;
  voters: { id: number; voterNo: number; personId: number }[];
  matters: { id: number; seq: number }[];
}

/** An estate of `voters` owners with a voting assembly of `matters` matters, all in SQL (seconds). */
async function buildEstate(database: Database, ctx: AppContext, voters: number, matters: number): Promise<Built> {
  const q = database.query.bind(database);
  const community = (await q<{ id: number; path: string; depth: number }>(`SELECT id, path, depth FROM places WHERE kind = 'community' ORDER BY id LIMIT 1`))[0];
  const admin = (await q<{ id: number }>(`SELECT id FROM users WHERE username = 'admin'`))[0];
  const tag = randomBytes(3).toString('hex');
  const estate = (await q<{ id: number }>(`INSERT INTO places (parent_id, kind, name, path, depth) VALUES ($1, 'estate', $2, '', $3) RETURNING id`, [community.id, `万户基准小区-${tag}`, community.depth + 1]))[0];
  const path = `${community.path}${estate.id}/`;
  await q(`UPDATE places SET path = $1 WHERE id = $2`, [path, estate.id]);
  const persons = await q<{ id: number }>(
    `INSERT INTO persons (name) SELECT ($1::text[])[1 + i % 20] || ($2::text[])[1 + (i / 20) % 20] || CASE WHEN i % 3 = 0 THEN ($2::text[])[1 + (i / 400) % 20] ELSE '' END
       FROM generate_series(0, $3 - 1) AS i ORDER BY i RETURNING id`,
    [arr(SURNAMES), arr(GIVEN), voters],
  );
  const area = (i: number) => 5000 + ((i * 7919) % 9000); // 50.00 … 139.99 m²
  let areaTotal = 0n;
  for (let i = 0; i < voters; i++) areaTotal += BigInt(area(i));
  const a = (await q<{ id: number }>(
    `INSERT INTO assemblies (estate_id, estate_path, title, kind, organiser_kind, organiser_name, notice, state, voting_opens_at, voting_closes_at,
                             notice_days, publicity_days, deemed_votes, roll_area_centi, roll_persons, announced_at, opened_at, created_by)
     VALUES ($1, $2, '万户小区业主大会（基准）', 'regular', 'owners_committee', '基准小区业主委员会', '基准测试', 'voting', now() - interval '1 hour', now() + interval '1 day',
             15, 7, false, $3, $4, now() - interval '16 days', now() - interval '1 hour', $5) RETURNING id`,
    [estate.id, path, areaTotal.toString(), voters, admin.id],
  ))[0];
  const id = Number(a.id);
  const ms = await q<{ id: number; seq: number }>(
    `INSERT INTO assembly_matters (assembly_id, seq, item, title) SELECT $1, s, ($2::int[])[s], '基准事项 ' || s FROM generate_series(1, $3) AS s RETURNING id, seq`,
    [id, `{${ITEMS.join(',')}}`, matters],
  );
  const vs = await q<{ id: number; voter_no: number; person_id: number }>(
    `INSERT INTO assembly_voters (assembly_id, voter_no, kind, owner_key, name, delegate_person_id, area_centi, unit_count)
     SELECT $1, n, 'person', 'p:' || p, nm, p, ar, 1 FROM unnest($2::int[], $3::bigint[], $4::text[], $5::bigint[]) AS t(n, p, nm, ar)
     RETURNING id, voter_no, delegate_person_id AS person_id`,
    [
      id,
      arr(persons.map((_, i) => i + 1)),
      arr(persons.map((p) => p.id)),
      arr(persons.map((_, i) => `业主${i + 1}`)),
      arr(persons.map((_, i) => area(i))),
    ],
  );
  const built: Built = {
    id,
    voters: vs.map((v) => ({ id: Number(v.id), voterNo: v.voter_no, personId: Number(v.person_id) })).sort((x, y) => x.voterNo - y.voterNo),
    matters: ms.map((m) => ({ id: Number(m.id), seq: m.seq })).sort((x, y) => x.seq - y.seq),
  };
  // the ledger opens as announce and open would open it
  await ctx.db.transaction(async (tx) => {
    await assemblyRow(tx, id, true);
    await appendLedger(tx, id, 'roll_frozen', {
      estateId: estate.id,
      totals: { areaCenti: areaTotal.toString(), persons: voters },
      voters: built.voters.map((v, i) => ({ voterNo: v.voterNo, kind: 'person', areaCenti: String(area(i)), unitCount: 1 })),
      deemedVotes: false,
      matters: built.matters.map((m) => ({ seq: m.seq, item: ITEMS[m.seq - 1], title: `基准事项 ${m.seq}` })),
    });
    await appendLedger(tx, id, 'voting_opened', {});
  });
  return built;
}

/** Owners with a session and a valid one-time code each (written into the tables). */
async function owners(database: Database, assemblyId: number, vs: Built['voters']): Promise<{ cookie: string; csrf: string; code: string }[]> {
  const tokens = vs.map(() => ({ token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url'), code: String(Math.floor(Math.random() * 1e6)).padStart(6, '0') }));
  const users = await database.query<{ id: number; person_id: number }>(
    `INSERT INTO users (username, display_name, person_id, password_hash)
     SELECT 'bench_' || $1 || '_' || p, '基准业主', p, 'bench: no password' FROM unnest($2::bigint[]) AS p RETURNING id, person_id`,
    [assemblyId, arr(vs.map((v) => v.personId))],
  );
  const userOf = new Map(users.map((u) => [Number(u.person_id), Number(u.id)]));
  const ids = vs.map((v) => userOf.get(v.personId)!);
  await database.query(
    `INSERT INTO sessions (id, user_id, csrf_token, expires_at) SELECT s, u, c, now() + interval '1 day' FROM unnest($1::text[], $2::bigint[], $3::text[]) AS t(s, u, c)`,
    [arr(tokens.map((t) => createHash('sha256').update(t.token).digest('hex'))), arr(ids), arr(tokens.map((t) => t.csrf))],
  );
  await database.query(
    `INSERT INTO assembly_otps (user_id, assembly_id, code_hash, expires_at) SELECT u, $1, h, now() + interval '1 hour' FROM unnest($2::bigint[], $3::text[]) AS t(u, h)`,
    [assemblyId, arr(ids), arr(ids.map((u, i) => otpHash(PII, u, assemblyId, tokens[i].code)))],
  );
  return tokens.map((t) => ({ cookie: `gz_sid=${t.token}`, csrf: t.csrf, code: t.code }));
}

/** The other voters' online ballots in bulk: submissions, ballot rows and ledger entries chained on. */
async function bulkBallots(database: Database, b: Built, from: number): Promise<void> {
  const head = (await database.query<{ seq: number; head: string }>(`SELECT ledger_seq AS seq, ledger_head AS head FROM assemblies WHERE id = $1`, [b.id]))[0];
  let seq = Number(head.seq);
  let prev = head.head;
  for (let start = from; start < b.voters.length; start += 1000) {
    const slice = b.voters.slice(start, start + 1000);
    const receipts = slice.map(() => newReceipt());
    const subs = await database.query<{ id: number; voter_id: number }>(
      `INSERT INTO assembly_submissions (assembly_id, voter_id, receipt, channel, status) SELECT $1, v, r, 'online', 'counted' FROM unnest($2::bigint[], $3::text[]) AS t(v, r) RETURNING id, voter_id`,
      [b.id, arr(slice.map((v) => v.id)), arr(receipts)],
    );
    const subOf = new Map(subs.map((s) => [Number(s.voter_id), Number(s.id)]));
    const rows = slice.flatMap((v, k) => b.matters.map((m) => ({ matter: m.id, voter: v.id, sub: subOf.get(v.id)!, choice: choiceOf(start + k, m.seq) })));
    await database.query(
      `INSERT INTO assembly_ballots (matter_id, voter_id, assembly_id, submission_id, choice, counted) SELECT m, v, $1, s, c, true FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[]) AS t(m, v, s, c)`,
      [b.id, arr(rows.map((r) => r.matter)), arr(rows.map((r) => r.voter)), arr(rows.map((r) => r.sub)), arr(rows.map((r) => r.choice))],
    );
    const at = new Date().toISOString();
    const entries = slice.map((v, k) => {
      const payload = {
        receipt: receipts[k],
        voterNo: v.voterNo,
        channel: 'online',
        status: 'counted',
        choices: Object.fromEntries(b.matters.map((m) => [String(m.seq), choiceOf(start + k, m.seq)])),
        supersedes: null,
        scanSha256: null,
        mandateSha256: null,
      };
      seq++;
      const hash = ledgerHash(prev, seq, at, 'ballot', payload);
      const e = { seq, payload: stringify(payload)!, prev, hash };
      prev = hash;
      return e;
    });
    await database.query(
      `INSERT INTO assembly_ledger (assembly_id, seq, at, kind, payload, prev_hash, hash) SELECT $1, s, $2::timestamptz, 'ballot', p::jsonb, ph, h FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS t(s, p, ph, h)`,
      [b.id, at, arr(entries.map((e) => e.seq)), arr(entries.map((e) => e.payload)), arr(entries.map((e) => e.prev)), arr(entries.map((e) => e.hash))],
    );
  }
  await database.query(`UPDATE assemblies SET ledger_seq = $1, ledger_head = $2 WHERE id = $3`, [seq, prev, b.id]);
}

export async function runAssembliesBench(opts: { databaseUrl: string; reuse?: boolean; voters?: number; matters?: number; httpBallots?: number; concurrency?: number; repeat?: number; log?: (msg: string) => void }): Promise<AssembliesBenchResult> {
  const log = opts.log ?? console.log;
  const nVoters = opts.voters ?? 10_000;
  const nMatters = opts.matters ?? 10;
  const httpBallots = opts.httpBallots ?? 2_000;
  const warmup = 200;
  const concurrency = opts.concurrency ?? 50;
  const repeat = opts.repeat ?? 30;
  const admin = new pg.Client({ connectionString: opts.databaseUrl });
  await admin.connect();
  let reused = false;
  try {
    if (opts.reuse) {
      const has = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'assemblies'`, [SCHEMA]);
      reused = (has.rowCount ?? 0) > 0;
    }
    if (!reused) {
      await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    }
  } finally {
    await admin.end();
  }
  log(`${reused ? 'reusing' : 'seeding the demo district into'} schema ${SCHEMA} on ${shown(opts.databaseUrl)}; an estate of ${nVoters.toLocaleString('en-US')} voters × ${nMatters} matters`);
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, searchPath: SCHEMA, poolSize: 20 });
  try {
    if (!reused) {
      await migrate(database);
      await seedDistrict(database, { scale: 'demo', pii: PII, passwordCost: 10, requests: false });
    }
    const { app, ctx } = await buildApp({ config: loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600, logLevel: 'warn' }), database, pii: PII });
    let result: AssembliesBenchResult;
    try {
      const t0 = performance.now();
      const b = await buildEstate(database, ctx, nVoters, nMatters);
      await database.query('ANALYZE');
      const buildSeconds = (performance.now() - t0) / 1000;
      log(`  estate built in ${buildSeconds.toFixed(1)} s (assembly ${b.id})`);

      // ---- ballots through the whole app ----
      const web = b.voters.slice(0, warmup + httpBallots);
      const creds = await owners(database, b.id, web);
      const base = await listen(app as App);
      const url = `${base}/api/my/assemblies/${b.id}/ballot`;
      const prepared: Prepared[] = web.map((v, i) => ({
        headers: { 'content-type': 'application/json', cookie: creds[i].cookie, 'x-csrf-token': creds[i].csrf },
        body: JSON.stringify({ choices: b.matters.map((m) => ({ matterId: m.id, choice: choiceOf(i, m.seq) })), code: creds[i].code }),
      }));
      const counted = async () => Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_submissions WHERE assembly_id = $1 AND status = 'counted'`, [b.id]))[0].n);
      log(`  full app: POST /api/my/assemblies/:id/ballot, ${concurrency} concurrent, ${warmup} to warm up then ${httpBallots} measured`);
      await drive(url, prepared.slice(0, warmup), concurrency);
      const before = await counted();
      const appRun = await drive(url, prepared.slice(warmup), concurrency);
      const appFigures: CastFigures = { ...appRun, rowsWritten: (await counted()) - before };
      if (appRun.samples.length) log(`  non-2xx samples: ${appRun.samples.join(' | ')}`);

      await database.query(`CREATE TABLE IF NOT EXISTS bench_bare_ballots (id bigserial PRIMARY KEY, voter_no integer NOT NULL, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
      await database.query(`CREATE TABLE IF NOT EXISTS bench_bare_head (id integer PRIMARY KEY, seq bigint NOT NULL)`);
      await database.query(`INSERT INTO bench_bare_head VALUES (1, 0) ON CONFLICT DO NOTHING`);
      let voterNo = 0;
      const bare = Fastify();
      // one INSERT
      bare.post('/bare', async (req) => {
        const body = req.body as { choices: unknown };
        const r = await database.query<{ id: number }>(`INSERT INTO bench_bare_ballots (voter_no, body) VALUES ($1, $2) RETURNING id`, [++voterNo, JSON.stringify(body.choices)]);
        return { id: r[0].id };
      });
      // the least a single chain needs: lock one head row, INSERT, move the head, in one transaction
      bare.post('/bare-locked', async (req) => {
        const body = req.body as { choices: unknown };
        return database.rawTransaction(async (q) => {
          await q(`SELECT seq FROM bench_bare_head WHERE id = 1 FOR UPDATE`);
          const r = await q<{ id: number }>(`INSERT INTO bench_bare_ballots (voter_no, body) VALUES ($1, $2) RETURNING id`, [++voterNo, JSON.stringify(body.choices)]);
          await q(`UPDATE bench_bare_head SET seq = seq + 1 WHERE id = 1`);
          return { id: r[0].id };
        });
      });
      let bareFigures: CastFigures;
      let lockedFigures: CastFigures;
      try {
        const bareBase = await listen(bare);
        const bareRows = async () => Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_bare_ballots`))[0].n);
        log('  bare Fastify: one INSERT, same requests; then lock + INSERT + UPDATE in one transaction');
        await drive(`${bareBase}/bare`, prepared.slice(0, warmup), concurrency);
        let bb = await bareRows();
        const bareRun = await drive(`${bareBase}/bare`, prepared.slice(warmup), concurrency);
        bareFigures = { ...bareRun, rowsWritten: (await bareRows()) - bb };
        await drive(`${bareBase}/bare-locked`, prepared.slice(0, warmup), concurrency);
        bb = await bareRows();
        const lockedRun = await drive(`${bareBase}/bare-locked`, prepared.slice(warmup), concurrency);
        lockedFigures = { ...lockedRun, rowsWritten: (await bareRows()) - bb };
      } finally {
        await bare.close();
      }

      // ---- the rest in bulk, then close and count ----
      const tb = performance.now();
      await bulkBallots(database, b, web.length);
      const bulkSeconds = (performance.now() - tb) / 1000;
      log(`  ${(nVoters - web.length).toLocaleString('en-US')} more ballots written in bulk in ${bulkSeconds.toFixed(1)} s`);
      await database.query(`UPDATE assemblies SET voting_opens_at = now() - interval '2 hours', voting_closes_at = now() - interval '1 second' WHERE id = $1`, [b.id]);
      await database.query('ANALYZE');
      await closeVoting(ctx, null, b.id);
      const tc = performance.now();
      await countResults(ctx, null, b.id);
      const countResultsMs = performance.now() - tc;

      const a = await assemblyRow(database.db, b.id);
      const totals: Figures = { area: BigInt(a.rollAreaCenti!), persons: BigInt(a.rollPersons!) };
      const election = await electionOf(database.db, b.id);
      const plainSql = `SELECT b.matter_id, b.choice, count(*)::text AS persons, sum(v.area_centi)::text AS area
                          FROM assembly_ballots b JOIN assembly_voters v ON v.id = b.voter_id
                         WHERE b.assembly_id = $1 AND b.counted AND v.active GROUP BY b.matter_id, b.choice`;
      const tally: number[] = [];
      const plain: number[] = [];
      let same = true;
      for (let i = 0; i < repeat; i++) {
        let s = performance.now();
        const r = computeResults(await tallyMatters(database.db, b.id), totals, a.deemedVotes, election);
        tally.push(performance.now() - s);
        s = performance.now();
        const p = await database.query<{ matter_id: number; choice: string; persons: string; area: string }>(plainSql, [b.id]);
        plain.push(performance.now() - s);
        if (i === 0) {
          // the same figures both ways
          for (const m of r.matters) {
            for (const c of ['agree', 'oppose', 'abstain'] as const) {
              const row = p.find((x) => Number(x.matter_id) === m.matterId && x.choice === c);
              if ((row ? Number(row.persons) : 0) !== m[c].persons || (row?.area ?? '0') !== m[c].areaCenti) same = false;
            }
          }
        }
      }
      const count = { tally: timing(tally), plain: timing(plain), ratio: 0, same };
      count.ratio = count.tally.p50Ms / count.plain.p50Ms;

      // ---- the public record ----
      const builds: number[] = [];
      const verifies: number[] = [];
      let bytes = 0;
      let ok = true;
      let ledgerEntries = 0;
      let ballots = 0;
      for (let i = 0; i < 3; i++) {
        let s = performance.now();
        const rec = await buildPublicRecord(database.db, b.id);
        const text = JSON.stringify(rec);
        builds.push(performance.now() - s);
        bytes = Buffer.byteLength(text);
        s = performance.now();
        const report = verifyPublicRecord(JSON.parse(text));
        verifies.push(performance.now() - s);
        ok &&= report.ok;
        ledgerEntries = rec.ledger.length;
        ballots = rec.ballots.length;
        if (!report.ok) log(`  VERIFY FAILED: ${report.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.reason.en}`).join('; ')}`);
      }
      const th = performance.now();
      const httpRecord = await fetch(`${base}/api/assemblies/${b.id}/record`);
      await httpRecord.arrayBuffer();
      const httpMs = performance.now() - th;
      if (httpRecord.status !== 200) log(`  GET …/record answered ${httpRecord.status}`);
      // the notice (first one reads the font) and the archive at this size
      let s = performance.now();
      const pdf = await noticePdf(await loadExportData(database.db, b.id, false));
      const pdfMs = performance.now() - s;
      s = performance.now();
      const xlsx = await archiveXlsx(await loadExportData(database.db, b.id));
      const xlsxMs = performance.now() - s;
      result = {
        databaseUrl: shown(opts.databaseUrl),
        schema: SCHEMA,
        reused,
        voters: nVoters,
        matters: nMatters,
        buildSeconds,
        cast: {
          route: 'POST /api/my/assemblies/:id/ballot (owner session + CSRF + one-time code → castBallot)',
          concurrency,
          app: appFigures,
          bare: bareFigures,
          ratio: appFigures.ballotsPerSecond / bareFigures.ballotsPerSecond,
          bareLocked: lockedFigures,
          ratioLocked: appFigures.ballotsPerSecond / lockedFigures.ballotsPerSecond,
        },
        bulkSeconds,
        countResultsMs,
        count,
        record: { buildMs: timing(builds).p50Ms, bytes, verifyMs: timing(verifies).p50Ms, ok, ledgerEntries, ballots, httpMs },
        files: { pdfMs, pdfBytes: pdf.length, xlsxMs, xlsxBytes: xlsx.length },
      };
    } finally {
      await app.close();
    }
    return result;
  } finally {
    await database.close();
  }
}

export function printAssembliesBench(r: AssembliesBenchResult): void {
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const row = (name: string, x: CastFigures) =>
    console.log(`  ${name.padEnd(34)} ${int(x.ballotsPerSecond).padStart(6)} ballots/s   p50 ${f1(x.p50Ms).padStart(6)} ms   p99 ${f1(x.p99Ms).padStart(6)} ms   ${x.ballots} sent, ${x.rowsWritten} written${x.non2xx || x.errors ? `, ${x.non2xx} non-2xx, ${x.errors} errors` : ''}`);
  console.log(`\n  estate: ${int(r.voters)} voters × ${r.matters} matters (assembly built in ${f1(r.buildSeconds)} s${r.reused ? ', district reused' : ''})`);
  console.log(`\n  casting, ${r.cast.concurrency} concurrent clients: ${r.cast.route}`);
  row('full app (owner, code, castBallot)', r.cast.app);
  row('bare Fastify one INSERT', r.cast.bare);
  row('bare: lock head row, INSERT, UPDATE', r.cast.bareLocked);
  console.log(`  ratio: full app ÷ bare INSERT = ${f2(r.cast.ratio)}; full app ÷ bare locked chain = ${f2(r.cast.ratioLocked)}`);
  console.log('  (every ballot of one assembly waits for the assembly row: its ledger is one chain, so ballots are written one at a time)');
  console.log(`\n  counting ${int(r.voters)} ballots × ${r.matters} matters (${r.count.tally.iterations} runs each, alternating)${r.count.same ? '' : ' — FIGURES DIFFER'}`);
  console.log(`  tallyMatters + computeResults   p50 ${f2(r.count.tally.p50Ms).padStart(7)} ms   p95 ${f2(r.count.tally.p95Ms).padStart(7)} ms`);
  console.log(`  plain SQL aggregate             p50 ${f2(r.count.plain.p50Ms).padStart(7)} ms   p95 ${f2(r.count.plain.p95Ms).padStart(7)} ms`);
  console.log(`  ratio: count ÷ plain aggregate = ${f2(r.count.ratio)}; the whole count (lock, tally, 278 rule, ledger entry, audit) once: ${f1(r.countResultsMs)} ms`);
  console.log(`\n  public record: built in ${f1(r.record.buildMs)} ms (${f1(r.record.bytes / 1024 / 1024)} MB JSON, ${int(r.record.ledgerEntries)} ledger entries, ${int(r.record.ballots)} ballots); verified from its text in ${f1(r.record.verifyMs)} ms: ${r.record.ok ? 'holds' : 'FAILED'}`);
  console.log(`  GET /api/assemblies/:id/record once: ${f1(r.record.httpMs)} ms`);
  console.log(`  notice PDF (with results, font loaded first): ${f1(r.files.pdfMs)} ms, ${int(r.files.pdfBytes / 1024)} KB; archive XLSX: ${f1(r.files.xlsxMs)} ms, ${f1(r.files.xlsxBytes / 1024 / 1024)} MB`);
}

// run alone: tsx bench/assemblies.ts [--reuse]
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.log('assemblies: skipped (PostgreSQL only; set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL)');
  } else {
    printAssembliesBench(await runAssembliesBench({ databaseUrl: url, reuse: process.argv.includes('--reuse') }));
  }
}
