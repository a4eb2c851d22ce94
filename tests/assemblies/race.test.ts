// Ballots under concurrency (issue 4: 500 concurrent ballots). Every ballot write locks the
// assembly row first, so ballots of one assembly are recorded one after another on any number of
// app nodes: 500 owners voting at the same moment give exactly 500 counted ballot papers, a tally
// equal to a plain recount, and a ledger whose hash chain verifies; one owner's two ballots racing
// end with exactly one counted; a confirmation racing a rejection of one paper ballot: one wins.
// PGlite runs one statement at a time, so the real test is on PostgreSQL (TEST_DATABASE_URL); on
// PGlite it must pass too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { checkChain, readLedger } from '../../src/modules/assemblies/ledger';
import { tallyMatters } from '../../src/modules/assemblies/service';
import { verifyAuditChain } from '../../src/core/audit/ledger';
import { buildEstate, demoEstate, giveCode, giveCodes, num, ok, ownerAccounts, q, rollOf, sessionFor, staffAccount, votingAssembly, type BuiltEstate, type MadeAssembly, type Owner, type VoterRow } from './support';

const CHOICES = ['agree', 'oppose', 'abstain'] as const;
const RACERS = 500;
const SPARE = 10; // owners kept out of the big race, for the paper-ballot races

let env: TestEnv;
let community: Client;
let estate: BuiltEstate;
let A: MadeAssembly;
let roll: VoterRow[];
let owners: Map<number, Owner>;
let staffB: { userId: number; client: Client };
let staffC: { userId: number; client: Client };

/** A fixed, varied ballot for the i-th owner: a different mix on each matter. */
const ballotOf = (i: number) => A.matterIds.map((matterId, k) => ({ matterId, choice: CHOICES[(i * (k + 2) + k) % 3] }));

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  const demo = await demoEstate(env);
  estate = await buildEstate(env, { communityId: demo.communityId, units: RACERS + SPARE, buildings: 6, name: '并发测试小区' });
  A = await votingAssembly(env, community, { estateId: estate.estateId, title: '并发投票测试大会' });
  roll = await rollOf(env, A.id);
  owners = await ownerAccounts(env, roll.map((v) => v.delegatePersonId!));
  staffB = await staffAccount(env, 'community_worker', demo.communityId, '社工乙');
  staffC = await staffAccount(env, 'community_worker', demo.communityId, '社工丙');
}, 180_000);
afterAll(async () => env?.close());

describe('the fixture', () => {
  it('is an estate of 510 owned units: 510 voters, one per owner (司法解释 第9条)', () => {
    expect(roll).toHaveLength(RACERS + SPARE);
    expect(new Set(roll.map((v) => v.delegatePersonId)).size).toBe(RACERS + SPARE);
    expect(roll.reduce((s, v) => s + v.areaCenti, 0)).toBe(estate.areas.reduce((s, a) => s + a, 0));
  });
});

