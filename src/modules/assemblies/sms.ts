// Text messages (the one-time codes of online voting, for now) go through an outbox table,
// `sms_outbox`, written in the transaction that needs the message; delivery happens after commit.
//
// Delivery:
// - With a gateway (SMS_WEBHOOK_URL): each pending message is POSTed there as JSON
//   {id, phone, body, purpose}; any 2xx marks it sent. A failure counts an attempt and keeps the
//   error; the sweep `sms.deliver` retries up to MAX_ATTEMPTS times. The request that queued a
//   message tries it at once (so a code does not wait for the next sweep); row locks (SKIP LOCKED)
//   keep that attempt and the sweep from sending one message twice. The body of a message is
//   NEVER written to the log when a gateway is configured.
// - Without a gateway (the demo, development, or a deployment whose gateway is not set up yet):
//   the message stays in the outbox and is written to the server log at info level, phone
//   masked, body (with the code) in full: the operator is the gateway then, and the demo stays
//   usable (read the code from the log or from sms_outbox).
// - Either way a one-time code is not kept in plain text longer than it is useful: once sent, or
//   once it has expired unsent, the sweep blanks the digits of the body.
import { sql } from 'drizzle-orm';
import type { AppContext, Sweep } from '../../core/manifest';
import type { Config } from '../../core/config';
import { one, rows, type Db } from '../../core/db/client';

export const MAX_ATTEMPTS = 5;
const BATCH = 50;
const TIMEOUT_MS = 5000;

/** Purposes whose messages carry a secret that expires: minutes after which the body is useless. */
const EXPIRING: Record<string, number> = { assembly_otp: 10 };

export interface SmsInput {
  phone: string;
  body: string;
  purpose: string;
  userId: number | null;
}

/** 17301395253 → 173****5253 (a short number keeps only its last two digits). */
export function maskPhone(phone: string): string {
  const d = phone.replace(/[^0-9]/g, '');
  if (d.length >= 7) return `${d.slice(0, 3)}****${d.slice(-4)}`;
  return '*'.repeat(Math.max(0, d.length - 2)) + d.slice(-2);
}

/** Queue a message inside the caller's transaction; returns its outbox id. */
export async function queueSms(tx: Db, m: SmsInput): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`INSERT INTO sms_outbox (phone, body, purpose, user_id) VALUES (${m.phone}, ${m.body}, ${m.purpose}, ${m.userId}) RETURNING id::int AS id`,
  );
  return r!.id;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const infoEnabled = (config: Config) => LEVELS.indexOf(config.logLevel) <= LEVELS.indexOf('info');

/**
 * After the queuing transaction committed: try the gateway at once, or — with no gateway — write
 * the message to the server log (see the head of this file). Never throws.
 */
export async function afterQueued(ctx: AppContext, id: number, m: SmsInput): Promise<void> {
  if (!ctx.config.smsWebhookUrl) {
    if (infoEnabled(ctx.config)) console.info(`[sms] no gateway (SMS_WEBHOOK_URL unset): message ${id} to ${maskPhone(m.phone)} (${m.purpose}): ${m.body}`);
    return;
  }
  try {
    await ctx.db.transaction(async (tx) => {
      const due = await pendingRows(tx, sql`AND id = ${id}`);
      await deliverRows(tx, ctx.config.smsWebhookUrl!, due);
    });
  } catch {
    // the sweep tries again
  }
}

interface OutboxRow {
  id: number;
  phone: string;
  body: string;
  purpose: string;
}

async function pendingRows(tx: Db, extra = sql``, limit = BATCH): Promise<OutboxRow[]> {
  return rows<OutboxRow>(
    tx,
    sql`SELECT id::int AS id, phone, body, purpose FROM sms_outbox
         WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS} ${extra}
         ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
  );
}

const redactSql = (purpose: string) => (purpose in EXPIRING ? sql`regexp_replace(body, '[0-9]{6}', '******', 'g')` : sql`body`);

async function post(url: string, m: OutboxRow): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: m.id, phone: m.phone, body: m.body, purpose: m.purpose }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // drain the answer so the connection is reused
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`gateway answered HTTP ${res.status}`);
}

/** Post each message; after three failures in a row the gateway is taken to be down until the next sweep. */
async function deliverRows(tx: Db, url: string, due: OutboxRow[]): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  let inARow = 0;
  for (const m of due) {
    if (inARow >= 3) break;
    try {
      await post(url, m);
      await tx.execute(sql`UPDATE sms_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL, body = ${redactSql(m.purpose)} WHERE id = ${m.id}`);
      sent++;
      inARow = 0;
    } catch (err) {
      const msg = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 500);
      await tx.execute(sql`UPDATE sms_outbox SET attempts = attempts + 1, last_error = ${msg} WHERE id = ${m.id}`);
      failed++;
      inARow++;
    }
  }
  return { sent, failed };
}

/**
 * The sweep `sms.deliver`: gives up on expired one-time codes (blanking them), then, with a
 * gateway, sends what is pending. Runs on one node at a time (the sweep runner's lock).
 */
export async function deliverSms(ctx: AppContext): Promise<Record<string, unknown>> {
  let expired = 0;
  for (const [purpose, minutes] of Object.entries(EXPIRING)) {
    const r = await rows<{ id: number }>(
      ctx.db,
      sql`UPDATE sms_outbox SET attempts = ${MAX_ATTEMPTS}, last_error = 'expired before delivery', body = ${redactSql(purpose)}
           WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS} AND purpose = ${purpose}
             AND created_at < now() - make_interval(mins => ${minutes})
         RETURNING id::int AS id`,
    );
    expired += r.length;
  }
  const url = ctx.config.smsWebhookUrl;
  if (!url) {
    const pending = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM sms_outbox WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}`);
    return { gateway: false, pending: pending!.n, expired };
  }
  const run = async (tx: Db) => deliverRows(tx, url, await pendingRows(tx));
  const { sent, failed } = await ctx.db.transaction(run);
  return { gateway: true, sent, failed, expired };
}

/** For the module manifest: `sweeps: [..., smsSweep]`. */
export const smsSweep: Sweep = { name: 'sms.deliver', run: deliverSms };
