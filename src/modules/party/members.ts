// Party members: who they are (a person on record), full or probationary, 在职 / 银龄 / other, where
// they live (the unit; its estate and path follow), their organisation, and the transfers of their
// membership (组织关系转入 / 转出 / 内部调整) with history. Lists show names and masked phones only,
// never ID numbers. Office roles reach members living in or belonging to their places; a party
// secretary reaches the members of their own organisation (scope.ts).
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { scopeCondition, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { addressLabels, escapeLike, getPlace } from '../../core/places/repository';
import { arrayLiteral } from '../../core/db/sql';
import { idsOnPath } from '../../core/places/tree';
import { maskPhone } from '../assemblies/sms';
import { assertTreeScope, orgInScope, partyScope, scopeWhere, type OrgRef, type TreeScope } from './scope';
import type { MemberCreateT, MemberListQueryT, MemberPatchT, TransferT } from './schemas-orgs';
import './errors-orgs';

const MEMBER_ORG_KINDS = ['general_branch', 'community_committee', 'branch', 'joint_branch', 'group'];

interface MemberRow {
  id: number;
  personId: number;
  name: string;
  phone: string | null;
  status: 'full' | 'probationary';
  joinedOn: string | null;
  fullOn: string | null;
  category: 'in_service' | 'retired' | 'other';
  employer: string | null;
  organCadre: boolean;
  orgId: number | null;
  orgName: string | null;
  unitId: number | null;
  placePath: string | null;
  estateId: number | null;
  leftOn: string | null;
  version: number;
}

const COLS = sql`m.id::int AS id, m.person_id::int AS "personId", p.name, p.phone, m.status, m.joined_on::text AS "joinedOn", m.full_on::text AS "fullOn",
  m.category, m.employer, m.organ_cadre AS "organCadre", m.org_id::int AS "orgId", o.name AS "orgName", m.unit_id::int AS "unitId",
  m.place_path AS "placePath", m.estate_id::int AS "estateId", m.left_on::text AS "leftOn", m.version`;
const FROM = sql`FROM party_members m JOIN persons p ON p.id = m.person_id LEFT JOIN party_orgs o ON o.id = m.org_id`;

/** Members the scope reaches: by their organisation (office and secretaries) or, for offices, where they live. */
function memberScope(scope: TreeScope): SQL {
  return sql`(${scopeWhere(scope, sql`o.org_path`, sql`o.place_path`)} OR ${scopeCondition(sql`m.place_path`, scope.placePaths)})`;
}

async function present(db: Db, list: MemberRow[]) {
  const labels = await addressLabels(db, list.flatMap((m) => (m.placePath ? [m.placePath] : [])));
  return list.map(({ placePath, phone, ...m }) => ({ ...m, phone: phone ? maskPhone(phone) : null, address: placePath ? labels.get(placePath) ?? null : null }));
}

export async function listMembers(ctx: AppContext, actor: Actor, q: MemberListQueryT) {
  const scope = await partyScope(ctx.db, actor, 'party.view');
  const conds: SQL[] = [memberScope(scope)];
  if (!q.includeLeft) conds.push(sql`m.org_id IS NOT NULL`);
  if (q.orgId !== undefined) {
    const org = await one<{ org_path: string }>(ctx.db, sql`SELECT org_path FROM party_orgs WHERE id = ${q.orgId}`);
    if (!org) throw new AppError('PARTY_ORG_NOT_FOUND', { id: q.orgId });
    conds.push(sql`o.org_path LIKE ${org.org_path + '%'}`);
  }
  if (q.placeId !== undefined) {
    const place = await getPlace(ctx.db, q.placeId);
    if (!place) throw new AppError('PLACE_NOT_FOUND', { id: q.placeId });
    conds.push(sql`m.place_path LIKE ${place.path + '%'}`);
  }
  if (q.status) conds.push(sql`m.status = ${q.status}`);
  if (q.category) conds.push(sql`m.category = ${q.category}`);
  if (q.q) conds.push(sql`p.name ILIKE ${'%' + escapeLike(q.q) + '%'}`);
  const where = sql.join(conds, sql` AND `);
  const list = await rows<MemberRow>(ctx.db, sql`SELECT ${COLS} ${FROM} WHERE ${where} ORDER BY p.name, m.id LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n ${FROM} WHERE ${where}`))!.n;
  return { items: await present(ctx.db, list), total };
}

