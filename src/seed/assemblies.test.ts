// The demo history of owners' assemblies (src/seed/assemblies.ts): played through the module's
// services and moved back to its days, it must still be a record that verifies — the ledger's hash
// chain, the tally recomputed from the public record (民法典 第278条), the committee it seated with
// its tasks — and leave this year's assembly open for the demo owners to vote in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness';
import { checkChain, readLedger } from '../modules/assemblies/ledger';
import { buildPublicRecord, verifyPublicRecord } from '../modules/assemblies/record';
import { seedAssemblyHistory, type AssemblyHistoryResult } from './assemblies';

let env: TestEnv;
let result: AssemblyHistoryResult;

beforeAll(async () => {
  // the harness seeds the district without the history (as it does without the request history)
  env = await createTestEnv();
  expect(await env.database.query('SELECT 1 FROM assemblies')).toHaveLength(0);
  result = await seedAssemblyHistory(env.database, { seed: 20261122, pii: env.ctx.pii });
});
afterAll(async () => env?.close());

interface Row {
  id: number;
  title: string;
  state: string;
  kind: string;
  opens: string;
  closes: string;
  counted: string | null;
  published: string | null;
  results: { ledgerHead: string; ledgerSeq: number; matters: { seq: number; item: number; passed: boolean; failed: string[] }[]; election: { elected: { personId: number; rank: number }[] } | null } | null;
  head: string;
  days_opened: number;
}

const assemblies = () =>
  env.database.query<Row>(
    `SELECT id::int AS id, title, state, kind, voting_opens_at::text AS opens, voting_closes_at::text AS closes, counted_at::text AS counted,
            published_at::text AS published, results, ledger_head AS head, extract(day from now() - voting_opens_at)::int AS days_opened
       FROM assemblies ORDER BY id`,
  );
const userOf = async (username: string) =>
  (await env.database.query<{ id: number; person_id: number }>('SELECT id::int AS id, person_id::int AS person_id FROM users WHERE username = $1', [username]))[0];