describe('500 owners vote at the same moment', () => {
  it('records exactly 500 ballot papers, tallied as a plain recount, with a ledger that verifies', async () => {
    const racers = roll.slice(0, RACERS);
    const code = await giveCodes(env, racers.map((v) => owners.get(v.delegatePersonId!)!.userId), A.id);
    const t0 = performance.now();
    const results = await Promise.all(racers.map((v, i) => owners.get(v.delegatePersonId!)!.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: ballotOf(i), code })));
    const seconds = (performance.now() - t0) / 1000;
    const failed = results.filter((r) => r.statusCode !== 200);
    expect(failed.map((r) => r.body)).toEqual([]);
    const receipts = results.map((r) => r.json().receipt as string);
    expect(new Set(receipts).size).toBe(RACERS);
    expect(results.every((r) => r.json().status === 'counted' && r.json().changed === false)).toBe(true);
    console.info(`${RACERS} concurrent ballots on ${env.database.kind}: ${seconds.toFixed(1)} s`);

    expect(await num(env, `SELECT count(*) FROM assembly_submissions WHERE assembly_id = $1`, [A.id])).toBe(RACERS);
    expect(await num(env, `SELECT count(*) FROM assembly_submissions WHERE assembly_id = $1 AND status = 'counted'`, [A.id])).toBe(RACERS);
    expect(await num(env, `SELECT count(*) FROM assembly_ballots WHERE assembly_id = $1 AND counted`, [A.id])).toBe(RACERS * A.matterIds.length);
    expect(await num(env, `SELECT count(*) FROM assembly_otps WHERE assembly_id = $1 AND used_at IS NOT NULL`, [A.id])).toBe(RACERS);

    // the tally (service.ts tallyMatters) against (1) what the owners sent, weighted from the roll,
    // and (2) a recount in plain SQL over the counted ballot papers
    const expected = new Map<string, { persons: number; area: number }>();
    racers.forEach((v, i) => {
      for (const c of ballotOf(i)) {
        const k = `${c.matterId}:${c.choice}`;
        const e = expected.get(k) ?? { persons: 0, area: 0 };
        expected.set(k, { persons: e.persons + 1, area: e.area + v.areaCenti });
      }
    });
    const recount = await q<{ matter_id: number; choice: string; persons: number; area: string }>(
      env,
      `SELECT b.matter_id::int AS matter_id, b.choice, count(*)::int AS persons, sum(v.area_centi)::text AS area
         FROM assembly_submissions s
         JOIN assembly_ballots b ON b.submission_id = s.id
         JOIN assembly_voters v ON v.id = s.voter_id
        WHERE s.assembly_id = $1 AND s.status = 'counted'
        GROUP BY 1, 2`,
      [A.id],
    );
    const tally = await tallyMatters(env.ctx.db, A.id);
    for (const m of tally) {
      for (const c of CHOICES) {
        const e = expected.get(`${m.matterId}:${c}`) ?? { persons: 0, area: 0 };
        const r = recount.find((x) => x.matter_id === m.matterId && x.choice === c);
        expect({ persons: Number(m[c].persons), area: Number(m[c].area) }).toEqual(e);
        expect({ persons: r?.persons ?? 0, area: Number(r?.area ?? 0) }).toEqual(e);
      }
      expect(Number(m.agree.persons + m.oppose.persons + m.abstain.persons)).toBe(RACERS);
    }
    // the ledger: one ballot entry per receipt, in an unbroken chain
    const ledger = await readLedger(env.ctx.db, A.id);
    expect(checkChain(ledger)).toBeNull();
    const entries = ledger.filter((e) => e.kind === 'ballot');
    expect(entries.map((e) => (e.payload as { receipt: string }).receipt).sort()).toEqual([...receipts].sort());
    expect(new Set(entries.map((e) => (e.payload as { voterNo: number }).voterNo)).size).toBe(RACERS);
    // and a recount from the ledger alone gives the same figures
    const areaOfNo = new Map(roll.map((v) => [v.voterNo, v.areaCenti]));
    for (const m of tally) {
      const seq = String(m.seq);
      const agree = entries.filter((e) => (e.payload as { choices: Record<string, string> }).choices[seq] === 'agree');
      expect(agree.length).toBe(Number(m.agree.persons));
      expect(agree.reduce((s, e) => s + areaOfNo.get((e.payload as { voterNo: number }).voterNo)!, 0)).toBe(Number(m.agree.area));
    }
    // the live turnout counts them all
    const turnout = ok(await community.get(`/api/assemblies/${A.id}`)).turnout;
    expect(turnout.voted.persons).toBe(RACERS);
    expect(Number(turnout.voted.areaCenti)).toBe(racers.reduce((s, v) => s + v.areaCenti, 0));
    expect(await verifyAuditChain(env.ctx.db)).toMatchObject({ ok: true });
  }, 300_000);
});

