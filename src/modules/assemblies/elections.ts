// 业委会 elections inside an assembly: the election (seats, term), its candidates (each one a matter
// of 民法典 第278条 item (3), voted on by itself), their eligibility and the party organisation's
// review. All of it only while the assembly is a draft: announcing freezes the ballot.
//
// law / local — 业委会: 5–11 members, an odd number; term at most 5 years (业主大会和业主委员会指导
// 规则); candidates must be owners of the estate in good standing (in practice: no fee
// arrears); the party organisation vets the candidates (党组织审核). The result itself (each
// candidate passes item (3) on their own, seats by agreeing owners then area, a tie for the last
// seat → run-off) is computed by service.ts computeResults / rule.ts allocateSeats.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError, defineErrors } from '../../core/errors';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import type { Actor } from '../../core/access/policy';
import { addMatter, assemblyFor, renumberMatters, type AssemblyRow } from './service';
import { effectiveAssemblySettings } from './config';
import './errors';

export const ElectionErrors = defineErrors({
  ASSEMBLY_ELECTION_NOT_FOUND: { status: 404, zh: '本次大会没有业委会选举', en: 'This assembly has no owners’ committee election' },
  ASSEMBLY_TERM_INVALID: { status: 400, zh: '业委会任期为1至5年', en: 'An owners’ committee serves a term of 1 to 5 years' },
});

/** What the candidate picker and the candidate rows say about fee arrears while no fee data exists. */
export const NO_FEE_DATA = {
  available: false,
  note: { zh: '暂无物业费数据，无法核查候选人是否欠费（arrears = unknown）', en: 'No fee data: whether a candidate is in arrears cannot be checked (arrears = unknown)' },
} as const;

export type Arrears = 'none' | 'arrears' | 'unknown';

/**
 * Fee arrears of a person in an estate: the hook a fees module fills. There is no fee data in the
 * product yet, so the answer is always 'unknown' — never a guessed figure.
 */
export async function feeArrearsOf(_db: Db, _personId: number, _estateId: number): Promise<Arrears> {
  return 'unknown';
}

/** Seats of an owners' committee: an odd number from 5 to 11. */
export function validSeats(n: number): boolean {
  return Number.isInteger(n) && n >= 5 && n <= 11 && n % 2 === 1;
}

