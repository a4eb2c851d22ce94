// The owner's side of an assembly (phone pages): the assemblies where I vote, one assembly with
// my voters, my ballots and receipts, the one-time code and the online ballot.
//
// Who is a voter: the logged-in user's person (users.person_id) is the voting delegate
// (assembly_voters.delegate_person_id) of an ACTIVE voter of the frozen roll. That is not a role:
// these routes are open to any logged-in user, and show nothing to someone not on the roll.
// A person may vote for more than one voter of one assembly (their own flat and one co-owned with
// others): the ballot names the voter then (voterId), and must when it is ambiguous.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError, defineErrors } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { assertVotingNow, checkBallot, recordBallot, type ChoiceInput } from './ballots';
import { assemblyRow, detail, type AssemblyRow, type AssemblyState } from './service';
import { createCode, verifyCode, OTP_TTL_MINUTES } from './otp';
import { afterQueued, maskPhone, queueSms } from './sms';
import './errors';

export const MineErrors = defineErrors({
  ASSEMBLY_VOTER_REQUIRED: {
    status: 400,
    zh: '您在本次大会中代表多户业主投票，请选择以哪一户的名义投票（voterId）',
    en: 'You vote for more than one owner in this assembly: say for which (voterId)',
  },
});

export interface MyVoter {
  id: number;
  voterNo: number;
  kind: 'person' | 'developer';
  areaCenti: string;
  unitCount: number;
}

/** The active voters of the assembly whose voting delegate the actor is. */
export async function myVoters(db: Db, actor: Actor, assemblyId: number): Promise<MyVoter[]> {
  if (actor.personId === null) return [];
  return rows<MyVoter>(
    db,
    sql`SELECT id::int AS id, voter_no AS "voterNo", kind, area_centi::text AS "areaCenti", unit_count AS "unitCount"
          FROM assembly_voters WHERE assembly_id = ${assemblyId} AND delegate_person_id = ${actor.personId} AND active
         ORDER BY voter_no`,
  );
}

/** The voter a ballot is cast for: the one named, or the only one. */
export function pickVoter(voters: MyVoter[], voterId: number | undefined): MyVoter {
  if (voters.length === 0) throw new AppError('ASSEMBLY_NOT_ON_ROLL');
  if (voterId !== undefined) {
    const v = voters.find((x) => x.id === voterId);
    if (!v) throw new AppError('ASSEMBLY_NOT_ON_ROLL', { voterId });
    return v;
  }
  if (voters.length > 1) throw new AppError('ASSEMBLY_VOTER_REQUIRED', { voterIds: voters.map((v) => v.id) });
  return voters[0];
}

async function onRoll(db: Db, actor: Actor, id: number): Promise<{ a: AssemblyRow; voters: MyVoter[] }> {
  const a = await assemblyRow(db, id);
  const voters = await myVoters(db, actor, id);
  if (voters.length === 0) throw new AppError('ASSEMBLY_NOT_ON_ROLL');
  return { a, voters };
}

// ---------------------------------------------------------------------------------------------
// list and detail

export async function listMine(ctx: AppContext, actor: Actor) {
  if (actor.personId === null) return { items: [] };
  const items = await rows<{ id: number; title: string; estateName: string; state: AssemblyState; votingOpensAt: string; votingClosesAt: string; voters: number; votedVoters: number }>(
    ctx.db,
    sql`SELECT a.id::int AS id, a.title, e.name AS "estateName", a.state,
               ${isoTime(sql`a.voting_opens_at`)} AS "votingOpensAt", ${isoTime(sql`a.voting_closes_at`)} AS "votingClosesAt",
               count(*)::int AS voters,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM assembly_submissions s WHERE s.assembly_id = a.id AND s.voter_id = v.id AND s.status IN ('counted','pending')))::int AS "votedVoters"
          FROM assembly_voters v JOIN assemblies a ON a.id = v.assembly_id JOIN places e ON e.id = a.estate_id
         WHERE v.delegate_person_id = ${actor.personId} AND v.active
         GROUP BY a.id, e.name ORDER BY a.voting_opens_at DESC, a.id DESC`,
  );
  // voted: every voter I stand for has a ballot in (counted, or a paper one awaiting confirmation)
  return { items: items.map((i) => ({ ...i, voted: i.votedVoters === i.voters })) };
}

interface ReceiptRow {
  submissionId: number;
  receipt: string;
  voterId: number;
  voterNo: number;
  channel: string;
  status: string;
  castAt: string;
  supersedes: string | null;
  choices: Record<string, string> | null;
}

