// Owners' assemblies: create and edit (draft), matters, announce (the roll is frozen), roll
// corrections before voting, open, close, count (民法典 第278条), publish and archive; the detail,
// the list, live turnout and the tally. Every write is one transaction with its ledger entry (for
// what decides the result) and its audit entry.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, hasPermission, inScope, scopeCondition, scopePaths, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { arrayLiteral, isoTime } from '../../core/db/sql';
import { escapeLike, getPlace } from '../../core/places/repository';
import { appendLedger, sha256Text } from './ledger';
import { deriveRoll, maskName } from './roll';
import { allocateSeats, decide, deemedTally, ITEM_LABELS, percent, type Choice, type Decision, type Figures, type Item, type Tally, type TestName } from './rule';
import { effectiveAssemblySettings } from './config';
import './errors';

export type AssemblyState = 'draft' | 'announced' | 'voting' | 'closed' | 'counted' | 'published' | 'archived';

export interface AssemblyRow {
  id: number;
  estateId: number;
  estatePath: string;
  estateName: string;
  title: string;
  kind: 'regular' | 'extraordinary' | 'first';
  organiserKind: 'preparatory_group' | 'owners_committee' | 'residents_committee' | 'street';
  organiserName: string;
  notice: string;
  state: AssemblyState;
  votingOpensAt: string;
  votingClosesAt: string;
  petitionId: number | null;
  noticeDays: number | null;
  publicityDays: number | null;
  deemedVotes: boolean;
  rollAreaCenti: string | null;
  rollPersons: number | null;
  announcedAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  countedAt: string | null;
  publishedAt: string | null;
  publicityEndsAt: string | null;
  archivedAt: string | null;
  results: AssemblyResults | null;
  ledgerSeq: number;
  ledgerHead: string;
  createdAt: string;
  version: number;
}

const COLS = sql`a.id::int AS id, a.estate_id::int AS "estateId", a.estate_path AS "estatePath", e.name AS "estateName", a.title, a.kind,
  a.organiser_kind AS "organiserKind", a.organiser_name AS "organiserName", a.notice, a.state,
  ${isoTime(sql`a.voting_opens_at`)} AS "votingOpensAt", ${isoTime(sql`a.voting_closes_at`)} AS "votingClosesAt",
  a.petition_id::int AS "petitionId", a.notice_days AS "noticeDays", a.publicity_days AS "publicityDays", a.deemed_votes AS "deemedVotes",
  a.roll_area_centi::text AS "rollAreaCenti", a.roll_persons AS "rollPersons",
  ${isoTime(sql`a.announced_at`)} AS "announcedAt", ${isoTime(sql`a.opened_at`)} AS "openedAt", ${isoTime(sql`a.closed_at`)} AS "closedAt",
  ${isoTime(sql`a.counted_at`)} AS "countedAt", ${isoTime(sql`a.published_at`)} AS "publishedAt",
  ${isoTime(sql`a.publicity_ends_at`)} AS "publicityEndsAt", ${isoTime(sql`a.archived_at`)} AS "archivedAt",
  a.results, a.ledger_seq AS "ledgerSeq", a.ledger_head AS "ledgerHead", ${isoTime(sql`a.created_at`)} AS "createdAt", a.version`;

export async function assemblyRow(db: Db, id: number, lock = false): Promise<AssemblyRow> {
  const r = await one<AssemblyRow>(
    db,
    sql`SELECT ${COLS} FROM assemblies a JOIN places e ON e.id = a.estate_id WHERE a.id = ${id} ${lock ? sql`FOR UPDATE OF a` : sql``}`,
  );
  if (!r) throw new AppError('ASSEMBLY_NOT_FOUND', { id });
  return r;
}

/** The assembly, checked against the actor's scope for `permission` (404 for nothing, 403 outside). */
export async function assemblyFor(db: Db, actor: Actor, id: number, permission: string, lock = false): Promise<AssemblyRow> {
  const a = await assemblyRow(db, id, lock);
  assertInScope(actor, permission, a.estatePath);
  return a;
}

function requireState(a: AssemblyRow, ...states: AssemblyState[]) {
  if (!states.includes(a.state)) throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state, expected: states });
}

async function audit(tx: Db, actor: Actor, a: { id: number; estatePath: string }, action: string, after: unknown, before: unknown = null) {
  await recordAudit(tx, auditActor(actor), { action, entity: 'assembly', entityId: a.id, placePath: a.estatePath, before, after });
}

// ---------------------------------------------------------------------------------------------
// create, edit, matters

export interface AssemblyInput {
  estateId: number;
  title: string;
  kind: AssemblyRow['kind'];
  organiserKind: AssemblyRow['organiserKind'];
  organiserName: string;
  notice?: string;
  votingOpensAt: string;
  votingClosesAt: string;
  petitionId?: number | null;
}

function checkDates(opens: string, closes: string) {
  const o = Date.parse(opens);
  const c = Date.parse(closes);
  if (!Number.isFinite(o) || !Number.isFinite(c) || c <= o) throw new AppError('ASSEMBLY_DATES_INVALID');
  // a vote runs for at most 90 days
  if (c - o > 90 * 86_400_000) throw new AppError('ASSEMBLY_DATES_INVALID', { reason: 'longer than 90 days' });
}

export async function createAssembly(ctx: AppContext, actor: Actor, input: AssemblyInput): Promise<number> {
  checkDates(input.votingOpensAt, input.votingClosesAt);
  return ctx.db.transaction(async (tx) => {
    const estate = await getPlace(tx, input.estateId);
    if (!estate || estate.kind !== 'estate' || estate.retiredAt) throw new AppError('ASSEMBLY_PLACE_INVALID', { estateId: input.estateId });
    assertInScope(actor, 'assemblies.organise', estate.path);
    if (input.petitionId) {
      const p = await one<{ estate_id: number; state: string }>(tx, sql`SELECT estate_id::int AS estate_id, state FROM assembly_petitions WHERE id = ${input.petitionId} FOR UPDATE`);
      if (!p || p.estate_id !== estate.id) throw new AppError('ASSEMBLY_PETITION_NOT_FOUND', { id: input.petitionId });
      // a petition convenes one meeting; a withdrawn one convenes none
      if (p.state === 'convened' || p.state === 'withdrawn') throw new AppError('ASSEMBLY_STATE_CONFLICT', { petitionState: p.state });
    }
    const created = await one<{ id: number }>(
      tx,
      sql`INSERT INTO assemblies (estate_id, estate_path, title, kind, organiser_kind, organiser_name, notice, voting_opens_at, voting_closes_at, petition_id, created_by)
          VALUES (${estate.id}, ${estate.path}, ${input.title.trim()}, ${input.kind}, ${input.organiserKind}, ${input.organiserName.trim()}, ${input.notice ?? ''},
                  ${input.votingOpensAt}, ${input.votingClosesAt}, ${input.petitionId ?? null}, ${actor.userId})
          RETURNING id::int AS id`,
    );
    const id = created!.id;
    if (input.petitionId) await tx.execute(sql`UPDATE assembly_petitions SET state = 'convened', assembly_id = ${id} WHERE id = ${input.petitionId}`);
    await audit(tx, actor, { id, estatePath: estate.path }, 'assembly.create', { ...input });
    return id;
  });
}

