// 三会一课 records: a meeting is recorded once held, with who should have come and who did, the
// quorum verdict and, for a members' meeting, its motions.
//
// law — 《中国共产党支部工作条例（试行）》:
// - 第十一条: at a members' meeting (党员大会) a vote needs at least half of the members with a vote
//   present; a motion passes with MORE than half of those with a vote who should attend in favour
//   (not of those present). Probationary members attend without a vote.
// - 第十二条: a committee meeting (支委会) needs at least half of the committee present.
// Who should attend is fixed when the meeting is recorded: the full and probationary members of the
// organisation and the organisations below it (a committee meeting: its committee). Members not
// listed are recorded absent, so nobody can be left out of the count. Those on leave still count as
// members who should attend.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { hasPermission, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { arrayLiteral, isoTime } from '../../core/db/sql';
import { one, rows, type Db } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { MEETING_ARTICLES, motionPasses, quorate, type MeetingKind } from './meetings';
import { chinaToday, kindsForOrg } from './calendar';
import { orgInScope, partyScope, scopeWhere, type OrgRef } from './scope';
import type { MeetingCreateT, MeetingDetail, MeetingListQueryT, MeetingPatchT, MeetingSummary } from './schemas-meetings';
import './errors';
import './errors-meetings';

type Status = 'present' | 'leave' | 'absent';
interface Entitled {
  memberId: number;
  voting: boolean;
}
type MotionInput = NonNullable<MeetingCreateT['motions']>[number];

/** The meeting kinds with a quorum rule and the article that sets it. */
function quorumRule(kind: MeetingKind): 'members' | 'committee' | null {
  return kind === 'members' || kind === 'committee' ? kind : null;
}

/** Who should attend a meeting of this kind of the organisation, as recorded now. */
async function rosterOf(db: Db, org: OrgRef, kind: MeetingKind): Promise<Entitled[]> {
  if (kind === 'committee') {
    // the committee's members sit with a vote; their membership may be in a branch below (a general branch's committee)
    return rows<Entitled>(
      db,
      sql`SELECT pm.id::int AS "memberId", true AS voting FROM party_committee_members c
            JOIN party_members pm ON pm.person_id = c.person_id AND pm.org_id IS NOT NULL
           WHERE c.org_id = ${org.id} ORDER BY pm.id`,
    );
  }
  return rows<Entitled>(
    db,
    sql`SELECT pm.id::int AS "memberId", pm.status = 'full' AS voting FROM party_members pm JOIN party_orgs o ON o.id = pm.org_id
         WHERE o.org_path LIKE ${org.orgPath + '%'} AND o.retired_at IS NULL ORDER BY pm.id`,
  );
}

/** The attendance of everyone entitled (unlisted: absent), checked against the roster. */
function attendanceOf(roster: Entitled[], given: { memberId: number; status: Status }[]): (Entitled & { status: Status })[] {
  const byId = new Map(roster.map((r) => [r.memberId, r]));
  const seen = new Map<number, Status>();
  const wrong = given.filter((g) => !byId.has(g.memberId) || seen.has(g.memberId) || !seen.set(g.memberId, g.status));
  if (wrong.length) throw new AppError('PARTY_MEETING_ATTENDANCE_INVALID', { memberIds: wrong.map((w) => w.memberId) });
  return roster.map((r) => ({ ...r, status: seen.get(r.memberId) ?? 'absent' }));
}

/** 第十一条: motions only at a members' meeting that is quorate, each count within those present with a vote. */
function decideMotions(kind: MeetingKind, motions: MotionInput[], entitled: number, present: number) {
  if (motions.length === 0) return [];
  if (kind !== 'members') throw new AppError('PARTY_MEETING_MOTIONS_NOT_ALLOWED', { kind });
  if (!quorate(present, entitled)) throw new AppError('PARTY_MEETING_NOT_QUORATE', { article: MEETING_ARTICLES.members, entitled, present });
  return motions.map((m) => {
    if (m.inFavour + m.against + m.abstain > present) throw new AppError('PARTY_MEETING_VOTES_INCONSISTENT', { title: m.title, present });
    return { ...m, passed: motionPasses(m.inFavour, entitled) };
  });
}

function checkDate(heldOn: string): void {
  if (heldOn > chinaToday()) throw new AppError('PARTY_MEETING_IN_FUTURE', { heldOn, today: chinaToday() });
}

