// 双报到: the yearly feedback letter (反馈函) to a member's employer (or to the registered
// organisation itself) as a PDF, and the year's results of a community as XLSX. The letter is set
// in Noto Sans SC through the assemblies' font loader; each download is recorded in the ledger,
// since the letter carries a person's evaluation out of the community.
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { sql } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import type { AppContext } from '../../core/manifest';
import { one } from '../../core/db/client';
import { cjkFonts } from '../assemblies/exports';
import { communityOf, hm, officeRegistration, officeWhere } from './dual';
import { summaryRows } from './dual-hours';
import type { SummaryItemT } from './schemas-dual';

export const GRADE_ZH: Record<SummaryItemT['grade'] & string, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };

interface LetterData {
  item: SummaryItemT;
  year: number;
  /** the registration's community (the signer) */
  community: string;
  /** the letter's addressee */
  addressee: string;
  date: string;
}

export async function letterPdf(d: LetterData): Promise<Buffer> {
  const fonts = cjkFonts();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 }, info: { Title: `${d.year}年度双报到情况反馈函`, Author: d.community, Creator: '共治 Gongzhi' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', fonts.regular);
  doc.registerFont('zh-bold', fonts.bold);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const para = (text: string, o: { bold?: boolean; size?: number; align?: 'left' | 'right' | 'center'; indent?: boolean } = {}) => {
    doc.font(o.bold ? 'zh-bold' : 'zh').fontSize(o.size ?? 12).text(text, left, doc.y, { width, align: o.align ?? 'left', lineGap: 6, indent: o.indent ? 24 : 0 });
  };
  const { item } = d;
  const who = item.kind === 'member' ? `${item.name}同志` : item.name;
  para(`${d.year}年度双报到情况反馈函`, { bold: true, size: 20, align: 'center' });
  doc.moveDown(1.5);
  para(`${d.addressee}：`, { bold: true });
  doc.moveDown(0.5);
  para(
    item.kind === 'member'
      ? `贵单位在职党员${item.name}同志已向我社区报到，参加居住地社区服务。现将其${d.year}年度参加社区服务的情况反馈如下：`
      : `贵单位已向我社区报到，参加社区共建服务。现将贵单位${d.year}年度参加社区服务的情况反馈如下：`,
    { indent: true },
  );
  doc.moveDown(0.8);
  const kv = (label: string, value: string) => {
    const y = doc.y;
    doc.font('zh-bold').fontSize(12).text(label, left + 24, y, { width: 120 });
    const after = doc.y;
    doc.font('zh').fontSize(12).text(value, left + 140, y, { width: width - 140, lineGap: 4 });
    doc.y = Math.max(doc.y, after) + 4;
  };
  kv('报到对象', who);
  kv('报到社区', d.community);
  kv('认领岗位', item.posts.length ? item.posts.join('、') : '无');
  kv('服务时长（时:分）', `${hm(item.confirmedMinutes)}（经社区确认，共 ${item.confirmedMinutes} 分钟）`);
  kv('年度评价', item.grade ? GRADE_ZH[item.grade] : '未评价');
  if (item.comment) kv('评语', item.comment);
  doc.moveDown(1);
  para('感谢贵单位对社区工作的支持。', { indent: true });
  doc.moveDown(3);
  para(d.community, { align: 'right' });
  para(d.date, { align: 'right' });
  doc.end();
  return done;
}

/** The letter of one registration for a year: in the office's area, evaluated; the download is audited. */
export async function letterFor(ctx: AppContext, actor: Actor, registrationId: number, year: number): Promise<{ filename: string; pdf: Buffer }> {
  return ctx.db.transaction(async (tx) => {
    const reg = await officeRegistration(tx, actor, registrationId);
    const [item] = await summaryRows(tx, sql`r.id = ${registrationId}`, year);
    if (!item || !item.grade) throw new AppError('DUAL_NOT_EVALUATED', { registrationId, year });
    const community = await communityOf(tx, reg.communityId);
    const date = (await one<{ d: string }>(tx, sql`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY"年"FMMM"月"FMDD"日"') AS d`))!.d;
    const addressee = item.kind === 'member' ? item.employer || `${item.name}同志所在单位` : item.name;
    const pdf = await letterPdf({ item, year, community: community.name, addressee, date });
    await recordAudit(tx, auditActor(actor), { action: 'dual.letter.download', entity: 'dual_registration', entityId: registrationId, placePath: reg.communityPath, after: { year, addressee } });
    return { filename: `${year}年度双报到反馈函-${item.name}.pdf`, pdf };
  });
}

/** The year's results of one community (every registration active in the year) as XLSX. */
export async function lettersXlsx(ctx: AppContext, actor: Actor, communityId: number, year: number): Promise<{ filename: string; xlsx: Buffer }> {
  const where = await officeWhere(ctx.db, actor, sql`r.community_path`, communityId);
  const community = await communityOf(ctx.db, communityId);
  const items = await summaryRows(ctx.db, where, year);
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const ws = wb.addWorksheet(`${year}年度双报到`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '登记编号 Id', width: 12 },
    { header: '类型 Kind', width: 12 },
    { header: '名称 Name', width: 24 },
    { header: '工作单位 Employer', width: 28 },
    { header: '认领岗位 Posts', width: 40 },
    { header: '服务时长 Hours (h:mm)', width: 18 },
    { header: '服务分钟 Minutes', width: 14 },
    { header: '年度评价 Grade', width: 14 },
    { header: '评语 Comment', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const i of items) {
    ws.addRow([i.registrationId, i.kind === 'member' ? '党员' : '单位', i.name, i.employer ?? '', i.posts.join('、'), hm(i.confirmedMinutes), i.confirmedMinutes, i.grade ? GRADE_ZH[i.grade] : '', i.comment ?? '']);
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${community.name}-${year}年度双报到.xlsx`, xlsx };
}
