// What the party-member and 三长 imports share: reading the sheet by its Chinese headers, the row
// report, finding a person (ID number by its keyed hash, or name and phone), resolving addresses
// top-down inside the caller's area, dates, and the upload itself (≤ 5 MB, ≤ 5,000 rows).
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors';
import { rows, type Db } from '../../core/db/client';
import { arrayLiteral } from '../../core/db/sql';
import type { Actor } from '../../core/access/policy';
import { isValidIdNumber, maskIdNumber, type PiiCipher } from '../../core/people/pii';
import { cellText, EXCEL_ERROR, loadSheet } from '../../core/places/import';
import { partyScope } from './scope';
import { IMPORT_REASONS, type ImportReason } from './errors-import';
import type { ImportRowError, PartyImportReport } from './schemas-import';
import '../../core/places/errors';

export const MAX_PARTY_IMPORT_ROWS = 5_000;
export const MAX_PARTY_IMPORT_BYTES = 5 * 1024 * 1024;

export interface Column<K extends string> {
  key: K;
  zh: string;
  required: boolean;
  /** the template's example value */
  example: string;
}
export type SheetRow<K extends string> = Partial<Record<K, string>> & { __row: number };

/** The upload (multipart field "file", .xlsx or .csv, at most 5 MB: beyond that 413). */
export async function partyUpload(req: FastifyRequest): Promise<{ buf: Buffer; filename: string }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await req.file({ limits: { fileSize: MAX_PARTY_IMPORT_BYTES, files: 1 } });
  if (!file) throw new AppError('VALIDATION_FAILED', [{ field: 'file', message: 'required' }]);
  if (!/\.(xlsx|csv)$/i.test(file.filename)) throw new AppError('IMPORT_FILE_UNREADABLE', { filename: file.filename });
  // toBuffer throws FST_REQ_FILE_TOO_LARGE past the limit, answered 413 by the error handler
  return { buf: await file.toBuffer(), filename: file.filename };
}

/** The data rows of the first sheet by header (Chinese or the key; '*' and notes in brackets ignored). */
export async function readSheetRows<K extends string>(buf: Buffer, filename: string, columns: readonly Column<K>[]): Promise<SheetRow<K>[]> {
  const ws = await loadSheet(buf, filename, MAX_PARTY_IMPORT_ROWS);
  const cols = new Map<K, number>();
  ws.getRow(1).eachCell((cell, n) => {
    const t = cellText(cell.value).replace(/\s|\*|（.*）|\(.*\)/g, '');
    const c = columns.find((x) => x.zh === t || x.key.toLowerCase() === t.toLowerCase());
    if (c) cols.set(c.key, n);
  });
  const missing = columns.filter((c) => c.required && !cols.has(c.key));
  if (missing.length) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'missing_header', missing: missing.map((c) => c.zh) });
  const out: SheetRow<K>[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const row = { __row: n } as SheetRow<K>;
    let any = false;
    for (const [key, col] of cols) {
      const t = cellText(r.getCell(col).value);
      if (t) {
        (row as Record<string, string | number>)[key] = t;
        any = true;
      }
    }
    // the template's example row is marked 示例 and is never imported
    if (any && !Object.values(row).some((v) => typeof v === 'string' && /^示例/.test(v))) out.push(row);
  });
  return out;
}

/** Collects the row report; an ID number is only ever shown masked. */
export class Problems<K extends string> {
  readonly list: ImportRowError[] = [];
  private readonly bad = new Set<number>();
  constructor(private readonly columns: readonly Column<K>[]) {}
  add(row: number, key: K, value: string | undefined, reason: ImportReason): void {
    const col = this.columns.find((c) => c.key === key)!;
    const m = IMPORT_REASONS[reason];
    const shown = key === 'idNumber' && value ? (value.length >= 8 ? maskIdNumber(value) : '***') : (value ?? '').slice(0, 100);
    this.list.push({ row, field: col.zh, column: key, value: shown, reason, message: m.zh, messages: { 'zh-CN': m.zh, en: m.en } });
    this.bad.add(row);
  }
  has(row: number): boolean {
    return this.bad.has(row);
  }
  get rows(): number {
    return this.bad.size;
  }
  /** Required cells and formula errors; false when the row cannot be read further. */
  basics(r: SheetRow<K>): boolean {
    for (const c of this.columns) {
      const v = r[c.key];
      if (v && EXCEL_ERROR.test(v)) this.add(r.__row, c.key, v, 'bad_cell');
      else if (c.required && !v) this.add(r.__row, c.key, v, 'required');
    }
    return !this.has(r.__row);
  }
}

