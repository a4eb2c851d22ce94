// Import 12345 hotline orders from XLSX or CSV. Each row becomes a request on channel 'hotline',
// routed and timed like any other; the order number is kept and a second import of the same order
// is refused. Every row is checked first and the report names row, column and reason; nothing is
// written while any row is wrong unless the caller skips bad rows. One transaction for the file.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App, AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { assertInScope } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { rows, one, type Db } from '../../core/db/client';
import { recordAudit } from '../../core/audit/ledger';
import { actorOf, auditActor } from '../../core/http';
import { errors } from '../../core/schemas';
import { ImportReportDto } from '../../core/places/schemas';
import { cellText, EXCEL_ERROR, loadSheet, uploadedSheet } from '../../core/places/import';
import { fileRequest } from './service';
import './errors';

export const MAX_HOTLINE_ROWS = 5_000;

export const HOTLINE_COLUMNS = [
  { key: 'orderNo', zh: '工单编号', required: true },
  { key: 'receivedAt', zh: '来电时间', required: true },
  { key: 'category', zh: '诉求类别', required: true },
  { key: 'community', zh: '社区', required: true },
  { key: 'estate', zh: '小区', required: false },
  { key: 'building', zh: '楼栋', required: false },
  { key: 'title', zh: '标题', required: false },
  { key: 'description', zh: '诉求内容', required: true },
  { key: 'location', zh: '具体位置', required: false },
  { key: 'caller', zh: '来电人', required: true },
  { key: 'phone', zh: '联系电话', required: true },
] as const;
type Key = (typeof HOTLINE_COLUMNS)[number]['key'];
type Row = Partial<Record<Key, string>> & { __row: number };

const REASONS = {
  required: { zh: '必填', en: 'Required' },
  too_long: { zh: '内容过长', en: 'Too long' },
  bad_time: { zh: '时间格式应为 2026-11-20 09:30，且不能晚于现在', en: 'Use a time like 2026-11-20 09:30, not in the future' },
  bad_phone: { zh: '电话号码格式不正确', en: 'Not a valid phone number' },
  unknown_category: { zh: '找不到该诉求类别（填写类别名称或编码）', en: 'No such category (use its name or code)' },
  not_found: { zh: '在导入范围内找不到', en: 'Not found inside the import area' },
  duplicate_in_file: { zh: '与文件中前面的行工单编号重复', en: 'The order number repeats an earlier row' },
  exists: { zh: '该工单已导入', en: 'This order was imported before' },
  bad_cell: { zh: '单元格是公式错误或没有计算结果', en: 'The cell holds a formula error or an uncalculated formula' },
} as const;
type Reason = keyof typeof REASONS;

interface Problem {
  row: number;
  field: string;
  column: string;
  value: string;
  reason: string;
  message: string;
  messages: { 'zh-CN': string; en: string };
}

function problem(row: number, key: Key, value: string | undefined, reason: Reason): Problem {
  const col = HOTLINE_COLUMNS.find((c) => c.key === key)!;
  const m = REASONS[reason];
  return { row, field: col.zh, column: key, value: value ?? '', reason, message: m.zh, messages: { 'zh-CN': m.zh, en: m.en } };
}

async function readRows(buf: Buffer, filename: string): Promise<Row[]> {
  const ws = await loadSheet(buf, filename, MAX_HOTLINE_ROWS);
  const cols = new Map<Key, number>();
  ws.getRow(1).eachCell((cell, n) => {
    const t = cellText(cell.value).replace(/\s|\*|（.*）|\(.*\)/g, '');
    const c = HOTLINE_COLUMNS.find((x) => x.zh === t || x.key.toLowerCase() === t.toLowerCase());
    if (c) cols.set(c.key, n);
  });
  const missing = HOTLINE_COLUMNS.filter((c) => c.required && !cols.has(c.key));
  if (missing.length) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'missing_header', missing: missing.map((c) => c.zh) });
  const out: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const row: Row = { __row: n };
    let any = false;
    for (const [key, col] of cols) {
      const v = r.getCell(col).value;
      // a date cell: Excel stores wall-clock time; read it as local (UTC+8) time
      const t = v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : cellText(v);
      if (t) {
        row[key] = t;
        any = true;
      }
    }
    if (any) out.push(row);
  });
  return out;
}

