// The compliance calendar of 三会一课: for each organisation, which meetings it must hold, in which
// periods (frequencies from the settings at its place), and whether each period's meeting was held.
// A whole district (1,000+ organisations, ~50,000 meetings a year) is read in three queries — the
// organisations, the settings, and the meetings grouped by organisation, kind and month — and the
// periods are worked out in memory (meetings.ts complianceCalendar).
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { hasPermission, type Actor } from '../../core/access/policy';
import { one, rows, type Db } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { complianceCalendar, completion, type MeetingKind, type Slot } from './meetings';
import { COMMITTEE_SIZE } from './rules';
import { orgInScope, partyScope, scopeWhere } from './scope';
import { partySettingsResolver, type PartySettings } from './settings';
import type { Calendar, CalendarOrg, CalendarQueryT } from './schemas-meetings';
import './errors-meetings';

type OrgKind = CalendarOrg['kind'];

/**
 * Which meetings an organisation holds (what its calendar checks):
 * - a branch or joint branch (党支部, 联合党支部): 党员大会, 党课, 主题党日, 组织生活会, 民主评议党员, and 支委会
 *   only when it has a committee (第六章: 3 or more members; below 7 full members a branch may have
 *   a secretary alone, who holds no committee meeting);
 * - a party group (党小组): 党小组会 only — its members take part in the branch's meetings;
 * - a general branch or community party committee (党总支, 社区党委): 党员大会, 委员会会议, 党课 and 组织生活会
 *   (the 主题党日 and 民主评议 are held in its branches);
 * - the street working committee (街道党工委): its committee meetings only.
 */
export function kindsForOrg(kind: OrgKind, committeeSize: number): MeetingKind[] {
  switch (kind) {
    case 'branch':
    case 'joint_branch':
      return committeeSize >= COMMITTEE_SIZE.min
        ? ['members', 'committee', 'lecture', 'theme_day', 'life_meeting', 'appraisal']
        : ['members', 'lecture', 'theme_day', 'life_meeting', 'appraisal'];
    case 'group':
      return ['group'];
    case 'general_branch':
    case 'community_committee':
      return ['members', 'committee', 'lecture', 'life_meeting'];
    case 'working_committee':
      return ['committee'];
  }
}

/** Today's date in China (meetings and periods are calendar dates in Asia/Shanghai). */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

interface OrgRow {
  id: number;
  kind: OrgKind;
  name: string;
  placeId: number;
  placePath: string;
  placeName: string;
  communityName: string | null;
  committee: number;
}

export interface OrgCalendar {
  org: OrgRow;
  kinds: MeetingKind[];
  settings: PartySettings;
  slots: Slot[];
}

/**
 * The calendars of the live organisations matching `where` (a condition on `o`, party_orgs) over
 * [from, to] as they stand on `today`. With `exactDates` the meetings' own dates are read (one
 * organisation's page); otherwise one row per organisation and kind with the months it met in.
 */
export async function loadCalendars(db: Db, where: SQL, from: string, to: string, today: string, exactDates = false): Promise<OrgCalendar[]> {
  const orgs = await rows<OrgRow>(
    db,
    sql`SELECT o.id::int AS id, o.kind, o.name, o.place_id::int AS "placeId", o.place_path AS "placePath", pl.name AS "placeName",
               c.name AS "communityName", coalesce(cm.n, 0)::int AS committee
          FROM party_orgs o
          JOIN places pl ON pl.id = o.place_id
          LEFT JOIN places c ON c.id = NULLIF(split_part(o.place_path, '/', 4), '')::bigint AND c.kind = 'community'
          LEFT JOIN (SELECT org_id, count(*) AS n FROM party_committee_members GROUP BY org_id) cm ON cm.org_id = o.id
         WHERE o.retired_at IS NULL AND ${where}
         ORDER BY o.org_path`,
  );
  if (orgs.length === 0) return [];
  // periods are aligned to whole years at most: read from the start of from's year to the end of to's
  const lo = `${from.slice(0, 4)}-01-01`;
  const hi = `${to.slice(0, 4)}-12-31`;
  const held = new Map<number, { kind: MeetingKind; date: string }[]>();
  const add = (orgId: number, kind: MeetingKind, date: string) => {
    const list = held.get(orgId) ?? [];
    list.push({ kind, date });
    held.set(orgId, list);
  };
  // a members' or committee meeting without its quorum (第十一条, 第十二条) could not proceed: it does not count as held
  const valid = sql`(m.kind NOT IN ('members', 'committee') OR (m.entitled > 0 AND m.present * 2 >= m.entitled))`;
  if (exactDates) {
    const found = await rows<{ orgId: number; kind: MeetingKind; heldOn: string }>(
      db,
      sql`SELECT m.org_id::int AS "orgId", m.kind, m.held_on::text AS "heldOn" FROM party_meetings m JOIN party_orgs o ON o.id = m.org_id
           WHERE o.retired_at IS NULL AND ${where} AND m.held_on BETWEEN ${lo}::date AND ${hi}::date AND ${valid}`,
    );
    for (const f of found) add(f.orgId, f.kind, f.heldOn);
  } else {
    // every frequency is a whole number of months, so the months an organisation met in decide each
    // period: one row per organisation, kind and year with the months as bits (cheaper than text)
    const found = await rows<{ orgId: number; kind: MeetingKind; y: number; months: number }>(
      db,
      sql`SELECT m.org_id::int AS "orgId", m.kind, extract(year FROM m.held_on)::int AS y, bit_or(1 << (extract(month FROM m.held_on)::int - 1)) AS months
            FROM party_meetings m JOIN party_orgs o ON o.id = m.org_id
           WHERE o.retired_at IS NULL AND ${where} AND m.held_on BETWEEN ${lo}::date AND ${hi}::date AND ${valid}
           GROUP BY 1, 2, 3`,
    );
    for (const f of found) for (let b = 0; b < 12; b++) if (f.months & (1 << b)) add(f.orgId, f.kind, `${f.y}-${String(b + 1).padStart(2, '0')}-01`);
  }
  const settingsAt = await partySettingsResolver(db);
  return orgs.map((org) => {
    const settings = settingsAt(org.placePath);
    const kinds = kindsForOrg(org.kind, org.committee);
    const slots = complianceCalendar(kinds, settings.frequencies, held.get(org.id) ?? [], from, to, today, settings.remindDays);
    return { org, kinds, settings, slots };
  });
}