export async function updateAssembly(ctx: AppContext, actor: Actor, id: number, patch: Partial<Omit<AssemblyInput, 'estateId' | 'petitionId'>>, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    if (a.state !== 'draft') throw new AppError('ASSEMBLY_NOT_EDITABLE');
    if (a.version !== version) throw new AppError('CONFLICT', { version: a.version });
    checkDates(patch.votingOpensAt ?? a.votingOpensAt, patch.votingClosesAt ?? a.votingClosesAt);
    await tx.execute(sql`UPDATE assemblies SET
        title = ${patch.title?.trim() ?? a.title}, kind = ${patch.kind ?? a.kind}, organiser_kind = ${patch.organiserKind ?? a.organiserKind},
        organiser_name = ${patch.organiserName?.trim() ?? a.organiserName}, notice = ${patch.notice ?? a.notice},
        voting_opens_at = ${patch.votingOpensAt ?? a.votingOpensAt}, voting_closes_at = ${patch.votingClosesAt ?? a.votingClosesAt},
        updated_at = now(), version = version + 1
      WHERE id = ${id}`);
    await audit(tx, actor, a, 'assembly.update', patch, { title: a.title, votingOpensAt: a.votingOpensAt, votingClosesAt: a.votingClosesAt });
  });
}

export interface MatterInput {
  item: Item;
  title: string;
  description?: string;
}

export async function addMatter(ctx: AppContext, actor: Actor, assemblyId: number, input: MatterInput, electionId: number | null = null, txIn?: Db): Promise<number> {
  const run = async (tx: Db) => {
    const a = await assemblyFor(tx, actor, assemblyId, 'assemblies.organise', true);
    if (a.state !== 'draft') throw new AppError('ASSEMBLY_NOT_EDITABLE');
    const next = await one<{ seq: number }>(tx, sql`SELECT coalesce(max(seq), 0) + 1 AS seq FROM assembly_matters WHERE assembly_id = ${assemblyId}`);
    const m = await one<{ id: number }>(
      tx,
      sql`INSERT INTO assembly_matters (assembly_id, seq, item, title, description, election_id)
          VALUES (${assemblyId}, ${next!.seq}, ${input.item}, ${input.title.trim()}, ${input.description ?? ''}, ${electionId})
          RETURNING id::int AS id`,
    );
    await audit(tx, actor, a, 'assembly.matter.add', { matterId: m!.id, ...input, electionId });
    return m!.id;
  };
  return txIn ? run(txIn) : ctx.db.transaction(run);
}

export async function updateMatter(ctx: AppContext, actor: Actor, assemblyId: number, matterId: number, patch: Partial<MatterInput>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, assemblyId, 'assemblies.organise', true);
    if (a.state !== 'draft') throw new AppError('ASSEMBLY_NOT_EDITABLE');
    const m = await one<{ item: number; title: string; description: string; election_id: number | null }>(
      tx,
      sql`SELECT item, title, description, election_id::int AS election_id FROM assembly_matters WHERE id = ${matterId} AND assembly_id = ${assemblyId}`,
    );
    if (!m) throw new AppError('ASSEMBLY_MATTER_NOT_FOUND', { id: matterId });
    // a candidate's matter is always item (3)
    if (m.election_id && patch.item !== undefined && patch.item !== 3) throw new AppError('VALIDATION_FAILED', { field: 'item', reason: 'a candidate is voted on under item (3)' });
    await tx.execute(sql`UPDATE assembly_matters SET item = ${patch.item ?? m.item}, title = ${patch.title?.trim() ?? m.title}, description = ${patch.description ?? m.description}
                         WHERE id = ${matterId}`);
    await audit(tx, actor, a, 'assembly.matter.update', { matterId, ...patch }, m);
  });
}

/**
 * Number the matters of an assembly 1, 2, 3 … in their current order. One row at a time in
 * ascending order: each row moves down into a slot already freed, so the (assembly_id, seq) unique
 * constraint — checked row by row, not at the end of the statement — never sees a duplicate.
 */
export async function renumberMatters(tx: Db, assemblyId: number): Promise<void> {
  const list = await rows<{ id: number; seq: number }>(tx, sql`SELECT id::int AS id, seq FROM assembly_matters WHERE assembly_id = ${assemblyId} ORDER BY seq`);
  for (let i = 0; i < list.length; i++) {
    if (list[i].seq !== i + 1) await tx.execute(sql`UPDATE assembly_matters SET seq = ${i + 1} WHERE id = ${list[i].id}`);
  }
}

export async function removeMatter(ctx: AppContext, actor: Actor, assemblyId: number, matterId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, assemblyId, 'assemblies.organise', true);
    if (a.state !== 'draft') throw new AppError('ASSEMBLY_NOT_EDITABLE');
    const m = await one<{ seq: number; title: string }>(tx, sql`SELECT seq, title FROM assembly_matters WHERE id = ${matterId} AND assembly_id = ${assemblyId}`);
    if (!m) throw new AppError('ASSEMBLY_MATTER_NOT_FOUND', { id: matterId });
    await tx.execute(sql`DELETE FROM assembly_candidates WHERE matter_id = ${matterId}`);
    await tx.execute(sql`DELETE FROM assembly_matters WHERE id = ${matterId}`);
    // keep the numbering dense: later matters move up one
    await renumberMatters(tx, assemblyId);
    await audit(tx, actor, a, 'assembly.matter.remove', null, { matterId, ...m });
  });
}

// ---------------------------------------------------------------------------------------------
// announce: freeze the roll

