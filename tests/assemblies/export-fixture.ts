// A counted assembly for the export tests: created, announced and opened through the API by the
// community worker, an owners' committee election (seats and approved candidates written
// directly, as the election routes are another module's), ballots recorded with castBallot (online,
// a changed online ballot, a confirmed paper ballot, a rejected paper ballot followed by an online
// one), then closed and counted through the API.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/core/config';
import { openDatabase, type Database } from '../../src/core/db/client';
import { migrate } from '../../src/core/db/migrate';
import type { App } from '../../src/core/manifest';
import { PiiCipher } from '../../src/core/people/pii';
import { buildApp } from '../../src/server';
import { seedDistrict, DEMO_PASSWORD } from '../../src/seed/index';
import { makeClient, TEST_PII_KEY, type Client } from '../../src/test/harness';
import { castBallot, confirmPaper, rejectPaper, type ChoiceInput } from '../../src/modules/assemblies/ballots';
import { assemblyRow } from '../../src/modules/assemblies/service';
import type { Choice } from '../../src/modules/assemblies/rule';

export interface Counted {
  id: number;
  estateId: number;
  matters: { id: number; seq: number; item: number; title: string }[];
  voters: { id: number; voterNo: number }[];
  candidates: { matterId: number; personId: number; name: string }[];
  receipts: string[];
}

const q = async <T>(database: Database, text: string, params: unknown[] = []) => database.query<T>(text, params);

