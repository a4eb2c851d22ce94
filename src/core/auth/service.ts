// Log in, log out, change password. Failed logins count per account; reaching the limit locks the
// account for a while (shared by all app nodes because it lives in the users row).
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../manifest';
import { AppError } from '../errors';
import { one, type Db } from '../db/client';
import { users } from '../db/schema';
import { recordAudit } from '../audit/ledger';
import { hashPassword, passwordProblems, verifyPassword } from './password';
import { createSession, deleteSession, deleteUserSessions } from './sessions';
import type { Actor } from '../access/policy';

/** Where a user's account events show in the scoped audit log: their highest grant. */
async function homePath(db: Db, userId: number): Promise<string | null> {
  const r = await one<{ path: string }>(
    db,
    sql`SELECT p.path FROM role_assignments r JOIN places p ON p.id = r.place_id WHERE r.user_id = ${userId} AND r.revoked_at IS NULL ORDER BY p.depth, r.id LIMIT 1`,
  );
  return r?.path ?? null;
}

// a real hash of a random password, so unknown usernames cost the same time as known ones
let decoyHash: Promise<string> | undefined;

/**
 * Each attempt first claims a slot on the account (at most loginMaxFailures may be counted or in
 * flight before the lock), so parallel guesses cannot slip past the lockout. The password is
 * always hashed, so the answer time does not tell whether the account exists or its state.
 */
export async function login(ctx: AppContext, input: { username: string; password: string; ip: string; userAgent?: string }) {
  const { db, config } = ctx;
  decoyHash ??= hashPassword('decoy-' + Math.random(), config.passwordCost);
  const [u] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
  if (!u) {
    await verifyPassword(input.password, await decoyHash);
    throw new AppError('LOGIN_FAILED');
  }
  const claim = await one<{ id: number }>(
    db,
    sql`UPDATE users SET failed_logins = failed_logins + 1
        WHERE id = ${u.id} AND (locked_until IS NULL OR locked_until <= now()) AND failed_logins < ${config.loginMaxFailures}
        RETURNING id`,
  );
  if (!claim) {
    await verifyPassword(input.password, await decoyHash);
    const [now] = await db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, u.id));
    throw new AppError('ACCOUNT_LOCKED', now?.lockedUntil && now.lockedUntil.getTime() > Date.now() ? { until: now.lockedUntil.toISOString() } : null);
  }
  const good = await verifyPassword(input.password, u.passwordHash);
  if (!good) {
    const locked = await db.transaction(async (tx) => {
      // this attempt was counted by its claim: lock once the count reaches the limit
      const r = await one<{ locked_until: Date | null }>(
        tx,
        sql`UPDATE users SET
              locked_until = CASE WHEN failed_logins >= ${config.loginMaxFailures}
                                  THEN now() + make_interval(mins => ${config.loginLockMinutes}) ELSE locked_until END,
              failed_logins = CASE WHEN failed_logins >= ${config.loginMaxFailures} THEN 0 ELSE failed_logins END
            WHERE id = ${u.id} AND (locked_until IS NULL OR locked_until <= now()) RETURNING locked_until`,
      );
      const lockedUntil = r?.locked_until ? new Date(r.locked_until) : null;
      if (lockedUntil && lockedUntil.getTime() > Date.now()) {
        await recordAudit(tx, { userId: null, name: 'system', ip: input.ip }, {
          action: 'auth.lockout',
          entity: 'user',
          entityId: u.id,
          placePath: await homePath(tx, u.id),
          after: { lockedUntil: lockedUntil.toISOString(), afterFailures: config.loginMaxFailures },
        });
        return lockedUntil;
      }
      return null;
    });
    if (locked) throw new AppError('ACCOUNT_LOCKED', { until: locked.toISOString() });
    throw new AppError('LOGIN_FAILED');
  }
  // a disabled account is named only to someone who knows its password
  if (u.disabledAt) throw new AppError('ACCOUNT_DISABLED');
  return db.transaction(async (tx) => {
    // the account may have been locked by parallel failures while this password was checked
    const open = await one<{ id: number }>(
      tx,
      sql`UPDATE users SET failed_logins = 0 WHERE id = ${u.id} AND (locked_until IS NULL OR locked_until <= now()) RETURNING id`,
    );
    if (!open) throw new AppError('ACCOUNT_LOCKED');
    const session = await createSession(tx, u.id, input.ip, input.userAgent, { ttlHours: config.sessionTtlHours, idleHours: config.sessionIdleHours });
    await recordAudit(tx, { userId: u.id, name: u.displayName, ip: input.ip }, { action: 'auth.login', entity: 'user', entityId: u.id, placePath: await homePath(tx, u.id) });
    return { ...session, userId: u.id, mustChangePassword: u.mustChangePassword };
  });
}

export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await deleteSession(tx, actor.sessionId);
    await recordAudit(tx, { userId: actor.userId, name: actor.displayName, ip: actor.ip }, { action: 'auth.logout', entity: 'user', entityId: actor.userId, placePath: await homePath(tx, actor.userId) });
  });
}

export async function changePassword(ctx: AppContext, actor: Actor, current: string, next: string): Promise<void> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verifyPassword(current, u.passwordHash))) throw new AppError('WRONG_PASSWORD');
  const problem = passwordProblems(next);
  if (problem) throw new AppError('WEAK_PASSWORD', { reason: problem });
  if (current === next) throw new AppError('PASSWORD_REUSED');
  const hash = await hashPassword(next, ctx.config.passwordCost);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: new Date() }).where(eq(users.id, u.id));
    // other devices are logged out; this one stays
    await deleteUserSessions(tx, u.id, actor.sessionId);
    await recordAudit(tx, { userId: actor.userId, name: actor.displayName, ip: actor.ip }, { action: 'auth.password.change', entity: 'user', entityId: u.id, placePath: await homePath(tx, u.id) });
  });
}