export async function announce(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    requireState(a, 'draft');
    const settings = await effectiveAssemblySettings(tx, a.estatePath);
    const now = await one<{ now: string }>(tx, sql`SELECT ${isoTime(sql`now()`)} AS now`);
    const earliest = Date.parse(now!.now) + settings.noticeDays * 86_400_000;
    if (Date.parse(a.votingOpensAt) < earliest) {
      throw new AppError('ASSEMBLY_NOTICE_TOO_SHORT', { noticeDays: settings.noticeDays, earliestOpening: new Date(earliest).toISOString() });
    }
    const matters = await rows<{ id: number; election_id: number | null }>(tx, sql`SELECT id::int AS id, election_id::int AS election_id FROM assembly_matters WHERE assembly_id = ${id}`);
    if (matters.length === 0) throw new AppError('ASSEMBLY_NO_MATTERS');
    const unapproved = await rows<{ matter_id: number }>(
      tx,
      sql`SELECT c.matter_id::int AS matter_id FROM assembly_candidates c JOIN assembly_matters m ON m.id = c.matter_id
           WHERE m.assembly_id = ${id} AND c.party_review <> 'approved'`,
    );
    if (unapproved.length) throw new AppError('ASSEMBLY_CANDIDATE_NOT_APPROVED', { matterIds: unapproved.map((u) => u.matter_id) });
    const roll = await deriveRoll(tx, a.estatePath);
    if (roll.voters.length === 0) throw new AppError('ASSEMBLY_EMPTY_ROLL');
    // a candidate must still own a unit in the estate when the vote is announced
    const ownerIds = new Set(roll.voters.flatMap((v) => v.ownerIds));
    const cands = await rows<{ matter_id: number; person_id: number }>(
      tx,
      sql`SELECT c.matter_id::int AS matter_id, c.person_id::int AS person_id FROM assembly_candidates c JOIN assembly_matters m ON m.id = c.matter_id WHERE m.assembly_id = ${id}`,
    );
    const notOwners = cands.filter((c) => !ownerIds.has(c.person_id));
    if (notOwners.length) throw new AppError('ASSEMBLY_CANDIDATE_NOT_OWNER', { matterIds: notOwners.map((c) => c.matter_id) });
    await freezeRoll(tx, id, roll.voters);
    await tx.execute(sql`UPDATE assemblies SET state = 'announced', announced_at = now(), notice_days = ${settings.noticeDays},
                           publicity_days = ${settings.publicityDays}, deemed_votes = ${settings.deemedVotes},
                           roll_area_centi = ${roll.totals.areaCenti.toString()}, roll_persons = ${roll.totals.persons},
                           updated_at = now(), version = version + 1
                         WHERE id = ${id}`);
    await appendLedger(tx, id, 'roll_frozen', {
      estateId: a.estateId,
      totals: { areaCenti: roll.totals.areaCenti.toString(), persons: roll.totals.persons },
      voters: roll.voters.map((v) => ({ voterNo: v.voterNo, kind: v.kind, areaCenti: v.areaCenti.toString(), unitCount: v.units.length })),
      deemedVotes: settings.deemedVotes,
      matters: (await rows<{ seq: number; item: number; title: string }>(tx, sql`SELECT seq, item, title FROM assembly_matters WHERE assembly_id = ${id} ORDER BY seq`)),
    });
    await audit(tx, actor, a, 'assembly.announce', { voters: roll.voters.length, areaCenti: roll.totals.areaCenti.toString(), warnings: countWarnings(roll.warnings) });
    // copy to the residents' committee (the community's workers) and tell the owners who have accounts
    const community = a.estatePath.split('/').filter(Boolean).slice(0, -1).map(Number).at(-1)!;
    const workers = await rows<{ user_id: number }>(
      tx,
      sql`SELECT DISTINCT r.user_id::int AS user_id FROM role_assignments r JOIN users u ON u.id = r.user_id
           WHERE r.place_id = ${community} AND r.role = 'community_worker' AND r.revoked_at IS NULL AND u.disabled_at IS NULL`,
    );
    for (const w of workers) {
      await ctx.notifier.notify(tx, { userId: w.user_id, kind: 'assembly.announced', title: `业主大会公告（抄送居委会）：${a.title}`, body: `${a.estateName} 投票时间 ${a.votingOpensAt} 至 ${a.votingClosesAt}`, link: `/assemblies/${id}` });
    }
    const owners = await rows<{ user_id: number }>(
      tx,
      sql`SELECT DISTINCT u.id::int AS user_id FROM assembly_voters v JOIN users u ON u.person_id = v.delegate_person_id
           WHERE v.assembly_id = ${id} AND u.disabled_at IS NULL`,
    );
    for (const o of owners) {
      await ctx.notifier.notify(tx, { userId: o.user_id, kind: 'assembly.announced', title: `业主大会公告：${a.title}`, body: `投票时间 ${a.votingOpensAt} 至 ${a.votingClosesAt}`, link: `/m/assemblies/${id}` });
    }
  });
}

function countWarnings(w: Awaited<ReturnType<typeof deriveRoll>>['warnings']) {
  return { unownedUnits: w.unownedUnits.length, unitsWithoutArea: w.unitsWithoutArea.length, coOwnedWithoutDelegate: w.coOwnedWithoutDelegate.length };
}

async function freezeRoll(tx: Db, assemblyId: number, voters: Awaited<ReturnType<typeof deriveRoll>>['voters']) {
  // in slices: one statement per table and slice keeps a 10,000-owner estate quick
  for (let i = 0; i < voters.length; i += 1000) {
    const slice = voters.slice(i, i + 1000);
    const ids = await rows<{ id: number; voter_no: number }>(
      tx,
      sql`INSERT INTO assembly_voters (assembly_id, voter_no, kind, owner_key, name, delegate_person_id, org_id, area_centi, unit_count)
          SELECT ${assemblyId}, * FROM unnest(${toArr(slice.map((v) => v.voterNo))}::int[], ${toArr(slice.map((v) => v.kind))}::text[],
                   ${toArr(slice.map((v) => v.ownerKey))}::text[], ${toArr(slice.map((v) => v.name))}::text[],
                   ${toArr(slice.map((v) => v.delegatePersonId))}::bigint[], ${toArr(slice.map((v) => v.orgId))}::bigint[],
                   ${toArr(slice.map((v) => v.areaCenti.toString()))}::bigint[], ${toArr(slice.map((v) => v.units.length))}::int[])
          RETURNING id::int AS id, voter_no`,
    );
    const idOf = new Map(ids.map((r) => [r.voter_no, r.id]));
    const units = slice.flatMap((v) => v.units.map((u) => ({ voterId: idOf.get(v.voterNo)!, ...u })));
    await tx.execute(sql`INSERT INTO assembly_voter_units (voter_id, unit_id, area_centi, area_source, basis)
      SELECT * FROM unnest(${toArr(units.map((u) => u.voterId))}::bigint[], ${toArr(units.map((u) => u.unitId))}::bigint[],
                           ${toArr(units.map((u) => u.areaCenti))}::bigint[], ${toArr(units.map((u) => u.areaSource))}::text[], ${toArr(units.map((u) => u.basis))}::text[])`);
    const owners = slice.flatMap((v) => v.ownerIds.map((p) => ({ voterId: idOf.get(v.voterNo)!, personId: p })));
    if (owners.length) {
      await tx.execute(sql`INSERT INTO assembly_voter_owners (voter_id, person_id)
        SELECT * FROM unnest(${toArr(owners.map((o) => o.voterId))}::bigint[], ${toArr(owners.map((o) => o.personId))}::bigint[])`);
    }
  }
}