function ok<T = Record<string, unknown>>(res: { statusCode: number; body: string; json: () => unknown }): T {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export async function createDraft(database: Database, community: Client, title = '2026年度业主大会', onEstate?: number): Promise<{ id: number; estateId: number }> {
  const estate = await q<{ id: number }>(database, `SELECT id FROM places WHERE kind = 'estate' ORDER BY id LIMIT 1`);
  const estateId = onEstate ?? Number(estate[0].id);
  const day = 86_400_000;
  const created = ok<{ id: number }>(
    await community.post('/api/assemblies', {
      estateId,
      title,
      kind: 'regular',
      organiserKind: 'owners_committee',
      organiserName: '示例小区业主委员会',
      notice: '定于投票期内以书面及网络投票方式召开业主大会，表决下列事项。请各位业主按时投票。',
      votingOpensAt: new Date(Date.now() + 16 * day).toISOString(),
      votingClosesAt: new Date(Date.now() + 20 * day).toISOString(),
    }),
  );
  const id = created.id;
  ok(await community.post(`/api/assemblies/${id}/matters`, { item: 4, title: '续聘物业服务企业', description: '续聘现物业服务企业三年' }));
  ok(await community.post(`/api/assemblies/${id}/matters`, { item: 6, title: '筹集电梯更新维修资金' }));
  ok(await community.post(`/api/assemblies/${id}/matters`, { item: 8, title: '利用地面车位开展经营活动' }));
  return { id, estateId };
}

/** An election with `seats` seats and `n` approved candidates, owners of the estate (matters of item 3). */
export async function addElection(database: Database, assemblyId: number, estateId: number, seats = 5, n = 6) {
  const e = await q<{ id: number }>(database, `INSERT INTO assembly_elections (assembly_id, title, seats, term_years) VALUES ($1, '第三届业主委员会选举', $2, 5) RETURNING id`, [assemblyId, seats]);
  const electionId = Number(e[0].id);
  const owners = await q<{ person_id: number; name: string }>(
    database,
    `SELECT DISTINCT ON (o.person_id) o.person_id, p.name FROM ownerships o JOIN places u ON u.id = o.unit_id JOIN persons p ON p.id = o.person_id
      WHERE o.ended_at IS NULL AND o.person_id IS NOT NULL AND u.path LIKE (SELECT path FROM places WHERE id = $1) || '%'
      ORDER BY o.person_id LIMIT $2`,
    [estateId, n],
  );
  for (const o of owners) {
    const seq = await q<{ seq: number }>(database, `SELECT coalesce(max(seq), 0) + 1 AS seq FROM assembly_matters WHERE assembly_id = $1`, [assemblyId]);
    const m = await q<{ id: number }>(
      database,
      `INSERT INTO assembly_matters (assembly_id, seq, item, title, election_id) VALUES ($1, $2, 3, $3, $4) RETURNING id`,
      [assemblyId, seq[0].seq, `选举${o.name}为业主委员会委员`, electionId],
    );
    await q(database, `INSERT INTO assembly_candidates (matter_id, election_id, person_id, is_owner, party_review) VALUES ($1, $2, $3, true, 'approved')`, [m[0].id, electionId, o.person_id]);
  }
}

async function openNow(database: Database, community: Client, id: number) {
  await q(database, `UPDATE assemblies SET voting_opens_at = now() - interval '1 minute' WHERE id = $1`, [id]);
  ok(await community.post(`/api/assemblies/${id}/open`));
}

export async function closeAndCount(database: Database, community: Client, id: number) {
  await q(database, `UPDATE assemblies SET voting_opens_at = now() - interval '2 hours', voting_closes_at = now() - interval '1 second' WHERE id = $1`, [id]);
  ok(await community.post(`/api/assemblies/${id}/close`));
  ok(await community.post(`/api/assemblies/${id}/count`));
}

export async function cast(database: Database, assemblyId: number, voterId: number, channel: 'online' | 'paper' | 'proxy', choices: ChoiceInput[], meta: Parameters<typeof castBallot>[5] = { castByUser: null }) {
  return database.db.transaction(async (tx) => castBallot(tx, await assemblyRow(tx, assemblyId, true), voterId, channel, choices, meta));
}

async function scan(database: Database, assemblyId: number, userId: number, label: string): Promise<number> {
  const bytes = Buffer.from(`%PDF-1.4 scan ${label}`);
  const r = await q<{ id: number }>(
    database,
    `INSERT INTO assembly_files (assembly_id, kind, filename, mime, bytes, sha256, size, uploaded_by) VALUES ($1, 'scan', $2, 'application/pdf', $3, $4, $5, $6) RETURNING id`,
    [assemblyId, `${label}.pdf`, bytes, createHash('sha256').update(bytes).digest('hex'), bytes.length, userId],
  );
  return Number(r[0].id);
}

/** The choice of voter i on matter seq: a fixed pattern that passes some matters and fails others. */
export function choiceOf(i: number, seq: number): Choice {
  if (seq === 1) return i % 10 < 8 ? 'agree' : i % 10 === 8 ? 'oppose' : 'abstain'; // 80 % agree: passes (> 1/2)
  if (seq === 2) return i % 10 < 7 ? 'agree' : 'oppose'; // 70 % agree: fails the 3/4 of item (6)
  if (seq === 3) return i % 4 === 0 ? 'oppose' : 'agree'; // 75 % of heads; area decides ≥ 3/4
  return (i + seq) % 5 < 3 ? 'agree' : 'oppose'; // candidates: about 60 % each
}

/** A counted assembly; `voteShare` of the voters vote (enough for the 2/3 quorum by default). */
export async function countedAssembly(database: Database, community: Client, staff: { enteredBy: number; confirmedBy: number }, opts: { voteShare?: number; election?: boolean } = {}): Promise<Counted> {
  const { id, estateId } = await createDraft(database, community);
  if (opts.election !== false) await addElection(database, id, estateId);
  ok(await community.post(`/api/assemblies/${id}/announce`));
  await openNow(database, community, id);
  const matters = (await q<{ id: number; seq: number; item: number; title: string }>(database, `SELECT id::int AS id, seq, item, title FROM assembly_matters WHERE assembly_id = $1 ORDER BY seq`, [id])).map((m) => ({ ...m, id: Number(m.id) }));
  const voters = (await q<{ id: number; voter_no: number }>(database, `SELECT id, voter_no FROM assembly_voters WHERE assembly_id = $1 ORDER BY voter_no`, [id])).map((v) => ({ id: Number(v.id), voterNo: v.voter_no }));
  const candidates = (await q<{ matter_id: number; person_id: number; name: string }>(
    database,
    `SELECT c.matter_id, c.person_id, p.name FROM assembly_candidates c JOIN assembly_matters m ON m.id = c.matter_id JOIN persons p ON p.id = c.person_id WHERE m.assembly_id = $1 ORDER BY c.matter_id`,
    [id],
  )).map((c) => ({ matterId: Number(c.matter_id), personId: Number(c.person_id), name: c.name }));
  const all = (i: number) => matters.map((m) => ({ matterId: m.id, choice: choiceOf(i, m.seq) }));
  const voting = Math.ceil(voters.length * (opts.voteShare ?? 0.85));
  const receipts: string[] = [];
  for (let i = 0; i < voting; i++) {
    const v = voters[i];
    if (i === 1) {
      // online, then changed: the second paper replaces the first
      await cast(database, id, v.id, 'online', matters.map((m) => ({ matterId: m.id, choice: 'oppose' as Choice })));
      receipts.push((await cast(database, id, v.id, 'online', all(i))).receipt);
    } else if (i === 2) {
      // paper, confirmed by a second staff member
      const r = await cast(database, id, v.id, 'paper', all(i), { castByUser: null, enteredBy: staff.enteredBy, scanId: await scan(database, id, staff.enteredBy, 'p2') });
      await database.db.transaction(async (tx) => confirmPaper(tx, await assemblyRow(tx, id, true), r.submissionId, staff.confirmedBy));
      receipts.push(r.receipt);
    } else if (i === 3) {
      // paper rejected (unsigned), then the owner votes online
      const r = await cast(database, id, v.id, 'paper', all(i), { castByUser: null, enteredBy: staff.enteredBy, scanId: await scan(database, id, staff.enteredBy, 'p3') });
      await database.db.transaction(async (tx) => rejectPaper(tx, await assemblyRow(tx, id, true), r.submissionId, staff.confirmedBy, '未签名'));
      receipts.push((await cast(database, id, v.id, 'online', all(i))).receipt);
    } else if (i === 4) {
      // a partial ballot: only the first matter
      receipts.push((await cast(database, id, v.id, 'online', all(i).slice(0, 1))).receipt);
    } else {
      receipts.push((await cast(database, id, v.id, 'online', all(i))).receipt);
    }
  }
  await closeAndCount(database, community, id);
  return { id, estateId, matters, voters, candidates, receipts };
}

// ---- a test database another process can open (for the CLI tests) ------------------------------

export interface SharedEnv {
  database: Database;
  app: App;
  login(username: string): Promise<Client>;
  /** environment for a child process to open the same database the way the server does */
  cliEnv: Record<string, string>;
  /** close the app and the database (PGlite: before another process opens it) */
  closeDatabase(): Promise<void>;
  /** drop the schema / remove the directory */
  cleanup(): Promise<void>;
}

/** The demo district in a PGlite directory (DATA_DIR) or a private schema of TEST_DATABASE_URL (DATABASE_URL with search_path). */
export async function sharedEnv(): Promise<SharedEnv> {
  const url = process.env.TEST_DATABASE_URL;
  let database: Database;
  let cliEnv: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (url) {
    const schema = `t_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    database = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 10 });
    cliEnv = { DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema} -c timezone=UTC -c datestyle=ISO,MDY`)}` };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-export-'));
    database = await openDatabase({ dataDir: dir });
    cliEnv = { DATA_DIR: dir, DATABASE_URL: '' };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrate(database);
  const pii = new PiiCipher(TEST_PII_KEY);
  await seedDistrict(database, { scale: 'demo', pii, passwordCost: 10, requests: false });
  const { app } = await buildApp({ config: loadConfig({ passwordCost: 10, sweepIntervalSeconds: 3600 }), database, pii });
  await app.ready();
  let open = true;
  return {
    database,
    app,
    cliEnv,
    async login(username) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return makeClient(app, `gz_sid=${res.cookies.find((c) => c.name === 'gz_sid')!.value}`, res.json().csrfToken);
    },
    async closeDatabase() {
      if (!open) return;
      open = false;
      await app.close();
      await database.close();
    },
    cleanup,
  };
}
