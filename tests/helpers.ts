// Small lookups shared by the integration tests: ids of seeded users, places and organisations,
// and the audit entries a request left behind.
import type { TestEnv } from '../src/test/harness';

export async function userIdOf(env: TestEnv, username: string): Promise<number> {
  const r = await env.database.query<{ id: number }>(`SELECT id FROM users WHERE lower(username) = lower($1)`, [username]);
  if (!r[0]) throw new Error(`no user ${username}`);
  return Number(r[0].id);
}

/** The place a (demo) user holds their first active role on. */
export async function grantPlaceOf(env: TestEnv, username: string): Promise<number> {
  const r = await env.database.query<{ place_id: number }>(
    `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = $1 AND r.revoked_at IS NULL ORDER BY r.id LIMIT 1`,
    [username],
  );
  if (!r[0]) throw new Error(`${username} holds no role`);
  return Number(r[0].place_id);
}

/** Another place of `kind` than `id` (the lowest id). */
export async function otherPlace(env: TestEnv, kind: string, id: number): Promise<number> {
  const r = await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = $1 AND id <> $2 ORDER BY id LIMIT 1`, [kind, id]);
  if (!r[0]) throw new Error(`no other ${kind} than ${id}`);
  return Number(r[0].id);
}

export async function pathOf(env: TestEnv, placeId: number): Promise<string> {
  const r = await env.database.query<{ path: string }>(`SELECT path FROM places WHERE id = $1`, [placeId]);
  if (!r[0]) throw new Error(`no place ${placeId}`);
  return r[0].path;
}

/** The nth place of `kind` inside the subtree of `ancestorId`. */
export async function placeUnder(env: TestEnv, kind: string, ancestorId: number, nth = 0): Promise<number> {
  const r = await env.database.query<{ id: number }>(
    `SELECT id FROM places WHERE kind = $1 AND retired_at IS NULL AND path LIKE (SELECT path FROM places WHERE id = $2) || '%' ORDER BY id OFFSET $3 LIMIT 1`,
    [kind, ancestorId, nth],
  );
  if (!r[0]) throw new Error(`no ${kind} #${nth} under place ${ancestorId}`);
  return Number(r[0].id);
}

/** A seeded user whose every active grant lies inside the subtree of `ancestorId`. */
export async function userOnlyUnder(env: TestEnv, ancestorId: number): Promise<{ id: number; username: string }> {
  const r = await env.database.query<{ id: number; username: string }>(
    `SELECT u.id, u.username FROM users u
      WHERE EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.revoked_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM role_assignments r JOIN places p ON p.id = r.place_id
                         WHERE r.user_id = u.id AND r.revoked_at IS NULL
                           AND p.path NOT LIKE (SELECT path FROM places WHERE id = $1) || '%')
      ORDER BY u.id LIMIT 1`,
    [ancestorId],
  );
  if (!r[0]) throw new Error(`no user only under place ${ancestorId}`);
  return { id: Number(r[0].id), username: r[0].username };
}

export async function orgIdOf(env: TestEnv, kind: string, nth = 0): Promise<number> {
  const r = await env.database.query<{ id: number }>(`SELECT id FROM orgs WHERE kind = $1 ORDER BY id OFFSET $2 LIMIT 1`, [kind, nth]);
  if (!r[0]) throw new Error(`no org of kind ${kind}`);
  return Number(r[0].id);
}

export async function auditHeadSeq(env: TestEnv): Promise<number> {
  const r = await env.database.query<{ seq: number }>(`SELECT seq FROM audit_head WHERE id = 1`);
  return Number(r[0].seq);
}

// ledger rows written after a sequence number: the same reader the place and people tests use
export { auditSince, type AuditRow } from '../src/test/fixtures';

export async function count(env: TestEnv, sqlText: string, params: unknown[] = []): Promise<number> {
  const r = await env.database.query<{ n: number }>(sqlText, params);
  return Number(r[0].n);
}