/** A JS array as one Postgres array literal parameter (works the same on PGlite and node-postgres; cast it in SQL). */
export function toArr(values: (string | number | null)[]): string {
  return arrayLiteral(values, 'text');
}

// ---------------------------------------------------------------------------------------------
// roll: view and corrections

export interface RollQuery {
  q?: string;
  limit: number;
  offset: number;
}

/** The frozen roll, names masked (as shown for objections); organisers see who votes for each. */
export async function viewRoll(ctx: AppContext, actor: Actor, id: number, query: RollQuery) {
  const a = await assemblyFor(ctx.db, actor, id, 'assemblies.view');
  if (a.state === 'draft') {
    // before the freeze: a preview from the current records
    const roll = await deriveRoll(ctx.db, a.estatePath);
    // the same search as on the frozen roll: by an owner's name or a unit
    const found = query.q ? roll.voters.filter((v) => v.name.includes(query.q!) || v.units.some((u) => u.label.includes(query.q!))) : roll.voters;
    const items = found.slice(query.offset, query.offset + query.limit).map((v) => ({
      id: null,
      voterNo: v.voterNo,
      kind: v.kind,
      name: maskName(v.name, v.kind),
      areaCenti: v.areaCenti.toString(),
      unitCount: v.units.length,
      units: v.units.map((u) => u.label),
      active: true,
      delivery: null,
      voted: false,
    }));
    return {
      frozen: false,
      totals: { areaCenti: roll.totals.areaCenti.toString(), persons: roll.totals.persons },
      // the warnings name co-owners: masked like the roll itself
      warnings: { ...roll.warnings, coOwnedWithoutDelegate: roll.warnings.coOwnedWithoutDelegate.map((w) => ({ ...w, name: maskName(w.name, 'person') })) },
      items,
      total: found.length,
    };
  }
  return frozenRollPage(ctx.db, a, query, true);
}

/**
 * The frozen roll shown to the estate's owners for objections (names masked, no delivery or voting
 * marks): any owner on the roll (a delegate or a co-owner) may read it once the assembly is announced.
 * Owners search by unit only: a search by name would tell whether someone owns a flat here.
 */
export async function viewRollAsOwner(ctx: AppContext, actor: Actor, id: number, query: RollQuery) {
  const a = await assemblyRow(ctx.db, id);
  if (a.state === 'draft') throw new AppError('ASSEMBLY_NOT_FOUND', { id });
  const mine = actor.personId === null ? undefined : await one(
    ctx.db,
    sql`SELECT 1 FROM assembly_voters v WHERE v.assembly_id = ${id}
           AND (v.delegate_person_id = ${actor.personId} OR EXISTS (SELECT 1 FROM assembly_voter_owners o WHERE o.voter_id = v.id AND o.person_id = ${actor.personId}))
         LIMIT 1`,
  );
  if (!mine) throw new AppError('ASSEMBLY_NOT_ON_ROLL');
  return frozenRollPage(ctx.db, a, query, false);
}

async function frozenRollPage(db: Db, a: AssemblyRow, query: RollQuery, organiser: boolean) {
  const id = a.id;
  // the search is literal: % and _ typed by the user match themselves
  const like = query.q ? `%${escapeLike(query.q)}%` : null;
  const list = await rows<{ id: number; voter_no: number; kind: 'person' | 'developer'; name: string; area: string; unit_count: number; active: boolean; units: string[]; delivery: string | null; voted: boolean }>(
    db,
    sql`SELECT v.id::int AS id, v.voter_no, v.kind, v.name, v.area_centi::text AS area, v.unit_count, v.active,
               (SELECT array_agg(b.name || '-' || e.name || '-' || u.name ORDER BY u.id) FROM assembly_voter_units vu
                  JOIN places u ON u.id = vu.unit_id JOIN places e ON e.id = u.parent_id JOIN places b ON b.id = e.parent_id
                 WHERE vu.voter_id = v.id) AS units,
               (SELECT d.method FROM assembly_deliveries d WHERE d.assembly_id = v.assembly_id AND d.voter_id = v.id ORDER BY d.id DESC LIMIT 1) AS delivery,
               EXISTS (SELECT 1 FROM assembly_submissions s WHERE s.voter_id = v.id AND s.assembly_id = v.assembly_id AND s.status IN ('counted','pending')) AS voted
          FROM assembly_voters v
         WHERE v.assembly_id = ${id}
           ${like ? sql`AND (${organiser ? sql`v.name LIKE ${like} OR ` : sql``}EXISTS (SELECT 1 FROM assembly_voter_units vu JOIN places u ON u.id = vu.unit_id WHERE vu.voter_id = v.id AND u.name LIKE ${like}))` : sql``}
         ORDER BY v.voter_no LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  const total = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM assembly_voters v WHERE v.assembly_id = ${id}
         ${like ? sql`AND (${organiser ? sql`v.name LIKE ${like} OR ` : sql``}EXISTS (SELECT 1 FROM assembly_voter_units vu JOIN places u ON u.id = vu.unit_id WHERE vu.voter_id = v.id AND u.name LIKE ${like}))` : sql``}`,
  );
  return {
    frozen: true,
    totals: { areaCenti: a.rollAreaCenti ?? '0', persons: a.rollPersons ?? 0 },
    warnings: null,
    items: list.map((v) => ({
      id: v.id,
      voterNo: v.voter_no,
      kind: v.kind,
      name: maskName(v.name, v.kind),
      areaCenti: v.area,
      unitCount: v.unit_count,
      units: v.units ?? [],
      active: v.active,
      delivery: organiser ? v.delivery : null,
      voted: organiser ? v.voted : false,
    })),
    total: total!.n,
  };
}

export interface CorrectionInput {
  action: 'area' | 'delegate' | 'remove' | 'restore';
  areaCenti?: number;
  delegatePersonId?: number;
  reason: string;
}