async function writeAttendance(tx: Db, meetingId: number, list: (Entitled & { status: Status })[]): Promise<void> {
  await tx.execute(sql`DELETE FROM party_meeting_attendance WHERE meeting_id = ${meetingId}`);
  if (list.length === 0) return;
  await tx.execute(sql`INSERT INTO party_meeting_attendance (meeting_id, member_id, status, voting)
    SELECT ${meetingId}, a.member_id, a.status, a.voting
      FROM unnest(${arrayLiteral(list.map((a) => a.memberId), 'bigint')}::bigint[], ${arrayLiteral(list.map((a) => a.status), 'text')}::text[],
                  ${arrayLiteral(list.map((a) => a.voting), 'boolean')}::boolean[]) AS a(member_id, status, voting)`);
}

async function writeMotions(tx: Db, meetingId: number, motions: (MotionInput & { passed: boolean })[]): Promise<void> {
  await tx.execute(sql`DELETE FROM party_meeting_motions WHERE meeting_id = ${meetingId}`);
  for (const m of motions) {
    await tx.execute(sql`INSERT INTO party_meeting_motions (meeting_id, title, in_favour, against, abstain, passed)
                         VALUES (${meetingId}, ${m.title}, ${m.inFavour}, ${m.against}, ${m.abstain}, ${m.passed})`);
  }
}

const tally = (list: (Entitled & { status: Status })[]) => ({
  entitled: list.filter((a) => a.voting).length,
  present: list.filter((a) => a.voting && a.status === 'present').length,
});

/** Who should attend a meeting of `kind` of the organisation, with names, and the kinds it holds (the form's checklist). */
export async function meetingRoster(ctx: AppContext, actor: Actor, orgId: number, kind: MeetingKind) {
  const org = await orgInScope(ctx.db, actor, 'party.meetings.manage', orgId);
  const kinds = await kindsOf(ctx.db, org);
  const list = kinds.includes(kind) ? await rosterOf(ctx.db, org, kind) : [];
  const names = await rows<{ memberId: number; name: string }>(
    ctx.db,
    sql`SELECT pm.id::int AS "memberId", p.name FROM party_members pm JOIN persons p ON p.id = pm.person_id
         WHERE pm.id IN (SELECT unnest(${arrayLiteral(list.map((l) => l.memberId), 'bigint')}::bigint[]))`,
  );
  const nameOf = new Map(names.map((n) => [n.memberId, n.name]));
  return { kinds, entitled: list.map((l) => ({ ...l, name: nameOf.get(l.memberId) ?? '' })) };
}

async function kindsOf(db: Db, org: OrgRef): Promise<MeetingKind[]> {
  const committee = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM party_committee_members WHERE org_id = ${org.id}`);
  return kindsForOrg(org.kind as Parameters<typeof kindsForOrg>[0], committee!.n);
}

export async function createMeeting(ctx: AppContext, actor: Actor, input: MeetingCreateT): Promise<number> {
  checkDate(input.heldOn);
  return ctx.db.transaction(async (tx) => {
    const org = await orgInScope(tx, actor, 'party.meetings.manage', input.orgId);
    if (!(await kindsOf(tx, org)).includes(input.kind)) {
      throw new AppError('PARTY_MEETING_KIND_NOT_APPLICABLE', { orgKind: org.kind, kind: input.kind });
    }
    const list = attendanceOf(await rosterOf(tx, org, input.kind), input.attendance);
    const { entitled, present } = tally(list);
    const motions = decideMotions(input.kind, input.motions ?? [], entitled, present);
    const row = await one<{ id: number }>(
      tx,
      sql`INSERT INTO party_meetings (org_id, kind, held_on, topic, location, minutes, entitled, present, created_by)
          VALUES (${org.id}, ${input.kind}, ${input.heldOn}, ${input.topic}, ${input.location || null}, ${input.minutes || null}, ${entitled}, ${present}, ${actor.userId})
          RETURNING id::int AS id`,
    );
    const id = row!.id;
    await writeAttendance(tx, id, list);
    await writeMotions(tx, id, motions);
    await recordAudit(tx, auditActor(actor), {
      action: 'party.meeting.create',
      entity: 'party_meeting',
      entityId: id,
      placePath: org.placePath,
      after: { orgId: org.id, kind: input.kind, heldOn: input.heldOn, topic: input.topic, entitled, present, motions: motions.map((m) => ({ title: m.title, passed: m.passed })) },
    });
    return id;
  });
}

interface MeetingRow {
  id: number;
  orgId: number;
  kind: MeetingKind;
  heldOn: string;
  topic: string;
  location: string | null;
  minutes: string | null;
  entitled: number;
  present: number;
  version: number;
}

const MEETING_COLS = sql`m.id::int AS id, m.org_id::int AS "orgId", m.kind, m.held_on::text AS "heldOn", m.topic, m.location, m.minutes,
  m.entitled, m.present, m.version`;

async function meetingRow(db: Db, id: number, forUpdate = false): Promise<MeetingRow> {
  const m = await one<MeetingRow>(db, sql`SELECT ${MEETING_COLS} FROM party_meetings m WHERE m.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  if (!m) throw new AppError('PARTY_MEETING_NOT_FOUND', { id });
  return m;
}

