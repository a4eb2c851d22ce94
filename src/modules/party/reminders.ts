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

/** Who hears of each organisation: its secretary's accounts, and the community workers over its place. */
async function recipientsByOrg(db: Db, orgs: { id: number; placePath: string }[]): Promise<Map<number, number[]>> {
  const secretaries = await rows<{ orgId: number; userId: number }>(
    db,
    sql`SELECT c.org_id::int AS "orgId", u.id::int AS "userId" FROM party_committee_members c
          JOIN users u ON u.person_id = c.person_id AND u.disabled_at IS NULL
         WHERE c.post = 'secretary' AND c.org_id IN (SELECT unnest(${arrayLiteral(orgs.map((o) => o.id), 'bigint')}::bigint[]))`,
  );
  const workers = await rows<{ path: string; userId: number }>(
    db,
    sql`SELECT p.path, r.user_id::int AS "userId" FROM role_assignments r JOIN places p ON p.id = r.place_id JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
         WHERE r.role = 'community_worker' AND r.revoked_at IS NULL`,
  );
  const out = new Map<number, number[]>();
  for (const o of orgs) {
    const ids = new Set([...secretaries.filter((s) => s.orgId === o.id), ...workers.filter((w) => o.placePath.startsWith(w.path))].map((x) => x.userId));
    out.set(o.id, [...ids].sort((a, b) => a - b));
  }
  return out;
}

export async function remindDueMeetings(ctx: AppContext, today = chinaToday()): Promise<{ orgs: number; reminders: number; notifications: number }> {
  // only the periods that contain today can be due soon
  const calendars = await loadCalendars(ctx.db, sql`true`, today, today, today);
  const due = calendars.flatMap((c) => c.slots.filter((s) => s.status === 'due_soon').map((s) => ({ org: c.org, ...s })));
  if (due.length === 0) return { orgs: 0, reminders: 0, notifications: 0 };
  // claim every due period at once; those another sweep already claimed do not come back
  const claimed = await rows<{ orgId: number; kind: MeetingKind; start: string }>(
    ctx.db,
    sql`INSERT INTO party_reminders (org_id, kind, period_start)
        SELECT d.org_id, d.kind, d.start FROM unnest(${arrayLiteral(due.map((d) => d.org.id), 'bigint')}::bigint[],
          ${arrayLiteral(due.map((d) => d.kind), 'text')}::text[], ${arrayLiteral(due.map((d) => d.start), 'date')}::date[]) AS d(org_id, kind, start)
        -- one order for every sweep, so two racing sweeps wait on each other instead of deadlocking
        ORDER BY d.org_id, d.kind
        ON CONFLICT DO NOTHING
        RETURNING org_id::int AS "orgId", kind, period_start::text AS start`,
  );
  const key = (orgId: number, kind: string, start: string) => `${orgId}|${kind}|${start}`;
  const dueByKey = new Map(due.map((d) => [key(d.org.id, d.kind, d.start), d]));
  const byOrg = new Map<number, typeof due>();
  for (const c of claimed) {
    const d = dueByKey.get(key(c.orgId, c.kind, c.start))!;
    byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), d]);
  }
  const orgs = [...byOrg.values()].map((list) => list[0].org);
  const recipients = await recipientsByOrg(ctx.db, orgs);
  let notifications = 0;
  for (const org of orgs) {
    const what = byOrg.get(org.id)!.map((d) => `${KIND_ZH[d.kind]}（${d.end}前）`).join('、');
    for (const userId of recipients.get(org.id) ?? []) {
      await ctx.notifier.notify(ctx.db, { userId, kind: 'party.meeting.due', title: `三会一课提醒：${org.name}`, body: `本期尚未召开：${what}`, link: `/party/calendar?orgId=${org.id}` });
      notifications++;
    }
  }
  return { orgs: orgs.length, reminders: claimed.length, notifications };
}

export const reminderSweep: Sweep = { name: 'party.reminders', run: async (ctx) => remindDueMeetings(ctx) };
