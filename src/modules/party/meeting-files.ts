// Files of a meeting: signed attendance sheets, photos, the minutes as a document. Kept in the
// database (any app node serves them), typed from their bytes — PDF, JPEG, PNG or DOCX — never
// from the name or the header, at most 10 MB.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import { one } from '../../core/db/client';
import { cleanFilename, sniffFile } from '../assemblies/files';
import { meetingFor } from './meetings-service';
import type { MeetingFile } from './schemas-meetings';
import './errors-meetings';

export const MAX_MEETING_FILE_BYTES = 10 * 1024 * 1024;
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The type from the file's first bytes: the JPEG, PNG and PDF signatures, or a ZIP whose entries
 * (their names are stored uncompressed) include the Word document part — a DOCX. Null otherwise.
 */
export function sniffMeetingFile(b: Buffer): string | null {
  const basic = sniffFile(b);
  if (basic) return basic;
  const zip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  if (zip && b.includes('[Content_Types].xml', 0, 'latin1') && b.includes('word/document.xml', 0, 'latin1')) return DOCX_MIME;
  return null;
}

export async function saveMeetingFile(ctx: AppContext, actor: Actor, meetingId: number, filename: string | undefined, bytes: Buffer): Promise<MeetingFile> {
  if (bytes.length > MAX_MEETING_FILE_BYTES) throw new AppError('PARTY_MEETING_FILE_TOO_LARGE', { size: bytes.length, maxBytes: MAX_MEETING_FILE_BYTES });
  const mime = bytes.length ? sniffMeetingFile(bytes) : null;
  if (!mime) throw new AppError('PARTY_MEETING_FILE_INVALID', { size: bytes.length });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = cleanFilename(filename);
  return ctx.db.transaction(async (tx) => {
    const { org } = await meetingFor(tx, actor, meetingId, 'party.meetings.manage');
    const row = await one<{ id: number; uploadedAt: string }>(
      tx,
      sql`INSERT INTO party_meeting_files (meeting_id, filename, mime, bytes, sha256, size, uploaded_by)
          VALUES (${meetingId}, ${name}, ${mime}, ${bytes}, ${sha256}, ${bytes.length}, ${actor.userId})
          RETURNING id::int AS id, ${isoTime(sql`uploaded_at`)} AS "uploadedAt"`,
    );
    const dto: MeetingFile = { id: row!.id, filename: name, mime, size: bytes.length, sha256, uploadedAt: row!.uploadedAt };
    await recordAudit(tx, auditActor(actor), { action: 'party.meeting.file.upload', entity: 'party_meeting', entityId: meetingId, placePath: org.placePath, after: dto });
    return dto;
  });
}

/** A file's bytes, for anyone who may see the meeting. */
export async function readMeetingFile(ctx: AppContext, actor: Actor, meetingId: number, fileId: number) {
  await meetingFor(ctx.db, actor, meetingId, 'party.view');
  const f = await one<{ filename: string; mime: string; bytes: Uint8Array; sha256: string }>(
    ctx.db,
    sql`SELECT filename, mime, bytes, sha256 FROM party_meeting_files WHERE id = ${fileId} AND meeting_id = ${meetingId}`,
  );
  if (!f) throw new AppError('NOT_FOUND', { id: fileId });
  return { ...f, bytes: Buffer.from(f.bytes) };
}
