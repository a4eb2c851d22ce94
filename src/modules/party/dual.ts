// 双报到 (dual reporting): organisations and in-service party members register at the community
// where they live (DOMAIN.md §6). This file holds the registrations and the helpers the other
// dual-*.ts files share: where a member lives, the office's scope, the member's own registration.
//
// Access: the office roles (dual.manage) act inside their place subtree; a member (dual.mine) acts
// only for themselves, and only at the community where they live.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../core/errors';
import { assertInScope, scopeCondition, scopePaths, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import type { AppContext } from '../../core/manifest';
import { one, rows, type Db } from '../../core/db/client';
import type { RegistrationBodyT, RegistrationDtoT, RegistrationQueryT } from './schemas-dual';
import './errors-dual';

export const MANAGE = 'dual.manage';

/** Calendar dates are Beijing dates: "today" and "this year" are read in Asia/Shanghai. */
export const TODAY = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;
export const THIS_YEAR = sql`extract(year FROM (now() AT TIME ZONE 'Asia/Shanghai'))::int`;

export async function currentYear(db: Db): Promise<number> {
  return (await one<{ y: number }>(db, sql`SELECT ${THIS_YEAR} AS y`))!.y;
}

/** served_on inside `year` (a range, so the (registration_id, served_on) index serves it). */
export function inYear(col: SQL, year: number): SQL {
  return sql`${col} >= make_date(${year}::int, 1, 1) AND ${col} < make_date(${year}::int + 1, 1, 1)`;
}

/** Exact minutes as h:mm (the letter and the XLSX; the web has its own copy of this one line). */
export function hm(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface Community {
  id: number;
  path: string;
  name: string;
}

export async function communityOf(db: Db, placeId: number): Promise<Community> {
  const c = await one<Community & { kind: string }>(db, sql`SELECT id::int AS id, path, name, kind FROM places WHERE id = ${placeId} AND retired_at IS NULL`);
  if (!c || c.kind !== 'community') throw new AppError('DUAL_NOT_A_COMMUNITY', { placeId });
  return { id: c.id, path: c.path, name: c.name };
}

export interface MemberRef {
  id: number;
  personId: number;
  name: string;
  category: 'in_service' | 'retired' | 'other';
  employer: string | null;
  /** the community where they live: from their recorded unit, else from their household */
  home: Community | null;
}

const MEMBER_COLS = sql`m.id::int AS id, m.person_id::int AS "personId", p.name, m.category, m.employer, m.place_path AS "placePath"`;

async function withHome(db: Db, m: Omit<MemberRef, 'home'> & { placePath: string | null }): Promise<MemberRef> {
  const { placePath, ...rest } = m;
  const home = await one<Community>(
    db,
    placePath
      ? sql`SELECT id::int AS id, path, name FROM places WHERE kind = 'community' AND ${placePath} LIKE path || '%' LIMIT 1`
      : sql`SELECT c.id::int AS id, c.path, c.name FROM household_members hm
              JOIN households h ON h.id = hm.household_id AND h.retired_at IS NULL
              JOIN places u ON u.id = h.unit_id
              JOIN places c ON c.kind = 'community' AND u.path LIKE c.path || '%'
             WHERE hm.person_id = ${m.personId} ORDER BY hm.since DESC NULLS LAST, h.id LIMIT 1`,
  );
  return { ...rest, home: home ?? null };
}

/** A party member on the roll (not left), by member id. */
export async function memberById(db: Db, memberId: number): Promise<MemberRef> {
  const m = await one<Omit<MemberRef, 'home'> & { placePath: string | null }>(
    db,
    sql`SELECT ${MEMBER_COLS} FROM party_members m JOIN persons p ON p.id = m.person_id WHERE m.id = ${memberId} AND m.left_on IS NULL`,
  );
  if (!m) throw new AppError('DUAL_MEMBER_NOT_FOUND', { memberId });
  return withHome(db, m);
}

/** The caller as a party member on the roll (the phone pages); 403 for anyone else. */
export async function myMember(db: Db, actor: Actor): Promise<MemberRef> {
  const m = actor.personId
    ? await one<Omit<MemberRef, 'home'> & { placePath: string | null }>(
        db,
        sql`SELECT ${MEMBER_COLS} FROM party_members m JOIN persons p ON p.id = m.person_id WHERE m.person_id = ${actor.personId} AND m.left_on IS NULL`,
      )
    : undefined;
  if (!m) throw new AppError('DUAL_NOT_A_MEMBER');
  return withHome(db, m);
}

export interface RegistrationRef {
  id: number;
  communityId: number;
  communityPath: string;
  kind: 'member' | 'organisation';
  memberId: number | null;
  ended: boolean;
}

export async function registrationRow(db: Db, id: number, forUpdate = false): Promise<RegistrationRef> {
  const r = await one<RegistrationRef>(
    db,
    sql`SELECT id::int AS id, community_id::int AS "communityId", community_path AS "communityPath", kind, member_id::int AS "memberId",
               ended_on IS NOT NULL AS ended FROM dual_registrations WHERE id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!r) throw new AppError('DUAL_REGISTRATION_NOT_FOUND', { id });
  return r;
}

/** An office user's registration inside their area (403 outside it). */
export async function officeRegistration(db: Db, actor: Actor, id: number, forUpdate = false): Promise<RegistrationRef> {
  const r = await registrationRow(db, id, forUpdate);
  assertInScope(actor, MANAGE, r.communityPath);
  return r;
}

/** The member's active registration at the community where they live (409 when none). */
export async function myRegistration(db: Db, actor: Actor): Promise<{ member: MemberRef; reg: RegistrationRef }> {
  const member = await myMember(db, actor);
  const found = await one<{ id: number }>(db, sql`SELECT id::int AS id FROM dual_registrations WHERE member_id = ${member.id} AND ended_on IS NULL ORDER BY id DESC LIMIT 1`);
  if (!found) throw new AppError('DUAL_NOT_REGISTERED');
  return { member, reg: await registrationRow(db, found.id) };
}

/** Where the office may look: their subtrees, narrowed to one community when asked (403 outside). */
export async function officeWhere(db: Db, actor: Actor, pathCol: SQL, communityId?: number): Promise<SQL> {
  const scope = scopeCondition(pathCol, scopePaths(actor, MANAGE));
  if (communityId === undefined) return scope;
  const c = await communityOf(db, communityId);
  assertInScope(actor, MANAGE, c.path);
  return sql`${scope} AND ${pathCol} = ${c.path}`;
}

// --- the registrations -----------------------------------------------------------------------

function registrationSelect(year: number): SQL {
  return sql`SELECT r.id::int AS id, r.community_id::int AS "communityId", c.name AS "communityName", r.kind, r.member_id::int AS "memberId",
      COALESCE(p.name, r.org_name) AS name, m.employer, r.contact_name AS "contactName", r.contact_phone AS "contactPhone",
      r.registered_on::text AS "registeredOn", r.ended_on::text AS "endedOn", ${year}::int AS year,
      COALESCE((SELECT sum(h.minutes) FROM dual_hours h WHERE h.registration_id = r.id AND h.status = 'confirmed' AND ${inYear(sql`h.served_on`, year)}), 0)::int AS "confirmedMinutes",
      COALESCE((SELECT sum(h.minutes) FROM dual_hours h WHERE h.registration_id = r.id AND h.status = 'pending' AND ${inYear(sql`h.served_on`, year)}), 0)::int AS "pendingMinutes",
      (SELECT count(*) FROM dual_claims k WHERE k.registration_id = r.id AND k.withdrawn_at IS NULL)::int AS "activeClaims",
      (SELECT e.grade FROM dual_evaluations e WHERE e.registration_id = r.id AND e.year = ${year}::int) AS grade
    FROM dual_registrations r JOIN places c ON c.id = r.community_id
    LEFT JOIN party_members m ON m.id = r.member_id LEFT JOIN persons p ON p.id = m.person_id`;
}

export async function registrationView(db: Db, id: number, year?: number): Promise<RegistrationDtoT> {
  const y = year ?? (await currentYear(db));
  return (await one<RegistrationDtoT>(db, sql`${registrationSelect(y)} WHERE r.id = ${id}`))!;
}

export async function listRegistrations(ctx: AppContext, actor: Actor, q: RegistrationQueryT) {
  const year = q.year ?? (await currentYear(ctx.db));
  const status = q.status ?? 'active';
  const where = sql.join(
    [
      await officeWhere(ctx.db, actor, sql`r.community_path`, q.communityId),
      q.kind ? sql`r.kind = ${q.kind}` : sql`true`,
      status === 'active' ? sql`r.ended_on IS NULL` : status === 'ended' ? sql`r.ended_on IS NOT NULL` : sql`true`,
      q.q ? sql`(r.org_name ILIKE ${'%' + q.q + '%'} OR p.name ILIKE ${'%' + q.q + '%'} OR m.employer ILIKE ${'%' + q.q + '%'})` : sql`true`,
    ],
    sql` AND `,
  );
  const items = await rows<RegistrationDtoT>(ctx.db, sql`${registrationSelect(year)} WHERE ${where} ORDER BY r.ended_on NULLS FIRST, r.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM dual_registrations r LEFT JOIN party_members m ON m.id = r.member_id LEFT JOIN persons p ON p.id = m.person_id WHERE ${where}`,
  );
  return { items, total: total!.n };
}

/** Insert a registration; a second active one for the same member or organisation is refused by the unique indexes. */
async function insertRegistration(tx: Db, actor: Actor, c: Community, v: { kind: 'member' | 'organisation'; memberId: number | null; orgName: string | null; contactName: string | null; contactPhone: string | null }): Promise<number> {
  // ON CONFLICT DO NOTHING: the partial unique indexes decide between concurrent registrations
  // without aborting the transaction; the loser learns it from the empty RETURNING
  const r = await one<{ id: number }>(
    tx,
    sql`INSERT INTO dual_registrations (community_id, community_path, kind, member_id, org_name, contact_name, contact_phone, registered_on, created_by)
        VALUES (${c.id}, ${c.path}, ${v.kind}, ${v.memberId}, ${v.orgName}, ${v.contactName}, ${v.contactPhone}, ${TODAY}, ${actor.userId})
        ON CONFLICT DO NOTHING RETURNING id::int AS id`,
  );
  if (!r) throw new AppError('DUAL_ALREADY_REGISTERED', { communityId: c.id });
  await recordAudit(tx, auditActor(actor), { action: 'dual.registration.create', entity: 'dual_registration', entityId: r.id, placePath: c.path, after: { communityId: c.id, ...v } });
  return r.id;
}

function assertRegistrable(member: MemberRef, communityId: number): void {
  if (member.category !== 'in_service') throw new AppError('DUAL_NOT_IN_SERVICE', { memberId: member.id });
  if (!member.home) throw new AppError('DUAL_NO_HOME', { memberId: member.id });
  if (member.home.id !== communityId) throw new AppError('DUAL_NOT_RESIDENT', { communityId, home: member.home.id });
}

/** The office registers an organisation or a member (who must live in the community). */
export async function registerByOffice(ctx: AppContext, actor: Actor, body: RegistrationBodyT): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const c = await communityOf(tx, body.communityId);
    assertInScope(actor, MANAGE, c.path);
    const contact = { contactName: body.contactName?.trim() || null, contactPhone: body.contactPhone?.trim() || null };
    if (body.kind === 'organisation') {
      const orgName = body.orgName?.trim();
      if (!orgName || body.memberId !== undefined) throw new AppError('DUAL_ORG_FIELDS');
      return insertRegistration(tx, actor, c, { kind: 'organisation', memberId: null, orgName, ...contact });
    }
    if (body.memberId === undefined || body.orgName !== undefined) throw new AppError('DUAL_MEMBER_FIELDS');
    const member = await memberById(tx, body.memberId);
    assertRegistrable(member, c.id);
    return insertRegistration(tx, actor, c, { kind: 'member', memberId: member.id, orgName: null, ...contact });
  });
}

/** A member registers themselves at the community where they live. */
export async function registerMyself(ctx: AppContext, actor: Actor, communityId?: number): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const member = await myMember(tx, actor);
    const target = communityId ?? member.home?.id;
    if (target === undefined) throw new AppError('DUAL_NO_HOME');
    assertRegistrable(member, target);
    return insertRegistration(tx, actor, member.home!, { kind: 'member', memberId: member.id, orgName: null, contactName: null, contactPhone: null });
  });
}

/** End a registration (today); its active claims are withdrawn and their places freed. */
export async function endRegistration(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const r = await officeRegistration(tx, actor, id, true);
    if (r.ended) throw new AppError('DUAL_REGISTRATION_ENDED', { id });
    const freed = await rows<{ post_id: number }>(tx, sql`UPDATE dual_claims SET withdrawn_at = now() WHERE registration_id = ${id} AND withdrawn_at IS NULL RETURNING post_id::int AS post_id`);
    for (const f of freed) await tx.execute(sql`UPDATE dual_posts SET claimed = claimed - 1 WHERE id = ${f.post_id}`);
    await tx.execute(sql`UPDATE dual_registrations SET ended_on = ${TODAY} WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: 'dual.registration.end', entity: 'dual_registration', entityId: id, placePath: r.communityPath, after: { withdrawnClaims: freed.length } });
  });
}

/** In-service members living in the community and not registered there yet (the register dialog's picker). */
export async function memberCandidates(ctx: AppContext, actor: Actor, communityId: number, q?: string) {
  const c = await communityOf(ctx.db, communityId);
  assertInScope(actor, MANAGE, c.path);
  return rows<{ memberId: number; name: string; employer: string | null }>(
    ctx.db,
    sql`SELECT m.id::int AS "memberId", p.name, m.employer FROM party_members m JOIN persons p ON p.id = m.person_id
         WHERE m.left_on IS NULL AND m.category = 'in_service' AND m.place_path LIKE ${c.path + '%'}
           ${q ? sql`AND (p.name ILIKE ${'%' + q + '%'} OR m.employer ILIKE ${'%' + q + '%'})` : sql``}
           AND NOT EXISTS (SELECT 1 FROM dual_registrations r WHERE r.member_id = m.id AND r.community_id = ${c.id} AND r.ended_on IS NULL)
         ORDER BY p.name, m.id LIMIT 50`,
  );
}
