// The notice PDF, the archive XLSX and the public record over HTTP: who may fetch them, what they
// hold (the PDF's text is read back through its ToUnicode maps; the workbook is opened with
// exceljs), and that the public record has no personal data beyond masked names and candidates.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { otherPlace, placeUnder, userIdOf } from '../helpers';
import { pdfText } from '../pdf-text';
import { verifyPublicRecord } from '../../src/modules/assemblies/record';
import { countedAssembly, createDraft, type Counted } from './export-fixture';

let env: TestEnv;
let community: Client;
let counted: Counted;
let draft: { id: number; estateId: number };

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  counted = await countedAssembly(env.database, community, { enteredBy: await userIdOf(env, 'community'), confirmedBy: await userIdOf(env, 'street') });
  draft = await createDraft(env.database, community, '下一次业主大会（草稿）');
  // notices delivered on paper to three owners; one failed delivery followed by a public notice
  for (const [i, method] of [[0, 'paper'], [1, 'paper'], [2, 'paper'], [3, 'failed'], [3, 'public_notice']] as const) {
    await env.database.query(`INSERT INTO assembly_deliveries (assembly_id, voter_id, method) VALUES ($1, $2, $3)`, [counted.id, counted.voters[i].id, method]);
  }
}, 300_000);

afterAll(async () => {
  await env?.close();
});

const flat = (s: string) => s.replace(/\s+/g, '');