/** A correction after an objection, recorded with its reason; only before voting opens. */
export async function correctRoll(ctx: AppContext, actor: Actor, id: number, voterId: number, input: CorrectionInput): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    if (a.state !== 'announced') throw new AppError(a.state === 'draft' ? 'ASSEMBLY_STATE_CONFLICT' : 'ASSEMBLY_ROLL_FROZEN', { state: a.state });
    const v = await one<{ voter_no: number; area: string; delegate: number | null; active: boolean; kind: string }>(
      tx,
      sql`SELECT voter_no, area_centi::text AS area, delegate_person_id::int AS delegate, active, kind FROM assembly_voters WHERE id = ${voterId} AND assembly_id = ${id} FOR UPDATE`,
    );
    if (!v) throw new AppError('ASSEMBLY_VOTER_NOT_FOUND', { voterId });
    let before: Record<string, unknown>;
    let after: Record<string, unknown>;
    switch (input.action) {
      case 'area':
        if (input.areaCenti === undefined) throw new AppError('VALIDATION_FAILED', { field: 'areaCenti' });
        before = { areaCenti: v.area };
        after = { areaCenti: String(input.areaCenti) };
        await tx.execute(sql`UPDATE assembly_voters SET area_centi = ${input.areaCenti} WHERE id = ${voterId}`);
        break;
      case 'delegate': {
        if (input.delegatePersonId === undefined) throw new AppError('VALIDATION_FAILED', { field: 'delegatePersonId' });
        const owner = await one(tx, sql`SELECT 1 FROM assembly_voter_owners WHERE voter_id = ${voterId} AND person_id = ${input.delegatePersonId}`);
        if (!owner) throw new AppError('VALIDATION_FAILED', { field: 'delegatePersonId', reason: 'not one of the co-owners' });
        before = { delegatePersonId: v.delegate };
        after = { delegatePersonId: input.delegatePersonId };
        await tx.execute(sql`UPDATE assembly_voters SET delegate_person_id = ${input.delegatePersonId} WHERE id = ${voterId}`);
        break;
      }
      case 'remove':
      case 'restore':
        if (v.active === (input.action === 'restore')) throw new AppError('ASSEMBLY_STATE_CONFLICT', { active: v.active });
        before = { active: v.active };
        after = { active: input.action === 'restore' };
        await tx.execute(sql`UPDATE assembly_voters SET active = ${input.action === 'restore'} WHERE id = ${voterId}`);
        break;
    }
    const totals = await one<{ area: string; persons: number }>(
      tx,
      sql`SELECT coalesce(sum(area_centi), 0)::text AS area, count(*)::int AS persons FROM assembly_voters WHERE assembly_id = ${id} AND active`,
    );
    await tx.execute(sql`UPDATE assemblies SET roll_area_centi = ${totals!.area}, roll_persons = ${totals!.persons}, updated_at = now(), version = version + 1 WHERE id = ${id}`);
    await tx.execute(sql`INSERT INTO assembly_roll_corrections (assembly_id, voter_id, action, before, after, reason, by_user)
                         VALUES (${id}, ${voterId}, ${input.action}, ${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb, ${input.reason.trim()}, ${actor.userId})`);
    // the ledger is public: it carries the figures only, and the free-text reason (which may name
    // people) as its hash; the reason itself stays in assembly_roll_corrections for the organisers
    const ledgerAfter = input.action === 'delegate' ? { delegateChanged: true } : after;
    await appendLedger(tx, id, 'roll_corrected', { voterNo: v.voter_no, action: input.action, after: ledgerAfter, reasonSha256: sha256Text(input.reason.trim()), totals: { areaCenti: totals!.area, persons: totals!.persons } });
    await audit(tx, actor, a, 'assembly.roll.correct', { voterId, ...after, reason: input.reason }, before);
  });
}

export async function listCorrections(ctx: AppContext, actor: Actor, id: number) {
  await assemblyFor(ctx.db, actor, id, 'assemblies.view');
  return rows<{ id: number; voterNo: number; action: string; before: unknown; after: unknown; reason: string; by: string; at: string }>(
    ctx.db,
    sql`SELECT c.id::int AS id, v.voter_no AS "voterNo", c.action, c.before, c.after, c.reason, u.display_name AS by, ${isoTime(sql`c.at`)} AS at
          FROM assembly_roll_corrections c JOIN assembly_voters v ON v.id = c.voter_id JOIN users u ON u.id = c.by_user
         WHERE c.assembly_id = ${id} ORDER BY c.id`,
  );
}

// ---------------------------------------------------------------------------------------------
// open, close, count, publish, archive

export async function openVoting(ctx: AppContext, actor: Actor | null, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = actor ? await assemblyFor(tx, actor, id, 'assemblies.organise', true) : await assemblyRow(tx, id, true);
    requireState(a, 'announced');
    const due = await one<{ due: boolean }>(tx, sql`SELECT voting_opens_at <= now() AS due FROM assemblies WHERE id = ${id}`);
    if (!due!.due) throw new AppError('ASSEMBLY_NOT_YET_OPEN', { votingOpensAt: a.votingOpensAt });
    await tx.execute(sql`UPDATE assemblies SET state = 'voting', opened_at = now(), updated_at = now(), version = version + 1 WHERE id = ${id}`);
    await appendLedger(tx, id, 'voting_opened', {});
    await recordAudit(tx, actor ? auditActor(actor) : { userId: null, name: 'sweep' }, { action: 'assembly.open', entity: 'assembly', entityId: id, placePath: a.estatePath, after: null });
  });
}

export async function closeVoting(ctx: AppContext, actor: Actor | null, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = actor ? await assemblyFor(tx, actor, id, 'assemblies.organise', true) : await assemblyRow(tx, id, true);
    requireState(a, 'voting');
    const due = await one<{ due: boolean }>(tx, sql`SELECT voting_closes_at <= now() AS due FROM assemblies WHERE id = ${id}`);
    if (!due!.due) throw new AppError('ASSEMBLY_NOT_YET_CLOSED', { votingClosesAt: a.votingClosesAt });
    await tx.execute(sql`UPDATE assemblies SET state = 'closed', closed_at = now(), updated_at = now(), version = version + 1 WHERE id = ${id}`);
    await appendLedger(tx, id, 'closed', {});
    await recordAudit(tx, actor ? auditActor(actor) : { userId: null, name: 'sweep' }, { action: 'assembly.close', entity: 'assembly', entityId: id, placePath: a.estatePath, after: null });
  });
}

// ---------------------------------------------------------------------------------------------
// the tally and the result

export interface MatterTally {
  matterId: number;
  seq: number;
  item: Item;
  title: string;
  electionId: number | null;
  agree: Figures;
  oppose: Figures;
  abstain: Figures;
}

