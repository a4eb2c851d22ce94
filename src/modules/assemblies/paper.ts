// The staff side of ballots: paper and proxy ballots entered with their scan (and the written
// mandate, 委托书, for a proxy), confirmed or rejected by a SECOND staff member; the list of ballot
// papers; and the public receipt list once voting has closed.
//
// law / local — 业主大会和业主委员会指导规则: written votes are signed by the owner; a proxy
// needs a written mandate. The scan and the mandate are kept (their sha256 goes into the ledger).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { assertVotingNow, castBallot, confirmPaper, rejectPaper, voterRow, type ChoiceInput } from './ballots';
import { assemblyFor, assemblyRow, type AssemblyRow, type AssemblyState } from './service';
import { maskName } from './roll';
import { takeFile } from './files';
import './errors';

export interface PaperInput {
  voterId: number;
  channel: 'paper' | 'proxy';
  choices: ChoiceInput[];
  scanId: number;
  mandateId?: number;
  proxyName?: string;
}

/** Enter a paper or proxy ballot: it is pending until another staff member confirms it. */
export async function enterPaper(ctx: AppContext, actor: Actor, id: number, input: PaperInput) {
  if (input.channel === 'proxy' && (input.mandateId === undefined || !input.proxyName?.trim())) {
    throw new AppError('VALIDATION_FAILED', [{ field: input.mandateId === undefined ? '/mandateId' : '/proxyName', message: 'a proxy ballot needs the written mandate and the proxy’s name' }]);
  }
  if (input.channel === 'paper' && (input.mandateId !== undefined || input.proxyName !== undefined)) {
    throw new AppError('VALIDATION_FAILED', [{ field: '/channel', message: 'a mandate and a proxy name belong to a proxy ballot' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    await assertVotingNow(tx, a);
    const voter = await voterRow(tx, id, input.voterId);
    if (!voter || !voter.active) throw new AppError('ASSEMBLY_VOTER_NOT_FOUND', { voterId: input.voterId });
    await takeFile(tx, id, input.scanId, 'scan');
    if (input.channel === 'proxy') await takeFile(tx, id, input.mandateId!, 'mandate');
    const r = await castBallot(tx, a, input.voterId, input.channel, input.choices, {
      castByUser: null,
      enteredBy: actor.userId,
      scanId: input.scanId,
      mandateId: input.mandateId ?? null,
      proxyName: input.proxyName?.trim() ?? null,
    });
    await recordAudit(tx, auditActor(actor), {
      action: 'assembly.ballot.enter',
      entity: 'assembly',
      entityId: id,
      placePath: a.estatePath,
      after: { submissionId: r.submissionId, receipt: r.receipt, voterId: input.voterId, voterNo: voter.voterNo, channel: input.channel, scanId: input.scanId, mandateId: input.mandateId ?? null },
    });
    return { submissionId: r.submissionId, receipt: r.receipt, status: r.status };
  });
}

/** Tell the owners who vote for the ballot's voter what became of their paper ballot. */
async function tellOwner(ctx: AppContext, tx: Db, a: AssemblyRow, submissionId: number, title: string) {
  const users = await rows<{ id: number }>(
    tx,
    sql`SELECT u.id::int AS id FROM assembly_submissions s JOIN assembly_voters v ON v.id = s.voter_id JOIN users u ON u.person_id = v.delegate_person_id
         WHERE s.id = ${submissionId} AND u.disabled_at IS NULL`,
  );
  for (const u of users) await ctx.notifier.notify(tx, { userId: u.id, kind: 'assembly.ballot', title: `${title}：${a.title}`, link: `/m/assemblies/${a.id}` });
}

/** A second staff member confirms a pending paper or proxy ballot: from now on it counts. */
export async function confirm(ctx: AppContext, actor: Actor, id: number, submissionId: number) {
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    const receipt = await confirmPaper(tx, a, submissionId, actor.userId);
    await tellOwner(ctx, tx, a, submissionId, '您的纸质选票已确认计票');
    await recordAudit(tx, auditActor(actor), { action: 'assembly.ballot.confirm', entity: 'assembly', entityId: id, placePath: a.estatePath, after: { submissionId, receipt } });
    return { submissionId, receipt, status: 'counted' as const };
  });
}

/** A second staff member rejects a pending paper or proxy ballot (unsigned, unreadable …): it never counts. */
export async function reject(ctx: AppContext, actor: Actor, id: number, submissionId: number, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    const receipt = await rejectPaper(tx, a, submissionId, actor.userId, reason.trim());
    await tellOwner(ctx, tx, a, submissionId, '您的纸质选票未被计票（已退回）');
    await recordAudit(tx, auditActor(actor), { action: 'assembly.ballot.reject', entity: 'assembly', entityId: id, placePath: a.estatePath, after: { submissionId, receipt, reason: reason.trim() } });
    return { submissionId, receipt, status: 'rejected' as const };
  });
}

// ---------------------------------------------------------------------------------------------
// reading

type Status = 'pending' | 'counted' | 'superseded' | 'rejected';

export interface SubmissionQuery {
  status?: Status;
  channel?: 'online' | 'paper' | 'proxy';
  voterId?: number;
  limit: number;
  offset: number;
}

