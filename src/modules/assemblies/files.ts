// Files of an assembly: scans of paper ballots, written proxy mandates (委托书), and materials
// attached to the notice. Kept in the database (any app node serves them), typed from their
// bytes — JPEG, PNG or PDF — never from the name or the header, at most 10 MB. A scan or a
// mandate is used by one ballot only (assembly_files.used).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, hasPermission, inScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, type Db } from '../../core/db/client';
import { assemblyFor, assemblyRow } from './service';
import './errors';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const FILE_KINDS = ['scan', 'mandate', 'material'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export type FileMime = 'image/jpeg' | 'image/png' | 'application/pdf';

/** The type from the file's first bytes, or null when it is not a JPEG, PNG or PDF. */
export function sniffFile(b: Buffer): FileMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** A file name safe to store and to send back: no directories, no control characters, ≤ 200 characters. */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = [...base.replace(/[\u0000-\u001f\u007f"]/g, '').trim()].slice(0, 200).join('');
  return clean || 'file';
}

export interface FileDto {
  id: number;
  kind: FileKind;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

// scans and mandates come with paper ballots, taken while voting; materials go with the notice
const STATES_FOR: Record<FileKind, string[]> = {
  scan: ['voting'],
  mandate: ['voting'],
  material: ['draft', 'announced', 'voting'],
};

export async function saveFile(ctx: AppContext, actor: Actor, assemblyId: number, kind: FileKind, filename: string | undefined, bytes: Buffer): Promise<FileDto> {
  const mime = sniffFile(bytes);
  if (!mime || bytes.length === 0 || bytes.length > MAX_FILE_BYTES) throw new AppError('ASSEMBLY_FILE_INVALID', { size: bytes.length, maxBytes: MAX_FILE_BYTES });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = cleanFilename(filename);
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, assemblyId, 'assemblies.organise');
    if (!STATES_FOR[kind].includes(a.state)) throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state, kind, expected: STATES_FOR[kind] });
    const row = await one<{ id: number }>(
      tx,
      sql`INSERT INTO assembly_files (assembly_id, kind, filename, mime, bytes, sha256, size, uploaded_by)
          VALUES (${assemblyId}, ${kind}, ${name}, ${mime}, ${bytes}, ${sha256}, ${bytes.length}, ${actor.userId})
          RETURNING id::int AS id`,
    );
    const dto: FileDto = { id: row!.id, kind, filename: name, mime, size: bytes.length, sha256 };
    await recordAudit(tx, auditActor(actor), { action: 'assembly.file.upload', entity: 'assembly', entityId: assemblyId, placePath: a.estatePath, after: dto });
    return dto;
  });
}

/** Is the actor the voting delegate of an active voter of the assembly? */
export async function isOnRoll(db: Db, actor: Actor, assemblyId: number): Promise<boolean> {
  if (actor.personId === null) return false;
  const r = await one(db, sql`SELECT 1 FROM assembly_voters WHERE assembly_id = ${assemblyId} AND delegate_person_id = ${actor.personId} AND active LIMIT 1`);
  return !!r;
}

/**
 * A file's bytes: scans and mandates (signatures, names) for organisers in scope only; materials
 * also for anyone who may see the assembly and for the owners on its roll.
 */
export async function readFile(ctx: AppContext, actor: Actor, assemblyId: number, fileId: number) {
  const a = await assemblyRow(ctx.db, assemblyId);
  const f = await one<{ kind: FileKind; filename: string; mime: string; bytes: Uint8Array; sha256: string; size: number }>(
    ctx.db,
    sql`SELECT kind, filename, mime, bytes, sha256, size FROM assembly_files WHERE id = ${fileId} AND assembly_id = ${assemblyId}`,
  );
  if (!f) throw new AppError('NOT_FOUND', { id: fileId });
  if (f.kind !== 'material') assertInScope(actor, 'assemblies.organise', a.estatePath);
  else if (!inScope(actor, 'assemblies.view', a.estatePath) && !(await isOnRoll(ctx.db, actor, assemblyId))) {
    // staff elsewhere are told it is outside their area; anyone else that they are not on the roll
    throw new AppError(hasPermission(actor, 'assemblies.view') ? 'NOT_IN_SCOPE' : 'ASSEMBLY_NOT_ON_ROLL');
  }
  return { ...f, bytes: Buffer.from(f.bytes) };
}

/**
 * Take a scan or a mandate for a ballot: it must belong to this assembly, be of the right kind
 * and not be used yet; it is marked used in the caller's transaction. (The caller holds the
 * assembly row, so two ballots cannot take one file.)
 */
export async function takeFile(tx: Db, assemblyId: number, fileId: number, kind: 'scan' | 'mandate'): Promise<void> {
  const f = await one<{ id: number }>(
    tx,
    sql`UPDATE assembly_files SET used = true WHERE id = ${fileId} AND assembly_id = ${assemblyId} AND kind = ${kind} AND NOT used RETURNING id::int AS id`,
  );
  if (!f) throw new AppError('ASSEMBLY_FILE_UNKNOWN', { fileId, kind });
}
