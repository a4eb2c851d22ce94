// The sweep that reminds organisations of 三会一课 meetings due before their period ends: for each
// period that is due soon (ends within the settings' remindDays, not held yet), the organisation's
// secretary and the community workers of its community get one notification. A reminder is claimed
// in party_reminders (org, kind, period) with ON CONFLICT DO NOTHING first, so it goes out once
// whichever node's sweep — or two racing sweeps — reaches it.
import { sql } from 'drizzle-orm';
import type { AppContext, Sweep } from '../../core/manifest';
import { arrayLiteral } from '../../core/db/sql';
import { rows, type Db } from '../../core/db/client';
import { chinaToday, loadCalendars } from './calendar';
import type { MeetingKind } from './meetings';

const KIND_ZH: Record<MeetingKind, string> = {
  members: '党员大会',
  committee: '支委会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  appraisal: '民主评议党员',
};

/** The secretary's accounts and the community workers over the organisation's place. */
async function recipients(db: Db, orgId: number, placePath: string): Promise<number[]> {
  const found = await rows<{ id: number }>(
    db,
    sql`SELECT u.id::int AS id FROM party_committee_members c JOIN users u ON u.person_id = c.person_id AND u.disabled_at IS NULL
         WHERE c.org_id = ${orgId} AND c.post = 'secretary'
        UNION
        SELECT r.user_id::int FROM role_assignments r JOIN places p ON p.id = r.place_id JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
         WHERE r.role = 'community_worker' AND r.revoked_at IS NULL AND ${placePath} LIKE p.path || '%'`,
  );
  return found.map((f) => f.id).sort((a, b) => a - b);
}

export async function remindDueMeetings(ctx: AppContext, today = chinaToday()): Promise<{ orgs: number; reminders: number; notifications: number }> {
  // only the periods that contain today can be due soon
  const calendars = await loadCalendars(ctx.db, sql`true`, today, today, today);
  let orgs = 0;
  let reminders = 0;
  let notifications = 0;
  for (const c of calendars) {
    const due = c.slots.filter((s) => s.status === 'due_soon');
    if (due.length === 0) continue;
    // claim the periods; those another sweep already claimed come back empty
    const claimed = await rows<{ kind: MeetingKind; start: string }>(
      ctx.db,
      sql`INSERT INTO party_reminders (org_id, kind, period_start)
          SELECT ${c.org.id}, d.kind, d.start FROM unnest(${arrayLiteral(due.map((d) => d.kind), 'text')}::text[], ${arrayLiteral(due.map((d) => d.start), 'date')}::date[]) AS d(kind, start)
          ON CONFLICT DO NOTHING
          RETURNING kind, period_start::text AS start`,
    );
    if (claimed.length === 0) continue;
    orgs++;
    reminders += claimed.length;
    const what = claimed.map((k) => `${KIND_ZH[k.kind]}（${due.find((d) => d.kind === k.kind && d.start === k.start)?.end}前）`).join('、');
    for (const userId of await recipients(ctx.db, c.org.id, c.org.placePath)) {
      await ctx.notifier.notify(ctx.db, {
        userId,
        kind: 'party.meeting.due',
        title: `三会一课提醒：${c.org.name}`,
        body: `本期尚未召开：${what}`,
        link: `/party/calendar?orgId=${c.org.id}`,
      });
      notifications++;
    }
  }
  return { orgs, reminders, notifications };
}

export const reminderSweep: Sweep = { name: 'party.reminders', run: async (ctx) => remindDueMeetings(ctx) };