describe('the demo assembly history', () => {
  it('holds two demo assemblies on the first estate, with their ballots and a petition', async () => {
    const list = await assemblies();
    expect(list.map((a) => [a.state, a.kind])).toEqual([
      ['archived', 'first'],
      ['voting', 'regular'],
    ]);
    for (const a of list) expect(a.title).toContain('演示');
    const ballots = await env.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_submissions`);
    expect(result).toEqual({ assemblies: 2, ballots: ballots[0].n, petitions: 1 });
    const estates = await env.database.query<{ n: number }>(`SELECT count(DISTINCT estate_id)::int AS n FROM assemblies`);
    expect(estates[0].n).toBe(1);
  });

  it('dates last year’s assembly a year back and keeps its ledger a valid chain that recomputes to its result', async () => {
    const [last] = await assemblies();
    expect(last.days_opened).toBeGreaterThanOrEqual(365);
    const ledger = await readLedger(env.ctx.db, last.id);
    expect(checkChain(ledger)).toBeNull();
    expect(ledger.at(-1)!.hash).toBe(last.head);
    // the result points at the ledger entry of the count, re-hashed with the rest
    const counted = ledger.find((e) => e.kind === 'counted')!;
    expect(last.results!.ledgerSeq).toBe(counted.seq);
    expect(last.results!.ledgerHead).toBe(counted.hash);
    // every ballot inside the voting period, in the order of the ledger
    const ballots = ledger.filter((e) => e.kind === 'ballot');
    expect(ballots.length).toBeGreaterThan(20);
    const opens = Date.parse(last.opens);
    const closes = Date.parse(last.closes);
    for (let i = 0; i < ballots.length; i++) {
      const at = Date.parse(ballots[i].at);
      expect(at).toBeGreaterThanOrEqual(opens);
      expect(at).toBeLessThan(closes);
      if (i > 0) expect(at).toBeGreaterThanOrEqual(Date.parse(ballots[i - 1].at));
    }
    // anyone can re-run the tally from the published record and get the same numbers
    const report = verifyPublicRecord(JSON.parse(JSON.stringify(await buildPublicRecord(env.ctx.db, last.id))));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  // 民法典 第278条: item (8) needs ¾ of the participating area and owners; the others more than half
  it('passes the ordinary matters and fails the advertising matter on the ¾ test', async () => {
    const [last] = await assemblies();
    const byItem = new Map(last.results!.matters.filter((m) => m.item !== 3).map((m) => [m.item, m]));
    expect(byItem.get(1)!.passed).toBe(true);
    expect(byItem.get(2)!.passed).toBe(true);
    expect(byItem.get(4)!.passed).toBe(true);
    expect(byItem.get(8)!.passed).toBe(false);
    expect(byItem.get(8)!.failed).toEqual(expect.arrayContaining(['agree_persons']));
    expect(byItem.get(8)!.failed).not.toContain('quorum_persons');
  });

  it('seated the first owners’ committee (5 members, the demo committee member among them) with its tasks done', async () => {
    const [last] = await assemblies();
    const member = await userOf('yeweihui');
    const elected = last.results!.election!.elected;
    expect(elected).toHaveLength(5);
    expect(elected.map((e) => e.personId)).toContain(member.person_id);
    const c = await env.database.query<{ id: number; years: number; start: string }>(
      `SELECT id::int AS id, extract(year from age(term_end, term_start))::int AS years, term_start::text AS start FROM owners_committees WHERE assembly_id = $1`,
      [last.id],
    );
    expect(c).toHaveLength(1);
    expect(c[0].years).toBe(5);
    expect(c[0].start).toBe(last.published!.slice(0, 10));
    const members = await env.database.query<{ person_id: number }>('SELECT person_id::int AS person_id FROM owners_committee_members WHERE committee_id = $1 ORDER BY rank', [c[0].id]);
    expect(members.map((m) => m.person_id)).toEqual(elected.map((e) => e.personId));
    // first meeting within 7 days, filing within 30 days of the count, both done in time
    const tasks = await env.database.query<{ kind: string; days: number; in_time: boolean }>(
      `SELECT t.kind, round(extract(epoch from t.due_at - a.counted_at) / 86400)::int AS days, t.done_at <= t.due_at AS in_time
         FROM owners_committee_tasks t JOIN owners_committees c ON c.id = t.committee_id JOIN assemblies a ON a.id = c.assembly_id
        WHERE c.id = $1 ORDER BY t.kind`,
      [c[0].id],
    );
    expect(tasks).toEqual([
      { kind: 'filing', days: 30, in_time: true },
      { kind: 'first_meeting', days: 7, in_time: true },
    ]);
  });

  it('has the demo owners vote last year (their own ballots) but not yet this year', async () => {
    const [last, current] = await assemblies();
    for (const name of ['owner1', 'owner2', 'owner3']) {
      const u = await userOf(name);
      const voted = async (assemblyId: number) =>
        env.database.query<{ cast_by_user: number | null }>(
          `SELECT s.cast_by_user::int AS cast_by_user FROM assembly_voters v LEFT JOIN assembly_submissions s ON s.voter_id = v.id AND s.status = 'counted'
            WHERE v.assembly_id = $1 AND v.delegate_person_id = $2`,
          [assemblyId, u.person_id],
        );
      const before = await voted(last.id);
      expect(before.length).toBeGreaterThanOrEqual(1);
      expect(before.every((b) => b.cast_by_user === u.id)).toBe(true);
      const now = await voted(current.id);
      expect(now.length).toBeGreaterThanOrEqual(1);
      expect(now.every((b) => b.cast_by_user === null)).toBe(true);
    }
    // owner1 stands for two voters: their home and the flat shared with a relative
    const o1 = await userOf('owner1');
    const mine = await env.database.query('SELECT 1 FROM assembly_voters WHERE assembly_id = $1 AND delegate_person_id = $2', [current.id, o1.person_id]);
    expect(mine).toHaveLength(2);
  });

  it('leaves this year’s assembly open for voting now, with some ballots in and a material to download', async () => {
    const [, current] = await assemblies();
    expect(Date.parse(current.opens)).toBeLessThan(Date.now());
    expect(Date.parse(current.closes)).toBeGreaterThan(Date.now() + 7 * 86_400_000);
    expect(checkChain(await readLedger(env.ctx.db, current.id))).toBeNull();
    const owner = await env.login('owner2');
    const mine = (await owner.get(`/api/my/assemblies/${current.id}`)).json();
    expect(mine.votingOpen).toBe(true);
    expect(mine.voters.every((v: { ballot: unknown }) => v.ballot === null)).toBe(true);
    expect(mine.materials).toHaveLength(1);
    const file = await owner.get(`/api/assemblies/${current.id}/files/${mine.materials[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const counted = await env.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_submissions WHERE assembly_id = $1 AND status = 'counted'`, [current.id]);
    expect(counted[0].n).toBeGreaterThan(0);
  });

  it('has an open petition, signed by owner2 and the demo resident, below the 20 % thresholds', async () => {
    const owner = await env.login('owner1');
    const res = (await owner.get('/api/my/petitions')).json();
    expect(res.items).toHaveLength(1);
    const p = res.items[0];
    expect(p).toMatchObject({ state: 'open', signed: false });
    expect(p.title).toContain('演示');
    expect(p.totals.reached).toBe(false);
    const signers = await env.database.query<{ username: string }>(
      `SELECT DISTINCT u.username FROM assembly_petition_signatures s JOIN users u ON u.id = s.user_id WHERE s.petition_id = $1 ORDER BY 1`,
      [p.id],
    );
    expect(signers.map((s) => s.username)).toEqual(['owner2', 'resident']);
  });
});