export function report(total: number, problems: Problems<string>, imported: number, committed: boolean, created: Record<string, number> = {}): PartyImportReport {
  return { total, imported, skipped: problems.rows, committed, created, errors: problems.list };
}

/** '2020-07-01', '2020/7/1', '2020.7.1' or '20200701'; null when not a real day or in the future. */
export function parseDay(s: string, today = new Date()): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  const iso = date.toISOString().slice(0, 10);
  return iso > today.toISOString().slice(0, 10) ? null : iso;
}

export const PHONE = /^[0-9+\- ]{5,20}$/;

export interface PersonKey {
  row: number;
  name: string;
  idNumber?: string;
  phone?: string;
}
export type PersonMatch = { personId: number } | { reason: ImportReason; field: 'idNumber' | 'phone' | 'name' };

/** Find each row's person: by the ID number's keyed hash (the name must agree), else by name and phone. */
export async function matchPersons(db: Db, pii: PiiCipher, keys: PersonKey[]): Promise<Map<number, PersonMatch>> {
  const out = new Map<number, PersonMatch>();
  const byHmac = new Map<string, PersonKey[]>();
  const byPhone: PersonKey[] = [];
  for (const k of keys) {
    if (k.idNumber) {
      const id = k.idNumber.toUpperCase();
      if (!isValidIdNumber(id)) out.set(k.row, { reason: 'bad_id_number', field: 'idNumber' });
      else byHmac.set(pii.hmac(id), [...(byHmac.get(pii.hmac(id)) ?? []), k]);
    } else if (k.phone) {
      if (!PHONE.test(k.phone)) out.set(k.row, { reason: 'bad_phone', field: 'phone' });
      else byPhone.push(k);
    } else out.set(k.row, { reason: 'required', field: 'idNumber' });
  }
  if (byHmac.size) {
    const found = await rows<{ id: number; name: string; h: string }>(
      db,
      sql`SELECT id::int AS id, name, id_number_hmac AS h FROM persons WHERE id_number_hmac IN (${sql.join([...byHmac.keys()].map((h) => sql`${h}`), sql`, `)})`,
    );
    const person = new Map(found.map((f) => [f.h, f]));
    for (const [h, ks] of byHmac) {
      const p = person.get(h);
      for (const k of ks) out.set(k.row, !p ? { reason: 'unknown_person', field: 'idNumber' } : p.name !== k.name ? { reason: 'name_mismatch', field: 'name' } : { personId: p.id });
    }
  }
  if (byPhone.length) {
    const found = await rows<{ id: number; name: string; phone: string }>(
      db,
      sql`SELECT id::int AS id, name, phone FROM persons WHERE phone IN (${sql.join([...new Set(byPhone.map((k) => k.phone!))].map((p) => sql`${p}`), sql`, `)})`,
    );
    for (const k of byPhone) {
      const m = found.filter((f) => f.phone === k.phone && f.name === k.name);
      out.set(k.row, m.length === 1 ? { personId: m[0].id } : { reason: m.length ? 'ambiguous_person' : 'unknown_person', field: 'phone' });
    }
  }
  return out;
}

export interface PlaceHit {
  id: number;
  kind: string;
  path: string;
}
export type PlaceMatch = { place: PlaceHit } | { reason: 'not_found' | 'not_in_scope' | 'ambiguous' };

