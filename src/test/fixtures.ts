// Small helpers for the place, people and import tests: audit rows, counts, valid ID numbers,
// spreadsheets built in memory, and multipart bodies.
import ExcelJS from 'exceljs';
import type { TestEnv } from './harness';
import { idCheckChar } from '../core/people/pii';

export interface AuditRow {
  seq: number;
  action: string;
  entity: string;
  entity_id: string | null;
  place_path: string | null;
  actor_user_id: number | null;
  actor_name: string | null;
  before: unknown;
  after: unknown;
}

/** The sequence number of the newest audit entry (0 when the ledger is empty). */
export async function auditHead(env: TestEnv): Promise<number> {
  const r = await env.database.query<{ seq: number | string }>(`SELECT COALESCE(max(seq), 0) AS seq FROM audit_log`);
  return Number(r[0].seq);
}

/** Audit entries written after `afterSeq`, oldest first, optionally of one action. */
export async function auditSince(env: TestEnv, afterSeq: number, action?: string): Promise<AuditRow[]> {
  const r = await env.database.query<AuditRow>(
    `SELECT seq, action, entity, entity_id, place_path, actor_user_id, actor_name, before, after FROM audit_log
     WHERE seq > $1 AND ($2::text IS NULL OR action = $2) ORDER BY seq`,
    [afterSeq, action ?? null],
  );
  return r.map((x) => ({ ...x, seq: Number(x.seq), actor_user_id: x.actor_user_id === null ? null : Number(x.actor_user_id) }));
}

/**
 * Run `work` with the ledger's head row removed, so that any audited write fails when it appends its
 * entry; then put the head back. Shows that a write and its audit entry share one transaction.
 */
export async function withoutLedger<T>(env: TestEnv, work: () => Promise<T>): Promise<T> {
  const [head] = await env.database.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_head WHERE id = 1`);
  await env.database.query(`DELETE FROM audit_head`);
  try {
    return await work();
  } finally {
    await env.database.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)`, [head.seq, head.hash]);
  }
}

/** One number from a `SELECT count(*) ...` (or any single-value query). */
export async function scalar(env: TestEnv, query: string, params: unknown[] = []): Promise<number> {
  const r = await env.database.query<Record<string, unknown>>(query, params);
  if (r.length === 0) throw new Error(`no row from: ${query}`);
  return Number(Object.values(r[0])[0]);
}

export async function userId(env: TestEnv, username: string): Promise<number> {
  return scalar(env, `SELECT id FROM users WHERE username = $1`, [username]);
}

/** A valid 18-character resident ID number (GB 11643) for a birth date YYYYMMDD and a 3-digit sequence. */
export function makeIdNumber(birth: string, seq: number, region = '110105'): string {
  const first17 = region + birth + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

let gbkTable: Map<string, number[]> | null = null;

/** Encode text as GBK (no encoder ships with Node): invert the GBK decoder over all double-byte codes. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

export type Cell = string | number | null;

/** An XLSX workbook with one sheet holding `rows` (the first row is the header). */
export async function xlsxBuffer(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text for `rows`, quoting where needed, lines ended with CRLF as spreadsheets write them. */
export function csvText(rows: Cell[][]): string {
  const cell = (v: Cell) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A multipart form with one file field named "file". */
export function fileForm(filename: string, content: Buffer | string, type = 'application/octet-stream'): FormData {
  const form = new FormData();
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}