/** Counted ballots per matter and choice, weighted from the frozen roll (one SQL aggregate). */
export async function tallyMatters(db: Db, assemblyId: number): Promise<MatterTally[]> {
  const matters = await rows<{ id: number; seq: number; item: number; title: string; election_id: number | null }>(
    db,
    sql`SELECT id::int AS id, seq, item, title, election_id::int AS election_id FROM assembly_matters WHERE assembly_id = ${assemblyId} ORDER BY seq`,
  );
  const counts = await rows<{ matter_id: number; choice: Choice; persons: string; area: string }>(
    db,
    sql`SELECT b.matter_id::int AS matter_id, b.choice, count(*)::text AS persons, coalesce(sum(v.area_centi), 0)::text AS area
          FROM assembly_ballots b JOIN assembly_voters v ON v.id = b.voter_id
         WHERE b.assembly_id = ${assemblyId} AND b.counted AND v.active
         GROUP BY b.matter_id, b.choice`,
  );
  return matters.map((m) => {
    const of = (c: Choice): Figures => {
      const r = counts.find((x) => x.matter_id === m.id && x.choice === c);
      return r ? { area: BigInt(r.area), persons: BigInt(r.persons) } : { area: 0n, persons: 0n };
    };
    return { matterId: m.id, seq: m.seq, item: m.item as Item, title: m.title, electionId: m.election_id, agree: of('agree'), oppose: of('oppose'), abstain: of('abstain') };
  });
}

export interface FiguresDto {
  areaCenti: string;
  persons: number;
}

export interface MatterResult {
  matterId: number;
  seq: number;
  item: Item;
  itemLabel: { zh: string; en: string };
  title: string;
  electionId: number | null;
  rule: Decision['rule'];
  /** the decision that takes effect: the deemed one where the covenant's 从众 clause applies, else the real one */
  passed: boolean;
  failed: TestName[];
  /** the decision on real ballots alone (the same as passed/failed when no deemed votes apply) */
  real: { passed: boolean; failed: TestName[] };
  agree: FiguresDto;
  oppose: FiguresDto;
  abstain: FiguresDto;
  participating: FiguresDto;
  tests: (Decision['tests'][number] & { percent: string })[];
  /** only where the covenant's 从众 clause applies: the result with deemed votes, reported apart */
  deemed: null | { deemedAs: Choice; deemed: FiguresDto; passed: boolean; failed: TestName[]; tests: (Decision['tests'][number] & { percent: string })[] };
  /** which decision takes effect: 'deemed' where the covenant's clause applies, else 'real' */
  effective: 'real' | 'deemed';
}

export interface AssemblyResults {
  totals: FiguresDto;
  deemedVotes: boolean;
  matters: MatterResult[];
  election: null | {
    electionId: number;
    seats: number;
    elected: { matterId: number; personId: number; name: string; agreePersons: number; agreeArea: string; rank: number }[];
    tiedForLast: { matterId: number; personId: number; name: string }[];
    runOffNeeded: boolean;
    /** a committee is seated only with at least the legal minimum of 5 members; otherwise a by-election (补选) is needed */
    minimumMet: boolean;
  };
  ledgerHead: string;
  ledgerSeq: number;
}

/** 业委会: 5 to 11 members (DOMAIN.md §4) */
export const COMMITTEE_MIN_MEMBERS = 5;

const dto = (f: Figures): FiguresDto => ({ areaCenti: f.area.toString(), persons: Number(f.persons) });

/** Compute the results from a tally and the roll totals (pure, used by the count and by verification). */
export function computeResults(
  tallies: MatterTally[],
  totals: Figures,
  deemedVotes: boolean,
  election: { electionId: number; seats: number; candidates: { matterId: number; personId: number; name: string }[] } | null,
): Omit<AssemblyResults, 'ledgerHead' | 'ledgerSeq'> {
  const withPct = (d: Decision) => d.tests.map((t) => ({ ...t, percent: percent(BigInt(t.value), BigInt(t.of)) }));
  const matters: MatterResult[] = tallies.map((m) => {
    const tally: Tally = { total: totals, agree: m.agree, oppose: m.oppose, abstain: m.abstain };
    const real = decide(m.item, tally);
    let deemed: MatterResult['deemed'] = null;
    if (deemedVotes) {
      const d = deemedTally(tally);
      const dd = decide(m.item, d.tally);
      deemed = { deemedAs: d.deemedAs, deemed: dto(d.deemed), passed: dd.passed, failed: dd.failed, tests: withPct(dd) };
    }
    return {
      matterId: m.matterId,
      seq: m.seq,
      item: m.item,
      itemLabel: ITEM_LABELS[m.item],
      title: m.title,
      electionId: m.electionId,
      rule: real.rule,
      // the decision that takes effect (the deemed one where the covenant's clause applies) and,
      // always, the decision on real ballots alone, reported apart
      passed: deemed ? deemed.passed : real.passed,
      failed: deemed ? deemed.failed : real.failed,
      real: { passed: real.passed, failed: real.failed },
      agree: dto(m.agree),
      oppose: dto(m.oppose),
      abstain: dto(m.abstain),
      participating: dto(real.participating),
      tests: withPct(real),
      deemed,
      effective: deemed ? 'deemed' : 'real',
    };
  });
  let electionResult: AssemblyResults['election'] = null;
  if (election) {
    const cands = election.candidates.map((c) => {
      const r = matters.find((m) => m.matterId === c.matterId)!;
      const t = tallies.find((x) => x.matterId === c.matterId)!;
      return { ...c, passed: r.passed, agree: t.agree };
    });
    const { elected, tiedForLast } = allocateSeats(cands, election.seats);
    electionResult = {
      electionId: election.electionId,
      seats: election.seats,
      elected: elected.map((c, i) => ({ matterId: c.matterId, personId: c.personId, name: c.name, agreePersons: Number(c.agree.persons), agreeArea: c.agree.area.toString(), rank: i + 1 })),
      tiedForLast: tiedForLast.map((c) => ({ matterId: c.matterId, personId: c.personId, name: c.name })),
      runOffNeeded: tiedForLast.length > 0,
      minimumMet: elected.length >= COMMITTEE_MIN_MEMBERS,
    };
  }
  return { totals: dto(totals), deemedVotes, matters, election: electionResult };
}