/** Every ballot paper of these voters (also superseded and rejected ones), choices from the ledger. */
async function receiptsOf(db: Db, assemblyId: number, voterIds: number[]): Promise<ReceiptRow[]> {
  if (voterIds.length === 0) return [];
  return rows<ReceiptRow>(
    db,
    sql`SELECT s.id::int AS "submissionId", s.receipt, s.voter_id::int AS "voterId", v.voter_no AS "voterNo", s.channel, s.status,
               ${isoTime(sql`s.cast_at`)} AS "castAt", l.payload->>'supersedes' AS supersedes, l.payload->'choices' AS choices
          FROM assembly_submissions s
          JOIN assembly_voters v ON v.id = s.voter_id
          LEFT JOIN assembly_ledger l ON l.assembly_id = s.assembly_id AND l.kind = 'ballot' AND l.payload->>'receipt' = s.receipt
         WHERE s.assembly_id = ${assemblyId} AND s.voter_id IN (${sql.join(voterIds, sql`, `)})
         ORDER BY s.id`,
  );
}

/** Record, once per voter, that the notice reached the owner in the app (assembly_deliveries app_read). */
async function recordRead(ctx: AppContext, actor: Actor, a: AssemblyRow, voters: MyVoter[]): Promise<number[]> {
  const ids = voters.map((v) => v.id);
  const seen = await rows<{ voter_id: number }>(
    ctx.db,
    sql`SELECT voter_id::int AS voter_id FROM assembly_deliveries WHERE assembly_id = ${a.id} AND method = 'app_read' AND voter_id IN (${sql.join(ids, sql`, `)})`,
  );
  if (seen.length === ids.length) return [];
  return ctx.db.transaction(async (tx) => {
    const added = await rows<{ voter_id: number }>(
      tx,
      sql`INSERT INTO assembly_deliveries (assembly_id, voter_id, method, by_user)
          SELECT ${a.id}, v, 'app_read', ${actor.userId} FROM unnest(${`{${ids.join(',')}}`}::bigint[]) AS v
          ON CONFLICT (assembly_id, voter_id) WHERE method = 'app_read' DO NOTHING
          RETURNING voter_id::int AS voter_id`,
    );
    if (added.length) {
      await recordAudit(tx, auditActor(actor), {
        action: 'assembly.delivery.app_read',
        entity: 'assembly',
        entityId: a.id,
        placePath: a.estatePath,
        after: { voterIds: added.map((x) => x.voter_id) },
      });
    }
    return added.map((x) => x.voter_id);
  });
}

const RESULT_STATES = ['published', 'archived'];

/** One assembly as its owner sees it; the first view records the delivery of the notice. */
export async function getMine(ctx: AppContext, actor: Actor, id: number) {
  const { a, voters } = await onRoll(ctx.db, actor, id);
  await recordRead(ctx, actor, a, voters);
  const base = await detail(ctx.db, a, false);
  const units = await rows<{ voter_id: number; label: string }>(
    ctx.db,
    sql`SELECT vu.voter_id::int AS voter_id, b.name || '-' || e.name || '-' || u.name AS label
          FROM assembly_voter_units vu JOIN places u ON u.id = vu.unit_id JOIN places e ON e.id = u.parent_id JOIN places b ON b.id = e.parent_id
         WHERE vu.voter_id IN (${sql.join(voters.map((v) => v.id), sql`, `)}) ORDER BY u.id`,
  );
  const receipts = await receiptsOf(ctx.db, id, voters.map((v) => v.id));
  const matterOfSeq = new Map(base.matters.map((m) => [String(m.seq), m.id]));
  const choiceList = (c: Record<string, string> | null) =>
    Object.entries(c ?? {})
      .map(([seq, choice]) => ({ matterId: matterOfSeq.get(seq) ?? 0, seq: Number(seq), choice }))
      .sort((x, y) => x.seq - y.seq);
  const phone = await one<{ phone: string | null }>(ctx.db, sql`SELECT phone FROM persons WHERE id = ${actor.personId}`);
  const open = await one<{ open: boolean }>(ctx.db, sql`SELECT state = 'voting' AND now() >= voting_opens_at AND now() < voting_closes_at AS open FROM assemblies WHERE id = ${id}`);
  return {
    id: a.id,
    title: a.title,
    estateName: a.estateName,
    kind: a.kind,
    organiserKind: a.organiserKind,
    organiserName: a.organiserName,
    state: a.state,
    votingOpensAt: a.votingOpensAt,
    votingClosesAt: a.votingClosesAt,
    announcedAt: a.announcedAt,
    votingOpen: open!.open,
    notice: a.notice,
    matters: base.matters.map((m) => ({ id: m.id, seq: m.seq, item: m.item, itemLabel: m.itemLabel, special: m.special, title: m.title, description: m.description })),
    election: base.election
      ? {
          title: base.election.title,
          seats: base.election.seats,
          termYears: base.election.termYears,
          candidates: base.election.candidates.map((c) => ({ matterId: c.matterId, name: c.name, statement: c.statement, partyMember: c.partyMember })),
        }
      : null,
    materials: base.materials,
    phone: phone?.phone ? maskPhone(phone.phone) : null,
    voters: voters.map((v) => {
      const current = receipts.find((r) => r.voterId === v.id && (r.status === 'counted' || r.status === 'pending'));
      return {
        voterId: v.id,
        voterNo: v.voterNo,
        kind: v.kind,
        units: units.filter((u) => u.voter_id === v.id).map((u) => u.label),
        areaCenti: v.areaCenti,
        ballot: current ? { receipt: current.receipt, status: current.status, channel: current.channel, castAt: current.castAt, choices: choiceList(current.choices) } : null,
      };
    }),
    receipts: receipts.map((r) => ({
      receipt: r.receipt,
      voterId: r.voterId,
      voterNo: r.voterNo,
      channel: r.channel,
      status: r.status,
      superseded: r.status === 'superseded',
      supersedes: r.supersedes,
      castAt: r.castAt,
      choices: choiceList(r.choices),
    })),
    // live figures are for the organisers while voting; owners see them once voting has ended
    turnout: a.state === 'voting' ? null : base.turnout,
    results: RESULT_STATES.includes(a.state) ? a.results : null,
  };
}