describe('GET /api/assemblies/:id/notice.pdf', () => {
  it('gives organisers in scope the notice with matters, thresholds and (once counted) results with reasoning', async () => {
    const res = await community.get(`/api/assemblies/${counted.id}/notice.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename\*=UTF-8''.*\.pdf$/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // the font is embedded as a subset: a notice stays small
    expect(pdf.length).toBeLessThan(400_000);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    const text = flat(pdfText(pdf));
    const estate = (await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [counted.estateId]))[0].name;
    expect(text).toContain(flat(`${estate}业主大会公告`));
    expect(text).toContain('示例小区业主委员会');
    expect(text).toContain('定于投票期内以书面及网络投票方式召开业主大会');
    expect(text).toContain('投票时间');
    // every matter with its 278 item and its threshold (民法典 第278条: items (6)–(8) need three quarters)
    expect(text).toContain('1.续聘物业服务企业');
    expect(text).toContain('民法典第二百七十八条第一款第（四）项：选聘和解聘物业服务企业或者其他管理人');
    expect(text).toContain('民法典第二百七十八条第一款第（六）项：筹集建筑物及其附属设施的维修资金');
    expect(text).toContain('参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意');
    expect(text).toContain('参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意');
    for (const c of counted.candidates) expect(text).toContain(c.name);
    // the results, each with its reasoning in figures and its article
    expect(text).toContain('表决结果');
    expect(text).toContain('1.续聘物业服务企业：通过');
    expect(text).toContain('2.筹集电梯更新维修资金：未通过');
    expect(text).toMatch(/同意的业主人数（占参与表决）：\d+\/\d+人（[\d.]+%），要求四分之三以上，未达到/);
    expect(text).toContain(flat('依据：民法典 第二百七十八条 第二款'));
    expect(text).toContain('业主委员会当选委员');
    // receipts and the ledger head pin the published record
    const head = (await env.database.query<{ ledger_head: string; results: { ledgerHead: string } }>(`SELECT ledger_head, results FROM assemblies WHERE id = $1`, [counted.id]))[0];
    expect(text).toContain(`有效选票（回执）${counted.receipts.length}张`);
    expect(text).toContain(head.results.ledgerHead);
    expect(text).toContain(`/api/assemblies/${counted.id}/record`);
  });

  it('gives a draft’s notice without results', async () => {
    const res = await community.get(`/api/assemblies/${draft.id}/notice.pdf`);
    expect(res.statusCode).toBe(200);
    const text = flat(pdfText(res.rawPayload));
    expect(text).toContain('下一次业主大会（草稿）');
    expect(text).toContain('尚未公告');
    expect(text).not.toContain('表决结果');
  });

  it('is refused without the permission (403), without a session (401), and 404 for nothing', async () => {
    expectError(await env.anon.get(`/api/assemblies/${counted.id}/notice.pdf`), 401, 'UNAUTHENTICATED');
    expectError(await (await env.login('resident')).get(`/api/assemblies/${counted.id}/notice.pdf`), 403, 'FORBIDDEN');
    expectError(await (await env.login('property')).get(`/api/assemblies/${counted.id}/archive.xlsx`), 403, 'FORBIDDEN');
    expectError(await community.get(`/api/assemblies/999999/notice.pdf`), 404, 'ASSEMBLY_NOT_FOUND');
  });
});

describe('GET /api/assemblies/:id/archive.xlsx', () => {
  it('holds the assembly, the masked roll, deliveries, ballots by receipt, results with tests and the ledger', async () => {
    const res = await community.get(`/api/assemblies/${counted.id}/archive.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['会议 Assembly', '名册 Roll', '送达 Deliveries', '选票 Ballots', '结果 Results', '账本 Ledger']);
    const values = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };

    const info = values('会议 Assembly');
    expect(info.find((r) => r[0] === '会议名称 Title')![1]).toBe('2026年度业主大会');
    const head = (await env.database.query<{ ledger_head: string; ledger_seq: number }>(`SELECT ledger_head, ledger_seq FROM assemblies WHERE id = $1`, [counted.id]))[0];
    expect(info.find((r) => r[0] === '账本链头 Ledger head')![1]).toBe(head.ledger_head);

    // the roll: one row per voter, names masked, area exact
    const roll = values('名册 Roll').slice(1);
    const voters = await env.database.query<{ voter_no: number; name: string; kind: string; area: string }>(`SELECT voter_no, name, kind, area_centi::text AS area FROM assembly_voters WHERE assembly_id = $1 ORDER BY voter_no`, [counted.id]);
    expect(roll).toHaveLength(voters.length);
    for (const [i, v] of voters.entries()) {
      expect(roll[i][0]).toBe(v.voter_no);
      expect(roll[i][4]).toBe(v.area);
      if (v.kind === 'person') {
        expect(roll[i][1]).not.toBe(v.name);
        expect(String(roll[i][1])).toMatch(/\*/);
      }
    }

    // deliveries: every voter counted once in the summary
    const del = values('送达 Deliveries');
    const summary = del.slice(1, 6);
    expect(summary.reduce((s, r) => s + Number(r[1]), 0)).toBe(voters.length);
    expect(summary.find((r) => String(r[0]).endsWith(' paper'))![1]).toBe(3);
    expect(summary.find((r) => String(r[0]).endsWith(' public_notice'))![1]).toBe(1); // the latest delivery counts
    expect(summary.find((r) => String(r[0]).endsWith(' failed'))![1]).toBe(0);
    const perVoter = del.slice(del.findIndex((r) => r[0] === '编号 No.') + 1);
    expect(perVoter).toHaveLength(voters.length);
    expect(String(perVoter.find((r) => r[0] === counted.voters[3].voterNo)![2])).toMatch(/public_notice$/);

    // ballots: every paper in the ledger with its final status
    const ballots = values('选票 Ballots').slice(1);
    const subs = await env.database.query<{ receipt: string; status: string }>(`SELECT receipt, status FROM assembly_submissions WHERE assembly_id = $1`, [counted.id]);
    expect(ballots).toHaveLength(subs.length);
    for (const s of subs) expect(String(ballots.find((b) => b[0] === s.receipt)![3])).toMatch(new RegExp(` ${s.status}$`));
    expect(ballots.filter((b) => String(b[3]).endsWith(' counted'))).toHaveLength(counted.receipts.length);

    // results: a row per matter and four tests each (民法典 第278条 第2款)
    const sheet = values('结果 Results');
    const electedAt = sheet.findIndex((r) => r[1] === '当选 Elected');
    const results = sheet.slice(1, electedAt);
    const stored = (await env.database.query<{ results: { matters: { seq: number; passed: boolean; tests: { name: string; value: string; passed: boolean }[] }[] } }>(`SELECT results FROM assemblies WHERE id = $1`, [counted.id]))[0].results;
    for (const m of stored.matters) {
      const rows = results.filter((r) => r[0] === m.seq);
      expect(rows).toHaveLength(5);
      expect(rows[0][8]).toBe(m.passed ? '通过 passed' : '未通过 not passed');
      for (const t of m.tests) {
        const tr = rows.find((r) => String(r[3]).endsWith(` ${t.name}`))!;
        expect(tr[4]).toBe(t.value);
        expect(tr[8]).toBe(t.passed ? '达到 passed' : '未达到 failed');
        expect(String(tr[9])).toMatch(/民法典 第二百七十八条/);
      }
    }
    const elected = sheet.slice(electedAt + 1);
    const storedElection = (await env.database.query<{ e: { rank: number; name: string }[] }>(`SELECT results #> '{election,elected}' AS e FROM assemblies WHERE id = $1`, [counted.id]))[0].e;
    expect(elected.map((r) => [r[0], r[1]])).toEqual(storedElection.map((e) => [e.rank, e.name]));

    // the ledger, entry for entry
    const ledger = values('账本 Ledger').slice(1);
    expect(ledger).toHaveLength(head.ledger_seq);
    const dbLedger = await env.database.query<{ seq: number; hash: string; prev_hash: string }>(`SELECT seq, hash, prev_hash FROM assembly_ledger WHERE assembly_id = $1 ORDER BY seq`, [counted.id]);
    expect(ledger.map((r) => [r[0], r[4], r[5]])).toEqual(dbLedger.map((e) => [e.seq, e.prev_hash, e.hash]));
  });

  it('is refused outside the caller’s subtree (403 NOT_IN_SCOPE)', async () => {
    // an assembly the district admin drafts on an estate of another community
    const firstCommunity = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'community' ORDER BY id LIMIT 1`))[0].id);
    const far = await placeUnder(env, 'estate', await otherPlace(env, 'community', firstCommunity));
    const admin = await env.login('admin');
    const outside = await createDraft(env.database, admin, '外社区的业主大会', far);
    expect((await admin.get(`/api/assemblies/${outside.id}/archive.xlsx`)).statusCode).toBe(200);
    expectError(await community.get(`/api/assemblies/${outside.id}/notice.pdf`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/assemblies/${outside.id}/archive.xlsx`), 403, 'NOT_IN_SCOPE');
  });
});

describe('GET /api/assemblies/:id/record', () => {
  it('is public once counted, verifies, and carries only masked names and candidates’ names', async () => {
    const res = await env.anon.get(`/api/assemblies/${counted.id}/record`);
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const report = verifyPublicRecord(doc);
    expect(report.ok).toBe(true);
    expect(doc.ballots).toHaveLength(counted.receipts.length);
    const text = res.body;
    expect(text).not.toMatch(/personId|delegatePersonId|phone/);
    const names = await env.database.query<{ name: string }>(`SELECT name FROM assembly_voters WHERE assembly_id = $1 AND kind = 'person'`, [counted.id]);
    const candidates = new Set(counted.candidates.map((c) => c.name));
    for (const n of names.flatMap((x) => x.name.split('、')).filter((x) => [...x].length > 1 && !candidates.has(x))) expect(text).not.toContain(`"${n}"`);
  });

  it('answers 409 before the count and 404 for nothing', async () => {
    expectError(await env.anon.get(`/api/assemblies/${draft.id}/record`), 409, 'ASSEMBLY_RECORD_NOT_READY');
    expectError(await env.anon.get(`/api/assemblies/999999/record`), 404, 'ASSEMBLY_NOT_FOUND');
  });
});