describe('one owner, two ballots at once', () => {
  it('signed in on two accounts: both are recorded in turn, exactly one ends counted, the other superseded', async () => {
    for (let round = 0; round < 5; round++) {
      const v = roll[round];
      const personId = v.delegatePersonId!;
      const first = owners.get(personId)!;
      // a second account of the same person (an old and a new phone account, say)
      const [u] = await q<{ id: number }>(env, `INSERT INTO users (username, display_name, person_id, password_hash) VALUES ($1, '业主第二账号', $2, 'no-password') RETURNING id`, [
        `second.${round}.${personId}`,
        personId,
      ]);
      const secondUser = Number(u.id);
      const secondClient = await sessionFor(env, secondUser);
      await q(env, `UPDATE assembly_otps SET created_at = created_at - interval '2 minutes' WHERE user_id = $1`, [first.userId]);
      const c1 = await giveCode(env, first.userId, A.id, '111111');
      const c2 = await giveCode(env, secondUser, A.id, '222222');
      const before = (await q(env, `SELECT id FROM assembly_submissions WHERE voter_id = $1 AND status = 'counted'`, [v.id])).map((r) => Number(r.id));
      expect(before).toHaveLength(1);
      const [r1, r2] = await Promise.all([
        first.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: A.matterIds.map((matterId) => ({ matterId, choice: 'agree' })), code: c1 }),
        secondClient.post(`/api/my/assemblies/${A.id}/ballot`, { choices: A.matterIds.map((matterId) => ({ matterId, choice: 'oppose' })), code: c2 }),
      ]);
      expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
      const subs = await q<{ id: number; status: string; receipt: string }>(env, `SELECT id::int AS id, status, receipt FROM assembly_submissions WHERE voter_id = $1 ORDER BY id`, [v.id]);
      expect(subs.filter((s) => s.status === 'counted')).toHaveLength(1);
      expect(subs.filter((s) => s.status === 'superseded')).toHaveLength(subs.length - 1);
      // the one counted is the later of the two; its ballots are the only ones
      const last = subs.at(-1)!;
      expect(last.status).toBe('counted');
      const winner = [r1, r2].find((r) => r.json().receipt === last.receipt)!;
      const loser = [r1, r2].find((r) => r !== winner)!;
      expect(winner.json().changed).toBe(true);
      const ballots = await q<{ choice: string; submission_id: number }>(env, `SELECT choice, submission_id::int AS submission_id FROM assembly_ballots WHERE voter_id = $1`, [v.id]);
      expect(ballots).toHaveLength(A.matterIds.length);
      expect(new Set(ballots.map((b) => b.submission_id))).toEqual(new Set([last.id]));
      expect(new Set(ballots.map((b) => b.choice))).toEqual(new Set([winner === r1 ? 'agree' : 'oppose']));
      // the ledger has both, the later one superseding the earlier
      const ledger = await readLedger(env.ctx.db, A.id);
      const mine = ledger.filter((e) => e.kind === 'ballot' && (e.payload as { voterNo: number }).voterNo === v.voterNo);
      expect(mine.at(-1)!.payload).toMatchObject({ receipt: last.receipt, supersedes: loser.json().receipt });
      expect(mine.at(-2)!.payload).toMatchObject({ receipt: loser.json().receipt });
    }
  });

  it('the same code sent twice at once: one ballot, the other refused as used', async () => {
    for (let round = 0; round < 3; round++) {
      const v = roll[10 + round];
      const o = owners.get(v.delegatePersonId!)!;
      await q(env, `UPDATE assembly_otps SET created_at = created_at - interval '2 minutes' WHERE user_id = $1`, [o.userId]);
      const code = await giveCode(env, o.userId, A.id, '333333');
      const before = await num(env, `SELECT count(*) FROM assembly_submissions WHERE voter_id = $1`, [v.id]);
      const body = { choices: A.matterIds.map((matterId) => ({ matterId, choice: 'abstain' })), code };
      const rs = await Promise.all([o.client.post(`/api/my/assemblies/${A.id}/ballot`, body), o.client.post(`/api/my/assemblies/${A.id}/ballot`, body)]);
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 403]);
      const refused = rs.find((r) => r.statusCode === 403)!;
      expectError(refused, 403, 'ASSEMBLY_OTP_INVALID');
      expect(refused.json().error.details.reason).toBe('used');
      expect(await num(env, `SELECT count(*) FROM assembly_submissions WHERE voter_id = $1`, [v.id])).toBe(before + 1);
      expect(await num(env, `SELECT count(*) FROM assembly_submissions WHERE voter_id = $1 AND status = 'counted'`, [v.id])).toBe(1);
    }
  });
});

