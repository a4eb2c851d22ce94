// 双报到: service hours (in exact minutes; a member's own entry waits for the community's
// confirmation, an entry by the office is confirmed at once; only confirmed minutes count), the
// yearly evaluation (优秀/良好/一般/较差) and the year's summary per registration.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import type { AppContext } from '../../core/manifest';
import { one, rows, type Db } from '../../core/db/client';
import { currentYear, inYear, MANAGE, myMember, myRegistration, officeRegistration, officeWhere, registrationView, TODAY, type RegistrationRef } from './dual';
import { claimsOfRegistration } from './dual-posts';
import type { EvaluationDtoT, HoursBodyT, HoursDtoT, HoursQueryT, MineDtoT, MyHoursBodyT, SummaryItemT, SummaryQueryT } from './schemas-dual';

const HOURS_SELECT = sql`SELECT h.id::int AS id, h.registration_id::int AS "registrationId", COALESCE(p.name, r.org_name) AS name, c.name AS "communityName",
    h.post_id::int AS "postId", d.title AS "postTitle", h.served_on::text AS "servedOn", h.minutes, h.note, h.status,
    ${isoTime(sql`h.decided_at`)} AS "decidedAt", ${isoTime(sql`h.created_at`)} AS "createdAt"
  FROM dual_hours h JOIN dual_registrations r ON r.id = h.registration_id JOIN places c ON c.id = r.community_id
  LEFT JOIN dual_posts d ON d.id = h.post_id LEFT JOIN party_members m ON m.id = r.member_id LEFT JOIN persons p ON p.id = m.person_id`;

async function insertHours(tx: Db, actor: Actor, reg: RegistrationRef, b: MyHoursBodyT, status: 'pending' | 'confirmed'): Promise<number> {
  if (reg.ended) throw new AppError('DUAL_REGISTRATION_ENDED', { id: reg.id });
  const future = await one<{ future: boolean }>(tx, sql`SELECT ${b.servedOn}::date > ${TODAY} AS future`);
  if (future!.future) throw new AppError('DUAL_SERVED_IN_FUTURE', { servedOn: b.servedOn });
  if (b.postId) {
    const post = await one<{ community_id: number }>(tx, sql`SELECT community_id::int AS community_id FROM dual_posts WHERE id = ${b.postId}`);
    if (!post) throw new AppError('DUAL_POST_NOT_FOUND', { id: b.postId });
    if (post.community_id !== reg.communityId) throw new AppError('DUAL_POST_OTHER_COMMUNITY', { postId: b.postId, registrationId: reg.id });
  }
  const decided = status === 'confirmed';
  const r = (await one<{ id: number }>(
    tx,
    sql`INSERT INTO dual_hours (registration_id, post_id, served_on, minutes, note, status, decided_by, decided_at, created_by)
        VALUES (${reg.id}, ${b.postId ?? null}, ${b.servedOn}::date, ${b.minutes}, ${b.note?.trim() || null}, ${status},
                ${decided ? actor.userId : null}, ${decided ? sql`now()` : null}, ${actor.userId}) RETURNING id::int AS id`,
  ))!;
  await recordAudit(tx, auditActor(actor), { action: 'dual.hours.log', entity: 'dual_hours', entityId: r.id, placePath: reg.communityPath, after: { registrationId: reg.id, ...b, status } });
  return r.id;
}

export async function logHoursByOffice(ctx: AppContext, actor: Actor, b: HoursBodyT): Promise<number> {
  const { registrationId, ...rest } = b;
  return ctx.db.transaction(async (tx) => insertHours(tx, actor, await officeRegistration(tx, actor, registrationId), rest, 'confirmed'));
}

export async function logMyHours(ctx: AppContext, actor: Actor, b: MyHoursBodyT): Promise<number> {
  return ctx.db.transaction(async (tx) => insertHours(tx, actor, (await myRegistration(tx, actor)).reg, b, 'pending'));
}