/** Load a member and check the actor reaches them with `permission`. */
async function memberInScope(db: Db, actor: Actor, permission: string, id: number, forUpdate = false): Promise<MemberRow & { orgPath: string | null }> {
  const m = await one<MemberRow & { orgPath: string | null; orgPlacePath: string | null }>(
    db,
    sql`SELECT ${COLS}, o.org_path AS "orgPath", o.place_path AS "orgPlacePath" ${FROM} WHERE m.id = ${id} ${forUpdate ? sql`FOR UPDATE OF m` : sql``}`,
  );
  if (!m) throw new AppError('PARTY_MEMBER_NOT_FOUND', { id });
  const scope = await partyScope(db, actor, permission);
  const byHome = m.placePath !== null && scope.placePaths.some((p) => m.placePath!.startsWith(p));
  if (!byHome) assertTreeScope(actor, permission, scope, m.orgPath ?? '-', m.orgPlacePath ?? '-');
  return m;
}

export async function getMember(ctx: AppContext, actor: Actor, id: number) {
  await memberInScope(ctx.db, actor, 'party.view', id);
  const m = (await one<MemberRow>(ctx.db, sql`SELECT ${COLS} ${FROM} WHERE m.id = ${id}`))!;
  return (await present(ctx.db, [m]))[0];
}

/** Where a member lives: a unit, with its estate (the ancestor of kind estate) and path. */
async function homeOf(db: Db, unitId: number | null): Promise<{ unitId: number | null; estateId: number | null; path: string | null }> {
  if (unitId === null) return { unitId: null, estateId: null, path: null };
  const u = await getPlace(db, unitId);
  if (!u || u.kind !== 'unit' || u.retiredAt) throw new AppError('PARTY_MEMBER_UNIT_INVALID', { unitId });
  const e = await one<{ id: number }>(db, sql`SELECT id::int AS id FROM places WHERE kind = 'estate' AND id = ANY(${arrayLiteral(idsOnPath(u.path), 'bigint')}::bigint[])`);
  return { unitId, estateId: e?.id ?? null, path: u.path };
}

function memberOrg(o: OrgRef): void {
  if (!MEMBER_ORG_KINDS.includes(o.kind)) throw new AppError('PARTY_ORG_KIND_NO_MEMBERS', { kind: o.kind });
}

function checkDates(status: string, joinedOn: string | null, fullOn: string | null): void {
  if (status === 'probationary' && fullOn) throw new AppError('PARTY_MEMBER_STATUS_INVALID', { reason: 'a probationary member has no full date' });
  if (joinedOn && fullOn && fullOn < joinedOn) throw new AppError('PARTY_MEMBER_STATUS_INVALID', { reason: 'full before joining' });
}

export async function createMember(ctx: AppContext, actor: Actor, body: MemberCreateT): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const org = await orgInScope(tx, actor, 'party.members.manage', body.orgId);
    memberOrg(org);
    const person = await one(tx, sql`SELECT 1 AS x FROM persons WHERE id = ${body.personId}`);
    if (!person) throw new AppError('PERSON_NOT_FOUND', { id: body.personId });
    checkDates(body.status, body.joinedOn ?? null, body.fullOn ?? null);
    const home = await homeOf(tx, body.unitId ?? null);
    // one membership per person: the unique index decides between two concurrent creations
    const made = await one<{ id: number }>(
      tx,
      sql`INSERT INTO party_members (person_id, org_id, status, joined_on, full_on, category, employer, organ_cadre, unit_id, estate_id, place_path)
          VALUES (${body.personId}, ${org.id}, ${body.status}, ${body.joinedOn ?? null}, ${body.fullOn ?? null}, ${body.category ?? 'other'},
                  ${body.employer?.trim() || null}, ${body.organCadre ?? false}, ${home.unitId}, ${home.estateId}, ${home.path})
          ON CONFLICT (person_id) DO NOTHING RETURNING id::int AS id`,
    );
    if (!made) throw new AppError('PARTY_MEMBER_EXISTS', { personId: body.personId });
    await recordAudit(tx, auditActor(actor), {
      action: 'party.member.create',
      entity: 'party_member',
      entityId: made.id,
      placePath: home.path ?? org.placePath,
      after: { personId: body.personId, orgId: org.id, status: body.status, category: body.category ?? 'other', unitId: home.unitId },
    });
    return made.id;
  });
}

