// Open311 API keys: issued by a district or street admin for their area, shown once, stored only
// as sha256; a request filed with a key lands inside the key's subtree. /api/open311-keys…
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { App, AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { assertInScope, hasPermission, scopeCondition, scopePaths } from '../../core/access/policy';
import { AppError, defineErrors } from '../../core/errors';
import { one, rows, type Db, type RawQuery } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { recordAudit } from '../../core/audit/ledger';
import { actorOf, auditActor } from '../../core/http';
import { errors, IdParams } from '../../core/schemas';
import { Open311KeyCreateBody, Open311KeyCreatedDto, Open311KeyDto, Open311KeyListDto } from './open311.schemas';
import type { Open311KeyCreatedT, Open311KeyCreateT, Open311KeyT } from './open311.schemas';

export const Open311KeyErrors = defineErrors({
  OPEN311_KEY_INVALID: { status: 403, zh: 'api_key 缺失、无效或已吊销', en: 'The api_key is missing, not valid or revoked' },
  OPEN311_KEY_NOT_FOUND: { status: 404, zh: '找不到该接口密钥', en: 'API key not found' },
  OPEN311_KEY_PLACE: { status: 400, zh: '接口密钥只能发放给区或街道', en: 'An API key is issued for a district or a street' },
  OPEN311_KEY_REVOKED: { status: 409, zh: '该接口密钥已吊销', en: 'This API key is already revoked' },
});

const PERMISSION = 'open311.manage';
const PREFIX_LENGTH = 8;
export const DEMO_OPEN311_KEY = 'demo-open311-key';

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new secret: 32 random bytes, base64url (43 characters). */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface KeyHolder {
  id: number;
  name: string;
  placeId: number;
  placePath: string;
  districtId: number;
}

/** The live key a secret belongs to (no write: the rate limiter asks before the request runs). */
export async function findKey(db: Db, secret: string): Promise<KeyHolder | null> {
  const k = await one<KeyHolder>(
    db,
    sql`SELECT k.id::int AS id, k.name, k.place_id::int AS "placeId", p.path AS "placePath", split_part(p.path, '/', 2)::int AS "districtId"
        FROM open311_keys k JOIN places p ON p.id = k.place_id
        WHERE k.key_hash = ${hashKey(secret)} AND k.revoked_at IS NULL`,
  );
  return k ?? null;
}

/** Inside a request's transaction: the key is live, and is marked used (rolled back with a failed request). */
export async function useKey(tx: Db, secret: string | undefined): Promise<KeyHolder> {
  if (!secret) throw new AppError('OPEN311_KEY_INVALID');
  const k = await one<KeyHolder>(
    tx,
    sql`UPDATE open311_keys k SET last_used_at = now() FROM places p
        WHERE p.id = k.place_id AND k.key_hash = ${hashKey(secret)} AND k.revoked_at IS NULL
        RETURNING k.id::int AS id, k.name, k.place_id::int AS "placeId", p.path AS "placePath", split_part(p.path, '/', 2)::int AS "districtId"`,
  );
  if (!k) throw new AppError('OPEN311_KEY_INVALID');
  return k;
}

/** The demo key, whose secret is published in the demo's notes ('demo-open311-key'); the seed calls this. */
export async function insertDemoOpen311Key(q: RawQuery, placeId: number): Promise<number> {
  const r = await q<{ id: number }>(
    `INSERT INTO open311_keys (name, prefix, key_hash, place_id, is_demo) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (key_hash) DO UPDATE SET place_id = excluded.place_id RETURNING id`,
    ['演示密钥（仅供演示）', DEMO_OPEN311_KEY.slice(0, PREFIX_LENGTH), hashKey(DEMO_OPEN311_KEY), placeId],
  );
  return Number(r[0]!.id);
}

const keyColumns = sql`k.id::int AS id, k.name, k.prefix, k.place_id::int AS "placeId", p.name AS "placeName",
  ${isoTime(sql`k.created_at`)} AS "createdAt", (SELECT display_name FROM users WHERE id = k.created_by) AS "createdByName",
  ${isoTime(sql`k.revoked_at`)} AS "revokedAt", ${isoTime(sql`k.last_used_at`)} AS "lastUsedAt", k.is_demo AS "isDemo"`;

async function keyRow(db: Db, id: number): Promise<(Open311KeyT & { path: string }) | undefined> {
  return one(db, sql`SELECT ${keyColumns}, p.path FROM open311_keys k JOIN places p ON p.id = k.place_id WHERE k.id = ${id}`);
}

const withoutPath = ({ path: _path, ...item }: Open311KeyT & { path: string }): Open311KeyT => item;

/** Keys issued anywhere in the caller's area, newest first. */
export async function listKeys(ctx: AppContext, actor: Actor): Promise<Open311KeyT[]> {
  const paths = scopePaths(actor, PERMISSION);
  if (!paths.length) throw new AppError('FORBIDDEN', { permission: PERMISSION });
  return rows<Open311KeyT>(
    ctx.db,
    sql`SELECT ${keyColumns} FROM open311_keys k JOIN places p ON p.id = k.place_id
        WHERE ${scopeCondition(sql`p.path`, paths)} ORDER BY k.id DESC LIMIT 500`,
  );
}

/** Issue a key for a district or street in the caller's area; the secret is returned this once. */
export async function createKey(ctx: AppContext, actor: Actor, input: Open311KeyCreateT): Promise<Open311KeyCreatedT> {
  if (!hasPermission(actor, PERMISSION)) throw new AppError('FORBIDDEN', { permission: PERMISSION });
  return ctx.db.transaction(async (tx) => {
    const place = await one<{ kind: string; path: string; retired: boolean }>(
      tx,
      sql`SELECT kind, path, retired_at IS NOT NULL AS retired FROM places WHERE id = ${input.placeId}`,
    );
    if (!place) throw new AppError('OPEN311_KEY_PLACE', { placeId: input.placeId });
    assertInScope(actor, PERMISSION, place.path);
    if (place.retired || !['district', 'street'].includes(place.kind)) throw new AppError('OPEN311_KEY_PLACE', { placeId: input.placeId });
    const secret = newSecret();
    const prefix = secret.slice(0, PREFIX_LENGTH);
    const created = await one<{ id: number }>(
      tx,
      sql`INSERT INTO open311_keys (name, prefix, key_hash, place_id, created_by)
          VALUES (${input.name.trim()}, ${prefix}, ${hashKey(secret)}, ${input.placeId}, ${actor.userId}) RETURNING id::int AS id`,
    );
    // the ledger names the key by its prefix; neither the secret nor its hash is written there
    await recordAudit(tx, auditActor(actor), {
      action: 'open311.key.create',
      entity: 'open311_key',
      entityId: created!.id,
      placePath: place.path,
      after: { name: input.name.trim(), prefix, placeId: input.placeId },
    });
    return { key: secret, item: withoutPath((await keyRow(tx, created!.id))!) };
  });
}

/** Revoke a key in the caller's area: requests filed with it stay, new ones are refused. */
export async function revokeKey(ctx: AppContext, actor: Actor, id: number): Promise<Open311KeyT> {
  return ctx.db.transaction(async (tx) => {
    const k = await one<{ path: string; revoked: boolean; name: string; prefix: string }>(
      tx,
      sql`SELECT p.path, k.revoked_at IS NOT NULL AS revoked, k.name, k.prefix
          FROM open311_keys k JOIN places p ON p.id = k.place_id WHERE k.id = ${id} FOR UPDATE OF k`,
    );
    if (!k) throw new AppError('OPEN311_KEY_NOT_FOUND', { id });
    assertInScope(actor, PERMISSION, k.path);
    if (k.revoked) throw new AppError('OPEN311_KEY_REVOKED', { id });
    await tx.execute(sql`UPDATE open311_keys SET revoked_at = now() WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), {
      action: 'open311.key.revoke',
      entity: 'open311_key',
      entityId: id,
      placePath: k.path,
      before: { name: k.name, prefix: k.prefix, revoked: false },
      after: { revoked: true },
    });
    return withoutPath((await keyRow(tx, id))!);
  });
}

export async function keyRoutes(app: App, ctx: AppContext): Promise<void> {
  const manage = { access: { permission: PERMISSION } } as const;
  const tags = ['open311'];
  app.get(
    '/open311-keys',
    { config: manage, schema: { tags, summary: 'Open311 API keys issued in my area (never the secrets)', response: { 200: Open311KeyListDto, ...errors } } },
    async (req) => ({ items: await listKeys(ctx, actorOf(req)) }),
  );
  app.post(
    '/open311-keys',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Issue an Open311 API key for a district or street in my area; the response carries the secret, shown this once',
        body: Open311KeyCreateBody,
        response: { 200: Open311KeyCreatedDto, ...errors },
      },
    },
    async (req) => createKey(ctx, actorOf(req), req.body),
  );
  app.post(
    '/open311-keys/:id/revoke',
    {
      config: manage,
      schema: { tags, summary: 'Revoke an Open311 API key (requests filed with it stay)', params: IdParams, response: { 200: Open311KeyDto, ...errors } },
    },
    async (req) => revokeKey(ctx, actorOf(req), req.params.id),
  );
}
