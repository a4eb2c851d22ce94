// The verifiable public record: export → verify holds; any edit of a ballot row (choice, voter,
// counted flag), a deleted ballot, an edited ledger entry, an edited result, an edited roll or
// matter makes the verification of a fresh export fail, naming the check. The CLIs are run as
// child processes against a database they open the way the server does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/test/harness';
import { buildPublicRecord, verifyPublicRecord, type PublicRecord, type VerifyReport } from '../../src/modules/assemblies/record';
import { choiceOf, countedAssembly, createDraft, sharedEnv, type Counted, type SharedEnv } from './export-fixture';

let env: SharedEnv;
let community: Client;
let counted: Counted;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-record-'));

const failing = (r: VerifyReport) => r.checks.filter((c) => !c.ok).map((c) => c.id);
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.database.query<T>(text, params);
const userId = async (username: string) => Number((await q<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]))[0].id);
const exportAndVerify = async () => verifyPublicRecord(JSON.parse(JSON.stringify(await buildPublicRecord(env.database.db, counted.id))));

beforeAll(async () => {
  env = await sharedEnv();
  community = await env.login('community');
  const staff = { enteredBy: await userId('community'), confirmedBy: await userId('street') };
  counted = await countedAssembly(env.database, community, staff);
}, 300_000);

