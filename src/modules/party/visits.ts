// 走访: a 三长 logs a visit to one of their households; a concern found becomes a request filed on
// the resident's behalf through the request module (channel 'grid', the resident as requester, the
// 三长 as the one who entered it), linked both ways (the visit holds the request id, and the visits
// list finds the visit of a request). Visit and report earn points, once per source record.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import type { Actor } from '../../core/access/policy';
import { one, rows, type Db } from '../../core/db/client';
import { isoTime } from '../../core/db/sql';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { fileRequest } from '../requests/service';
import { gridScope, scopeWhere } from './scope';
import { effectivePartySettings } from './settings';
import { householdInMyScope } from './grid-mine';
import { awardPoints } from './points';
import type { VisitBodyT, VisitListQueryT, VisitT } from './schemas-grid';
import './errors-grid';

const DAY = 86_400_000;
/** how far back a visit may be logged */
export const VISIT_BACKDATE_DAYS = 90;
/** a phone's clock a little ahead of the server's is not a visit in the future */
const CLOCK_SKEW_MS = 5 * 60_000;

const visitColumns = sql`v.id::int AS id, v.household_id::int AS "householdId",
  coalesce(b.name, '') || coalesce(en.name, '') || ' ' || u.name AS address, v.lin_id::int AS "linId",
  vp.name AS "visitorName", ${isoTime(sql`v.visited_at`)} AS "visitedAt", v.notes, v.concern,
  v.request_id::int AS "requestId", r.ref_no AS "requestRefNo", r.state AS "requestState", ${isoTime(sql`v.created_at`)} AS "createdAt"`;
const visitFrom = sql`FROM grid_visits v JOIN households h ON h.id = v.household_id JOIN places u ON u.id = h.unit_id
  LEFT JOIN places en ON en.id = u.parent_id AND en.kind = 'entrance' LEFT JOIN places b ON b.id = en.parent_id
  LEFT JOIN persons vp ON vp.id = v.visitor_person_id LEFT JOIN requests r ON r.id = v.request_id
  LEFT JOIN grid_cells l ON l.id = v.lin_id`;

export async function listVisitsWhere(db: Db, where: SQL, limit: number, offset: number): Promise<{ items: VisitT[]; total: number }> {
  const items = await rows<VisitT>(db, sql`SELECT ${visitColumns} ${visitFrom} WHERE ${where} ORDER BY v.visited_at DESC, v.id DESC LIMIT ${limit} OFFSET ${offset}`);
  const total = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n ${visitFrom} WHERE ${where}`);
  return { items, total: total?.n ?? 0 };
}

/** Visits in scope: offices by the household's place, 三长 by the 邻 of the visit. */
export async function listVisits(ctx: AppContext, actor: Actor, q: VisitListQueryT) {
  const scope = await gridScope(ctx.db, actor, 'grid.view');
  const conds: SQL[] = [scopeWhere(scope, sql`l.cell_path`, sql`v.place_path`)];
  if (q.householdId) conds.push(sql`v.household_id = ${q.householdId}`);
  if (q.requestId) conds.push(sql`v.request_id = ${q.requestId}`);
  if (q.cellId) {
    const c = await one<{ cell_path: string }>(ctx.db, sql`SELECT cell_path FROM grid_cells WHERE id = ${q.cellId}`);
    conds.push(c ? sql`l.cell_path LIKE ${c.cell_path + '%'}` : sql`false`);
  }
  // calendar days in China (UTC+8)
  if (q.from) conds.push(sql`v.visited_at >= (${q.from}::date - interval '8 hours')`);
  if (q.to) conds.push(sql`v.visited_at < (${q.to}::date + interval '16 hours')`);
  return listVisitsWhere(ctx.db, sql.join(conds, sql` AND `), q.limit, q.offset);
}

export async function createVisit(ctx: AppContext, actor: Actor, body: VisitBodyT): Promise<VisitT & { pointsAwarded: number }> {
  if (!actor.personId) throw new AppError('GRID_NO_PERSON');
  const at = new Date(body.visitedAt);
  const now = Date.now();
  if (Number.isNaN(at.getTime()) || at.getTime() > now + CLOCK_SKEW_MS || at.getTime() < now - VISIT_BACKDATE_DAYS * DAY) {
    throw new AppError('GRID_VISIT_DATE', { visitedAt: body.visitedAt, backdateDays: VISIT_BACKDATE_DAYS });
  }
  const { id, points } = await ctx.db.transaction(async (tx) => {
    const h = await householdInMyScope(tx, actor, body.householdId);
    let requestId: number | null = null;
    if (body.concern) {
      const c = body.concern;
      const person = await one<{ id: number; name: string; phone: string | null }>(
        tx,
        sql`SELECT p.id::int AS id, p.name, p.phone FROM household_members m JOIN persons p ON p.id = m.person_id
             WHERE m.household_id = ${h.id} ${c.personId ? sql`AND p.id = ${c.personId}` : sql``}
             ORDER BY (m.relation = 'head') DESC, p.id LIMIT 1`,
      );
      if (!person) throw new AppError('GRID_PERSON_NOT_MEMBER', { personId: c.personId ?? null });
      const filed = await fileRequest(
        ctx,
        tx,
        auditActor(actor),
        { categoryId: c.categoryId, placeId: h.unitId, title: c.title, description: c.description, locationNote: c.locationNote },
        { channel: 'grid', requesterUserId: null, requesterPersonId: person.id, requesterName: person.name, requesterPhone: person.phone, enteredBy: actor.userId },
      );
      requestId = filed.id;
    }
    const visit = await one<{ id: number }>(
      tx,
      sql`INSERT INTO grid_visits (household_id, lin_id, place_path, visitor_person_id, visitor_user_id, visited_at, notes, concern, request_id)
          VALUES (${h.id}, ${h.linId}, ${h.unitPath}, ${actor.personId}, ${actor.userId}, ${at.toISOString()}, ${body.notes.trim()}, ${!!body.concern}, ${requestId})
          RETURNING id::int AS id`,
    );
    const settings = await effectivePartySettings(tx, h.unitPath);
    let points = await awardPoints(tx, { personId: actor.personId!, kind: 'visit', points: settings.pointsPerVisit, refId: visit!.id, note: null, userId: actor.userId, at });
    if (requestId !== null) {
      points += await awardPoints(tx, { personId: actor.personId!, kind: 'report', points: settings.pointsPerReport, refId: requestId, note: null, userId: actor.userId, at });
    }
    await recordAudit(tx, auditActor(actor), {
      action: 'grid.visit.create',
      entity: 'grid_visit',
      entityId: visit!.id,
      placePath: h.unitPath,
      after: { householdId: h.id, linId: h.linId, visitedAt: at.toISOString(), concern: !!body.concern, requestId, points },
    });
    return { id: visit!.id, points };
  });
  const [v] = (await listVisitsWhere(ctx.db, sql`v.id = ${id}`, 1, 0)).items;
  return { ...v, pointsAwarded: points };
}
