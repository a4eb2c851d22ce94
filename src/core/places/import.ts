// Import estates, buildings, entrances and units from XLSX or CSV. Every row is checked first and
// the report names row, column and reason. Nothing is written while any row is wrong, unless the
// caller asks to skip bad rows; the write is one transaction with one audit entry.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../manifest';
import { AppError } from '../errors';
import { assertInScope, type Actor } from '../access/policy';
import { recordAudit } from '../audit/ledger';
import { auditActor } from '../http';
import { rows, type Db } from '../db/client';
import type { PlaceKind } from '../db/schema';
import { idsOnPath, kindLevel } from './tree';
import { parseArea } from '../people/area';
import * as repo from './repository';

export const MAX_IMPORT_ROWS = 20_000;

/** Columns in template order; each accepts its Chinese header or the English key. */
export const IMPORT_COLUMNS = [
  { key: 'street', zh: '街道', kind: 'street' },
  { key: 'community', zh: '社区', kind: 'community' },
  { key: 'estate', zh: '小区', kind: 'estate' },
  { key: 'building', zh: '楼栋', kind: 'building' },
  { key: 'entrance', zh: '单元', kind: 'entrance' },
  { key: 'unit', zh: '房号', kind: 'unit' },
  { key: 'floor', zh: '楼层' },
  { key: 'areaRegistry', zh: '登记面积' },
  { key: 'areaSurveyed', zh: '测绘面积' },
  { key: 'areaContract', zh: '合同面积' },
  { key: 'propertyCompany', zh: '物业公司' },
] as const;
type ColKey = (typeof IMPORT_COLUMNS)[number]['key'];
const TREE_COLS = IMPORT_COLUMNS.filter((c) => 'kind' in c) as { key: ColKey; zh: string; kind: PlaceKind }[];

export interface RowProblem {
  row: number; // 1-based row number in the sheet, header is row 1
  field: string;
  value: string;
  column: string; // the column key (street, estate, areaRegistry, …)
  reason: string; // a code
  message: string; // Chinese, for the report
  messages: { 'zh-CN': string; en: string };
}

export interface ImportReport {
  totalRows: number;
  validRows: number;
  problems: RowProblem[];
  created: Partial<Record<PlaceKind, number>>;
  committed: boolean;
}

type Row = Partial<Record<ColKey, string>> & { __row: number };

const REASONS: Record<string, { zh: string; en: string }> = {
  required: { zh: '必填', en: 'Required' },
  too_long: { zh: '超过 100 个字符', en: 'Longer than 100 characters' },
  not_found: { zh: '在导入范围内找不到', en: 'Not found inside the import area' },
  retired: { zh: '已停用', en: 'Retired' },
  bad_area: { zh: '面积须为大于 0 的数字，最多两位小数', en: 'Area must be a positive number with at most two decimals' },
  bad_floor: { zh: '楼层须为 -5 到 200 之间的整数', en: 'Floor must be a whole number from -5 to 200' },
  duplicate_in_file: { zh: '与文件中前面的行重复', en: 'Repeats an earlier row of the file' },
  exists: { zh: '该房屋已存在', en: 'This unit already exists' },
  no_company: { zh: '找不到该物业公司', en: 'No such property company' },
  missing_parent: { zh: '填写下级时上级不能为空', en: 'A lower level is filled in while a higher one is empty' },
  outside_anchor: { zh: '与导入的上级地点不符', en: 'Does not match the place being imported into' },
  company_differs: { zh: '该小区已有其他物业公司；更换物业请在地点管理中办理', en: 'This estate already has another property company; change it in place management' },
  bad_cell: { zh: '单元格是公式错误或没有计算结果', en: 'The cell holds a formula error or an uncalculated formula' },
};

function problem(row: number, field: string, value: string | undefined, reason: keyof typeof REASONS): RowProblem {
  const column = IMPORT_COLUMNS.find((c) => c.zh === field)?.key ?? field;
  const m = REASONS[reason];
  return { row, field, column, value: value ?? '', reason, message: m.zh, messages: { 'zh-CN': m.zh, en: m.en } };
}