/** The ballot papers of an assembly (names masked), with their choices as recorded in the ledger. */
export async function listSubmissions(ctx: AppContext, actor: Actor, id: number, q: SubmissionQuery) {
  await assemblyFor(ctx.db, actor, id, 'assemblies.view');
  const where = sql`s.assembly_id = ${id} ${q.status ? sql`AND s.status = ${q.status}` : sql``} ${q.channel ? sql`AND s.channel = ${q.channel}` : sql``}
    ${q.voterId ? sql`AND s.voter_id = ${q.voterId}` : sql``}`;
  const list = await rows<{
    id: number;
    voterId: number;
    voterNo: number;
    kind: 'person' | 'developer';
    name: string;
    channel: string;
    status: Status;
    receipt: string;
    castAt: string;
    enteredBy: number | null;
    enteredByName: string | null;
    confirmedBy: number | null;
    confirmedByName: string | null;
    confirmedAt: string | null;
    rejectReason: string | null;
    scanId: number | null;
    mandateId: number | null;
    proxyName: string | null;
    choices: Record<string, string> | null;
  }>(
    ctx.db,
    sql`SELECT s.id::int AS id, s.voter_id::int AS "voterId", v.voter_no AS "voterNo", v.kind, v.name, s.channel, s.status, s.receipt,
               ${isoTime(sql`s.cast_at`)} AS "castAt", s.entered_by::int AS "enteredBy", eu.display_name AS "enteredByName",
               s.confirmed_by::int AS "confirmedBy", cu.display_name AS "confirmedByName", ${isoTime(sql`s.confirmed_at`)} AS "confirmedAt",
               s.reject_reason AS "rejectReason", s.scan_id::int AS "scanId", s.mandate_id::int AS "mandateId", s.proxy_name AS "proxyName",
               (SELECT l.payload->'choices' FROM assembly_ledger l WHERE l.assembly_id = s.assembly_id AND l.kind = 'ballot' AND l.payload->>'receipt' = s.receipt) AS choices
          FROM assembly_submissions s
          JOIN assembly_voters v ON v.id = s.voter_id
          LEFT JOIN users eu ON eu.id = s.entered_by
          LEFT JOIN users cu ON cu.id = s.confirmed_by
         WHERE ${where}
         ORDER BY s.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM assembly_submissions s WHERE ${where}`);
  const matters = await rows<{ id: number; seq: number }>(ctx.db, sql`SELECT id::int AS id, seq FROM assembly_matters WHERE assembly_id = ${id}`);
  const idOfSeq = new Map(matters.map((m) => [String(m.seq), m.id]));
  return {
    items: list.map(({ kind, name, choices, ...s }) => ({
      ...s,
      name: maskName(name, kind),
      choices: Object.entries(choices ?? {})
        .map(([seq, choice]) => ({ matterId: idOfSeq.get(seq) ?? 0, seq: Number(seq), choice }))
        .sort((x, y) => x.seq - y.seq),
    })),
    total: total!.n,
  };
}

// ---------------------------------------------------------------------------------------------
// public receipts (Helios-style verifiability): once voting has closed, anyone may check that a
// receipt was recorded as cast, and re-run the tally from the receipts and the ledger. No names:
// the voter's number on the roll, the channel, the status and the choices by matter number.

const RECEIPT_STATES: AssemblyState[] = ['closed', 'counted', 'published', 'archived'];

async function publicAssembly(ctx: AppContext, id: number): Promise<AssemblyRow> {
  const a = await assemblyRow(ctx.db, id);
  if (!RECEIPT_STATES.includes(a.state)) throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state, reason: 'receipts are published once voting has closed' });
  return a;
}

const receiptSql = (id: number, extra = sql``) => sql`
  SELECT l.payload->>'receipt' AS receipt, (l.payload->>'voterNo')::int AS "voterNo", l.payload->>'channel' AS channel,
         s.status, l.payload->'choices' AS choices, l.payload->>'supersedes' AS supersedes, l.seq AS "ledgerSeq"
    FROM assembly_ledger l
    JOIN assembly_submissions s ON s.assembly_id = l.assembly_id AND s.receipt = l.payload->>'receipt'
   WHERE l.assembly_id = ${id} AND l.kind = 'ballot' ${extra}`;

interface ReceiptDto {
  receipt: string;
  voterNo: number;
  channel: string;
  status: string;
  choices: Record<string, string>;
  supersedes: string | null;
  ledgerSeq: number;
}

export async function listReceipts(ctx: AppContext, id: number, q: { limit: number; offset: number }) {
  const a = await publicAssembly(ctx, id);
  const items = await rows<ReceiptDto>(ctx.db, sql`${receiptSql(id)} ORDER BY l.seq LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM assembly_ledger WHERE assembly_id = ${id} AND kind = 'ballot'`);
  return { state: a.state, ledgerHead: a.ledgerHead, items, total: total!.n };
}

export async function oneReceipt(ctx: AppContext, id: number, receipt: string) {
  await publicAssembly(ctx, id);
  const r = await one<ReceiptDto>(ctx.db, receiptSql(id, sql`AND l.payload->>'receipt' = ${receipt.toUpperCase()}`));
  if (!r) throw new AppError('ASSEMBLY_RECEIPT_NOT_FOUND', { receipt });
  return r;
}
