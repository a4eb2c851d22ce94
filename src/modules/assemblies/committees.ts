// Elected owners' committees (业委会): members in the order of the vote, the term, the overlap with
// the estate's party branch committee (交叉任职) against the local target, and the follow-up tasks
// set when the result was published (publish() in service.ts).
//
// law / local — 业委会: term at most 5 years; the first meeting within 7 days of the election and the
// filing with the district housing office and the street within 30 days (业主大会和业主委员会指导
// 规则). 交叉任职: one standard asks that at least half of the committee sit on the party branch
// committee (the setting crossAppointmentTargetPct, default 50).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError, defineErrors } from '../../core/errors';
import { assertInScope, scopeCondition, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import { one, rows, type Db } from '../../core/db/client';
import { effectiveAssemblySettings } from './config';
import { percent } from './rule';
import { listScope } from './service';
import './errors';

export const CommitteeErrors = defineErrors({
  ASSEMBLY_COMMITTEE_NOT_FOUND: { status: 404, zh: '找不到该业主委员会', en: 'Owners’ committee not found' },
});

/** A warning is shown when fewer than this many days of the term remain. */
export const TERM_WARNING_DAYS = 90;

interface CommitteeRow {
  id: number;
  estateId: number;
  estatePath: string;
  estateName: string;
  assemblyId: number;
  assemblyTitle: string;
  electionId: number;
  termStart: string;
  termEnd: string;
  daysLeft: number;
  createdAt: string;
}

// dates of the term are calendar dates in China (Asia/Shanghai)
const TODAY = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;
const COLS = sql`c.id::int AS id, c.estate_id::int AS "estateId", c.estate_path AS "estatePath", e.name AS "estateName",
  c.assembly_id::int AS "assemblyId", a.title AS "assemblyTitle", c.election_id::int AS "electionId",
  c.term_start::text AS "termStart", c.term_end::text AS "termEnd", (c.term_end - ${TODAY})::int AS "daysLeft",
  ${isoTime(sql`c.created_at`)} AS "createdAt"`;
const FROM = sql`FROM owners_committees c JOIN places e ON e.id = c.estate_id JOIN assemblies a ON a.id = c.assembly_id`;

export interface CrossAppointment {
  members: number;
  partyMembers: number;
  branchCommittee: number;
  /** members on the branch committee / members, exactly */
  fraction: string;
  percent: string;
  targetPct: number;
  meetsTarget: boolean;
}

/** branch / members against a target in percent, compared exactly (branch × 100 ≥ target × members). */
export function crossAppointment(members: { partyMember: boolean; branchCommittee: boolean }[], targetPct: number): CrossAppointment {
  const n = BigInt(members.length);
  const branch = BigInt(members.filter((m) => m.branchCommittee).length);
  return {
    members: members.length,
    partyMembers: members.filter((m) => m.partyMember).length,
    branchCommittee: Number(branch),
    fraction: `${branch}/${n}`,
    percent: percent(branch, n),
    targetPct,
    meetsTarget: n > 0n && branch * 100n >= BigInt(targetPct) * n,
  };
}

async function committeeView(db: Db, c: CommitteeRow) {
  const members = await rows<{ personId: number; name: string; rank: number; partyMember: boolean; branchCommittee: boolean }>(
    db,
    sql`SELECT m.person_id::int AS "personId", p.name, m.rank, m.party_member AS "partyMember", m.branch_committee AS "branchCommittee"
          FROM owners_committee_members m JOIN persons p ON p.id = m.person_id WHERE m.committee_id = ${c.id} ORDER BY m.rank, m.person_id`,
  );
  const tasks = await rows<{ id: number; kind: 'first_meeting' | 'filing'; dueAt: string; overdue: boolean; doneAt: string | null; doneBy: string | null; note: string | null }>(
    db,
    sql`SELECT t.id::int AS id, t.kind, ${isoTime(sql`t.due_at`)} AS "dueAt", (t.done_at IS NULL AND t.due_at < now()) AS overdue,
               ${isoTime(sql`t.done_at`)} AS "doneAt", u.display_name AS "doneBy", t.note
          FROM owners_committee_tasks t LEFT JOIN users u ON u.id = t.done_by WHERE t.committee_id = ${c.id} ORDER BY t.due_at, t.id`,
  );
  const settings = await effectiveAssemblySettings(db, c.estatePath);
  const { estatePath: _p, ...rest } = c;
  return {
    ...rest,
    term: {
      start: c.termStart,
      end: c.termEnd,
      daysLeft: c.daysLeft,
      expired: c.daysLeft < 0,
      warning: c.daysLeft < TERM_WARNING_DAYS,
    },
    members,
    crossAppointment: crossAppointment(members, settings.crossAppointmentTargetPct),
    tasks: tasks.map((t) => ({ ...t, done: t.doneAt !== null })),
  };
}

/** The committees of the estates in the actor's area (or under one place), newest first. */
export async function listCommittees(ctx: AppContext, actor: Actor, q: { placeId?: number; limit: number; offset: number }) {
  const { scope, under } = await listScope(ctx.db, actor, 'assemblies.view', q.placeId);
  const where = sql`${scopeCondition(sql`c.estate_path`, scope)} ${under ? sql`AND c.estate_path LIKE ${under + '%'}` : sql``}`;
  const list = await rows<CommitteeRow>(ctx.db, sql`SELECT ${COLS} ${FROM} WHERE ${where} ORDER BY c.term_start DESC, c.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM owners_committees c WHERE ${where}`);
  // the newest committee of an estate whose term has not ended is its current one
  const current = new Set(
    (
      await rows<{ id: number }>(
        ctx.db,
        sql`SELECT DISTINCT ON (c.estate_id) c.id::int AS id FROM owners_committees c
             WHERE ${where} AND c.term_end >= ${TODAY} ORDER BY c.estate_id, c.term_start DESC, c.id DESC`,
      )
    ).map((r) => r.id),
  );
  const items = [];
  for (const c of list) items.push({ ...(await committeeView(ctx.db, c)), current: current.has(c.id) });
  return { items, total: total!.n };
}

/** Mark a follow-up task done (who, when, a note); organisers of the estate, audited. */
export async function completeTask(ctx: AppContext, actor: Actor, committeeId: number, taskId: number, input: { note?: string }) {
  await ctx.db.transaction(async (tx) => {
    const c = await one<{ id: number; estate_path: string }>(tx, sql`SELECT id::int AS id, estate_path FROM owners_committees WHERE id = ${committeeId}`);
    if (!c) throw new AppError('ASSEMBLY_COMMITTEE_NOT_FOUND', { id: committeeId });
    assertInScope(actor, 'assemblies.organise', c.estate_path);
    const t = await one<{ kind: string; done: boolean }>(
      tx,
      sql`SELECT kind, done_at IS NOT NULL AS done FROM owners_committee_tasks WHERE id = ${taskId} AND committee_id = ${committeeId} FOR UPDATE`,
    );
    if (!t) throw new AppError('ASSEMBLY_TASK_NOT_FOUND', { id: taskId });
    if (t.done) throw new AppError('ASSEMBLY_STATE_CONFLICT', { reason: 'the task is already done' });
    const note = input.note?.trim() || null;
    await tx.execute(sql`UPDATE owners_committee_tasks SET done_at = now(), done_by = ${actor.userId}, note = ${note} WHERE id = ${taskId}`);
    await recordAudit(tx, auditActor(actor), {
      action: 'owners_committee.task.done',
      entity: 'owners_committee',
      entityId: committeeId,
      placePath: c.estate_path,
      after: { taskId, kind: t.kind, note },
    });
  });
}

export async function getCommittee(ctx: AppContext, actor: Actor, id: number) {
  const c = await one<CommitteeRow>(ctx.db, sql`SELECT ${COLS} ${FROM} WHERE c.id = ${id}`);
  if (!c) throw new AppError('ASSEMBLY_COMMITTEE_NOT_FOUND', { id });
  assertInScope(actor, 'assemblies.view', c.estatePath);
  return committeeView(ctx.db, c);
}
