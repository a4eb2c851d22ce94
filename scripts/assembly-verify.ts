// npm run assembly:verify -- <record.json> [--json]
// Checks the public record of an owners' assembly (from npm run assembly:export or
// GET /api/assemblies/:id/record) with no database: the ledger's hash chain, the ballots against
// the ledger, the roll, a full recount by 民法典 第278条 and the counted ledger entry. Prints each
// check in Chinese and English (or the report as JSON with --json); exits 0 when every check
// holds, 1 when one fails, 2 when the file cannot be read.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyPublicRecord } from '../src/modules/assemblies/record';

const { values, positionals } = parseArgs({ options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('用法 usage: npm run assembly:verify -- <record.json> [--json]');
  process.exit(2);
}
let doc: unknown;
try {
  doc = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
} catch (err) {
  console.error(`无法读取记录 cannot read the record ${positionals[0]}: ${(err as Error).message}`);
  process.exit(2);
}
const report = verifyPublicRecord(doc);
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.ok ? 0 : 1);
}

const m2 = (centi: string) => {
  const v = BigInt(centi);
  return `${v / 100n}.${String(v % 100n).padStart(2, '0')} m²`;
};
const TEST: Record<string, string> = { quorum_area: '参与面积 quorum by area', quorum_persons: '参与人数 quorum by owners', agree_area: '同意面积 agreement by area', agree_persons: '同意人数 agreement by owners' };
const a = report.assembly;
console.log('核验业主大会公开记录 / Verifying the public record of an owners’ assembly');
if (a.title) console.log(`  ${a.estateName} · ${a.title}${a.id ? ` (#${a.id})` : ''}`);
console.log('');
for (const c of report.checks) {
  console.log(`  ${c.ok ? '✓ 通过 PASS' : '✗ 失败 FAIL'}  ${c.title.zh} / ${c.title.en}`);
  if (c.ok) {
    console.log(`      ${c.reason.zh}`);
    console.log(`      ${c.reason.en}`);
  } else {
    for (const p of c.problems) {
      console.log(`      ${p.zh}`);
      console.log(`      ${p.en}`);
    }
  }
}
const r = report.recomputed;
if (r) {
  console.log('');
  console.log(`重新计票 / Recount: 名册 roll ${r.totals.persons} 人 owners, ${m2(r.totals.areaCenti)}; ${r.ballots} 张有效选票 counted ballots`);
  for (const m of r.matters) {
    const f = (x: { persons: number; areaCenti: string }) => `${x.persons} / ${m2(x.areaCenti)}`;
    console.log(`  ${String(m.seq).padStart(3)}. [第${m.item}项 item ${m.item}] ${m.title}`);
    console.log(`       同意 agree ${f(m.agree)}; 反对 oppose ${f(m.oppose)}; 弃权 abstain ${f(m.abstain)}; 参与 participating ${f(m.participating)}`);
    console.log(`       ${m.passed ? '通过 passed' : `未通过 not passed: ${m.failed.map((f) => TEST[f] ?? f).join('; ')}`}`);
  }
  if (r.elected.length || r.runOffNeeded) {
    console.log(`  当选 elected: ${r.elected.map((e) => `${e.rank}. ${e.name}`).join('  ') || '—'}${r.runOffNeeded ? '（末位同票，需另行选举 / tie for the last seat: run-off needed）' : ''}`);
  }
  console.log(`  账本 ledger: ${r.ledgerEntries} 条 entries, 链头 head ${r.ledgerHead}`);
}
console.log('');
console.log(report.ok ? '结论：记录完整，重新计票结果与公布结果一致。 / Verdict: the record holds; the recount matches the published result.' : '结论：记录未通过核验。 / Verdict: the record does NOT hold.');
process.exit(report.ok ? 0 : 1);
