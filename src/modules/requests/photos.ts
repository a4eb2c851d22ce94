// Request photos: uploaded one by one (multipart), kept in the database so any app node serves
// them, attached to a request or an event when that is written. The type is read from the
// bytes, not from the name or the header.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { one } from '../../core/db/client';
import { capacitiesOf, type Unit } from './access';
import './errors';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The image type from the file's first bytes, or null when it is not a JPEG, PNG or WebP. */
export function sniffImage(b: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export async function savePhoto(ctx: AppContext, actor: Actor, bytes: Buffer) {
  const mime = sniffImage(bytes);
  if (!mime || bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) throw new AppError('REQUEST_PHOTO_INVALID', { size: bytes.length });
  const sha = createHash('sha256').update(bytes).digest('hex');
  const row = await one<{ id: number }>(
    ctx.db,
    sql`INSERT INTO request_photos (uploaded_by, mime, size, sha256, bytes) VALUES (${actor.userId}, ${mime}, ${bytes.length}, ${sha}, ${bytes}) RETURNING id::int AS id`,
  );
  return { id: row!.id, mime, size: bytes.length };
}

/** A photo's bytes, for its uploader (before it is attached) or anyone who may see its request. */
export async function readPhoto(ctx: AppContext, actor: Actor, id: number): Promise<{ mime: string; bytes: Buffer; sha256: string }> {
  const p = await one<{ mime: string; bytes: Uint8Array; sha256: string; uploaded_by: number; request_id: number | null }>(
    ctx.db,
    sql`SELECT mime, bytes, sha256, uploaded_by::int AS uploaded_by, request_id::int AS request_id FROM request_photos WHERE id = ${id}`,
  );
  if (!p) throw new AppError('NOT_FOUND', { id });
  if (p.request_id === null) {
    if (p.uploaded_by !== actor.userId) throw new AppError('NOT_IN_SCOPE');
  } else {
    const r = await one<{ place_path: string; owner: Unit; first: Unit; requester: number | null; entered: number | null }>(
      ctx.db,
      sql`SELECT place_path, json_build_object('kind', owner_kind, 'placeId', owner_place_id, 'orgId', owner_org_id) AS owner,
            json_build_object('kind', first_owner_kind, 'placeId', first_owner_place_id, 'orgId', first_owner_org_id) AS first,
            requester_user_id::int AS requester, entered_by::int AS entered FROM requests WHERE id = ${p.request_id}`,
    );
    const cohandlers = (await ctx.db.execute(sql`SELECT kind, place_id::int AS "placeId", org_id::int AS "orgId" FROM request_cohandlers WHERE request_id = ${p.request_id}`)) as unknown as {
      rows: Unit[];
    };
    const caps = capacitiesOf(actor, { placePath: r!.place_path, owner: r!.owner, firstOwner: r!.first, cohandlers: cohandlers.rows, requesterUserId: r!.requester, enteredBy: r!.entered });
    if (!caps.length) throw new AppError('NOT_IN_SCOPE');
  }
  return { mime: p.mime, bytes: Buffer.from(p.bytes), sha256: p.sha256 };
}
