// The notice for the notice board (PDF) and the organisers' archive (XLSX) of an assembly.
//
// The PDF is set in Noto Sans SC (SIL Open Font License 1.1), read at run time from the npm
// package @expo-google-fonts/noto-sans-sc (no CJK system font is needed on the server); pdfkit
// embeds only the glyphs used, so a notice weighs tens of kilobytes. It carries the estate, the
// organiser, the notice, the voting period, each matter with its 民法典 第278条 item and
// thresholds, and once counted the result of every matter with its reasoning in figures, the
// number of receipts and the ledger's hashes, so a printed notice pins the published record.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../core/db/client';
import { readLedger, type LedgerEntry } from './ledger';
import { maskName } from './roll';
import { ITEM_LABELS, isSpecial, type Item } from './rule';
import type { Actor } from '../../core/access/policy';
import { assemblyFor, assemblyRow, electionOf, type AssemblyResults, type AssemblyRow, type MatterResult } from './service';

// ---------------------------------------------------------------------------------------------
// the data both documents show

export interface ExportData {
  a: AssemblyRow;
  matters: { id: number; seq: number; item: Item; title: string; description: string; electionId: number | null }[];
  election: Awaited<ReturnType<typeof electionOf>>;
  voters: { id: number; voterNo: number; name: string; kind: 'person' | 'developer'; areaCenti: string; unitCount: number; active: boolean; delivery: string | null; deliveredAt: string | null }[];
  submissions: { receipt: string; voterNo: number; channel: string; status: string; castAt: string }[];
  ledger: LedgerEntry[];
  /** papers that count (the receipts list after close) */
  countedReceipts: number;
}