/** Edit a member; 转正 (probationary → full) needs the date; a full member does not go back. */
export async function updateMember(ctx: AppContext, actor: Actor, id: number, patch: MemberPatchT): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const m = await memberInScope(tx, actor, 'party.members.manage', id, true);
    if (m.version !== patch.version) throw new AppError('CONFLICT', { version: m.version });
    const status = patch.status ?? m.status;
    if (m.status === 'full' && status === 'probationary') throw new AppError('PARTY_MEMBER_STATUS_INVALID', { reason: 'a full member does not go back' });
    const joinedOn = patch.joinedOn === undefined ? m.joinedOn : patch.joinedOn;
    const fullOn = patch.fullOn === undefined ? m.fullOn : patch.fullOn;
    if (m.status === 'probationary' && status === 'full' && !fullOn) throw new AppError('PARTY_MEMBER_STATUS_INVALID', { reason: 'the date of becoming full is required' });
    checkDates(status, joinedOn, fullOn);
    const home = patch.unitId === undefined ? { unitId: m.unitId, estateId: m.estateId, path: m.placePath } : await homeOf(tx, patch.unitId);
    const employer = patch.employer === undefined ? m.employer : patch.employer?.trim() || null;
    await tx.execute(sql`UPDATE party_members SET status = ${status}, joined_on = ${joinedOn}::date, full_on = ${fullOn}::date,
        category = ${patch.category ?? m.category}, employer = ${employer}, organ_cadre = ${patch.organCadre ?? m.organCadre},
        unit_id = ${home.unitId}, estate_id = ${home.estateId}, place_path = ${home.path}, version = version + 1
      WHERE id = ${id}`);
    const { version: _v, ...after } = patch;
    await recordAudit(tx, auditActor(actor), {
      action: m.status === 'probationary' && status === 'full' ? 'party.member.full' : 'party.member.update',
      entity: 'party_member',
      entityId: id,
      placePath: home.path ?? m.placePath,
      before: { status: m.status, joinedOn: m.joinedOn, fullOn: m.fullOn, category: m.category, unitId: m.unitId },
      after,
    });
  });
}

/**
 * 组织关系转接: 'out' leaves the organisation (org NULL, left_on, where to), 'in' brings a member who
 * left back into an organisation (where from), 'within' moves between organisations in scope. A
 * member leaving an organisation leaves its committee too.
 */
export async function transferMember(ctx: AppContext, actor: Actor, id: number, t: TransferT): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const m = await memberInScope(tx, actor, 'party.members.manage', id, true);
    const active = m.orgId !== null;
    if ((t.direction === 'in') === active) throw new AppError('PARTY_TRANSFER_INVALID', { direction: t.direction, active });
    let to: OrgRef | null = null;
    if (t.direction !== 'out') {
      if (t.toOrgId === undefined) throw new AppError('PARTY_TRANSFER_INVALID', { reason: 'toOrgId is required' });
      to = await orgInScope(tx, actor, 'party.members.manage', t.toOrgId);
      memberOrg(to);
      if (to.id === m.orgId) throw new AppError('PARTY_TRANSFER_INVALID', { reason: 'already in this organisation' });
    }
    if (active) {
      // leaving: the sending organisation must be in scope too
      await orgInScope(tx, actor, 'party.members.manage', m.orgId!);
      await tx.execute(sql`DELETE FROM party_committee_members WHERE org_id = ${m.orgId} AND person_id = ${m.personId}`);
    }
    await tx.execute(sql`UPDATE party_members SET org_id = ${to?.id ?? null}, left_on = ${to ? null : t.onDate}::date, version = version + 1 WHERE id = ${id}`);
    const outside = t.direction === 'within' ? null : t.outsideOrg?.trim() || null;
    const made = (await one<{ id: number }>(
      tx,
      sql`INSERT INTO party_member_transfers (member_id, direction, from_org_id, to_org_id, outside_org, on_date, reason, created_by)
          VALUES (${id}, ${t.direction}, ${m.orgId}, ${to?.id ?? null}, ${outside}, ${t.onDate}, ${t.reason?.trim() || null}, ${actor.userId})
          RETURNING id::int AS id`,
    ))!;
    await recordAudit(tx, auditActor(actor), {
      action: `party.member.transfer.${t.direction}`,
      entity: 'party_member',
      entityId: id,
      placePath: m.placePath ?? to?.placePath ?? null,
      before: { orgId: m.orgId },
      after: { transferId: made.id, orgId: to?.id ?? null, outsideOrg: outside, onDate: t.onDate },
    });
  });
}

export async function listTransfers(ctx: AppContext, actor: Actor, id: number) {
  await memberInScope(ctx.db, actor, 'party.view', id);
  const items = await rows(
    ctx.db,
    sql`SELECT t.id::int AS id, t.direction, t.from_org_id::int AS "fromOrgId", f.name AS "fromOrgName", t.to_org_id::int AS "toOrgId", o.name AS "toOrgName",
               t.outside_org AS "outsideOrg", t.on_date::text AS "onDate", t.reason, u.display_name AS "createdBy"
          FROM party_member_transfers t LEFT JOIN party_orgs f ON f.id = t.from_org_id LEFT JOIN party_orgs o ON o.id = t.to_org_id
          LEFT JOIN users u ON u.id = t.created_by
         WHERE t.member_id = ${id} ORDER BY t.on_date, t.id`,
  );
  return { items: items as { id: number; direction: 'in' | 'out' | 'within'; fromOrgId: number | null; fromOrgName: string | null; toOrgId: number | null; toOrgName: string | null; outsideOrg: string | null; onDate: string; reason: string | null; createdBy: string | null }[] };
}
