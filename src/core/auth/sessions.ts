// Sessions live in the database so any app node can serve any request. The cookie holds a random
// token; the table holds only its sha256, so a leaked table cannot be replayed.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { one, rows } from '../db/client';
import { sessions, users } from '../db/schema';
import type { Actor, Grant } from '../access/policy';
import type { Role } from '../access/roles';

export const SESSION_COOKIE = 'gz_sid';

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionTimes {
  ttlHours: number;
  idleHours: number;
}

export async function createSession(db: Db, userId: number, ip: string, userAgent: string | undefined, times: SessionTimes) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + times.ttlHours * 3600_000);
  await db.insert(sessions).values({
    id: tokenId(token),
    userId,
    csrfToken,
    expiresAt,
    ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export type SessionLookup =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'ok'; sessionId: string; userId: number; csrfToken: string };

export async function findSession(db: Db, token: string, times: SessionTimes): Promise<SessionLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'none' };
  const id = tokenId(token);
  const s = await one<{ user_id: number; csrf_token: string; expires_at: Date; last_seen_at: Date; disabled: boolean }>(
    db,
    sql`SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen_at, (u.disabled_at IS NOT NULL) AS disabled
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ${id}`,
  );
  if (!s) return { state: 'none' };
  const now = Date.now();
  const lastSeen = new Date(s.last_seen_at).getTime();
  if (s.disabled || new Date(s.expires_at).getTime() <= now || lastSeen + times.idleHours * 3600_000 <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { state: 'expired' };
  }
  // keep the idle clock moving without a write on every request
  if (now - lastSeen > 60_000) await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  return { state: 'ok', sessionId: id, userId: Number(s.user_id), csrfToken: s.csrf_token };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Db, userId: number, exceptSessionId?: string): Promise<void> {
  await db.execute(
    exceptSessionId
      ? sql`DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${exceptSessionId}`
      : sql`DELETE FROM sessions WHERE user_id = ${userId}`,
  );
}

export async function sweepExpiredSessions(db: Db, idleHours: number): Promise<number> {
  const res = await rows<{ id: string }>(
    db,
    sql`DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(hours => ${idleHours}) RETURNING id`,
  );
  return res.length;
}

/** Load the user and their active grants, with the place each grant hangs on. */
export async function loadActor(db: Db, userId: number, session: { sessionId: string; csrfToken: string }, ip: string): Promise<Actor | null> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!u) return null;
  const grantRows = await rows<{ role: Role; place_id: number; path: string; name: string; kind: string; org_id: number | null }>(
    db,
    sql`SELECT r.role, r.place_id, p.path, p.name, p.kind, r.org_id
        FROM role_assignments r JOIN places p ON p.id = r.place_id
        WHERE r.user_id = ${userId} AND r.revoked_at IS NULL AND p.retired_at IS NULL
        ORDER BY p.depth, r.id`,
  );
  const grants: Grant[] = [];
  for (const g of grantRows) {
    const grant: Grant = {
      role: g.role,
      placeId: Number(g.place_id),
      path: g.path,
      placeName: g.name,
      placeKind: g.kind,
      orgId: g.org_id === null ? null : Number(g.org_id),
    };
    if (g.role === 'property_staff' && grant.orgId !== null) {
      const estates = await rows<{ path: string }>(
        db,
        sql`SELECT p.path FROM estate_property ep JOIN places p ON p.id = ep.estate_id
            WHERE ep.company_id = ${grant.orgId} AND p.path LIKE ${g.path + '%'} AND p.retired_at IS NULL`,
      );
      grant.estatePaths = estates.map((e) => e.path);
    }
    grants.push(grant);
  }
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    personId: u.personId,
    locale: u.locale,
    grants,
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
    ip,
    mustChangePassword: u.mustChangePassword,
  };
}

