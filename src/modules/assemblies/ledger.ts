// The ballot ledger of an assembly: an append-only, hash-chained list of everything that decides
// its result (the frozen roll, corrections, ballots, confirmations, changes, the close and the
// count). hash = sha256(prev_hash + '\n' + canonical JSON [seq, at, kind, payload]). Appends lock
// the assembly row, so entries are ordered the same way on every app node.
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../../core/db/client';

export const GENESIS = '0'.repeat(64);

/** sha256 of a text, hex: how free text (reasons) enters the public ledger. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface LedgerEntry {
  seq: number;
  at: string; // ISO time
  kind: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

/** JSON as jsonb gives it back: undefined dropped, keys in a fixed order. */
function canonical(value: unknown): unknown {
  return JSON.parse(stringify(value ?? null) ?? 'null');
}

export function ledgerHash(prevHash: string, seq: number, at: string, kind: string, payload: unknown): string {
  const body = stringify([seq, at, kind, canonical(payload)]) ?? '';
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Append one entry; the caller's transaction must hold the assembly row (SELECT … FOR UPDATE). */
export async function appendLedger(tx: Db, assemblyId: number, kind: string, payload: unknown): Promise<LedgerEntry> {
  const head = await one<{ seq: number; head: string; now: string }>(
    tx,
    sql`SELECT ledger_seq AS seq, ledger_head AS head, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now
          FROM assemblies WHERE id = ${assemblyId} FOR UPDATE`,
  );
  if (!head) throw new Error(`assembly ${assemblyId} not found for the ledger`);
  const seq = head.seq + 1;
  const at = head.now;
  const hash = ledgerHash(head.head, seq, at, kind, payload);
  await tx.execute(sql`INSERT INTO assembly_ledger (assembly_id, seq, at, kind, payload, prev_hash, hash)
                       VALUES (${assemblyId}, ${seq}, ${at}, ${kind}, ${JSON.stringify(canonical(payload))}::jsonb, ${head.head}, ${hash})`);
  await tx.execute(sql`UPDATE assemblies SET ledger_seq = ${seq}, ledger_head = ${hash} WHERE id = ${assemblyId}`);
  return { seq, at, kind, payload, prevHash: head.head, hash };
}

export interface ChainProblem {
  seq: number;
  problem: 'sequence' | 'prev_hash' | 'hash';
}

/** Check a chain from its first entry: sequence, links and hashes. Returns the first problem, or null. */
export function checkChain(entries: LedgerEntry[]): ChainProblem | null {
  let prev = GENESIS;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.seq !== i + 1) return { seq: e.seq, problem: 'sequence' };
    if (e.prevHash !== prev) return { seq: e.seq, problem: 'prev_hash' };
    if (ledgerHash(e.prevHash, e.seq, e.at, e.kind, e.payload) !== e.hash) return { seq: e.seq, problem: 'hash' };
    prev = e.hash;
  }
  return null;
}

export async function readLedger(db: Db, assemblyId: number): Promise<LedgerEntry[]> {
  const r = await rows<{ seq: number; at: string; kind: string; payload: unknown; prev_hash: string; hash: string }>(
    db,
    sql`SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, kind, payload, prev_hash, hash
          FROM assembly_ledger WHERE assembly_id = ${assemblyId} ORDER BY seq`,
  );
  return r.map((x) => ({ seq: x.seq, at: x.at, kind: x.kind, payload: x.payload, prevHash: x.prev_hash, hash: x.hash }));
}