/** '2026-11-20 09:30', '2026/11/20 9:30:00', '2026-11-20T09:30' in local time (UTC+8). */
export function parseLocalTime(s: string): Date | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
  const t = Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, +se);
  const back = new Date(t + 8 * 3_600_000);
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +se > 59) return null;
  return new Date(t);
}

interface Good {
  row: number;
  orderNo: string;
  receivedAt: Date;
  categoryId: number;
  placeId: number;
  title?: string;
  description: string;
  location?: string;
  caller: string;
  phone: string;
}

async function validate(db: Db, anchorPath: string, input: Row[]): Promise<{ good: Good[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const good: Good[] = [];
  const cats = await rows<{ id: number; code: string; name_zh: string; active: boolean }>(db, sql`SELECT id, code, name_zh, active FROM request_categories`);
  const places = await rows<{ id: number; parent_id: number; kind: string; name: string }>(
    db,
    sql`SELECT id::int AS id, parent_id::int AS parent_id, kind, name FROM places
        WHERE path LIKE ${anchorPath + '%'} AND kind IN ('community','estate','building') AND retired_at IS NULL`,
  );
  const byName = (kind: string, name: string, parent?: number) => places.find((p) => p.kind === kind && p.name === name && (parent === undefined || p.parent_id === parent));
  const orderNos = input.map((r) => r.orderNo).filter((x): x is string => !!x);
  const existing = new Set(
    orderNos.length
      ? (
          await rows<{ external_ref: string }>(
            db,
            sql`SELECT external_ref FROM requests WHERE channel = 'hotline' AND external_ref IN (${sql.join(orderNos.map((o) => sql`${o}`), sql`, `)})`,
          )
        ).map((r) => r.external_ref)
      : [],
  );
  const seen = new Set<string>();
  const now = Date.now();
  for (const r of input) {
    const before = problems.length;
    for (const c of HOTLINE_COLUMNS) {
      const v = r[c.key];
      if (v && EXCEL_ERROR.test(v)) problems.push(problem(r.__row, c.key, v, 'bad_cell'));
      else if (c.required && !v) problems.push(problem(r.__row, c.key, v, 'required'));
    }
    if (problems.length > before) continue;
    const orderNo = r.orderNo!;
    if (orderNo.length > 64) problems.push(problem(r.__row, 'orderNo', orderNo, 'too_long'));
    else if (seen.has(orderNo)) problems.push(problem(r.__row, 'orderNo', orderNo, 'duplicate_in_file'));
    else if (existing.has(orderNo)) problems.push(problem(r.__row, 'orderNo', orderNo, 'exists'));
    seen.add(orderNo);
    const at = parseLocalTime(r.receivedAt!);
    if (!at || at.getTime() > now + 60_000) problems.push(problem(r.__row, 'receivedAt', r.receivedAt, 'bad_time'));
    const cat = cats.find((c) => c.active && (c.name_zh === r.category || c.code === r.category));
    if (!cat) problems.push(problem(r.__row, 'category', r.category, 'unknown_category'));
    if (!/^[0-9+\- ]{5,20}$/.test(r.phone!)) problems.push(problem(r.__row, 'phone', r.phone, 'bad_phone'));
    if (r.description!.length > 2000) problems.push(problem(r.__row, 'description', r.description!.slice(0, 50), 'too_long'));
    if ((r.title?.length ?? 0) > 100) problems.push(problem(r.__row, 'title', r.title, 'too_long'));
    if ((r.location?.length ?? 0) > 200) problems.push(problem(r.__row, 'location', r.location, 'too_long'));
    if (r.caller!.length > 50) problems.push(problem(r.__row, 'caller', r.caller, 'too_long'));
    const community = byName('community', r.community!);
    let place = community;
    if (!community) problems.push(problem(r.__row, 'community', r.community, 'not_found'));
    else if (r.estate) {
      const estate = byName('estate', r.estate, community.id);
      if (!estate) problems.push(problem(r.__row, 'estate', r.estate, 'not_found'));
      else {
        place = estate;
        if (r.building) {
          const b = byName('building', r.building, estate.id);
          if (!b) problems.push(problem(r.__row, 'building', r.building, 'not_found'));
          else place = b;
        }
      }
    }
    if (problems.length > before) continue;
    good.push({
      row: r.__row,
      orderNo,
      receivedAt: at!,
      categoryId: cat!.id,
      placeId: place!.id,
      title: r.title,
      description: r.description!,
      location: r.location,
      caller: r.caller!,
      phone: r.phone!,
    });
  }
  return { good, problems };
}

export async function importHotline(
  ctx: AppContext,
  actor: Actor,
  input: { placeId: number; file: Buffer; filename: string; dryRun: boolean; skipBadRows: boolean },
) {
  const anchor = await one<{ id: number; path: string; kind: string }>(ctx.db, sql`SELECT id::int AS id, path, kind FROM places WHERE id = ${input.placeId}`);
  if (!anchor) throw new AppError('PLACE_NOT_FOUND', { id: input.placeId });
  assertInScope(actor, 'requests.import', anchor.path);
  const parsed = await readRows(input.file, input.filename);
  const { good, problems } = await validate(ctx.db, anchor.path, parsed);
  const report = { totalRows: parsed.length, validRows: good.length, problems, created: {} as Record<string, number>, committed: false };
  if (input.dryRun) return report;
  if (problems.length && !input.skipBadRows) throw new AppError('IMPORT_INVALID', report);
  if (!good.length) return report;
  const who = auditActor(actor);
  await ctx.db.transaction(async (tx) => {
    for (const g of good) {
      await fileRequest(
        ctx,
        tx,
        who,
        { categoryId: g.categoryId, placeId: g.placeId, title: g.title, description: g.description, locationNote: g.location },
        {
          channel: 'hotline',
          requesterUserId: null,
          requesterPersonId: null,
          requesterName: g.caller,
          requesterPhone: g.phone,
          enteredBy: actor.userId,
          externalRef: g.orderNo,
          submittedAt: g.receivedAt,
        },
      );
    }
    await recordAudit(tx, who, {
      action: 'request.import',
      entity: 'request',
      entityId: null,
      placePath: anchor.path,
      after: { file: input.filename, rows: parsed.length, imported: good.length, skipped: [...new Set(problems.map((p) => p.row))] },
    });
  });
  report.created = { requests: good.length };
  report.committed = true;
  return report;
}

export async function hotlineTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('热线工单');
  ws.addRow(HOTLINE_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh)));
  ws.addRow(['12345-20261120-0001', '2026-11-20 09:30', '噪音扰民', '示例社区', '示例小区', '1号楼', '', '夜间装修噪音扰民', '1号楼2单元', '张先生', '13800000000']);
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  const access = { access: { permission: 'requests.import' } } as const;
  app.get('/requests/import/template', { config: access, schema: { tags: ['requests'], summary: 'XLSX template for the hotline import' } }, async (_req, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('热线工单导入模板.xlsx')}`)
      .send(await hotlineTemplate()),
  );
  app.post(
    '/requests/import',
    {
      config: access,
      schema: {
        tags: ['requests'],
        summary: 'Import 12345 hotline orders (XLSX or CSV, multipart field "file") as requests inside a place (placeId: a street or community in my scope)',
        description: 'dryRun=true only checks. With errors and skipBadRows=false nothing is imported (422 with the row-level report).',
        querystring: Type.Object({
          placeId: Type.Integer({ minimum: 1 }),
          dryRun: Type.Boolean({ default: false }),
          skipBadRows: Type.Boolean({ default: false }),
        }),
        response: { 200: ImportReportDto, ...errors },
      },
    },
    async (req) => {
      const { buf, filename } = await uploadedSheet(req);
      return importHotline(ctx, actorOf(req), { placeId: req.query.placeId, file: buf, filename, dryRun: req.query.dryRun, skipBadRows: req.query.skipBadRows });
    },
  );
}