export async function decideHours(ctx: AppContext, actor: Actor, id: number, decision: 'confirm' | 'reject'): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const h = await one<{ status: string; path: string; minutes: number }>(
      tx,
      sql`SELECT h.status, r.community_path AS path, h.minutes FROM dual_hours h JOIN dual_registrations r ON r.id = h.registration_id WHERE h.id = ${id} FOR UPDATE OF h`,
    );
    if (!h) throw new AppError('DUAL_HOURS_NOT_FOUND', { id });
    assertInScope(actor, MANAGE, h.path);
    if (h.status !== 'pending') throw new AppError('DUAL_HOURS_DECIDED', { id, status: h.status });
    const status = decision === 'confirm' ? 'confirmed' : 'rejected';
    await tx.execute(sql`UPDATE dual_hours SET status = ${status}, decided_by = ${actor.userId}, decided_at = now() WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: `dual.hours.${decision}`, entity: 'dual_hours', entityId: id, placePath: h.path, before: { status: 'pending' }, after: { status, minutes: h.minutes } });
  });
}

export async function hoursView(db: Db, id: number): Promise<HoursDtoT> {
  return (await one<HoursDtoT>(db, sql`${HOURS_SELECT} WHERE h.id = ${id}`))!;
}

export async function listHours(ctx: AppContext, actor: Actor, q: HoursQueryT) {
  const where = sql.join(
    [
      await officeWhere(ctx.db, actor, sql`r.community_path`, q.communityId),
      q.status ? sql`h.status = ${q.status}` : sql`true`,
      q.registrationId ? sql`h.registration_id = ${q.registrationId}` : sql`true`,
    ],
    sql` AND `,
  );
  // the queue shows the oldest pending first; other lists the newest service first
  const order: SQL = q.status === 'pending' ? sql`h.created_at, h.id` : sql`h.served_on DESC, h.id DESC`;
  const items = await rows<HoursDtoT>(ctx.db, sql`${HOURS_SELECT} WHERE ${where} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM dual_hours h JOIN dual_registrations r ON r.id = h.registration_id WHERE ${where}`);
  return { items, total: total!.n };
}

// --- evaluations and the year's summary ------------------------------------------------------

const EVAL_SELECT = sql`SELECT registration_id::int AS "registrationId", year, grade, comment, ${isoTime(sql`evaluated_at`)} AS "evaluatedAt" FROM dual_evaluations`;

export async function evaluate(ctx: AppContext, actor: Actor, registrationId: number, year: number, b: { grade: EvaluationDtoT['grade']; comment?: string }): Promise<EvaluationDtoT> {
  return ctx.db.transaction(async (tx) => {
    const reg = await officeRegistration(tx, actor, registrationId, true);
    if (year > (await currentYear(tx))) throw new AppError('DUAL_YEAR_IN_FUTURE', { year });
    const before = await one<EvaluationDtoT>(tx, sql`${EVAL_SELECT} WHERE registration_id = ${registrationId} AND year = ${year}`);
    const comment = b.comment?.trim() || null;
    await tx.execute(sql`INSERT INTO dual_evaluations (registration_id, year, grade, comment, evaluated_by) VALUES (${registrationId}, ${year}, ${b.grade}, ${comment}, ${actor.userId})
      ON CONFLICT (registration_id, year) DO UPDATE SET grade = EXCLUDED.grade, comment = EXCLUDED.comment, evaluated_by = EXCLUDED.evaluated_by, evaluated_at = now()`);
    await recordAudit(tx, auditActor(actor), {
      action: 'dual.evaluation.save',
      entity: 'dual_registration',
      entityId: registrationId,
      placePath: reg.communityPath,
      before: before ? { grade: before.grade, comment: before.comment } : null,
      after: { year, grade: b.grade, comment },
    });
    return (await one<EvaluationDtoT>(tx, sql`${EVAL_SELECT} WHERE registration_id = ${registrationId} AND year = ${year}`))!;
  });
}

/** Registrations active at some time in the year, with confirmed minutes, posts claimed and the grade. */
export async function summaryRows(db: Db, where: SQL, year: number): Promise<SummaryItemT[]> {
  return rows<SummaryItemT>(
    db,
    sql`SELECT r.id::int AS "registrationId", c.name AS "communityName", r.kind, COALESCE(p.name, r.org_name) AS name, m.employer,
        COALESCE((SELECT sum(h.minutes) FROM dual_hours h WHERE h.registration_id = r.id AND h.status = 'confirmed' AND ${inYear(sql`h.served_on`, year)}), 0)::int AS "confirmedMinutes",
        ARRAY(SELECT DISTINCT d.title FROM dual_claims k JOIN dual_posts d ON d.id = k.post_id
               WHERE k.registration_id = r.id AND k.claimed_at < make_date(${year}::int + 1, 1, 1)
                 AND (k.withdrawn_at IS NULL OR k.withdrawn_at >= make_date(${year}::int, 1, 1)) ORDER BY d.title) AS posts,
        e.grade, e.comment
      FROM dual_registrations r JOIN places c ON c.id = r.community_id
      LEFT JOIN party_members m ON m.id = r.member_id LEFT JOIN persons p ON p.id = m.person_id
      LEFT JOIN dual_evaluations e ON e.registration_id = r.id AND e.year = ${year}::int
     WHERE ${where} AND r.registered_on < make_date(${year}::int + 1, 1, 1) AND (r.ended_on IS NULL OR r.ended_on >= make_date(${year}::int, 1, 1))
     ORDER BY c.name, r.kind, name, r.id`,
  );
}

export async function summary(ctx: AppContext, actor: Actor, q: SummaryQueryT) {
  const where = await officeWhere(ctx.db, actor, sql`r.community_path`, q.communityId);
  return { year: q.year, items: await summaryRows(ctx.db, where, q.year) };
}

// --- the member's own page --------------------------------------------------------------------

export async function mine(ctx: AppContext, actor: Actor): Promise<MineDtoT> {
  const m = await myMember(ctx.db, actor);
  const member = { id: m.id, name: m.name, employer: m.employer, inService: m.category === 'in_service', communityId: m.home?.id ?? null, communityName: m.home?.name ?? null };
  const reg = await one<{ id: number }>(ctx.db, sql`SELECT id::int AS id FROM dual_registrations WHERE member_id = ${m.id} AND ended_on IS NULL ORDER BY id DESC LIMIT 1`);
  if (!reg) return { member, registration: null, claims: [], hours: [], evaluations: [] };
  return {
    member,
    registration: await registrationView(ctx.db, reg.id),
    claims: await claimsOfRegistration(ctx.db, reg.id),
    hours: await rows<HoursDtoT>(ctx.db, sql`${HOURS_SELECT} WHERE h.registration_id = ${reg.id} ORDER BY h.served_on DESC, h.id DESC LIMIT 100`),
    evaluations: await rows<EvaluationDtoT>(ctx.db, sql`${EVAL_SELECT} WHERE registration_id = ${reg.id} ORDER BY year DESC`),
  };
}