/** What the notice shows (`full` false: no roll, papers or ledger) or the archive (everything). */
export async function loadExportData(db: Db, assemblyId: number, full = true): Promise<ExportData> {
  const a = await assemblyRow(db, assemblyId);
  const countedReceipts = Number(
    (await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM assembly_submissions WHERE assembly_id = ${assemblyId} AND status = 'counted'`))[0].n,
  );
  const matters = await rows<ExportData['matters'][number]>(
    db,
    sql`SELECT id::int AS id, seq, item, title, description, election_id::int AS "electionId" FROM assembly_matters WHERE assembly_id = ${assemblyId} ORDER BY seq`,
  );
  if (!full) return { a, matters, election: await electionOf(db, assemblyId), voters: [], submissions: [], ledger: [], countedReceipts };
  const voters = await rows<{ id: number; voter_no: number; name: string; kind: 'person' | 'developer'; area: string; unit_count: number; active: boolean; method: string | null; at: string | null }>(
    db,
    sql`SELECT v.id::int AS id, v.voter_no, v.name, v.kind, v.area_centi::text AS area, v.unit_count, v.active, d.method,
               to_char(d.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
          FROM assembly_voters v
          LEFT JOIN LATERAL (SELECT method, at FROM assembly_deliveries d WHERE d.assembly_id = v.assembly_id AND d.voter_id = v.id ORDER BY d.id DESC LIMIT 1) d ON true
         WHERE v.assembly_id = ${assemblyId} ORDER BY v.voter_no`,
  );
  const submissions = await rows<ExportData['submissions'][number]>(
    db,
    sql`SELECT s.receipt, v.voter_no AS "voterNo", s.channel, s.status, to_char(s.cast_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "castAt"
          FROM assembly_submissions s JOIN assembly_voters v ON v.id = s.voter_id WHERE s.assembly_id = ${assemblyId} ORDER BY s.id`,
  );
  return {
    a,
    matters,
    election: await electionOf(db, assemblyId),
    voters: voters.map((v) => ({ id: v.id, voterNo: v.voter_no, name: maskName(v.name, v.kind), kind: v.kind, areaCenti: v.area, unitCount: v.unit_count, active: v.active, delivery: v.method, deliveredAt: v.at })),
    submissions,
    ledger: await readLedger(db, assemblyId),
    countedReceipts,
  };
}

// ---------------------------------------------------------------------------------------------
// wording

const ORGANISER: Record<string, string> = { preparatory_group: '业主大会筹备组', owners_committee: '业主委员会', residents_committee: '居民委员会', street: '街道办事处' };
const KIND: Record<string, string> = { regular: '定期会议', extraordinary: '临时会议', first: '首次业主大会会议' };
const STATE: Record<string, string> = { draft: '草稿（未公告）', announced: '已公告', voting: '投票中', closed: '投票已截止', counted: '已计票', published: '结果公示中', archived: '已归档' };
const CHANNEL: Record<string, string> = { online: '网络投票', paper: '书面投票', proxy: '委托投票' };
const STATUS: Record<string, string> = { counted: '有效', pending: '待确认', superseded: '已被替换', rejected: '已退回' };
const DELIVERY: Record<string, string> = { app_read: '已在应用中阅读', paper: '书面送达', failed: '送达失败', public_notice: '公告送达' };
const CHOICE: Record<string, string> = { agree: '同意', oppose: '反对', abstain: '弃权' };
const TEST: Record<string, string> = { quorum_area: '参与表决的专有部分面积', quorum_persons: '参与表决的业主人数', agree_area: '同意的专有部分面积（占参与表决）', agree_persons: '同意的业主人数（占参与表决）' };
const REQUIRED: Record<string, string> = { '≥ 2/3': '三分之二以上', '> 1/2': '过半数', '≥ 3/4': '四分之三以上' };
const CN_NUM = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 0.01 m² as "3331.11 m²" */
export function m2(centi: string | bigint): string {
  const v = BigInt(centi);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')} m²`;
}

const BEIJING = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** An instant in Beijing time: "2026-12-08 09:00" */
export function beijing(iso: string | null): string {
  if (!iso) return '—';
  const p = Object.fromEntries(BEIJING.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

function itemText(item: Item): string {
  return `民法典第二百七十八条第一款第（${CN_NUM[item]}）项：${ITEM_LABELS[item].zh}`;
}

/** The threshold of a matter in words (民法典 第278条 第2款). */
export function thresholdText(item: Item): string {
  const approval = isSpecial(item) ? '四分之三以上' : '过半数';
  return `须专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积${approval}的业主且参与表决人数${approval}的业主同意。`;
}

type TestRow = MatterResult['tests'][number];

function testText(t: TestRow, area: boolean): string {
  const v = area ? `${m2(t.value)} / ${m2(t.of)}` : `${t.value} / ${t.of} 人`;
  return `${TEST[t.name] ?? t.name}：${v}（${t.percent}%），要求${REQUIRED[t.required] ?? t.required}，${t.passed ? '达到' : '未达到'}`;
}

/** The reasoning of one matter's result, in figures, with the article it rests on. */
export function reasoning(m: MatterResult): string[] {
  const lines: string[] = [];
  lines.push(
    `同意 ${m.agree.persons} 人、${m2(m.agree.areaCenti)}；反对 ${m.oppose.persons} 人、${m2(m.oppose.areaCenti)}；弃权 ${m.abstain.persons} 人、${m2(m.abstain.areaCenti)}；参与表决 ${m.participating.persons} 人、${m2(m.participating.areaCenti)}。`,
  );
  for (const t of m.tests) lines.push(testText(t, t.name.endsWith('_area')));
  const real = m.real ?? { passed: m.passed, failed: m.failed };
  const verdict = (passed: boolean, failed: string[]) => (passed ? '通过' : `未通过（${failed.map((f) => TEST[f] ?? f).join('、')}未达到要求）`);
  if (m.deemed) {
    lines.push(`实际投票结果：${verdict(real.passed, real.failed)}。`);
    lines.push(
      `管理规约约定从众条款：未参与表决的 ${m.deemed.deemed.persons} 人、${m2(m.deemed.deemed.areaCenti)} 视为「${CHOICE[m.deemed.deemedAs]}」（单独列示）；计入后${verdict(m.deemed.passed, m.deemed.failed)}。`,
    );
    lines.push(`结论（按管理规约计入视同票）：${verdict(m.passed, m.failed)}。`);
  } else lines.push(`结论：${verdict(m.passed, m.failed)}。`);
  const articles = [...new Set(m.tests.map((t) => t.article))];
  lines.push(`依据：${articles.join('；')}。`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// the notice (PDF)

const require = createRequire(import.meta.url);
let fontCache: { regular: Buffer; bold: Buffer } | null = null;

/** Noto Sans SC regular and bold, from node_modules (read once). */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  fontCache ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fontCache;
}

export function noticeFilename(d: ExportData): string {
  return `${d.a.estateName}-${d.a.title}-公告.pdf`;
}

export async function noticePdf(d: ExportData): Promise<Buffer> {
  const { a } = d;
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: `${a.estateName} ${a.title} 业主大会公告`, Author: a.organiserName, Subject: '业主大会公告', Creator: '共治 Gongzhi' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', fonts.regular);
  doc.registerFont('zh-bold', fonts.bold);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  const grey = '#555555';

  const heading = (text: string) => {
    doc.moveDown(0.8);
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.font('zh-bold').fontSize(13).fillColor('black').text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor('#999999').stroke();
    doc.moveDown(0.4);
  };
  const para = (text: string, o: { size?: number; bold?: boolean; color?: string; indent?: number } = {}) => {
    doc.font(o.bold ? 'zh-bold' : 'zh').fontSize(o.size ?? 10.5).fillColor(o.color ?? 'black').text(text, left + (o.indent ?? 0), doc.y, { width: width - (o.indent ?? 0), lineGap: 2 });
  };
  const kv = (label: string, value: string) => {
    const y = doc.y;
    doc.font('zh-bold').fontSize(10.5).fillColor(grey).text(label, left, y, { width: 96 });
    const yLabel = doc.y;
    doc.font('zh').fillColor('black').text(value, left + 100, y, { width: width - 100, lineGap: 2 });
    doc.y = Math.max(doc.y, yLabel) + 2;
  };

  // title
  doc.font('zh-bold').fontSize(20).fillColor('black').text(`${a.estateName}业主大会公告`, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('zh').fontSize(13).text(a.title, { width, align: 'center' });
  doc.moveDown(1);

  kv('小区', a.estateName);
  kv('召集人', `${a.organiserName}（${ORGANISER[a.organiserKind] ?? a.organiserKind}）`);
  kv('会议类型', KIND[a.kind] ?? a.kind);
  kv('投票时间', `${beijing(a.votingOpensAt)} 至 ${beijing(a.votingClosesAt)}（北京时间）`);
  kv('公告时间', a.announcedAt ? `${beijing(a.announcedAt)}（公告期不少于 ${a.noticeDays ?? 15} 日，抄送居民委员会）` : '尚未公告');
  if (a.rollPersons !== null) kv('表决名册', `业主 ${a.rollPersons} 人，专有部分面积 ${m2(a.rollAreaCenti ?? '0')}（名册于公告时冻结）`);
  kv('当前状态', STATE[a.state] ?? a.state);
  kv('投票方式', '网络投票（登录并经短信验证码确认）、书面投票（本人签名）或委托投票（须书面委托书）；每名业主每一事项一票，网络投票截止前可更改，以最后一次为准。');
  if (a.deemedVotes) kv('从众条款', '本小区管理规约约定：未参与表决的业主视为同意参与表决业主的多数意见；视同票与实际投票分开列示。');

  if (a.notice.trim()) {
    heading('公告内容');
    para(a.notice.trim());
  }

  heading('表决事项');
  for (const m of d.matters) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 70) doc.addPage();
    para(`${m.seq}. ${m.title}`, { bold: true, size: 11 });
    para(itemText(m.item), { size: 9.5, color: grey, indent: 14 });
    para(`表决规则：${thresholdText(m.item)}`, { size: 9.5, color: grey, indent: 14 });
    if (m.description.trim()) para(m.description.trim(), { size: 10, indent: 14 });
    doc.moveDown(0.4);
  }
  if (d.election) {
    heading('业主委员会选举');
    para(`${d.election.title}：应选委员 ${d.election.seats} 名，任期 ${d.election.termYears} 年。每名候选人单独按第（三）项的表决规则表决；达到规则的候选人按同意人数、再按同意面积排序当选；末位同票时另行选举。`);
    para(`候选人（经党组织审核）：${d.election.candidates.map((c) => c.name).join('、') || '—'}`);
  }

  const r: AssemblyResults | null = a.results;
  if (r && ['counted', 'published', 'archived'].includes(a.state)) {
    heading('表决结果');
    para(`计票时间 ${beijing(a.countedAt)}。名册合计：业主 ${r.totals.persons} 人，专有部分面积 ${m2(r.totals.areaCenti)}。`);
    doc.moveDown(0.4);
    for (const m of r.matters) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - (m.deemed ? 230 : 190)) doc.addPage();
      para(`${m.seq}. ${m.title}：${m.passed ? '通过' : '未通过'}`, { bold: true, size: 11, color: m.passed ? '#135200' : '#a8071a' });
      for (const line of reasoning(m)) para(line, { size: 9.5, indent: 14 });
      doc.moveDown(0.4);
    }
    if (r.election) {
      para('业主委员会当选委员', { bold: true, size: 11 });
      para(r.election.elected.length ? r.election.elected.map((e) => `${e.rank}. ${e.name}（同意 ${e.agreePersons} 人、${m2(e.agreeArea)}）`).join('；') : '无候选人达到表决规则。', { indent: 14 });
      if (r.election.runOffNeeded) para(`末位同票：${r.election.tiedForLast.map((c) => c.name).join('、')}，须另行选举。`, { indent: 14 });
      doc.moveDown(0.4);
    }
    heading('回执与核验');
    para(`有效选票（回执）${d.countedReceipts} 张。每张选票都有回执码，业主可凭回执码查询自己的选票是否被计入。`);
    para(`投票账本共 ${a.ledgerSeq} 条，逐条以哈希相连。计票条目第 ${r.ledgerSeq} 条，哈希：`);
    para(r.ledgerHead, { size: 9 });
    if (a.ledgerHead !== r.ledgerHead) {
      para(`当前链头第 ${a.ledgerSeq} 条，哈希：`);
      para(a.ledgerHead, { size: 9 });
    }
    para(`任何人可下载公开记录（/api/assemblies/${a.id}/record），以“npm run assembly:verify -- 记录文件”重新计票，核对以上哈希与各事项结果。`, { size: 9.5, color: grey });
  }

  // footer on every page: the estate, the page, and when the notice was printed
  const range = doc.bufferedPageRange();
  const printed = beijing(new Date().toISOString());
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('zh').fontSize(8.5).fillColor(grey).text(`${a.estateName} · ${a.title}    第 ${i + 1} 页 / 共 ${range.count} 页    打印于 ${printed}`, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

// ---------------------------------------------------------------------------------------------
// the archive (XLSX)

export function archiveFilename(d: ExportData): string {
  return `${d.a.estateName}-${d.a.title}-档案.xlsx`;
}

export async function archiveXlsx(d: ExportData): Promise<Buffer> {
  const { a } = d;
  // the streaming writer: rows go out as they are written, and the event loop is let go every few
  // hundred rows, so a 10,000-owner archive does not hold up the other requests of this node
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '共治 Gongzhi';
  wb.created = new Date();
  let written = 0;
  const sheet = (name: string, cols: { header: string; width: number; wrap?: boolean }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = cols.map((c) => (c.wrap ? { header: c.header, width: c.width, style: { alignment: { wrapText: true, vertical: 'top' } } } : { header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    return {
      async add(values: unknown[], bold = false) {
        const row = ws.addRow(values);
        if (bold) row.font = { bold: true };
        row.commit();
        if (++written % 500 === 0) await new Promise((r) => setImmediate(r));
      },
      commit: () => ws.commit(),
    };
  };

  // the assembly
  const info = sheet('会议 Assembly', [
    { header: '项目 Field', width: 28 },
    { header: '内容 Value', width: 90, wrap: true },
  ]);
  const infoRows: [string, string | number | null][] = [
    ['编号 Id', a.id],
    ['小区 Estate', a.estateName],
    ['会议名称 Title', a.title],
    ['会议类型 Kind', `${KIND[a.kind] ?? a.kind} ${a.kind}`],
    ['召集人 Organiser', `${a.organiserName}（${ORGANISER[a.organiserKind] ?? a.organiserKind}）`],
    ['状态 State', `${STATE[a.state] ?? a.state} ${a.state}`],
    ['投票开始 Voting opens (UTC+8)', beijing(a.votingOpensAt)],
    ['投票截止 Voting closes (UTC+8)', beijing(a.votingClosesAt)],
    ['公告 Announced', beijing(a.announcedAt)],
    ['公告期（日） Notice days', a.noticeDays],
    ['开始投票 Opened', beijing(a.openedAt)],
    ['截止 Closed', beijing(a.closedAt)],
    ['计票 Counted', beijing(a.countedAt)],
    ['公示 Published', beijing(a.publishedAt)],
    ['公示截止 Publicity ends', beijing(a.publicityEndsAt)],
    ['归档 Archived', beijing(a.archivedAt)],
    ['从众条款 Deemed votes', a.deemedVotes ? '适用 applies' : '不适用 does not apply'],
    ['名册人数 Roll owners', a.rollPersons],
    ['名册面积 Roll area (0.01 m²)', a.rollAreaCenti],
    ['有效选票 Counted ballots', d.countedReceipts],
    ['账本条数 Ledger entries', a.ledgerSeq],
    ['账本链头 Ledger head', a.ledgerHead],
    ['公告内容 Notice', a.notice],
  ];
  if (d.election) {
    infoRows.push(['选举 Election', `${d.election.title}：应选 ${d.election.seats} 名，任期 ${d.election.termYears} 年`]);
    infoRows.push(['候选人 Candidates', d.election.candidates.map((c) => c.name).join('、')]);
  }
  if (a.results?.election) {
    infoRows.push(['当选 Elected', a.results.election.elected.map((e) => `${e.rank}. ${e.name}`).join('；') || '—']);
    infoRows.push(['需另行选举 Run-off', a.results.election.runOffNeeded ? a.results.election.tiedForLast.map((c) => c.name).join('、') : '否 no']);
  }
  for (const r of infoRows) await info.add(r);
  info.commit();

  // the roll, names masked
  const roll = sheet('名册 Roll', [
    { header: '编号 No.', width: 10 },
    { header: '业主（遮蔽） Owner (masked)', width: 26 },
    { header: '类别 Kind', width: 12 },
    { header: '专有面积 m² Area', width: 16 },
    { header: '面积 0.01 m² Area (exact)', width: 22 },
    { header: '套数 Units', width: 10 },
    { header: '有效 Active', width: 10 },
  ]);
  for (const v of d.voters) {
    await roll.add([v.voterNo, v.name, v.kind === 'developer' ? '开发建设单位 developer' : '业主 owner', Number(v.areaCenti) / 100, v.areaCenti, v.unitCount, v.active ? '是 yes' : '否 removed']);
  }
  roll.commit();

  // deliveries: the summary, then each voter's latest delivery
  const del = sheet('送达 Deliveries', [
    { header: '送达方式 Method', width: 26 },
    { header: '业主数 Voters', width: 26 },
    { header: '', width: 22 },
    { header: '', width: 22 },
  ]);
  for (const m of ['app_read', 'paper', 'public_notice', 'failed', null] as const) {
    await del.add([m ? `${DELIVERY[m]} ${m}` : '尚无送达记录 none', d.voters.filter((v) => v.delivery === m).length]);
  }
  await del.add([]);
  await del.add(['编号 No.', '业主（遮蔽） Owner (masked)', '最近送达 Latest delivery', '时间 At (UTC+8)'], true);
  for (const v of d.voters) await del.add([v.voterNo, v.name, v.delivery ? `${DELIVERY[v.delivery] ?? v.delivery} ${v.delivery}` : '—', v.deliveredAt ? beijing(v.deliveredAt) : '']);
  del.commit();

  // ballots by receipt: every paper in the ledger, with its final status
  const status = new Map(d.submissions.map((s) => [s.receipt, s.status]));
  const ballots = sheet('选票 Ballots', [
    { header: '回执 Receipt', width: 18 },
    { header: '编号 Voter No.', width: 12 },
    { header: '渠道 Channel', width: 18 },
    { header: '状态 Status', width: 18 },
    { header: '投票时间 Cast (UTC+8)', width: 20 },
    { header: '替换 Supersedes', width: 18 },
    { header: '账本序号 Ledger seq', width: 14 },
    ...d.matters.map((m) => ({ header: `事项${m.seq} Matter ${m.seq}`, width: 14 })),
  ]);
  for (const e of d.ledger) {
    if (e.kind !== 'ballot') continue;
    const p = e.payload as { receipt: string; voterNo: number; channel: string; choices: Record<string, string>; supersedes: string | null };
    const st = status.get(p.receipt) ?? '';
    const choice = (seq: number) => p.choices[String(seq)];
    await ballots.add([p.receipt, p.voterNo, `${CHANNEL[p.channel] ?? p.channel} ${p.channel}`, `${STATUS[st] ?? st} ${st}`, beijing(e.at), p.supersedes ?? '', e.seq, ...d.matters.map((m) => (choice(m.seq) ? `${CHOICE[choice(m.seq)]} ${choice(m.seq)}` : ''))]);
  }
  ballots.commit();

  // results with their tests
  const res = sheet('结果 Results', [
    { header: '事项 Seq', width: 8 },
    { header: '标题 Title', width: 30 },
    { header: '第278条 Item', width: 10 },
    { header: '检验 Test', width: 30 },
    { header: '数值 Value', width: 14 },
    { header: '基数 Of', width: 14 },
    { header: '百分比 %', width: 10 },
    { header: '要求 Required', width: 12 },
    { header: '结果 Result', width: 16 },
    { header: '依据 Article', width: 60 },
  ]);
  const r = a.results;
  if (!r) await res.add(['', '尚未计票 not counted yet']);
  else {
    for (const m of r.matters) {
      await res.add(
        [
          m.seq,
          m.title,
          m.item,
          `同意 ${m.agree.persons} 人 ${m2(m.agree.areaCenti)}；反对 ${m.oppose.persons} 人 ${m2(m.oppose.areaCenti)}；弃权 ${m.abstain.persons} 人 ${m2(m.abstain.areaCenti)}；参与表决 ${m.participating.persons} 人 ${m2(m.participating.areaCenti)}`,
          '',
          '',
          '',
          m.rule === 'double_three_quarters' ? '≥ 3/4' : '> 1/2',
          m.passed ? '通过 passed' : '未通过 not passed',
          m.failed.length ? `未达到 failed: ${m.failed.join(', ')}` : '',
        ],
        true,
      );
      for (const t of m.tests) await res.add([m.seq, '', m.item, `${TEST[t.name] ?? t.name} ${t.name}`, t.value, t.of, Number(t.percent), t.required, t.passed ? '达到 passed' : '未达到 failed', t.article]);
      if (m.deemed) {
        await res.add([m.seq, '', m.item, `从众视同 deemed as ${m.deemed.deemedAs}`, m.deemed.deemed.persons, m.deemed.deemed.areaCenti, '', '', m.deemed.passed ? '计入后通过 passed' : '计入后未通过 not passed', m.deemed.failed.join(', ')]);
        for (const t of m.deemed.tests) await res.add([m.seq, '', m.item, `（计入视同票）${TEST[t.name] ?? t.name} ${t.name}`, t.value, t.of, Number(t.percent), t.required, t.passed ? '达到 passed' : '未达到 failed', t.article]);
      }
    }
    if (r.election) {
      await res.add([]);
      await res.add(['名次 Rank', '当选 Elected', '事项 Matter', '同意人数 Agree owners', '同意面积 Agree area (0.01 m²)'], true);
      for (const e of r.election.elected) await res.add([e.rank, e.name, d.matters.find((m) => m.id === e.matterId)?.seq ?? '', e.agreePersons, e.agreeArea]);
    }
  }
  res.commit();

  // the ledger; a cell holds at most 32,767 characters: a large frozen roll is cut here (the JSON record has it whole)
  const led = sheet('账本 Ledger', [
    { header: '序号 Seq', width: 8 },
    { header: '时间 At (UTC)', width: 26 },
    { header: '类型 Kind', width: 18 },
    { header: '内容 Payload', width: 80 },
    { header: '前一哈希 Prev hash', width: 68 },
    { header: '哈希 Hash', width: 68 },
  ]);
  const cell = (s: string) => (s.length > 32_000 ? `${s.slice(0, 32_000)} …（过长，完整内容见公开记录 JSON / cut: see the JSON record）` : s);
  for (const e of d.ledger) await led.add([e.seq, e.at, e.kind, cell(JSON.stringify(e.payload)), e.prevHash, e.hash]);
  led.commit();

  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// services: the caller must hold assemblies.view on the estate

export async function noticeFor(db: Db, actor: Actor, id: number): Promise<{ filename: string; pdf: Buffer }> {
  await assemblyFor(db, actor, id, 'assemblies.view');
  const d = await loadExportData(db, id, false);
  return { filename: noticeFilename(d), pdf: await noticePdf(d) };
}

export async function archiveFor(db: Db, actor: Actor, id: number): Promise<{ filename: string; xlsx: Buffer }> {
  await assemblyFor(db, actor, id, 'assemblies.view');
  const d = await loadExportData(db, id);
  return { filename: archiveFilename(d), xlsx: await archiveXlsx(d) };
}