/** The meeting and its organisation, checked against the actor's scope for `permission`. */
export async function meetingFor(db: Db, actor: Actor, id: number, permission: string, forUpdate = false): Promise<{ m: MeetingRow; org: OrgRef }> {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
  const m = await meetingRow(db, id, forUpdate);
  return { m, org: await orgInScope(db, actor, permission, m.orgId) };
}

export async function updateMeeting(ctx: AppContext, actor: Actor, id: number, patch: MeetingPatchT): Promise<void> {
  if (patch.heldOn) checkDate(patch.heldOn);
  await ctx.db.transaction(async (tx) => {
    const { m, org } = await meetingFor(tx, actor, id, 'party.meetings.manage', true);
    if (m.version !== patch.version) throw new AppError('CONFLICT', { version: m.version });
    // who should attend was fixed when the meeting was recorded; only their attendance changes
    const before = await rows<Entitled & { status: Status }>(
      tx,
      sql`SELECT member_id::int AS "memberId", voting, status FROM party_meeting_attendance WHERE meeting_id = ${id} ORDER BY member_id`,
    );
    const list = patch.attendance ? attendanceOf(before.map(({ memberId, voting }) => ({ memberId, voting })), patch.attendance) : before;
    const { entitled, present } = tally(list);
    const oldMotions = await rows<MotionInput>(
      tx,
      sql`SELECT title, in_favour AS "inFavour", against, abstain FROM party_meeting_motions WHERE meeting_id = ${id} ORDER BY id`,
    );
    // a changed attendance re-decides the motions already recorded
    const motions = decideMotions(m.kind, patch.motions ?? oldMotions, entitled, present);
    await tx.execute(sql`UPDATE party_meetings SET
        held_on = ${patch.heldOn ?? m.heldOn}, topic = ${patch.topic ?? m.topic},
        location = ${patch.location === undefined ? m.location : patch.location || null},
        minutes = ${patch.minutes === undefined ? m.minutes : patch.minutes || null},
        entitled = ${entitled}, present = ${present}, updated_at = now(), version = version + 1
      WHERE id = ${id}`);
    if (patch.attendance) await writeAttendance(tx, id, list);
    if (patch.motions || patch.attendance) await writeMotions(tx, id, motions);
    const { version: _v, ...changes } = patch;
    await recordAudit(tx, auditActor(actor), {
      action: 'party.meeting.update',
      entity: 'party_meeting',
      entityId: id,
      placePath: org.placePath,
      before: { heldOn: m.heldOn, topic: m.topic, entitled: m.entitled, present: m.present, motions: oldMotions.length },
      after: { ...changes, attendance: patch.attendance ? patch.attendance.length : undefined, entitled, present },
    });
  });
}

