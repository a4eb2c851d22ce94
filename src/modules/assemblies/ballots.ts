// Recording ballots: the rules every channel shares.
//
// - One ballot per voter per matter: the primary key of assembly_ballots (matter_id, voter_id).
// - A ballot paper covers some or all matters of one assembly and gives the voter a receipt code.
// - An owner may change an ONLINE ballot until voting closes: the new paper replaces the old one
//   entirely (the old receipt shows "superseded"); every version stays in the ledger and the last
//   one counts. A confirmed paper or proxy ballot is final (the signed paper is the record), and an
//   owner who has voted online cannot also hand in a paper ballot.
// - A paper or proxy ballot is entered by staff with its scan (and the written mandate) and counts
//   only once a second staff member confirms it.
// Every write locks the assembly row first (the ledger head), so ballots of one assembly are
// recorded one after another on any number of app nodes.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { appendLedger, sha256Text } from './ledger';
import { toArr, type AssemblyRow } from './service';
import type { Choice } from './rule';
import './errors';

export type Channel = 'online' | 'paper' | 'proxy';

export interface ChoiceInput {
  matterId: number;
  choice: Choice;
}

export interface CastMeta {
  castByUser: number | null;
  enteredBy?: number | null;
  scanId?: number | null;
  mandateId?: number | null;
  proxyName?: string | null;
}

// no 0/O, 1/I/L: a receipt is read aloud and typed on phones
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A receipt code such as "K7QM-9XPT-4RWA" (60 bits of randomness). */
export function newReceipt(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

export interface VoterRow {
  id: number;
  voterNo: number;
  active: boolean;
  delegatePersonId: number | null;
}

export async function voterRow(db: Db, assemblyId: number, voterId: number): Promise<VoterRow | undefined> {
  return one<VoterRow>(
    db,
    sql`SELECT id::int AS id, voter_no AS "voterNo", active, delegate_person_id::int AS "delegatePersonId"
          FROM assembly_voters WHERE id = ${voterId} AND assembly_id = ${assemblyId}`,
  );
}

/** Is the assembly taking ballots now? (The caller holds the assembly row.) */
export async function assertVotingNow(db: Db, a: AssemblyRow): Promise<void> {
  if (a.state === 'draft' || a.state === 'announced') throw new AppError('ASSEMBLY_NOT_VOTING', { state: a.state, votingOpensAt: a.votingOpensAt });
  if (a.state !== 'voting') throw new AppError('ASSEMBLY_VOTING_CLOSED', { state: a.state });
  const open = await one<{ open: boolean }>(db, sql`SELECT now() < voting_closes_at AS open FROM assemblies WHERE id = ${a.id}`);
  if (!open!.open) throw new AppError('ASSEMBLY_VOTING_CLOSED', { votingClosesAt: a.votingClosesAt });
}

export interface CheckedBallot {
  voter: VoterRow;
  /** matter id → seq, for the ledger */
  seqOf: Map<number, number>;
}

/**
 * Is this ballot acceptable at all: voting open, the voter active on the roll, each matter once and
 * every matter of this assembly? Reads only, so a caller may run it before taking the assembly lock
 * (recordBallot checks the state again under the lock).
 */
export async function checkBallot(tx: Db, a: AssemblyRow, voterId: number, choices: ChoiceInput[]): Promise<CheckedBallot> {
  await assertVotingNow(tx, a);
  const voter = await voterRow(tx, a.id, voterId);
  if (!voter || !voter.active) throw new AppError('ASSEMBLY_NOT_ON_ROLL', { voterId });
  if (choices.length === 0 || new Set(choices.map((c) => c.matterId)).size !== choices.length) throw new AppError('ASSEMBLY_CHOICES_INVALID');
  const matters = await rows<{ id: number; seq: number }>(tx, sql`SELECT id::int AS id, seq FROM assembly_matters WHERE assembly_id = ${a.id}`);
  const seqOf = new Map(matters.map((m) => [m.id, m.seq]));
  const foreign = choices.filter((c) => !seqOf.has(c.matterId)).map((c) => c.matterId);
  if (foreign.length) throw new AppError('ASSEMBLY_MATTER_NOT_IN_ASSEMBLY', { matterIds: foreign });
  return { voter, seqOf };
}

/**
 * Record one ballot paper. The caller has locked the assembly row (assemblyRow(tx, id, true)),
 * checked who is casting it, and for paper and proxy ballots attached the files.
 */
export async function castBallot(
  tx: Db,
  a: AssemblyRow,
  voterId: number,
  channel: Channel,
  choices: ChoiceInput[],
  meta: CastMeta,
): Promise<{ receipt: string; submissionId: number; changed: boolean; status: 'counted' | 'pending' }> {
  return recordBallot(tx, a, await checkBallot(tx, a, voterId, choices), channel, choices, meta);
}

/**
 * Write a checked ballot paper: the caller holds the assembly row lock (taken after checkBallot
 * when the check ran without it). The voting period is checked again under the lock.
 */
export async function recordBallot(
  tx: Db,
  a: AssemblyRow,
  checked: CheckedBallot,
  channel: Channel,
  choices: ChoiceInput[],
  meta: CastMeta,
): Promise<{ receipt: string; submissionId: number; changed: boolean; status: 'counted' | 'pending' }> {
  await assertVotingNow(tx, a);
  const { voter, seqOf } = checked;
  const voterId = voter.id;
  const previous = await rows<{ id: number; receipt: string; channel: Channel; status: string }>(
    tx,
    sql`SELECT id::int AS id, receipt, channel, status FROM assembly_submissions
         WHERE assembly_id = ${a.id} AND voter_id = ${voterId} AND status IN ('pending','counted')`,
  );
  if (previous.some((p) => p.status === 'pending')) throw new AppError('ASSEMBLY_PAPER_PENDING');
  const current = previous.find((p) => p.status === 'counted');
  if (current && current.channel !== 'online') throw new AppError('ASSEMBLY_CHANGE_NOT_ALLOWED');
  if (current && channel !== 'online') throw new AppError('ASSEMBLY_ALREADY_VOTED');

  const status = channel === 'online' ? 'counted' : 'pending';
  const receipt = newReceipt();
  const sub = await one<{ id: number }>(
    tx,
    sql`INSERT INTO assembly_submissions (assembly_id, voter_id, receipt, channel, status, cast_by_user, entered_by, scan_id, mandate_id, proxy_name)
        VALUES (${a.id}, ${voterId}, ${receipt}, ${channel}, ${status}, ${meta.castByUser}, ${meta.enteredBy ?? null}, ${meta.scanId ?? null},
                ${meta.mandateId ?? null}, ${meta.proxyName ?? null})
        RETURNING id::int AS id`,
  );
  if (current) {
    await tx.execute(sql`UPDATE assembly_submissions SET status = 'superseded' WHERE id = ${current.id}`);
    await tx.execute(sql`DELETE FROM assembly_ballots WHERE assembly_id = ${a.id} AND voter_id = ${voterId}`);
  }
  // one statement for the whole paper
  await tx.execute(sql`INSERT INTO assembly_ballots (matter_id, voter_id, assembly_id, submission_id, choice, counted)
                       SELECT m, ${voterId}, ${a.id}, ${sub!.id}, c, ${status === 'counted'}
                         FROM unnest(${toArr(choices.map((c) => c.matterId))}::bigint[], ${toArr(choices.map((c) => c.choice))}::text[]) AS x(m, c)`);
  const files = meta.scanId || meta.mandateId
    ? await rows<{ id: number; sha256: string }>(tx, sql`SELECT id::int AS id, sha256 FROM assembly_files WHERE id IN (${meta.scanId ?? 0}, ${meta.mandateId ?? 0})`)
    : [];
  await appendLedger(tx, a.id, 'ballot', {
    receipt,
    voterNo: voter.voterNo,
    channel,
    status,
    choices: Object.fromEntries(choices.map((c) => [String(seqOf.get(c.matterId)), c.choice])),
    supersedes: current?.receipt ?? null,
    scanSha256: files.find((f) => f.id === meta.scanId)?.sha256 ?? null,
    mandateSha256: files.find((f) => f.id === meta.mandateId)?.sha256 ?? null,
  });
  return { receipt, submissionId: sub!.id, changed: !!current, status };
}

/** The pending paper of a second staff member's decision, locked; the one who entered it may not decide. */
async function pendingPaper(tx: Db, a: AssemblyRow, submissionId: number, reviewerUserId: number): Promise<{ receipt: string }> {
  if (a.state !== 'voting' && a.state !== 'closed') throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state });
  const s = await one<{ receipt: string; status: string; entered_by: number | null }>(
    tx,
    sql`SELECT receipt, status, entered_by::int AS entered_by FROM assembly_submissions WHERE id = ${submissionId} AND assembly_id = ${a.id} FOR UPDATE`,
  );
  if (!s) throw new AppError('ASSEMBLY_SUBMISSION_NOT_FOUND', { id: submissionId });
  if (s.status !== 'pending') throw new AppError('ASSEMBLY_STATE_CONFLICT', { status: s.status });
  if (s.entered_by === reviewerUserId) throw new AppError('ASSEMBLY_SECOND_STAFF');
  return s;
}

