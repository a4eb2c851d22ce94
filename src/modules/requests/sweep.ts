// The deadline sweep (one node at a time, under the sweeper's advisory lock): fix the response
// and resolution outcomes of requests whose deadline passed, tell their handlers, close resolved
// requests nobody rated after the setting's days, and drop photos never attached.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { rows } from '../../core/db/client';
import { recordAudit } from '../../core/audit/ledger';
import { DEFAULT_SETTINGS } from './settings';
import { notifyUnit } from './service';
import type { UnitKind } from './access';

const BATCH = 500;
const SYSTEM = { userId: null, name: '系统' };

export async function sweepDeadlines(ctx: AppContext): Promise<Record<string, unknown>> {
  const db = ctx.db;
  // missed response: not accepted by the accept deadline, or not contacted by the contact deadline
  const lateResponse = await rows<{ id: number; path: string }>(
    db,
    sql`UPDATE requests r SET response_outcome = 'late', response_day = ((accept_due_at AT TIME ZONE 'UTC') + interval '8 hours')::date, updated_at = now()
        WHERE r.id IN (SELECT id FROM requests
                       WHERE response_outcome IS NULL AND state IN ('submitted','accepted','in_progress','deferred','escalated')
                         AND ((accepted_at IS NULL AND accept_due_at < now()) OR (contacted_at IS NULL AND contact_due_at < now()))
                       ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING r.id::int AS id, r.place_path AS path`,
  );
  // missed resolution
  const lateResolution = await rows<{ id: number; path: string; owner_kind: string; owner_place_id: number; owner_org_id: number | null; title: string; ref_no: string }>(
    db,
    sql`UPDATE requests r SET resolution_outcome = 'late', resolution_day = ((resolve_due_at AT TIME ZONE 'UTC') + interval '8 hours')::date, updated_at = now()
        WHERE r.id IN (SELECT id FROM requests
                       WHERE resolution_outcome IS NULL AND state IN ('submitted','accepted','in_progress','escalated') AND resolve_due_at < now()
                       ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING r.id::int AS id, r.place_path AS path, r.owner_kind, r.owner_place_id::int AS owner_place_id, r.owner_org_id::int AS owner_org_id, r.title, r.ref_no`,
  );
  for (const r of lateResponse) {
    await db.execute(sql`INSERT INTO request_events (request_id, actor_name, actor_role, type, body, internal) VALUES (${r.id}, '系统', 'system', 'overdue', '响应超时', true)`);
  }
  for (const r of lateResolution) {
    await db.execute(sql`INSERT INTO request_events (request_id, actor_name, actor_role, type, body, internal) VALUES (${r.id}, '系统', 'system', 'overdue', '办理超期', true)`);
    await notifyUnit(ctx, db, { kind: r.owner_kind as UnitKind, placeId: r.owner_place_id, orgId: r.owner_org_id }, r.path, {
      kind: 'request.overdue',
      title: `诉求已超期：${r.title}`,
      body: r.ref_no,
      link: `/requests/${r.id}`,
    });
  }
  // resolved and not rated: close after autoCloseDays (the street's, else the district's, else the
  // default); the days are applied in SQL so requests not yet due never crowd due ones out of the batch
  const toClose = (
    await rows<{ id: number }>(
      db,
      sql`SELECT r.id::int AS id FROM requests r
            LEFT JOIN request_settings ds ON ds.place_id = r.district_id
            LEFT JOIN request_settings ss ON ss.place_id = r.street_id
          WHERE r.state IN ('resolved','declined')
            AND coalesce(r.resolved_at, r.updated_at) < now() - make_interval(days => coalesce((ss.settings->>'autoCloseDays')::int, (ds.settings->>'autoCloseDays')::int, ${DEFAULT_SETTINGS.autoCloseDays}))
          ORDER BY r.id LIMIT ${BATCH} FOR UPDATE OF r SKIP LOCKED`,
    )
  ).map((r) => r.id);
  if (toClose.length) {
    const ids = sql.join(toClose.map((i) => sql`${i}`), sql`, `);
    await db.execute(sql`INSERT INTO request_events (request_id, actor_name, actor_role, type, from_state, to_state, body)
                         SELECT id, '系统', 'system', 'close', state, 'closed', '逾期未评价，系统自动结案' FROM requests WHERE id IN (${ids})`);
    await db.execute(sql`UPDATE requests SET state = 'closed', closed_at = now(), version = version + 1, updated_at = now() WHERE id IN (${ids}) AND state IN ('resolved','declined')`);
  }
  const photos = await rows(db, sql`DELETE FROM request_photos WHERE request_id IS NULL AND created_at < now() - interval '1 day' RETURNING id`);
  const result = { lateResponse: lateResponse.length, lateResolution: lateResolution.length, autoClosed: toClose.length, photosDropped: photos.length };
  if (lateResponse.length || lateResolution.length || toClose.length) {
    await recordAudit(db, SYSTEM, {
      action: 'request.sweep',
      entity: 'request',
      entityId: null,
      after: { ...result, lateResponse: lateResponse.map((r) => r.id), lateResolution: lateResolution.map((r) => r.id), autoClosed: toClose },
    });
  }
  return result;
}
