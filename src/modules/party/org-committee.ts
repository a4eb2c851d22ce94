// An organisation's committee (支委会 or the secretary alone), the estates a branch covers (应建尽建:
// one branch per estate at a time, a joint branch 2 to 5 estates of its community, 第二章), and the
// estates where party work is organised without a branch (党的工作覆盖).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { arrayLiteral } from '../../core/db/sql';
import { ARTICLES, COMMITTEE_FROM_FULL_MEMBERS, JOINT_BRANCH_MAX_UNITS } from './rules';
import { orgInScope } from './scope';
import { BRANCH_KINDS } from './orgs';
import type { CommitteeT } from './schemas-orgs';
import './errors-orgs';

/**
 * Replace the committee. Exactly one secretary; every member belongs to the organisation (or one of
 * its groups). What the law forbids is refused: a branch below 7 full members has no committee, only
 * a secretary and at most one deputy (第六章). A committee of the wrong size is a warning only.
 */
export async function setCommittee(ctx: AppContext, actor: Actor, orgId: number, body: CommitteeT): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const o = await orgInScope(tx, actor, 'party.members.manage', orgId, true);
    const persons = body.members.map((m) => m.personId);
    if (new Set(persons).size !== persons.length) throw new AppError('VALIDATION_FAILED', { reason: 'a person appears twice' });
    if (body.members.filter((m) => m.post === 'secretary').length !== 1) throw new AppError('PARTY_COMMITTEE_SECRETARY');
    const found = await rows<{ person_id: number }>(
      tx,
      sql`SELECT m.person_id::int AS person_id FROM party_members m JOIN party_orgs mo ON mo.id = m.org_id
           WHERE m.person_id = ANY(${arrayLiteral(persons, 'bigint')}::bigint[]) AND mo.org_path LIKE ${o.orgPath + '%'}`,
    );
    const missing = persons.filter((p) => !found.some((f) => f.person_id === p));
    if (missing.length) throw new AppError('PARTY_COMMITTEE_NOT_MEMBER', { personIds: missing });
    if (BRANCH_KINDS.includes(o.kind)) {
      const full = (await one<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM party_members m JOIN party_orgs mo ON mo.id = m.org_id WHERE m.status = 'full' AND mo.org_path LIKE ${o.orgPath + '%'}`,
      ))!.n;
      const deputies = body.members.filter((m) => m.post === 'deputy_secretary').length;
      const others = body.members.length - 1 - deputies;
      if (full < COMMITTEE_FROM_FULL_MEMBERS && (others > 0 || deputies > 1)) {
        throw new AppError('PARTY_COMMITTEE_NOT_ALLOWED', { fullMembers: full, from: COMMITTEE_FROM_FULL_MEMBERS, article: ARTICLES.committee });
      }
    }
    const before = await rows(tx, sql`SELECT person_id::int AS "personId", post FROM party_committee_members WHERE org_id = ${orgId} ORDER BY person_id`);
    await tx.execute(sql`DELETE FROM party_committee_members WHERE org_id = ${orgId}`);
    await tx.execute(sql`INSERT INTO party_committee_members (org_id, person_id, post, since)
      SELECT ${orgId}, p, post, ${body.electedOn}::date FROM unnest(${arrayLiteral(persons, 'bigint')}::bigint[], ${arrayLiteral(body.members.map((m) => m.post), 'text')}::text[]) AS x(p, post)`);
    await tx.execute(sql`UPDATE party_orgs SET elected_on = ${body.electedOn}::date, version = version + 1 WHERE id = ${orgId}`);
    await recordAudit(tx, auditActor(actor), {
      action: 'party.committee.set',
      entity: 'party_org',
      entityId: orgId,
      placePath: o.placePath,
      before,
      after: { electedOn: body.electedOn, members: body.members },
    });
  });
}

/**
 * The estates a branch covers: a branch exactly its own estate, a joint branch 2 to 5 estates of its
 * community (第二章). The primary key of party_org_estates keeps one branch per estate, also when two
 * branches claim the same estate at the same moment: the later insert finds the row and is refused.
 */
export async function setEstates(ctx: AppContext, actor: Actor, orgId: number, estateIds: number[]): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const o = await orgInScope(tx, actor, 'party.orgs.manage', orgId, true);
    // one order for every writer, so two transactions claiming estates never wait on each other in a cycle
    const ids = [...new Set(estateIds)].sort((a, b) => a - b);
    if (o.kind === 'branch') {
      if (ids.length !== 1 || ids[0] !== o.placeId) throw new AppError('PARTY_ESTATES_INVALID', { reason: 'a branch covers its own estate', estateId: o.placeId });
    } else if (o.kind === 'joint_branch') {
      if (ids.length > JOINT_BRANCH_MAX_UNITS) throw new AppError('PARTY_JOINT_TOO_MANY', { estates: ids.length, max: JOINT_BRANCH_MAX_UNITS, article: ARTICLES.joint });
      if (ids.length < 2) throw new AppError('PARTY_JOINT_TOO_FEW', { estates: ids.length, min: 2 });
      const inCommunity = await rows<{ id: number }>(
        tx,
        sql`SELECT id::int AS id FROM places WHERE id = ANY(${arrayLiteral(ids, 'bigint')}::bigint[]) AND kind = 'estate' AND parent_id = ${o.placeId} AND retired_at IS NULL`,
      );
      if (inCommunity.length !== ids.length) throw new AppError('PARTY_ESTATES_INVALID', { reason: 'estates of the joint branch’s community', community: o.placeId });
    } else {
      throw new AppError('PARTY_ESTATES_INVALID', { reason: 'only branches and joint branches cover estates', kind: o.kind });
    }
    const before = await rows<{ estate_id: number }>(tx, sql`SELECT estate_id::int AS estate_id FROM party_org_estates WHERE org_id = ${orgId} ORDER BY estate_id`);
    await tx.execute(sql`DELETE FROM party_org_estates WHERE org_id = ${orgId} AND NOT (estate_id = ANY(${arrayLiteral(ids, 'bigint')}::bigint[]))`);
    await tx.execute(sql`INSERT INTO party_org_estates (estate_id, org_id) SELECT e, ${orgId} FROM unnest(${arrayLiteral(ids, 'bigint')}::bigint[]) AS e ON CONFLICT (estate_id) DO NOTHING`);
    const others = await rows<{ estate_id: number; org_id: number }>(
      tx,
      sql`SELECT estate_id::int AS estate_id, org_id::int AS org_id FROM party_org_estates WHERE estate_id = ANY(${arrayLiteral(ids, 'bigint')}::bigint[]) AND org_id <> ${orgId}`,
    );
    if (others.length) throw new AppError('PARTY_ESTATE_COVERED', { estateIds: others.map((r) => r.estate_id), byOrgIds: [...new Set(others.map((r) => r.org_id))] });
    await tx.execute(sql`UPDATE party_orgs SET version = version + 1 WHERE id = ${orgId}`);
    await recordAudit(tx, auditActor(actor), {
      action: 'party.org.estates',
      entity: 'party_org',
      entityId: orgId,
      placePath: o.placePath,
      before: before.map((b) => b.estate_id),
      after: ids,
    });
  });
}

async function workEstatePlace(ctx: AppContext, actor: Actor, estateId: number) {
  const p = await getPlace(ctx.db, estateId);
  if (!p || p.retiredAt) throw new AppError('PLACE_NOT_FOUND', { id: estateId });
  if (p.kind !== 'estate') throw new AppError('PARTY_ESTATE_INVALID', { kind: p.kind });
  assertInScope(actor, 'party.orgs.manage', p.path);
  return p;
}

/** Record that party work is organised in an estate without a branch (a contact member, a note). */
export async function setWorkEstate(ctx: AppContext, actor: Actor, estateId: number, body: { contactPersonId?: number | null; note?: string | null }) {
  const p = await workEstatePlace(ctx, actor, estateId);
  return ctx.db.transaction(async (tx) => {
    if (body.contactPersonId) {
      const person = await one(tx, sql`SELECT 1 AS x FROM persons WHERE id = ${body.contactPersonId}`);
      if (!person) throw new AppError('PERSON_NOT_FOUND', { id: body.contactPersonId });
    }
    const before = await one(tx, sql`SELECT contact_person_id::int AS "contactPersonId", note FROM party_work_estates WHERE estate_id = ${estateId} FOR UPDATE`);
    const row = (await one<{ estateId: number; contactPersonId: number | null; note: string | null; since: string }>(
      tx,
      sql`INSERT INTO party_work_estates (estate_id, contact_person_id, note) VALUES (${estateId}, ${body.contactPersonId ?? null}, ${body.note?.trim() || null})
          ON CONFLICT (estate_id) DO UPDATE SET contact_person_id = excluded.contact_person_id, note = excluded.note
          RETURNING estate_id::int AS "estateId", contact_person_id::int AS "contactPersonId", note, since::text AS since`,
    ))!;
    await recordAudit(tx, auditActor(actor), { action: 'party.work_estate.set', entity: 'place', entityId: estateId, placePath: p.path, before: before ?? null, after: row });
    return row;
  });
}

export async function clearWorkEstate(ctx: AppContext, actor: Actor, estateId: number): Promise<void> {
  const p = await workEstatePlace(ctx, actor, estateId);
  await ctx.db.transaction(async (tx) => {
    const gone = await rows(tx, sql`DELETE FROM party_work_estates WHERE estate_id = ${estateId} RETURNING contact_person_id::int AS "contactPersonId", note`);
    if (gone.length === 0) throw new AppError('NOT_FOUND', { estateId });
    await recordAudit(tx, auditActor(actor), { action: 'party.work_estate.clear', entity: 'place', entityId: estateId, placePath: p.path, before: gone[0] });
  });
}