/**
 * Resolve addresses like "阳光社区/翠堤里/3号楼/1单元/1201" (from any level: street, community or
 * estate first) top-down, one batched query per level, to places of `kinds` inside `scopePaths`.
 */
export async function resolveAddresses(db: Db, districtPaths: string[], addresses: string[], kinds: string[], scopePaths: string[]): Promise<Map<string, PlaceMatch>> {
  const split = (a: string) => a.split(/[/／\\]/).map((x) => x.trim()).filter(Boolean);
  const distinct = [...new Set(addresses)];
  const parts = distinct.map(split);
  const out = new Map<string, PlaceMatch>();
  if (!distinct.length) return out;
  const within = districtPaths.length ? sql`(${sql.join(districtPaths.map((p) => sql`path LIKE ${p + '%'}`), sql` OR `)})` : sql`false`;
  const tops = [...new Set(parts.map((p) => p[0]).filter(Boolean))];
  const top = tops.length
    ? await rows<PlaceHit & { name: string }>(
        db,
        sql`SELECT id::int AS id, kind, path, name FROM places WHERE kind IN ('street','community','estate') AND retired_at IS NULL AND ${within}
             AND name IN (${sql.join(tops.map((t) => sql`${t}`), sql`, `)})`,
      )
    : [];
  let current: PlaceHit[][] = parts.map((p) => top.filter((t) => t.name === p[0]));
  const depth = Math.max(...parts.map((p) => p.length));
  for (let level = 1; level < depth; level++) {
    const idx: number[] = [];
    const parents: number[] = [];
    const names: string[] = [];
    current.forEach((cands, i) => {
      if (parts[i].length <= level) return;
      for (const c of cands) (idx.push(i), parents.push(c.id), names.push(parts[i][level]));
    });
    if (!idx.length) break;
    const found = await rows<PlaceHit & { i: number }>(
      db,
      sql`SELECT a.i::int AS i, p.id::int AS id, p.kind, p.path
            FROM unnest(${arrayLiteral(idx, 'int')}::int[], ${arrayLiteral(parents, 'bigint')}::bigint[], ${arrayLiteral(names, 'text')}::text[]) AS a(i, parent, name)
            JOIN places p ON p.parent_id = a.parent AND p.name = a.name AND p.retired_at IS NULL`,
    );
    current = current.map((cands, i) => (parts[i].length <= level ? cands : found.filter((f) => f.i === i)));
  }
  distinct.forEach((a, i) => {
    const hits = current[i].filter((c) => kinds.includes(c.kind));
    const mine = hits.filter((h) => scopePaths.some((p) => h.path.startsWith(p)));
    out.set(a, mine.length === 1 ? { place: mine[0] } : mine.length > 1 ? { reason: 'ambiguous' } : hits.length ? { reason: 'not_in_scope' } : { reason: 'not_found' });
  });
  return out;
}

/** The caller's area for the import: the place subtrees where they hold party.import. */
export async function importScope(db: Db, actor: Actor): Promise<string[]> {
  const scope = await partyScope(db, actor, 'party.import');
  if (!scope.placePaths.length) throw new AppError('PARTY_IMPORT_NO_SCOPE');
  return scope.placePaths;
}

/** The districts (root place paths) of the caller's area: addresses resolve there, scope decides after. */
export function districtsOf(scopePaths: string[]): string[] {
  return [...new Set(scopePaths.map((p) => `/${p.split('/')[1]}/`))];
}

/** A template: the header row and one example row marked 示例 (never imported), notes on a second sheet. */
export async function templateXlsx(sheet: string, columns: readonly Column<string>[], notes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(columns.map((c) => (c.required ? `${c.zh}*` : c.zh)));
  ws.addRow(columns.map((c, i) => (i === 0 ? `示例：${c.example}` : c.example)));
  ws.getRow(1).font = { bold: true };
  ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
  ws.columns.forEach((c) => (c.width = 20));
  const help = wb.addWorksheet('填写说明');
  for (const n of notes) help.addRow([n]);
  help.getColumn(1).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