export async function electionOf(db: Db, assemblyId: number) {
  const e = await one<{ id: number; seats: number; term_years: number; title: string }>(
    db,
    sql`SELECT id::int AS id, seats, term_years, title FROM assembly_elections WHERE assembly_id = ${assemblyId}`,
  );
  if (!e) return null;
  const candidates = await rows<{ matterId: number; personId: number; name: string }>(
    db,
    sql`SELECT c.matter_id::int AS "matterId", c.person_id::int AS "personId", p.name
          FROM assembly_candidates c JOIN persons p ON p.id = c.person_id WHERE c.election_id = ${e.id} ORDER BY c.matter_id`,
  );
  return { electionId: e.id, seats: e.seats, termYears: e.term_years, title: e.title, candidates };
}

export async function countResults(ctx: AppContext, actor: Actor | null, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = actor ? await assemblyFor(tx, actor, id, 'assemblies.organise', true) : await assemblyRow(tx, id, true);
    requireState(a, 'closed');
    const pending = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM assembly_submissions WHERE assembly_id = ${id} AND status = 'pending'`);
    if (pending!.n > 0) throw new AppError('ASSEMBLY_STATE_CONFLICT', { reason: 'paper ballots await confirmation', pending: pending!.n });
    const tallies = await tallyMatters(tx, id);
    const election = await electionOf(tx, id);
    const totals: Figures = { area: BigInt(a.rollAreaCenti ?? '0'), persons: BigInt(a.rollPersons ?? 0) };
    const computed = computeResults(tallies, totals, a.deemedVotes, election);
    const entry = await appendLedger(tx, id, 'counted', {
      totals: computed.totals,
      matters: computed.matters.map((m) => ({ seq: m.seq, item: m.item, agree: m.agree, oppose: m.oppose, abstain: m.abstain, passed: m.passed, failed: m.failed })),
      elected: computed.election?.elected.map((e) => ({ seq: computed.matters.find((m) => m.matterId === e.matterId)!.seq, rank: e.rank })) ?? null,
    });
    const results: AssemblyResults = { ...computed, ledgerHead: entry.hash, ledgerSeq: entry.seq };
    await tx.execute(sql`UPDATE assemblies SET state = 'counted', counted_at = now(), results = ${JSON.stringify(results)}::jsonb, updated_at = now(), version = version + 1 WHERE id = ${id}`);
    await recordAudit(tx, actor ? auditActor(actor) : { userId: null, name: 'sweep' }, {
      action: 'assembly.count',
      entity: 'assembly',
      entityId: id,
      placePath: a.estatePath,
      after: { matters: computed.matters.map((m) => ({ seq: m.seq, passed: m.passed })), ledgerHead: entry.hash },
    });
  });
}

/** Publish the result (publicity period starts); an election seats the committee and sets its follow-up tasks. */
export async function publish(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, id, 'assemblies.organise', true);
    requireState(a, 'counted');
    await tx.execute(sql`UPDATE assemblies SET state = 'published', published_at = now(),
                           publicity_ends_at = now() + make_interval(days => ${a.publicityDays ?? 7}), updated_at = now(), version = version + 1
                         WHERE id = ${id}`);
    const election = await electionOf(tx, id);
    const res = a.results;
    if (election && res?.election && res.election.minimumMet) {
      const c = await one<{ id: number }>(
        tx,
        sql`INSERT INTO owners_committees (estate_id, estate_path, assembly_id, election_id, term_start, term_end)
            VALUES (${a.estateId}, ${a.estatePath}, ${id}, ${election.electionId}, (now() AT TIME ZONE 'Asia/Shanghai')::date,
                    ((now() AT TIME ZONE 'Asia/Shanghai')::date + make_interval(years => ${election.termYears}))::date)
            RETURNING id::int AS id`,
      );
      for (const e of res.election.elected) {
        await tx.execute(sql`INSERT INTO owners_committee_members (committee_id, person_id, rank, party_member, branch_committee)
          SELECT ${c!.id}, ${e.personId}, ${e.rank}, party_member, branch_committee FROM assembly_candidates WHERE matter_id = ${e.matterId}`);
      }
      // 业委会: first meeting within 7 days of the election, filing within 30 days (业主大会和业主委员会指导规则)
      await tx.execute(sql`INSERT INTO owners_committee_tasks (committee_id, kind, due_at) VALUES
        (${c!.id}, 'first_meeting', (SELECT counted_at FROM assemblies WHERE id = ${id}) + interval '7 days'),
        (${c!.id}, 'filing', (SELECT counted_at FROM assemblies WHERE id = ${id}) + interval '30 days')`);
    }
    await appendLedger(tx, id, 'published', {});
    await audit(tx, actor, a, 'assembly.publish', { publicityDays: a.publicityDays });
    const owners = await rows<{ user_id: number }>(
      tx,
      sql`SELECT DISTINCT u.id::int AS user_id FROM assembly_voters v JOIN users u ON u.person_id = v.delegate_person_id
           WHERE v.assembly_id = ${id} AND u.disabled_at IS NULL`,
    );
    for (const o of owners) await ctx.notifier.notify(tx, { userId: o.user_id, kind: 'assembly.published', title: `业主大会表决结果公示：${a.title}`, link: `/m/assemblies/${id}` });
  });
}

export async function archive(ctx: AppContext, actor: Actor | null, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const a = actor ? await assemblyFor(tx, actor, id, 'assemblies.organise', true) : await assemblyRow(tx, id, true);
    requireState(a, 'published');
    const due = await one<{ due: boolean }>(tx, sql`SELECT publicity_ends_at <= now() AS due FROM assemblies WHERE id = ${id}`);
    if (!due!.due) throw new AppError('ASSEMBLY_STATE_CONFLICT', { reason: 'the publicity period has not ended', publicityEndsAt: a.publicityEndsAt });
    await tx.execute(sql`UPDATE assemblies SET state = 'archived', archived_at = now(), updated_at = now(), version = version + 1 WHERE id = ${id}`);
    await recordAudit(tx, actor ? auditActor(actor) : { userId: null, name: 'sweep' }, { action: 'assembly.archive', entity: 'assembly', entityId: id, placePath: a.estatePath, after: null });
  });
}

/** Opens, closes and archives assemblies whose time has come (one node at a time: the sweep runner locks). */
export async function sweepAssemblies(ctx: AppContext): Promise<Record<string, unknown>> {
  const due = await rows<{ id: number; state: AssemblyState }>(
    ctx.db,
    sql`SELECT id::int AS id, state FROM assemblies
         WHERE (state = 'announced' AND voting_opens_at <= now())
            OR (state = 'voting' AND voting_closes_at <= now())
            OR (state = 'published' AND publicity_ends_at <= now())
         ORDER BY id LIMIT 200`,
  );
  const done = { opened: 0, closed: 0, archived: 0, failed: 0 };
  for (const d of due) {
    try {
      if (d.state === 'announced') (await openVoting(ctx, null, d.id), done.opened++);
      else if (d.state === 'voting') (await closeVoting(ctx, null, d.id), done.closed++);
      else (await archive(ctx, null, d.id), done.archived++);
    } catch {
      done.failed++;
    }
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// reading: list, detail, turnout

/**
 * The actor's subtrees for `permission`, and optionally one place to look under: a place above the
 * actor's scope is allowed (the scope narrows it), a place beside it is 403.
 */
export async function listScope(db: Db, actor: Actor, permission: string, placeId?: number): Promise<{ scope: string[]; under: string | null }> {
  const scope = scopePaths(actor, permission);
  if (!placeId) return { scope, under: null };
  const p = await getPlace(db, placeId);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
  if (!scope.some((s) => s.startsWith(p.path) || p.path.startsWith(s))) throw new AppError('NOT_IN_SCOPE');
  return { scope, under: p.path };
}

export async function listAssemblies(ctx: AppContext, actor: Actor, q: { placeId?: number; state?: AssemblyState; limit: number; offset: number }) {
  const { scope, under } = await listScope(ctx.db, actor, 'assemblies.view', q.placeId);
  const where = sql`${scopeCondition(sql`a.estate_path`, scope)} ${under ? sql`AND a.estate_path LIKE ${under + '%'}` : sql``} ${q.state ? sql`AND a.state = ${q.state}` : sql``}`;
  const items = await rows<AssemblyRow>(ctx.db, sql`SELECT ${COLS} FROM assemblies a JOIN places e ON e.id = a.estate_id WHERE ${where} ORDER BY a.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM assemblies a WHERE ${where}`);
  return { items: items.map(summary), total: total!.n };
}

export function summary(a: AssemblyRow) {
  const { results, notice: _n, ...rest } = a;
  return { ...rest, passedMatters: results ? results.matters.filter((m) => m.passed).length : null, matterCount: results ? results.matters.length : null };
}

export interface Turnout {
  totals: FiguresDto;
  voted: FiguresDto;
  pending: number;
  quorum: { area: boolean; persons: boolean; areaPercent: string; personsPercent: string };
  matters: { matterId: number; seq: number; participating: FiguresDto }[];
}

/** Live turnout: owners and area that have voted so far, against the 2/3 quorum (counted ballots only). */
export async function turnout(db: Db, a: AssemblyRow): Promise<Turnout> {
  const totals: Figures = { area: BigInt(a.rollAreaCenti ?? '0'), persons: BigInt(a.rollPersons ?? 0) };
  const voted = await one<{ persons: string; area: string }>(
    db,
    sql`SELECT count(*)::text AS persons, coalesce(sum(v.area_centi), 0)::text AS area FROM assembly_voters v
         WHERE v.assembly_id = ${a.id} AND v.active
           AND EXISTS (SELECT 1 FROM assembly_ballots b WHERE b.voter_id = v.id AND b.assembly_id = ${a.id} AND b.counted)`,
  );
  const pending = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM assembly_submissions WHERE assembly_id = ${a.id} AND status = 'pending'`);
  const per = await rows<{ matter_id: number; seq: number; persons: string; area: string }>(
    db,
    sql`SELECT m.id::int AS matter_id, m.seq, count(v.id)::text AS persons, coalesce(sum(v.area_centi), 0)::text AS area
          FROM assembly_matters m
          LEFT JOIN assembly_ballots b ON b.matter_id = m.id AND b.counted
          LEFT JOIN assembly_voters v ON v.id = b.voter_id AND v.active
         WHERE m.assembly_id = ${a.id} GROUP BY m.id, m.seq ORDER BY m.seq`,
  );
  const v: Figures = { area: BigInt(voted!.area), persons: BigInt(voted!.persons) };
  return {
    totals: dto(totals),
    voted: dto(v),
    pending: pending!.n,
    quorum: {
      area: totals.area > 0n && v.area * 3n >= totals.area * 2n,
      persons: totals.persons > 0n && v.persons * 3n >= totals.persons * 2n,
      areaPercent: percent(v.area, totals.area),
      personsPercent: percent(v.persons, totals.persons),
    },
    matters: per.map((m) => ({ matterId: m.matter_id, seq: m.seq, participating: { areaCenti: m.area, persons: Number(m.persons) } })),
  };
}

