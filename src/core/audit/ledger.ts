// The audit ledger: every write appends one entry inside its own transaction. Entries form a hash
// chain: hash = sha256(prev_hash + canonical JSON of the entry). Locking the chain head orders
// appends across app nodes; an edited or deleted row breaks every link after it.
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { sql } from 'drizzle-orm';
import { one, type Db } from '../db/client';

export interface AuditActor {
  userId: number | null;
  name: string;
  ip?: string | null;
}

export interface AuditEntry {
  action: string; // 'place.create', 'user.role.grant', ...
  entity: string; // 'place', 'user', ...
  entityId: string | number | null;
  placePath?: string | null; // where in the tree it happened, for scoped viewing
  before?: unknown;
  after?: unknown;
}

export interface StoredEntry {
  seq: number;
  at: Date;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  placePath: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  prevHash: string;
}

/** JSON as jsonb will give it back: dates as strings, undefined dropped, keys in a fixed order. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(stringify(value) ?? 'null');
}

export function entryHash(e: StoredEntry): string {
  const canonical = stringify([
    e.seq,
    e.at.toISOString(),
    e.actorUserId,
    e.actorName,
    e.action,
    e.entity,
    e.entityId,
    e.placePath,
    normalise(e.before),
    normalise(e.after),
    e.ip,
  ]);
  return createHash('sha256').update(e.prevHash).update('\n').update(canonical ?? '').digest('hex');
}

/** Append an entry. Call it inside the transaction of the write it describes, as late as possible. */
export async function recordAudit(tx: Db, actor: AuditActor, entry: AuditEntry): Promise<number> {
  const head = await one<{ seq: number; hash: string }>(tx, sql`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`);
  if (!head) throw new Error('audit_head row is missing');
  const stored: StoredEntry = {
    seq: Number(head.seq) + 1,
    at: new Date(),
    actorUserId: actor.userId,
    actorName: actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    placePath: entry.placePath ?? null,
    before: normalise(entry.before),
    after: normalise(entry.after),
    ip: actor.ip ?? null,
    prevHash: head.hash,
  };
  const hash = entryHash(stored);
  await tx.execute(sql`INSERT INTO audit_log
    (seq, at, actor_user_id, actor_name, action, entity, entity_id, place_path, before, after, ip, prev_hash, hash)
    VALUES (${stored.seq}, ${stored.at.toISOString()}, ${stored.actorUserId}, ${stored.actorName}, ${stored.action},
      ${stored.entity}, ${stored.entityId}, ${stored.placePath},
      ${stored.before === null ? null : JSON.stringify(stored.before)}::jsonb,
      ${stored.after === null ? null : JSON.stringify(stored.after)}::jsonb,
      ${stored.ip}, ${stored.prevHash}, ${hash})`);
  await tx.execute(sql`UPDATE audit_head SET seq = ${stored.seq}, hash = ${hash} WHERE id = 1`);
  return stored.seq;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walk the chain from the start; report the first entry whose link does not hold. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  const head = await one<{ seq: number; hash: string }>(db, sql`SELECT seq, hash FROM audit_head WHERE id = 1`);
  let prevHash = '0'.repeat(64);
  let expectSeq = 1;
  let checked = 0;
  for (;;) {
    const res = (await db.execute(sql`SELECT seq, at, actor_user_id, actor_name, action, entity, entity_id, place_path,
        before, after, ip, prev_hash, hash FROM audit_log
        WHERE seq >= ${expectSeq} AND seq <= ${Number(head?.seq ?? 0)} ORDER BY seq LIMIT ${batch}`)) as unknown as {
      rows: Record<string, unknown>[];
    };
    if (res.rows.length === 0) break;
    for (const r of res.rows) {
      const seq = Number(r.seq);
      const fail = (reason: string): VerifyResult => ({ ok: false, checked, headSeq: Number(head?.seq ?? 0), firstBroken: { seq, reason } });
      if (seq !== expectSeq) return { ok: false, checked, headSeq: Number(head?.seq ?? 0), firstBroken: { seq: expectSeq, reason: 'entry missing' } };
      if (r.prev_hash !== prevHash) return fail('prev_hash does not match the hash of the entry before');
      const computed = entryHash({
        seq,
        at: new Date(r.at as string | Date),
        actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
        actorName: (r.actor_name as string | null) ?? null,
        action: r.action as string,
        entity: r.entity as string,
        entityId: (r.entity_id as string | null) ?? null,
        placePath: (r.place_path as string | null) ?? null,
        before: r.before,
        after: r.after,
        ip: (r.ip as string | null) ?? null,
        prevHash,
      });
      if (computed !== r.hash) return fail('content does not match its hash (the entry was edited)');
      prevHash = r.hash as string;
      expectSeq = seq + 1;
      checked++;
    }
  }
  const headSeq = Number(head?.seq ?? 0);
  if (head && (headSeq !== expectSeq - 1 || head.hash !== prevHash)) {
    return { ok: false, checked, headSeq, firstBroken: { seq: expectSeq, reason: 'chain ends before the recorded head (entries removed)' } };
  }
  return { ok: true, checked, headSeq };
}