const UNCALCULATED = '#UNCALCULATED';
/** Excel's error values, and our mark for a formula without a result. */
export const EXCEL_ERROR = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|UNCALCULATED)$/;

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    // a number cell like 89.55 is stored as a binary float: print it with at most 6 decimals, trimmed
    return Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  }
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    // a formula saved without its computed value (common in generated files) has nothing to import
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: ExcelJS.CellValue }).result;
      return result === undefined || result === null ? UNCALCULATED : cellText(result);
    }
    if ('error' in v) return String(v.error);
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
  }
  return String(v).trim();
}

export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // spreadsheets saved as CSV on Chinese Windows are GBK
    return new TextDecoder('gbk').decode(buf);
  }
}

/** The first sheet of an XLSX file, or a CSV file (UTF-8 or GBK), with at most `maxRows` data rows. */
export async function loadSheet(buf: Buffer, filename: string, maxRows: number): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  try {
    // keep every CSV cell as typed: exceljs would otherwise turn "0101" into 101 and "1e3" into 1000
    if (/\.csv$/i.test(filename)) ws = await wb.csv.read(Readable.from([decodeText(buf)]), { map: (v: string) => v });
    else {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      ws = wb.worksheets[0];
    }
  } catch {
    throw new AppError('IMPORT_FILE_UNREADABLE');
  }
  if (!ws) throw new AppError('IMPORT_FILE_UNREADABLE');
  if (ws.rowCount > maxRows + 1) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: maxRows });
  return ws;
}

/** The uploaded spreadsheet of a multipart request (field "file", .xlsx or .csv). */
export async function uploadedSheet(req: FastifyRequest): Promise<{ buf: Buffer; filename: string }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await req.file();
  if (!file) throw new AppError('VALIDATION_FAILED', [{ field: 'file', message: 'required' }]);
  if (!/\.(xlsx|csv)$/i.test(file.filename)) throw new AppError('IMPORT_FILE_UNREADABLE', { filename: file.filename });
  return { buf: await file.toBuffer(), filename: file.filename };
}

export async function readSheet(buf: Buffer, filename: string): Promise<Row[]> {
  const ws = await loadSheet(buf, filename, MAX_IMPORT_ROWS);
  const header = ws.getRow(1);
  const colIndex = new Map<ColKey, number>();
  header.eachCell((cell, col) => {
    const t = cellText(cell.value).replace(/\s|\*|（.*）|\(.*\)/g, '');
    const c = IMPORT_COLUMNS.find((x) => x.zh === t || x.key.toLowerCase() === t.toLowerCase());
    if (c) colIndex.set(c.key, col);
  });
  if (!colIndex.has('estate')) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'missing_header', expected: IMPORT_COLUMNS.map((c) => c.zh) });
  const out: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const row: Row = { __row: n };
    let any = false;
    for (const [key, col] of colIndex) {
      const t = cellText(r.getCell(col).value);
      if (t) {
        row[key] = t;
        any = true;
      }
    }
    if (any) out.push(row);
  });
  return out;
}

interface Resolved {
  row: number;
  chain: { kind: PlaceKind; name: string }[]; // from below the anchor downwards
  floor: number | null;
  areas: { source: 'registry' | 'surveyed' | 'contract'; centi: number }[];
  companyId: number | null;
}