describe('a confirmation racing a rejection of one paper ballot', () => {
  it('one wins, the other is told the ballot moved on; the ballot counts only if confirmed', async () => {
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const v = roll[RACERS + round];
      const f = new FormData();
      f.append('kind', 'scan');
      f.append('file', new Blob([new Uint8Array(Buffer.concat([JPEG, Buffer.from(`round-${round}`)]))]), `scan-${round}.jpg`);
      const scanId = ok(await community.post(`/api/assemblies/${A.id}/files`, f)).id;
      const entered = ok(await community.post(`/api/assemblies/${A.id}/paper-ballots`, { voterId: v.id, channel: 'paper', choices: A.matterIds.map((matterId) => ({ matterId, choice: 'agree' })), scanId }));
      const base = `/api/assemblies/${A.id}/submissions/${entered.submissionId}`;
      const rs = await Promise.all([staffB.client.post(`${base}/confirm`), staffC.client.post(`${base}/reject`, { reason: '签名与登记不符' })]);
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expectError(rs.find((r) => r.statusCode === 409)!, 409, 'ASSEMBLY_STATE_CONFLICT');
      const won = rs[0].statusCode === 200 ? 'counted' : 'rejected';
      outcomes.push(won);
      const s = (await q(env, `SELECT status, confirmed_by::int AS by FROM assembly_submissions WHERE id = $1`, [entered.submissionId]))[0];
      expect(s).toEqual({ status: won, by: won === 'counted' ? staffB.userId : staffC.userId });
      const ballots = await q<{ counted: boolean }>(env, `SELECT counted FROM assembly_ballots WHERE voter_id = $1`, [v.id]);
      expect(ballots.map((b) => b.counted)).toEqual(won === 'counted' ? A.matterIds.map(() => true) : []);
      const ledger = await readLedger(env.ctx.db, A.id);
      const about = ledger.filter((e) => ['ballot_confirmed', 'ballot_rejected'].includes(e.kind) && (e.payload as { receipt: string }).receipt === entered.receipt);
      expect(about.map((e) => e.kind)).toEqual([won === 'counted' ? 'ballot_confirmed' : 'ballot_rejected']);
    }
    expect(outcomes).toHaveLength(6);
  });

  it('afterwards the ledger and the audit chain still verify, and the tally counts each owner once', async () => {
    expect(checkChain(await readLedger(env.ctx.db, A.id))).toBeNull();
    expect(await verifyAuditChain(env.ctx.db)).toMatchObject({ ok: true });
    const counted = await num(env, `SELECT count(*) FROM assembly_submissions WHERE assembly_id = $1 AND status = 'counted'`, [A.id]);
    const voters = await num(env, `SELECT count(DISTINCT voter_id) FROM assembly_submissions WHERE assembly_id = $1 AND status = 'counted'`, [A.id]);
    expect(counted).toBe(voters);
    for (const m of await tallyMatters(env.ctx.db, A.id)) expect(Number(m.agree.persons + m.oppose.persons + m.abstain.persons)).toBe(counted);
  });
});
