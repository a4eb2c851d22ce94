// One-time codes for online voting (the second factor after the owner's login).
//
// - Six digits, valid OTP_TTL_MINUTES, for one user and one assembly; only a keyed hash is stored
//   (HMAC under the PII key, bound to the user and the assembly, so a stolen table proves nothing).
// - The newest code of a user for an assembly is the only one that counts; it is used once.
// - At most OTP_MAX_ATTEMPTS wrong tries per code, then the code is dead (ASSEMBLY_OTP_EXHAUSTED);
//   a new code at most once per OTP_RESEND_SECONDS (ASSEMBLY_OTP_TOO_SOON).
// The owner-side flow (who may ask, where the code is sent) is in mine.ts.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { AppError, defineErrors } from '../../core/errors';
import { one, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import type { PiiCipher } from '../../core/people/pii';
import './errors';

export const OTP_TTL_MINUTES = 10;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_SECONDS = 60;

export const OtpErrors = defineErrors({
  ASSEMBLY_OTP_EXHAUSTED: { status: 429, zh: '验证码错误次数过多，请重新获取验证码', en: 'Too many wrong codes: ask for a new code' },
});

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The stored form of a code: an HMAC under the PII key, bound to the user and the assembly. */
export function otpHash(pii: PiiCipher, userId: number, assemblyId: number, code: string): string {
  return pii.hmac(`assembly-otp:${userId}:${assemblyId}:${code}`);
}

/** A transaction-level lock serialising code requests of one user for one assembly. */
async function lockUser(tx: Db, userId: number, assemblyId: number): Promise<void> {
  const key = createHash('sha256').update(`gongzhi-assembly-otp:${userId}:${assemblyId}`).digest().readBigInt64BE(0);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${key.toString()}::bigint)`);
}

/** Create a new code (the caller sends it). Refuses a second code within OTP_RESEND_SECONDS. */
export async function createCode(tx: Db, pii: PiiCipher, userId: number, assemblyId: number): Promise<{ code: string; expiresAt: string; otpId: number }> {
  await lockUser(tx, userId, assemblyId);
  const last = await one<{ wait: number }>(
    tx,
    sql`SELECT ceil(extract(epoch FROM created_at + make_interval(secs => ${OTP_RESEND_SECONDS}) - now()))::int AS wait
          FROM assembly_otps WHERE user_id = ${userId} AND assembly_id = ${assemblyId} ORDER BY id DESC LIMIT 1`,
  );
  if (last && last.wait > 0) throw new AppError('ASSEMBLY_OTP_TOO_SOON', { retryAfterSeconds: last.wait });
  const code = newCode();
  const row = await one<{ id: number; expires_at: string }>(
    tx,
    sql`INSERT INTO assembly_otps (user_id, assembly_id, code_hash, expires_at)
        VALUES (${userId}, ${assemblyId}, ${otpHash(pii, userId, assemblyId, code)}, now() + make_interval(mins => ${OTP_TTL_MINUTES}))
        RETURNING id::int AS id, ${isoTime(sql`expires_at`)} AS expires_at`,
  );
  return { code, expiresAt: row!.expires_at, otpId: row!.id };
}

export type CodeCheck = { ok: true; otpId: number } | { ok: false; attemptsLeft: number };

/**
 * Check a code against the user's newest code for the assembly. Throws for no code, a used,
 * expired or exhausted one; a wrong code counts an attempt and returns ok:false — the caller
 * must COMMIT that count (not throw inside the transaction) and then refuse. A right code is
 * marked used in the caller's transaction (so a ballot that fails afterwards leaves it unused).
 */
export async function verifyCode(tx: Db, pii: PiiCipher, userId: number, assemblyId: number, code: string): Promise<CodeCheck> {
  const otp = await one<{ id: number; code_hash: string; attempts: number; used: boolean; expired: boolean }>(
    tx,
    sql`SELECT id::int AS id, code_hash, attempts, used_at IS NOT NULL AS used, expires_at <= now() AS expired
          FROM assembly_otps WHERE user_id = ${userId} AND assembly_id = ${assemblyId} ORDER BY id DESC LIMIT 1 FOR UPDATE`,
  );
  if (!otp) throw new AppError('ASSEMBLY_OTP_INVALID', { reason: 'none' });
  if (otp.used) throw new AppError('ASSEMBLY_OTP_INVALID', { reason: 'used' });
  if (otp.expired) throw new AppError('ASSEMBLY_OTP_INVALID', { reason: 'expired' });
  if (otp.attempts >= OTP_MAX_ATTEMPTS) throw new AppError('ASSEMBLY_OTP_EXHAUSTED', { maxAttempts: OTP_MAX_ATTEMPTS });
  const given = Buffer.from(otpHash(pii, userId, assemblyId, code));
  const stored = Buffer.from(otp.code_hash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) {
    await tx.execute(sql`UPDATE assembly_otps SET attempts = attempts + 1 WHERE id = ${otp.id}`);
    return { ok: false, attemptsLeft: OTP_MAX_ATTEMPTS - otp.attempts - 1 };
  }
  await tx.execute(sql`UPDATE assembly_otps SET used_at = now() WHERE id = ${otp.id}`);
  return { ok: true, otpId: otp.id };
}