/** Remove a meeting recorded in error: those who may record the organisation's meetings, audited with what it held. */
export async function deleteMeeting(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { m, org } = await meetingFor(tx, actor, id, 'party.meetings.manage', true);
    const files = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM party_meeting_files WHERE meeting_id = ${id}`);
    await tx.execute(sql`DELETE FROM party_meetings WHERE id = ${id}`);
    const { minutes: _m, ...kept } = m;
    await recordAudit(tx, auditActor(actor), { action: 'party.meeting.delete', entity: 'party_meeting', entityId: id, placePath: org.placePath, before: { ...kept, files: files!.n } });
  });
}

const SUMMARY_FROM = sql`FROM party_meetings m JOIN party_orgs o ON o.id = m.org_id JOIN places pl ON pl.id = o.place_id`;
const SUMMARY_COLS = sql`${MEETING_COLS}, o.name AS "orgName", o.kind AS "orgKind", pl.name AS "placeName",
  (SELECT count(*)::int FROM party_meeting_motions x WHERE x.meeting_id = m.id) AS motions,
  (SELECT count(*)::int FROM party_meeting_files f WHERE f.meeting_id = m.id) AS files`;

function summary(r: MeetingRow & { orgName: string; orgKind: MeetingSummary['orgKind']; placeName: string; motions: number; files: number }): MeetingSummary {
  const { minutes: _m, ...rest } = r;
  return { ...rest, quorate: quorumRule(r.kind) ? quorate(r.present, r.entitled) : null };
}

/** Meetings of the organisations in the actor's scope, newest first. */
export async function listMeetings(ctx: AppContext, actor: Actor, q: MeetingListQueryT) {
  if (!hasPermission(actor, 'party.view')) throw new AppError('FORBIDDEN', { permission: 'party.view' });
  let where = scopeWhere(await partyScope(ctx.db, actor, 'party.view'), sql`o.org_path`, sql`o.place_path`);
  if (q.orgId) {
    const org = await orgInScope(ctx.db, actor, 'party.view', q.orgId);
    where = sql`${where} AND o.org_path LIKE ${org.orgPath + '%'}`;
  }
  if (q.placeId) {
    const p = await getPlace(ctx.db, q.placeId);
    if (!p) throw new AppError('PLACE_NOT_FOUND', { id: q.placeId });
    where = sql`${where} AND o.place_path LIKE ${p.path + '%'}`;
  }
  if (q.kind) where = sql`${where} AND m.kind = ${q.kind}`;
  if (q.from) where = sql`${where} AND m.held_on >= ${q.from}::date`;
  if (q.to) where = sql`${where} AND m.held_on <= ${q.to}::date`;
  const items = await rows<Parameters<typeof summary>[0]>(
    ctx.db,
    sql`SELECT ${SUMMARY_COLS} ${SUMMARY_FROM} WHERE ${where} ORDER BY m.held_on DESC, m.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n ${SUMMARY_FROM} WHERE ${where}`);
  return { items: items.map(summary), total: total!.n };
}

export async function getMeeting(ctx: AppContext, actor: Actor, id: number): Promise<MeetingDetail> {
  await meetingFor(ctx.db, actor, id, 'party.view');
  const r = await one<Parameters<typeof summary>[0] & { createdBy: string | null }>(
    ctx.db,
    sql`SELECT ${SUMMARY_COLS}, u.display_name AS "createdBy" ${SUMMARY_FROM} LEFT JOIN users u ON u.id = m.created_by WHERE m.id = ${id}`,
  );
  const attendance = await rows<MeetingDetail['attendance'][number]>(
    ctx.db,
    sql`SELECT a.member_id::int AS "memberId", p.name, a.status, a.voting FROM party_meeting_attendance a
          JOIN party_members pm ON pm.id = a.member_id JOIN persons p ON p.id = pm.person_id
         WHERE a.meeting_id = ${id} ORDER BY a.voting DESC, p.name, a.member_id`,
  );
  const motions = await rows<Omit<MeetingDetail['motionList'][number], 'shouldAttend'>>(
    ctx.db,
    sql`SELECT id::int AS id, title, in_favour AS "inFavour", against, abstain, passed FROM party_meeting_motions WHERE meeting_id = ${id} ORDER BY id`,
  );
  const files = await rows<MeetingDetail['fileList'][number]>(
    ctx.db,
    sql`SELECT id::int AS id, filename, mime, size, sha256, ${isoTime(sql`uploaded_at`)} AS "uploadedAt" FROM party_meeting_files WHERE meeting_id = ${id} ORDER BY id`,
  );
  const s = summary(r!);
  const rule = quorumRule(s.kind);
  const count = (st: Status) => attendance.filter((a) => a.status === st).length;
  return {
    ...s,
    minutes: r!.minutes,
    createdBy: r!.createdBy,
    attendance,
    counts: { present: count('present'), leave: count('leave'), absent: count('absent') },
    quorum: rule ? { rule, entitled: s.entitled, present: s.present, quorate: quorate(s.present, s.entitled), article: MEETING_ARTICLES[rule] } : null,
    motionRule: s.kind === 'members' ? MEETING_ARTICLES.members : null,
    motionList: motions.map((m) => ({ ...m, shouldAttend: s.entitled })),
    fileList: files,
  };
}