// ---------------------------------------------------------------------------------------------
// the one-time code and the online ballot

/** Send a one-time code to the phone on record of the owner (through the SMS outbox). */
export async function requestCode(ctx: AppContext, actor: Actor, id: number): Promise<{ sentTo: string; expiresAt: string }> {
  const sent = await ctx.db.transaction(async (tx) => {
    const { a } = await onRoll(tx, actor, id);
    await assertVotingNow(tx, a);
    const person = await one<{ phone: string | null }>(tx, sql`SELECT phone FROM persons WHERE id = ${actor.personId}`);
    const phone = person?.phone?.trim();
    if (!phone) throw new AppError('ASSEMBLY_OTP_NO_PHONE');
    const { code, expiresAt } = await createCode(tx, ctx.pii, actor.userId, id);
    const msg = { phone, purpose: 'assembly_otp', userId: actor.userId, body: `【共治】您正在参加“${a.title}”网上投票，验证码 ${code}，${OTP_TTL_MINUTES} 分钟内有效。请勿告诉他人。` };
    const smsId = await queueSms(tx, msg);
    await recordAudit(tx, auditActor(actor), { action: 'assembly.otp.send', entity: 'assembly', entityId: id, placePath: a.estatePath, after: { sentTo: maskPhone(phone), expiresAt, smsId } });
    return { smsId, msg, expiresAt };
  });
  await afterQueued(ctx, sent.smsId, sent.msg);
  return { sentTo: maskPhone(sent.msg.phone), expiresAt: sent.expiresAt };
}

export interface OnlineBallotInput {
  voterId?: number;
  choices: ChoiceInput[];
  code?: string;
}

/**
 * Cast (or change) an online ballot. Refusals come in this order: not on the roll, not voting
 * (before opening, after closing), a ballot that is not valid (a matter twice, a matter of
 * another assembly), then the code; only then is the ballot recorded (ballots.ts castBallot).
 */
export async function castOnline(ctx: AppContext, actor: Actor, id: number, input: OnlineBallotInput) {
  const outcome = await ctx.db.transaction(async (tx) => {
    // check everything that needs no lock first, so ballots of one assembly queue only for the writes
    const before = await assemblyRow(tx, id);
    const voter = pickVoter(await myVoters(tx, actor, id), input.voterId);
    const checked = await checkBallot(tx, before, voter.id, input.choices);
    if (!input.code) throw new AppError('ASSEMBLY_OTP_REQUIRED');
    const check = await verifyCode(tx, ctx.pii, actor.userId, id, input.code);
    if (!check.ok) {
      // the wrong try must count: record it and commit, then refuse outside the transaction
      await recordAudit(tx, auditActor(actor), { action: 'assembly.otp.wrong', entity: 'assembly', entityId: id, placePath: before.estatePath, after: { attemptsLeft: check.attemptsLeft } });
      return { wrong: check.attemptsLeft } as const;
    }
    // the ledger head: from here on ballots of this assembly are written one after another
    const a = await assemblyRow(tx, id, true);
    const r = await recordBallot(tx, a, checked, 'online', input.choices, { castByUser: actor.userId });
    await recordAudit(tx, auditActor(actor), {
      action: 'assembly.ballot.online',
      entity: 'assembly',
      entityId: id,
      placePath: a.estatePath,
      after: { submissionId: r.submissionId, receipt: r.receipt, voterId: voter.id, voterNo: voter.voterNo, changed: r.changed },
    });
    return { ballot: { receipt: r.receipt, changed: r.changed, status: r.status, submissionId: r.submissionId, voterId: voter.id, voterNo: voter.voterNo } } as const;
  });
  if ('wrong' in outcome) throw new AppError('ASSEMBLY_OTP_INVALID', { reason: 'wrong', attemptsLeft: outcome.wrong });
  return outcome.ballot;
}