/** held / due in percent to one decimal, rounded half up, computed in integers. */
export function percentOf(held: number, due: number): string | null {
  if (due === 0) return null;
  const tenths = Math.floor((held * 2000 + due) / (2 * due));
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

function figures(slots: Slot[]) {
  const c = completion(slots);
  return {
    held: c.held,
    due: c.due,
    percent: percentOf(c.held, c.due),
    missing: slots.filter((s) => s.status === 'missing').length,
    dueSoon: slots.filter((s) => s.status === 'due_soon').length,
  };
}

const byName = new Intl.Collator('zh-CN');

/** Worst first: the lowest completion (compared exactly), then the most missing, the most due soon, the name. */
function worstFirst(a: CalendarOrg, b: CalendarOrg): number {
  // nothing due yet counts as complete
  const an = a.due === 0 ? 1 : a.held, ad = a.due === 0 ? 1 : a.due;
  const bn = b.due === 0 ? 1 : b.held, bd = b.due === 0 ? 1 : b.due;
  return an * bd - bn * ad || b.missing - a.missing || b.dueSoon - a.dueSoon || byName.compare(a.name, b.name) || a.id - b.id;
}

const MAX_RANGE_DAYS = 3 * 366;

/** The calendar of one organisation (orgId) or the summary over the actor's scope, under a place if given. */
export async function calendarView(ctx: AppContext, actor: Actor, q: CalendarQueryT, today = chinaToday()): Promise<Calendar> {
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? `${today.slice(0, 4)}-12-31`;
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(span >= 0) || span > MAX_RANGE_DAYS) throw new AppError('PARTY_CALENDAR_RANGE_INVALID', { from, to });
  let where: SQL;
  if (q.orgId) {
    const o = await orgInScope(ctx.db, actor, 'party.view', q.orgId);
    where = sql`o.id = ${o.id}`;
  } else {
    if (!hasPermission(actor, 'party.view')) throw new AppError('FORBIDDEN', { permission: 'party.view' });
    const s = await partyScope(ctx.db, actor, 'party.view');
    where = scopeWhere(s, sql`o.org_path`, sql`o.place_path`);
    if (q.placeId) {
      const p = await getPlace(ctx.db, q.placeId);
      if (!p) throw new AppError('PLACE_NOT_FOUND', { id: q.placeId });
      // the place must overlap the scope: inside an office's area, or holding (or above) one of the actor's organisations
      const overlaps =
        s.placePaths.some((sp) => p.path.startsWith(sp) || sp.startsWith(p.path)) ||
        !!(await one(ctx.db, sql`SELECT 1 FROM party_orgs o WHERE o.retired_at IS NULL AND ${where} AND o.place_path LIKE ${p.path + '%'} LIMIT 1`));
      if (!overlaps) throw new AppError('NOT_IN_SCOPE', { permission: 'party.view' });
      where = sql`${where} AND o.place_path LIKE ${p.path + '%'}`;
    }
  }
  const calendars = await loadCalendars(ctx.db, where, from, to, today, !!q.orgId);
  const orgs: CalendarOrg[] = calendars.map((c) => ({
    id: c.org.id,
    name: c.org.name,
    kind: c.org.kind,
    placeId: c.org.placeId,
    placeName: c.org.placeName,
    communityName: c.org.communityName,
    kinds: c.kinds,
    ...figures(c.slots),
  }));
  orgs.sort(worstFirst);
  const sum = (k: 'held' | 'due' | 'missing' | 'dueSoon') => orgs.reduce((n, o) => n + o[k], 0);
  const totals = { orgs: orgs.length, held: sum('held'), due: sum('due'), percent: percentOf(sum('held'), sum('due')), missing: sum('missing'), dueSoon: sum('dueSoon') };
  const single = q.orgId ? calendars[0] : undefined;
  return {
    from,
    to,
    today,
    totals,
    orgs,
    slots: single ? single.slots : null,
    frequencies: single ? Object.fromEntries(single.kinds.map((k) => [k, single.settings.frequencies[k]])) : null,
  };
}