/** A term of 1 to 5 whole years. */
export function validTerm(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

interface ElectionRow {
  id: number;
  title: string;
  seats: number;
  termYears: number;
}

async function electionRow(db: Db, assemblyId: number, lock = false): Promise<ElectionRow | undefined> {
  return one<ElectionRow>(
    db,
    sql`SELECT id::int AS id, title, seats, term_years AS "termYears" FROM assembly_elections WHERE assembly_id = ${assemblyId} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
}

async function requireElection(db: Db, assemblyId: number, lock = false): Promise<ElectionRow> {
  const e = await electionRow(db, assemblyId, lock);
  if (!e) throw new AppError('ASSEMBLY_ELECTION_NOT_FOUND', { assemblyId });
  return e;
}

/** The assembly for a change to its ballot: in scope for `permission`, locked, still a draft. */
async function draftFor(tx: Db, actor: Actor, assemblyId: number, permission = 'assemblies.organise'): Promise<AssemblyRow> {
  const a = await assemblyFor(tx, actor, assemblyId, permission, true);
  if (a.state !== 'draft') throw new AppError('ASSEMBLY_NOT_EDITABLE', { state: a.state });
  return a;
}

async function audit(tx: Db, actor: Actor, a: AssemblyRow, action: string, after: unknown, before: unknown = null) {
  await recordAudit(tx, auditActor(actor), { action, entity: 'assembly', entityId: a.id, placePath: a.estatePath, before, after });
}

// ---------------------------------------------------------------------------------------------
// the election

export interface ElectionInput {
  title: string;
  seats?: number;
  termYears?: number;
}

export async function createElection(ctx: AppContext, actor: Actor, assemblyId: number, input: ElectionInput): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    if (await electionRow(tx, assemblyId)) throw new AppError('ASSEMBLY_ELECTION_EXISTS');
    const settings = await effectiveAssemblySettings(tx, a.estatePath);
    const seats = input.seats ?? settings.committeeSeats;
    const termYears = input.termYears ?? settings.committeeTermYears;
    if (!validSeats(seats)) throw new AppError('ASSEMBLY_SEATS_INVALID', { seats });
    if (!validTerm(termYears)) throw new AppError('ASSEMBLY_TERM_INVALID', { termYears });
    const e = await one<{ id: number }>(
      tx,
      sql`INSERT INTO assembly_elections (assembly_id, title, seats, term_years) VALUES (${assemblyId}, ${input.title.trim()}, ${seats}, ${termYears})
          RETURNING id::int AS id`,
    );
    await audit(tx, actor, a, 'assembly.election.create', { electionId: e!.id, title: input.title.trim(), seats, termYears, seatsFrom: input.seats === undefined ? 'settings' : 'input' });
    return e!.id;
  });
}

export async function updateElection(ctx: AppContext, actor: Actor, assemblyId: number, patch: Partial<ElectionInput>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    const e = await requireElection(tx, assemblyId, true);
    const seats = patch.seats ?? e.seats;
    const termYears = patch.termYears ?? e.termYears;
    if (!validSeats(seats)) throw new AppError('ASSEMBLY_SEATS_INVALID', { seats });
    if (!validTerm(termYears)) throw new AppError('ASSEMBLY_TERM_INVALID', { termYears });
    const title = patch.title?.trim() ?? e.title;
    await tx.execute(sql`UPDATE assembly_elections SET title = ${title}, seats = ${seats}, term_years = ${termYears} WHERE id = ${e.id}`);
    await audit(tx, actor, a, 'assembly.election.update', { electionId: e.id, title, seats, termYears }, { title: e.title, seats: e.seats, termYears: e.termYears });
  });
}

/** Remove the election with all its candidates and their matters (the other matters close up). */
export async function deleteElection(ctx: AppContext, actor: Actor, assemblyId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    const e = await requireElection(tx, assemblyId, true);
    const removed = await rows<{ matter_id: number; person_id: number }>(
      tx,
      sql`DELETE FROM assembly_candidates WHERE election_id = ${e.id} RETURNING matter_id::int AS matter_id, person_id::int AS person_id`,
    );
    await tx.execute(sql`DELETE FROM assembly_matters WHERE election_id = ${e.id}`);
    await tx.execute(sql`DELETE FROM assembly_elections WHERE id = ${e.id}`);
    await renumberMatters(tx, assemblyId);
    await audit(tx, actor, a, 'assembly.election.delete', null, { electionId: e.id, title: e.title, seats: e.seats, termYears: e.termYears, candidates: removed.map((r) => ({ matterId: r.matter_id, personId: r.person_id })) });
  });
}

// ---------------------------------------------------------------------------------------------
// candidates

/** Is the person a current owner of a unit in the estate (ownerships not ended)? */
export async function isCurrentOwner(db: Db, personId: number, estatePath: string): Promise<boolean> {
  const r = await one(
    db,
    sql`SELECT 1 FROM ownerships o JOIN places u ON u.id = o.unit_id
         WHERE o.person_id = ${personId} AND o.ended_at IS NULL AND u.kind = 'unit' AND u.retired_at IS NULL AND u.path LIKE ${estatePath + '%'}
         LIMIT 1`,
  );
  return !!r;
}

export function candidateTitle(name: string): string {
  return `选举${name}为业主委员会委员`;
}

export interface CandidateInput {
  personId: number;
  statement?: string;
}

/** Add a candidate: the item-(3) matter "选举某某为业主委员会委员" and the candidate row, in one transaction. */
export async function addCandidate(ctx: AppContext, actor: Actor, assemblyId: number, input: CandidateInput): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    const e = await requireElection(tx, assemblyId, true);
    const person = await one<{ name: string }>(tx, sql`SELECT name FROM persons WHERE id = ${input.personId}`);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { id: input.personId });
    if (!(await isCurrentOwner(tx, input.personId, a.estatePath))) throw new AppError('ASSEMBLY_CANDIDATE_NOT_OWNER', { personId: input.personId });
    const dup = await one(tx, sql`SELECT 1 FROM assembly_candidates WHERE election_id = ${e.id} AND person_id = ${input.personId}`);
    if (dup) throw new AppError('ASSEMBLY_CANDIDATE_EXISTS', { personId: input.personId });
    const statement = (input.statement ?? '').trim();
    const matterId = await addMatter(ctx, actor, assemblyId, { item: 3, title: candidateTitle(person.name), description: statement }, e.id, tx);
    const arrears = await feeArrearsOf(tx, input.personId, a.estateId);
    await tx.execute(sql`INSERT INTO assembly_candidates (matter_id, election_id, person_id, statement, is_owner, arrears)
                         VALUES (${matterId}, ${e.id}, ${input.personId}, ${statement}, true, ${arrears})`);
    await audit(tx, actor, a, 'assembly.candidate.add', { electionId: e.id, matterId, personId: input.personId, isOwner: true, arrears });
    return matterId;
  });
}

interface CandidateRow {
  matterId: number;
  electionId: number;
  personId: number;
  statement: string;
  partyReview: 'pending' | 'approved' | 'rejected';
  partyReviewNote: string | null;
  partyMember: boolean;
  branchCommittee: boolean;
}

async function candidateRow(tx: Db, assemblyId: number, matterId: number): Promise<CandidateRow> {
  const c = await one<CandidateRow>(
    tx,
    sql`SELECT c.matter_id::int AS "matterId", c.election_id::int AS "electionId", c.person_id::int AS "personId", c.statement,
               c.party_review AS "partyReview", c.party_review_note AS "partyReviewNote", c.party_member AS "partyMember", c.branch_committee AS "branchCommittee"
          FROM assembly_candidates c JOIN assembly_matters m ON m.id = c.matter_id
         WHERE c.matter_id = ${matterId} AND m.assembly_id = ${assemblyId}
         FOR UPDATE OF c`,
  );
  if (!c) throw new AppError('ASSEMBLY_CANDIDATE_NOT_FOUND', { matterId });
  return c;
}

export async function updateCandidate(ctx: AppContext, actor: Actor, assemblyId: number, matterId: number, input: { statement: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    const c = await candidateRow(tx, assemblyId, matterId);
    const statement = input.statement.trim();
    // eligibility is looked at again: ownership may have ended since the candidate was added
    const owner = await isCurrentOwner(tx, c.personId, a.estatePath);
    const arrears = await feeArrearsOf(tx, c.personId, a.estateId);
    await tx.execute(sql`UPDATE assembly_candidates SET statement = ${statement}, is_owner = ${owner}, arrears = ${arrears} WHERE matter_id = ${matterId}`);
    await tx.execute(sql`UPDATE assembly_matters SET description = ${statement} WHERE id = ${matterId}`);
    await audit(tx, actor, a, 'assembly.candidate.update', { matterId, statement, isOwner: owner, arrears }, { statement: c.statement });
  });
}

/** Remove a candidate and their matter; the later matters move up one (the numbering stays dense). */
export async function removeCandidate(ctx: AppContext, actor: Actor, assemblyId: number, matterId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId);
    const c = await candidateRow(tx, assemblyId, matterId);
    const m = await one<{ seq: number; title: string }>(tx, sql`SELECT seq, title FROM assembly_matters WHERE id = ${matterId}`);
    await tx.execute(sql`DELETE FROM assembly_candidates WHERE matter_id = ${matterId}`);
    await tx.execute(sql`DELETE FROM assembly_matters WHERE id = ${matterId}`);
    await renumberMatters(tx, assemblyId);
    await audit(tx, actor, a, 'assembly.candidate.remove', null, { matterId, seq: m!.seq, title: m!.title, personId: c.personId, electionId: c.electionId });
  });
}

export interface ReviewInput {
  decision: 'approved' | 'rejected';
  note?: string;
  partyMember: boolean;
  branchCommittee: boolean;
}

/**
 * The party organisation's review of a candidate (党组织审核), as the reviewer states it: the
 * decision, a note, and whether the candidate is a party member and sits on the estate's party
 * branch committee (交叉任职). There is no party module yet: what the reviewer states is recorded.
 */
export async function reviewCandidate(ctx: AppContext, actor: Actor, assemblyId: number, matterId: number, input: ReviewInput): Promise<void> {
  const note = input.note?.trim() ?? '';
  await ctx.db.transaction(async (tx) => {
    const a = await draftFor(tx, actor, assemblyId, 'assemblies.review');
    const c = await candidateRow(tx, assemblyId, matterId);
    if (input.decision === 'rejected' && note.length < 2) throw new AppError('VALIDATION_FAILED', { field: 'note', reason: 'a rejection states its reason' });
    if (input.branchCommittee && !input.partyMember) throw new AppError('VALIDATION_FAILED', { field: 'branchCommittee', reason: 'a branch committee member is a party member' });
    await tx.execute(sql`UPDATE assembly_candidates SET party_review = ${input.decision}, party_review_note = ${note || null}, party_reviewed_by = ${actor.userId},
                           party_reviewed_at = now(), party_member = ${input.partyMember}, branch_committee = ${input.branchCommittee}
                         WHERE matter_id = ${matterId}`);
    await audit(
      tx,
      actor,
      a,
      'assembly.candidate.review',
      { matterId, personId: c.personId, decision: input.decision, note: note || null, partyMember: input.partyMember, branchCommittee: input.branchCommittee },
      { decision: c.partyReview, note: c.partyReviewNote, partyMember: c.partyMember, branchCommittee: c.branchCommittee },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// the candidate picker

export interface EligibleOwner {
  personId: number;
  name: string;
  units: string[];
  candidate: boolean;
  arrears: Arrears;
}

/** Current owners of the estate (persons, not developers), for the candidate picker; organisers only. */
export async function eligibleOwners(ctx: AppContext, actor: Actor, assemblyId: number, q: { q?: string; limit: number; offset: number }) {
  const a = await assemblyFor(ctx.db, actor, assemblyId, 'assemblies.organise');
  const like = q.q ? `%${q.q}%` : null;
  const where = sql`o.ended_at IS NULL AND o.person_id IS NOT NULL AND u.kind = 'unit' AND u.retired_at IS NULL AND u.path LIKE ${a.estatePath + '%'}
    ${like ? sql`AND (p.name LIKE ${like} OR (b.name || '-' || e.name || '-' || u.name) LIKE ${like})` : sql``}`;
  const from = sql`FROM ownerships o JOIN persons p ON p.id = o.person_id JOIN places u ON u.id = o.unit_id
    JOIN places e ON e.id = u.parent_id JOIN places b ON b.id = e.parent_id`;
  const list = await rows<{ person_id: number; name: string; units: string[]; candidate: boolean }>(
    ctx.db,
    sql`SELECT p.id::int AS person_id, p.name, array_agg(DISTINCT b.name || '-' || e.name || '-' || u.name) AS units,
               EXISTS (SELECT 1 FROM assembly_candidates c JOIN assembly_elections el ON el.id = c.election_id
                        WHERE el.assembly_id = ${assemblyId} AND c.person_id = p.id) AS candidate
          ${from} WHERE ${where}
         GROUP BY p.id, p.name ORDER BY p.name, p.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(DISTINCT p.id)::int AS n ${from} WHERE ${where}`);
  const items: EligibleOwner[] = [];
  for (const r of list) {
    items.push({ personId: r.person_id, name: r.name, units: [...(r.units ?? [])].sort(), candidate: r.candidate, arrears: await feeArrearsOf(ctx.db, r.person_id, a.estateId) });
  }
  return { items, total: total!.n, feeData: NO_FEE_DATA };
}