/** A second staff member confirms a pending paper or proxy ballot: it counts from now on. */
export async function confirmPaper(tx: Db, a: AssemblyRow, submissionId: number, confirmerUserId: number): Promise<string> {
  const s = await pendingPaper(tx, a, submissionId, confirmerUserId);
  await tx.execute(sql`UPDATE assembly_submissions SET status = 'counted', confirmed_by = ${confirmerUserId}, confirmed_at = now() WHERE id = ${submissionId}`);
  await tx.execute(sql`UPDATE assembly_ballots SET counted = true WHERE submission_id = ${submissionId}`);
  await appendLedger(tx, a.id, 'ballot_confirmed', { receipt: s.receipt });
  return s.receipt;
}

/** A second staff member rejects a pending paper ballot (wrong scan, unsigned …): it never counts. */
export async function rejectPaper(tx: Db, a: AssemblyRow, submissionId: number, reviewerUserId: number, reason: string): Promise<string> {
  const s = await pendingPaper(tx, a, submissionId, reviewerUserId);
  await tx.execute(sql`UPDATE assembly_submissions SET status = 'rejected', confirmed_by = ${reviewerUserId}, confirmed_at = now(), reject_reason = ${reason} WHERE id = ${submissionId}`);
  await tx.execute(sql`DELETE FROM assembly_ballots WHERE submission_id = ${submissionId}`);
  // the reason may name people: the public ledger keeps its hash (the submission row keeps the text)
  await appendLedger(tx, a.id, 'ballot_rejected', { receipt: s.receipt, reasonSha256: sha256Text(reason) });
  return s.receipt;
}