/** Check every row against the anchor's subtree; return resolved rows and problems. */
async function validate(db: Db, anchor: repo.PlaceRow, input: Row[]): Promise<{ good: Resolved[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const good: Resolved[] = [];
  const anchorLevel = kindLevel(anchor.kind);
  const cols = TREE_COLS.filter((c) => kindLevel(c.kind) > anchorLevel);
  // columns at or above the anchor (街道, and 社区 when importing into a community) are not created
  // from; if filled they must name the anchor's own line, or the row belongs somewhere else
  const above = TREE_COLS.filter((c) => kindLevel(c.kind) <= anchorLevel);
  const anchorLine = new Map((await repo.getPlacesByIds(db, idsOnPath(anchor.path))).map((p) => [p.kind, p.name]));
  // existing nodes under the anchor, found by (parent, name); an active node wins over a retired
  // one of the same name, so a row follows the live tree and reaches a retired node only where no
  // live one of that name exists
  const existing = await rows<{ parent_id: number; kind: PlaceKind; name: string; id: number; retired: boolean }>(
    db,
    sql`SELECT parent_id, kind, name, id, retired_at IS NOT NULL AS retired FROM places
        WHERE path LIKE ${anchor.path + '%'} AND kind IN ('street','community','estate','building','entrance','unit') AND id <> ${anchor.id}`,
  );
  type Existing = (typeof existing)[number];
  const childByName = new Map<string, Existing>();
  for (const e of existing) {
    const key = `${Number(e.parent_id)}\u0001${e.name}`;
    const prev = childByName.get(key);
    if (!prev || (prev.retired && !e.retired)) childByName.set(key, e);
  }
  const companies = new Map(
    (await rows<{ id: number; name: string }>(db, sql`SELECT id, name FROM orgs WHERE kind = 'property_company' AND retired_at IS NULL`)).map((c) => [c.name, Number(c.id)]),
  );
  const estateCompany = new Map(
    (
      await rows<{ estate_id: number; company_id: number }>(
        db,
        sql`SELECT ep.estate_id, ep.company_id FROM estate_property ep JOIN places p ON p.id = ep.estate_id WHERE p.path LIKE ${anchor.path + '%'}`,
      )
    ).map((e) => [Number(e.estate_id), Number(e.company_id)]),
  );
  const seenUnits = new Set<string>();
  // only estates and below are created; streets and communities must already exist
  const createFrom = kindLevel('estate');

  for (const r of input) {
    const before = problems.length;
    for (const c of above) {
      const v = r[c.key];
      if (v && v !== anchorLine.get(c.kind)) problems.push(problem(r.__row, c.zh, v, 'outside_anchor'));
    }
    const chain: { kind: PlaceKind; name: string }[] = [];
    let ended = false;
    let parentId: number | null = anchor.id; // null once the row goes below the existing tree
    let existingEstate: number | null = null;
    for (const c of cols) {
      const v = r[c.key];
      if (v && EXCEL_ERROR.test(v)) {
        problems.push(problem(r.__row, c.zh, v, 'bad_cell'));
        break;
      }
      if (!v) {
        if (kindLevel(c.kind) <= kindLevel('estate')) problems.push(problem(r.__row, c.zh, v, 'required'));
        ended = true;
        continue;
      }
      if (ended) {
        problems.push(problem(r.__row, c.zh, v, 'missing_parent'));
        continue;
      }
      if (v.length > 100) problems.push(problem(r.__row, c.zh, v, 'too_long'));
      chain.push({ kind: c.kind, name: v });
      const key = chain.map((x) => x.name).join('\u0001');
      const found: Existing | undefined = parentId === null ? undefined : childByName.get(`${parentId}\u0001${v}`);
      parentId = found ? Number(found.id) : null;
      if (c.kind === 'estate' && found) existingEstate = Number(found.id);
      if (kindLevel(c.kind) < createFrom && !found) problems.push(problem(r.__row, c.zh, v, 'not_found'));
      if (found?.retired) problems.push(problem(r.__row, c.zh, v, 'retired'));
      if (c.kind === 'unit') {
        if (found) problems.push(problem(r.__row, c.zh, v, 'exists'));
        else if (seenUnits.has(key)) problems.push(problem(r.__row, c.zh, v, 'duplicate_in_file'));
        seenUnits.add(key);
      }
    }
    let floor: number | null = null;
    if (r.floor) {
      const f = Number(r.floor);
      if (!Number.isInteger(f) || f < -5 || f > 200) problems.push(problem(r.__row, '楼层', r.floor, 'bad_floor'));
      else floor = f;
    }
    const areas: Resolved['areas'] = [];
    for (const [key, source, zh] of [
      ['areaRegistry', 'registry', '登记面积'],
      ['areaSurveyed', 'surveyed', '测绘面积'],
      ['areaContract', 'contract', '合同面积'],
    ] as const) {
      const v = r[key];
      if (!v) continue;
      const centi = parseArea(v);
      if (centi === null) problems.push(problem(r.__row, zh, v, 'bad_area'));
      else areas.push({ source, centi });
    }
    let companyId: number | null = null;
    if (r.propertyCompany) {
      companyId = companies.get(r.propertyCompany) ?? null;
      if (companyId === null) problems.push(problem(r.__row, '物业公司', r.propertyCompany, 'no_company'));
      // the import sets a company only where there is none; changing one is a decision of its own
      const current = existingEstate === null ? undefined : estateCompany.get(existingEstate);
      if (companyId !== null && current !== undefined && current !== companyId) problems.push(problem(r.__row, '物业公司', r.propertyCompany, 'company_differs'));
    }
    if (problems.length === before) good.push({ row: r.__row, chain, floor, areas, companyId });
  }
  return { good, problems };
}

export async function importPlaces(
  ctx: AppContext,
  actor: Actor,
  input: { anchorId: number; file: Buffer; filename: string; dryRun: boolean; skipBadRows: boolean },
): Promise<ImportReport> {
  const anchor = await repo.getPlace(ctx.db, input.anchorId);
  if (!anchor) throw new AppError('PLACE_NOT_FOUND', { id: input.anchorId });
  assertInScope(actor, 'places.import', anchor.path);
  if (anchor.retiredAt) throw new AppError('PLACE_RETIRED');
  if (kindLevel(anchor.kind) > kindLevel('community')) throw new AppError('PLACE_WRONG_KIND', { reason: 'anchor_must_be_community_or_above' });
  const parsed = await readSheet(input.file, input.filename);
  const { good, problems } = await validate(ctx.db, anchor, parsed);
  const report: ImportReport = { totalRows: parsed.length, validRows: good.length, problems, created: {}, committed: false };
  if (input.dryRun) return report;
  if (problems.length > 0 && !input.skipBadRows) throw new AppError('IMPORT_INVALID', report);
  if (good.length === 0) return report;

  await ctx.db.transaction(async (tx) => {
    // resolve or create each node on the chain, memoised by the chain of names
    const cache = new Map<string, repo.PlaceRow>();
    // lock the anchor and re-read it: a move committed since the check must not be written over
    const locked = await repo.getPlace(tx, anchor.id, true);
    if (!locked || locked.retiredAt || locked.path !== anchor.path) throw new AppError('CONFLICT', { reason: 'anchor_changed' });
    for (const r of good) {
      let parent = locked;
      let key = '';
      for (const step of r.chain) {
        key += '\u0001' + step.name;
        let node = cache.get(key);
        if (!node) {
          const found = await rows<repo.PlaceRow>(
            tx,
            sql`SELECT id, path, kind, name FROM places WHERE parent_id = ${parent.id} AND name = ${step.name} AND retired_at IS NULL FOR UPDATE`,
          );
          if (found[0]) node = { ...found[0], id: Number(found[0].id) } as repo.PlaceRow;
          else {
            const attrs = step.kind === 'unit' && r.floor !== null ? { floor: r.floor } : {};
            node = await repo.insertPlace(tx, { parentId: parent.id, parentPath: parent.path, kind: step.kind, name: step.name, attrs });
            report.created[step.kind] = (report.created[step.kind] ?? 0) + 1;
          }
          cache.set(key, node);
        }
        if (step.kind === 'estate' && r.companyId !== null) {
          const set = await rows<{ estate_id: number }>(
            tx,
            sql`INSERT INTO estate_property (estate_id, company_id) VALUES (${node.id}, ${r.companyId})
                ON CONFLICT (estate_id) DO NOTHING RETURNING estate_id`,
          );
          if (set.length) {
            await recordAudit(tx, auditActor(actor), {
              action: 'estate.property_company.set',
              entity: 'place',
              entityId: node.id,
              placePath: node.path,
              before: null,
              after: { companyId: r.companyId, via: 'import' },
            });
          }
        }
        if (step.kind === 'unit') {
          for (const a of r.areas) {
            await tx.execute(sql`INSERT INTO unit_areas (unit_id, source, area_centi) VALUES (${node.id}, ${a.source}, ${a.centi})`);
          }
        }
        parent = node;
      }
    }
    await recordAudit(tx, auditActor(actor), {
      action: 'place.import',
      entity: 'place',
      entityId: anchor.id,
      placePath: anchor.path,
      after: { file: input.filename, rows: parsed.length, imported: good.length, skipped: problems.length ? [...new Set(problems.map((p) => p.row))] : [], created: report.created },
    });
  });
  report.committed = true;
  return report;
}

/** An empty template with the headers and two example rows. */
export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.zh));
  ws.addRow(['', '示例社区', '示例小区', '1号楼', '1单元', '101', 1, 89.55, '', '', '']);
  ws.addRow(['', '示例社区', '示例小区', '1号楼', '1单元', '102', 1, '', 90.1, '', '']);
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