afterAll(async () => {
  await env?.closeDatabase();
  await env?.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the public record', () => {
  it('exports the counted assembly and verifies: chain, ballots, roll, recount by 民法典 第278条, counted entry', async () => {
    const record = await buildPublicRecord(env.database.db, counted.id);
    expect(record.format).toBe('gongzhi.assembly-record');
    expect(record.assembly.state).toBe('counted');
    // every counted receipt once: the changed online ballot's first paper and the rejected paper are not there
    expect(record.ballots.map((b) => b.receipt).sort()).toEqual([...counted.receipts].sort());
    const superseded = await q<{ receipt: string; status: string }>(`SELECT receipt, status FROM assembly_submissions WHERE assembly_id = $1 AND status <> 'counted'`, [counted.id]);
    expect(superseded.map((s) => s.status).sort()).toEqual(['rejected', 'superseded']);
    for (const s of superseded) expect(record.ballots.some((b) => b.receipt === s.receipt)).toBe(false);
    // ballots name voters by number, choices by matter seq
    const paper = record.ballots.find((b) => b.channel === 'paper')!;
    expect(paper.voterNo).toBe(counted.voters[2].voterNo);
    expect(paper.choices).toEqual(Object.fromEntries(counted.matters.map((m) => [String(m.seq), choiceOf(2, m.seq)])));
    expect(record.ballots.find((b) => b.voterNo === counted.voters[4].voterNo)!.choices).toEqual({ '1': choiceOf(4, 1) });
    // the ledger: frozen roll, open, every ballot version, confirmation, rejection, close, count
    const kinds = record.ledger.map((e) => e.kind);
    expect(kinds[0]).toBe('roll_frozen');
    expect(kinds.filter((k) => k === 'ballot')).toHaveLength(counted.receipts.length + 2);
    expect(kinds).toContain('ballot_confirmed');
    expect(kinds).toContain('ballot_rejected');
    expect(kinds.at(-1)).toBe('counted');
    expect(record.assembly.ledgerHead).toBe(record.ledger.at(-1)!.hash);

    const report = verifyPublicRecord(JSON.parse(JSON.stringify(record)));
    expect(report.checks.map((c) => [c.id, c.ok])).toEqual([
      ['format', true],
      ['chain', true],
      ['matters', true],
      ['roll', true],
      ['ballots', true],
      ['results', true],
      ['counted', true],
    ]);
    expect(report.ok).toBe(true);
    // the recount is the published result, figure for figure
    const stored = record.results!;
    for (const m of report.recomputed!.matters) {
      const s = stored.matters.find((x) => x.seq === m.seq)!;
      expect([m.agree, m.oppose, m.abstain, m.passed, m.failed]).toEqual([s.agree, s.oppose, s.abstain, s.passed, s.failed]);
    }
    // 民法典 第278条: item (4) passes with 80 % agreeing (> 1/2); item (6) fails at 70 % (needs ≥ 3/4 of heads)
    const byseq = (n: number) => report.recomputed!.matters.find((m) => m.seq === n)!;
    expect(byseq(1).passed).toBe(true);
    expect(byseq(2).passed).toBe(false);
    expect(byseq(2).failed).toContain('agree_persons');
    expect(stored.matters.find((m) => m.seq === 2)!.tests.find((t) => t.name === 'agree_persons')!.article).toMatch(/第二百七十八条/);
    // the elected: at most five seats, names of candidates
    expect(report.recomputed!.elected.length).toBeGreaterThan(0);
    expect(report.recomputed!.elected.length).toBeLessThanOrEqual(5);
    for (const e of report.recomputed!.elected) expect(counted.candidates.map((c) => c.name)).toContain(e.name);
  });

  it('carries no personal data beyond masked names and the candidates’ names', async () => {
    const record = await buildPublicRecord(env.database.db, counted.id);
    const text = JSON.stringify(record);
    const names = await q<{ name: string; kind: string }>(`SELECT name, kind FROM assembly_voters WHERE assembly_id = $1 AND kind = 'person'`, [counted.id]);
    const candidates = new Set(counted.candidates.map((c) => c.name));
    const full = names.flatMap((n) => n.name.split('、')).filter((n) => [...n].length > 1 && !candidates.has(n));
    expect(full.length).toBeGreaterThan(10);
    for (const n of full) expect(text.includes(`"${n}`) || text.includes(`${n}"`) || text.includes(`${n}、`)).toBe(false);
    for (const v of record.roll.voters.filter((x) => x.kind === 'person')) expect(v.name).toMatch(/\*/);
    expect(text).not.toMatch(/personId|delegatePersonId|phone|idNumber|id_number/);
    const unitNames = await q<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_voter_units vu JOIN assembly_voters v ON v.id = vu.voter_id WHERE v.assembly_id = $1`, [counted.id]);
    expect(Number(unitNames[0].n)).toBeGreaterThan(0);
    expect(Object.keys(record.roll.voters[0]).sort()).toEqual(['active', 'areaCenti', 'kind', 'name', 'unitCount', 'voterNo']);
  });

  it('fails on an edited ballot choice, naming the ballots check', async () => {
    const row = (await q<{ matter_id: number; voter_id: number; choice: string }>(`SELECT matter_id, voter_id, choice FROM assembly_ballots WHERE assembly_id = $1 AND counted ORDER BY voter_id LIMIT 1`, [counted.id]))[0];
    const flipped = row.choice === 'agree' ? 'oppose' : 'agree';
    await q(`UPDATE assembly_ballots SET choice = $1 WHERE matter_id = $2 AND voter_id = $3`, [flipped, row.matter_id, row.voter_id]);
    try {
      const r = await exportAndVerify();
      expect(r.ok).toBe(false);
      expect(failing(r)).toEqual(['ballots']);
      const c = r.checks.find((x) => x.id === 'ballots')!;
      expect(c.reason.en).toMatch(/choices .* differ from the ledger/);
      expect(c.reason.zh).toMatch(/与账本/);
    } finally {
      await q(`UPDATE assembly_ballots SET choice = $1 WHERE matter_id = $2 AND voter_id = $3`, [row.choice, row.matter_id, row.voter_id]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('fails when a ballot row is moved to another voter or loses its counted flag', async () => {
    const row = (await q<{ matter_id: number; voter_id: number }>(`SELECT matter_id, voter_id FROM assembly_ballots WHERE assembly_id = $1 AND counted ORDER BY voter_id DESC LIMIT 1`, [counted.id]))[0];
    const idle = counted.voters.at(-1)!; // the last voters did not vote
    expect(Number((await q<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_ballots WHERE voter_id = $1`, [idle.id]))[0].n)).toBe(0);
    await q(`UPDATE assembly_ballots SET voter_id = $1 WHERE matter_id = $2 AND voter_id = $3`, [idle.id, row.matter_id, row.voter_id]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toEqual(['ballots']);
      expect(r.checks.find((x) => x.id === 'ballots')!.problems.map((p) => p.en).join('\n')).toMatch(new RegExp(`voter no\\. ${idle.voterNo}`));
    } finally {
      await q(`UPDATE assembly_ballots SET voter_id = $1 WHERE matter_id = $2 AND voter_id = $3`, [row.voter_id, row.matter_id, idle.id]);
    }
    await q(`UPDATE assembly_ballots SET counted = false WHERE matter_id = $1 AND voter_id = $2`, [row.matter_id, row.voter_id]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toEqual(['ballots']);
    } finally {
      await q(`UPDATE assembly_ballots SET counted = true WHERE matter_id = $1 AND voter_id = $2`, [row.matter_id, row.voter_id]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('fails when a ballot row is deleted', async () => {
    const row = (await q<Record<string, unknown>>(`SELECT * FROM assembly_ballots WHERE assembly_id = $1 AND counted ORDER BY voter_id LIMIT 1 OFFSET 5`, [counted.id]))[0];
    await q(`DELETE FROM assembly_ballots WHERE matter_id = $1 AND voter_id = $2`, [row.matter_id, row.voter_id]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toEqual(['ballots']);
    } finally {
      await q(`INSERT INTO assembly_ballots (matter_id, voter_id, assembly_id, submission_id, choice, counted) VALUES ($1, $2, $3, $4, $5, $6)`, [row.matter_id, row.voter_id, row.assembly_id, row.submission_id, row.choice, row.counted]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('fails on the chain when a ledger entry is edited, and when the ledger is cut short', async () => {
    const e = (await q<{ seq: number; payload: Record<string, unknown> }>(`SELECT seq, payload FROM assembly_ledger WHERE assembly_id = $1 AND kind = 'ballot' ORDER BY seq LIMIT 1 OFFSET 6`, [counted.id]))[0];
    const choices = e.payload.choices as Record<string, string>;
    const edited = { ...e.payload, choices: { ...choices, '1': choices['1'] === 'agree' ? 'oppose' : 'agree' } };
    await q(`UPDATE assembly_ledger SET payload = $1::jsonb WHERE assembly_id = $2 AND seq = $3`, [JSON.stringify(edited), counted.id, e.seq]);
    try {
      const r = await exportAndVerify();
      expect(r.ok).toBe(false);
      expect(failing(r)).toContain('chain');
      expect(r.checks.find((c) => c.id === 'chain')!.reason.en).toBe(`ledger entry ${e.seq}: its content does not match its hash (the entry was altered)`);
    } finally {
      await q(`UPDATE assembly_ledger SET payload = $1::jsonb WHERE assembly_id = $2 AND seq = $3`, [JSON.stringify(e.payload), counted.id, e.seq]);
    }
    // dropping the last entries leaves a valid chain that no longer reaches the published head
    const last = (await q<Record<string, unknown>>(`SELECT * FROM assembly_ledger WHERE assembly_id = $1 ORDER BY seq DESC LIMIT 1`, [counted.id]))[0];
    await q(`DELETE FROM assembly_ledger WHERE assembly_id = $1 AND seq = $2`, [counted.id, last.seq]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toContain('chain');
      expect(r.checks.find((c) => c.id === 'chain')!.reason.en).toMatch(/not at the assembly's head/);
    } finally {
      await q(`INSERT INTO assembly_ledger (assembly_id, seq, at, kind, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`, [
        last.assembly_id,
        last.seq,
        last.at,
        last.kind,
        JSON.stringify(last.payload),
        last.prev_hash,
        last.hash,
      ]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('fails the recount when the stored results are edited', async () => {
    await q(`UPDATE assemblies SET results = jsonb_set(results, '{matters,1,passed}', 'true') WHERE id = $1`, [counted.id]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toEqual(['results']);
      expect(r.checks.find((c) => c.id === 'results')!.reason.en).toMatch(/^matter 2 .*differs from the recount \(passed: true → false\)/);
    } finally {
      await q(`UPDATE assemblies SET results = jsonb_set(results, '{matters,1,passed}', 'false') WHERE id = $1`, [counted.id]);
    }
    const agree = (await q<{ a: string }>(`SELECT results #>> '{matters,0,agree,persons}' AS a FROM assemblies WHERE id = $1`, [counted.id]))[0].a;
    await q(`UPDATE assemblies SET results = jsonb_set(results, '{matters,0,agree,persons}', $2::jsonb) WHERE id = $1`, [counted.id, String(Number(agree) + 3)]);
    try {
      expect(failing(await exportAndVerify())).toEqual(['results']);
    } finally {
      await q(`UPDATE assemblies SET results = jsonb_set(results, '{matters,0,agree,persons}', $2::jsonb) WHERE id = $1`, [counted.id, agree]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('fails on the roll when an area or an active flag is edited, and on the matters when an item is', async () => {
    const v = counted.voters[0];
    await q(`UPDATE assembly_voters SET area_centi = area_centi + 1000 WHERE id = $1`, [v.id]);
    try {
      const r = await exportAndVerify();
      expect(failing(r)).toEqual(['roll']);
      expect(r.checks.find((c) => c.id === 'roll')!.reason.en).toMatch(new RegExp(`voter no\\. ${v.voterNo}: the record differs from the ledger \\(areaCenti`));
    } finally {
      await q(`UPDATE assembly_voters SET area_centi = area_centi - 1000 WHERE id = $1`, [v.id]);
    }
    await q(`UPDATE assembly_voters SET active = false WHERE id = $1`, [v.id]);
    try {
      expect(failing(await exportAndVerify())).toEqual(['roll']);
    } finally {
      await q(`UPDATE assembly_voters SET active = true WHERE id = $1`, [v.id]);
    }
    // turning the item (6) matter into item (4) would lower its threshold to a simple majority
    await q(`UPDATE assembly_matters SET item = 4 WHERE assembly_id = $1 AND seq = 2`, [counted.id]);
    try {
      expect(failing(await exportAndVerify())).toEqual(['matters']);
    } finally {
      await q(`UPDATE assembly_matters SET item = 6 WHERE assembly_id = $1 AND seq = 2`, [counted.id]);
    }
    expect((await exportAndVerify()).ok).toBe(true);
  });

  it('verifies the JSON alone: an edited file or a foreign document fails', async () => {
    const record = JSON.parse(JSON.stringify(await buildPublicRecord(env.database.db, counted.id))) as PublicRecord;
    const edited = structuredClone(record);
    edited.ballots[0].choices['1'] = edited.ballots[0].choices['1'] === 'agree' ? 'abstain' : 'agree';
    expect(failing(verifyPublicRecord(edited))).toEqual(['ballots']);
    // a ballot added to the file that the ledger never counted
    const added = structuredClone(record);
    added.ballots.push({ receipt: 'AAAA-BBBB-CCCC', voterNo: counted.voters.at(-1)!.voterNo, channel: 'online', choices: { '1': 'agree' } });
    expect(verifyPublicRecord(added).checks.find((c) => c.id === 'ballots')!.reason.en).toBe('receipt AAAA-BBBB-CCCC of the record does not count in the ledger (replaced, rejected or unknown)');
    // results and ledger rewritten together to pass item (6): the counted entry's hash breaks
    const both = structuredClone(record);
    const m2 = both.results!.matters.find((m) => m.seq === 2)!;
    m2.passed = true;
    m2.failed = [];
    const ce = both.ledger.find((e) => e.kind === 'counted')!;
    (ce.payload as { matters: { seq: number; passed: boolean; failed: string[] }[] }).matters[1] = { ...(ce.payload as { matters: { seq: number; passed: boolean; failed: string[] }[] }).matters[1], passed: true, failed: [] };
    expect(failing(verifyPublicRecord(both))).toEqual(['chain', 'results', 'counted']);
    const foreign = verifyPublicRecord({ hello: 'world' });
    expect(foreign.ok).toBe(false);
    expect(failing(foreign)).toEqual(['format']);
    expect(verifyPublicRecord(null).ok).toBe(false);
  });

  it('is not available before the count (409 ASSEMBLY_RECORD_NOT_READY)', async () => {
    const draft = await createDraft(env.database, community, '尚未计票的大会');
    await expect(buildPublicRecord(env.database.db, draft.id)).rejects.toMatchObject({ code: 'ASSEMBLY_RECORD_NOT_READY', status: 409 });
    await expect(buildPublicRecord(env.database.db, 999_999)).rejects.toMatchObject({ code: 'ASSEMBLY_NOT_FOUND' });
  });

  it('recounts deemed votes (从众, only where the covenant enables it) the same way', async () => {
    await q(`INSERT INTO assembly_settings (place_id, settings) VALUES ($1, '{"deemedVotes": true}'::jsonb) ON CONFLICT (place_id) DO UPDATE SET settings = excluded.settings`, [counted.estateId]);
    try {
      const staff = { enteredBy: await userId('community'), confirmedBy: await userId('street') };
      const deemed = await countedAssembly(env.database, community, staff, { voteShare: 0.7, election: false });
      const record = await buildPublicRecord(env.database.db, deemed.id);
      expect(record.assembly.deemedVotes).toBe(true);
      expect(record.results!.matters[0].deemed).not.toBeNull();
      const r = verifyPublicRecord(JSON.parse(JSON.stringify(record)));
      expect(r.ok).toBe(true);
      // flip the covenant flag in the file: the ledger froze it, the roll check says so
      const edited = structuredClone(record);
      edited.assembly.deemedVotes = false;
      expect(failing(verifyPublicRecord(edited))).toContain('roll');
    } finally {
      await q(`DELETE FROM assembly_settings WHERE place_id = $1`, [counted.estateId]);
    }
  });
});

describe('the CLIs', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (script: string, args: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync(tsx, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...extraEnv }, timeout: 120_000 });

  it('npm run assembly:export writes the record from the server’s database; assembly:verify checks it with none', async () => {
    // the other process opens the same database (PGlite directory: closed here first)
    await env.closeDatabase();
    const file = path.join(tmp, 'record.json');
    const exp = run('scripts/assembly-export.ts', [String(counted.id), '--out', file], env.cliEnv);
    expect(exp.status, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/已导出 exported/);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as PublicRecord;
    expect(doc.assembly.id).toBe(counted.id);
    expect(doc.ballots).toHaveLength(counted.receipts.length);

    const ok = run('scripts/assembly-verify.ts', [file], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: path.join(tmp, 'nothing') });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ 通过 PASS {2}账本哈希链 \/ ledger hash chain/);
    expect(ok.stdout).toMatch(/✓ 通过 PASS {2}重新计票 \/ recount/);
    expect(ok.stdout).toMatch(/Verdict: the record holds/);
    expect(ok.stdout).not.toMatch(/FAIL/);

    // one choice changed in the file: exit 1, the ballots check fails in both languages
    doc.ballots[3].choices['1'] = doc.ballots[3].choices['1'] === 'agree' ? 'oppose' : 'agree';
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(doc));
    const fail = run('scripts/assembly-verify.ts', [bad]);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/✗ 失败 FAIL {2}选票与账本 \/ ballots against the ledger/);
    expect(fail.stdout).toMatch(new RegExp(`receipt ${doc.ballots[3].receipt}: the record's choices`));
    expect(fail.stdout).toMatch(/Verdict: the record does NOT hold/);
    const json = run('scripts/assembly-verify.ts', [bad, '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).checks.find((c: { id: string }) => c.id === 'ballots').ok).toBe(false);

    // usage and missing things
    expect(run('scripts/assembly-verify.ts', [path.join(tmp, 'missing.json')]).status).toBe(2);
    expect(run('scripts/assembly-export.ts', []).status).toBe(2);
    const none = run('scripts/assembly-export.ts', ['999999', '--out', path.join(tmp, 'x.json')], env.cliEnv);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/ASSEMBLY_NOT_FOUND/);
    expect(fs.existsSync(path.join(tmp, 'x.json'))).toBe(false);
  }, 180_000);
});