export async function getAssembly(ctx: AppContext, actor: Actor, id: number) {
  const a = await assemblyFor(ctx.db, actor, id, 'assemblies.view');
  return detail(ctx.db, a, hasPermission(actor, 'assemblies.organise') && inScope(actor, 'assemblies.organise', a.estatePath));
}

export async function detail(db: Db, a: AssemblyRow, organiser: boolean) {
  const matters = await rows<{ id: number; seq: number; item: Item; title: string; description: string; electionId: number | null }>(
    db,
    sql`SELECT id::int AS id, seq, item, title, description, election_id::int AS "electionId" FROM assembly_matters WHERE assembly_id = ${a.id} ORDER BY seq`,
  );
  const election = await one<{ id: number; title: string; seats: number; termYears: number }>(
    db,
    sql`SELECT id::int AS id, title, seats, term_years AS "termYears" FROM assembly_elections WHERE assembly_id = ${a.id}`,
  );
  const candidates = election
    ? await rows<{ matterId: number; personId: number; name: string; statement: string; isOwner: boolean; arrears: string; partyReview: string; partyReviewNote: string | null; partyMember: boolean; branchCommittee: boolean }>(
        db,
        sql`SELECT c.matter_id::int AS "matterId", c.person_id::int AS "personId", p.name, c.statement, c.is_owner AS "isOwner", c.arrears,
                   c.party_review AS "partyReview", c.party_review_note AS "partyReviewNote", c.party_member AS "partyMember", c.branch_committee AS "branchCommittee"
              FROM assembly_candidates c JOIN persons p ON p.id = c.person_id WHERE c.election_id = ${election.id} ORDER BY c.matter_id`,
      )
    : [];
  const files = await rows<{ id: number; filename: string; mime: string; size: number }>(
    db,
    sql`SELECT id::int AS id, filename, mime, size FROM assembly_files WHERE assembly_id = ${a.id} AND kind = 'material' ORDER BY id`,
  );
  const live = a.state === 'draft' ? null : organiser || a.state !== 'voting' ? await turnout(db, a) : null;
  return {
    ...summary(a),
    notice: a.notice,
    matters: matters.map((m) => ({ ...m, itemLabel: ITEM_LABELS[m.item], special: [6, 7, 8].includes(m.item) })),
    election: election ? { ...election, candidates } : null,
    materials: files,
    turnout: live,
    results: a.results,
  };
}
