// People, households and ownership. A person is in an actor's scope when a unit they live in or
// own lies inside it. ID numbers are stored encrypted; the full number is shown only through
// revealIdentity(), which writes an audit entry.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../manifest';
import { AppError } from '../errors';
import { assertInScope, hasPermission, inScope, scopePaths, type Actor } from '../access/policy';
import { recordAudit } from '../audit/ledger';
import { auditActor } from '../http';
import { one, rows, type Db } from '../db/client';
import { onUnique } from '../db/errors';
import { householdMembers, households, orgs, ownerships, persons, type AreaSource, type OwnershipBasis, type Relation } from '../db/schema';
import { addressLabels, getPlace, type PlaceRow } from '../places/repository';
import { isValidIdNumber, maskIdNumber } from './pii';
import { effectiveArea, parseArea } from './area';
import * as repo from './repository';

function publicPerson(p: repo.PersonRow) {
  const { idNumberEnc: _enc, ...rest } = p;
  return rest;
}

async function requireUnit(db: Db, unitId: number, forUpdate = false): Promise<PlaceRow> {
  const u = await getPlace(db, unitId, forUpdate);
  if (!u) throw new AppError('PLACE_NOT_FOUND', { id: unitId });
  if (u.kind !== 'unit') throw new AppError('NOT_A_UNIT');
  if (u.retiredAt) throw new AppError('PLACE_RETIRED');
  return u;
}

/**
 * Attaching an already registered person (as a member or an owner) brings them into the actor's
 * scope, with their full record; so the person must already be in that scope.
 */
export async function assertPersonManageable(db: Db, actor: Actor, personId: number) {
  const paths = await repo.personPaths(db, personId);
  if (!paths.some((path) => inScope(actor, 'people.manage', path))) throw new AppError('NOT_IN_SCOPE', { personId });
}

async function requirePersonInScope(ctx: AppContext, actor: Actor, id: number, permission: string) {
  const p = await repo.getPerson(ctx.db, id);
  if (!p) throw new AppError('PERSON_NOT_FOUND', { id });
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
  const paths = await repo.personPaths(ctx.db, id);
  if (!paths.some((path) => inScope(actor, permission, path))) throw new AppError('NOT_IN_SCOPE');
  return { person: p, paths };
}

export interface PersonInput {
  name: string;
  gender?: 'M' | 'F' | null;
  birthDate?: string | null;
  phone?: string | null;
  idNumber?: string | null;
}

function identityFields(ctx: AppContext, idNumber: string | null | undefined) {
  if (idNumber === undefined) return {};
  if (idNumber === null || idNumber === '') return { idNumberEnc: null, idNumberMask: null, idNumberHmac: null };
  const id = idNumber.trim().toUpperCase();
  if (!isValidIdNumber(id)) throw new AppError('INVALID_ID_NUMBER');
  return { idNumberEnc: ctx.pii.encrypt(id), idNumberMask: maskIdNumber(id), idNumberHmac: ctx.pii.hmac(id) };
}

const idTaken = onUnique({ persons_id_number_idx: 'ID_NUMBER_TAKEN' });

export async function listPeople(ctx: AppContext, actor: Actor, opts: { placeId: number; q?: string; limit: number; offset: number }) {
  const place = await getPlace(ctx.db, opts.placeId);
  if (!place) throw new AppError('PLACE_NOT_FOUND', { id: opts.placeId });
  const scope = scopePaths(actor, 'people.view');
  // the place may be above the actor's scope (a district list seen by a community worker): the scope narrows it
  if (!scope.some((s) => s.startsWith(place.path) || place.path.startsWith(s))) throw new AppError('NOT_IN_SCOPE');
  const r = await repo.listPeople(ctx.db, scope, { under: place.path, q: opts.q, limit: opts.limit, offset: opts.offset });
  return { items: r.items.map(publicPerson), total: r.total };
}

export async function viewPerson(ctx: AppContext, actor: Actor, id: number) {
  const { person } = await requirePersonInScope(ctx, actor, id, 'people.view');
  const homes = await rows<{ household_id: number; relation: string; unit_id: number; path: string }>(
    ctx.db,
    sql`SELECT m.household_id, m.relation, h.unit_id, u.path FROM household_members m JOIN households h ON h.id = m.household_id
        JOIN places u ON u.id = h.unit_id WHERE m.person_id = ${id} AND h.retired_at IS NULL`,
  );
  const owned = await rows<{ id: number; unit_id: number; basis: string; is_voting_delegate: boolean; path: string }>(
    ctx.db,
    sql`SELECT o.id, o.unit_id, o.basis, o.is_voting_delegate, u.path FROM ownerships o JOIN places u ON u.id = o.unit_id
        WHERE o.person_id = ${id} AND o.ended_at IS NULL`,
  );
  const labels = await addressLabels(ctx.db, homes.map((h) => h.path));
  return {
    person: publicPerson(person),
    households: homes.map((h) => ({ householdId: Number(h.household_id), relation: h.relation, unitId: Number(h.unit_id), address: labels.get(h.path) ?? '' })),
    // only the units the viewer may see: ownership elsewhere is not theirs to know
    ownerships: owned
      .filter((o) => inScope(actor, 'people.view', o.path))
      .map((o) => ({ id: Number(o.id), unitId: Number(o.unit_id), basis: o.basis, isVotingDelegate: o.is_voting_delegate })),
  };
}

/** The full ID number. Every call is written to the audit ledger (who saw whose number, when). */
export async function revealIdentity(ctx: AppContext, actor: Actor, id: number) {
  const { person, paths } = await requirePersonInScope(ctx, actor, id, 'people.identity.view');
  const idNumber = person.idNumberEnc ? ctx.pii.decrypt(person.idNumberEnc) : null;
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, auditActor(actor), { action: 'person.identity.view', entity: 'person', entityId: id, placePath: paths[0] ?? null, after: { field: 'idNumber' } });
  });
  return { personId: id, name: person.name, idNumber };
}

export async function createPerson(ctx: AppContext, actor: Actor, input: PersonInput & { unitId: number; relation: Relation }) {
  return ctx.db.transaction(async (tx) => {
    // lock the unit: people registered at once in an empty unit share one new household
    const unit = await requireUnit(tx, input.unitId, true);
    assertInScope(actor, 'people.manage', unit.path);
    const [p] = await tx
      .insert(persons)
      .values({ name: input.name.trim(), gender: input.gender ?? null, birthDate: input.birthDate ?? null, phone: input.phone ?? null, ...identityFields(ctx, input.idNumber) })
      .returning({ id: persons.id })
      .catch(idTaken);
    let [h] = await tx.select({ id: households.id }).from(households).where(and(eq(households.unitId, unit.id), isNull(households.retiredAt))).limit(1);
    if (!h) [h] = await tx.insert(households).values({ unitId: unit.id }).returning({ id: households.id });
    await addMemberRow(tx, h.id, p.id, input.relation);
    const created = (await repo.getPerson(tx, p.id))!;
    await recordAudit(tx, auditActor(actor), {
      action: 'person.create',
      entity: 'person',
      entityId: p.id,
      placePath: unit.path,
      after: { ...publicPerson(created), householdId: h.id, relation: input.relation },
    });
    return { person: publicPerson(created), householdId: h.id };
  });
}

export async function editPerson(ctx: AppContext, actor: Actor, id: number, input: Partial<PersonInput>) {
  const { person, paths } = await requirePersonInScope(ctx, actor, id, 'people.manage');
  return ctx.db.transaction(async (tx) => {
    const patch = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.gender !== undefined ? { gender: input.gender } : {}),
      ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...identityFields(ctx, input.idNumber),
      updatedAt: new Date(),
    };
    await tx.update(persons).set(patch).where(eq(persons.id, id)).catch(idTaken);
    const after = (await repo.getPerson(tx, id))!;
    await recordAudit(tx, auditActor(actor), { action: 'person.edit', entity: 'person', entityId: id, placePath: paths[0] ?? null, before: publicPerson(person), after: publicPerson(after) });
    return publicPerson(after);
  });
}

async function addMemberRow(tx: Db, householdId: number, personId: number, relation: Relation) {
  await tx
    .insert(householdMembers)
    .values({ householdId, personId, relation })
    .catch(onUnique({ household_one_head_idx: 'ONE_HEAD_ONLY', '*': 'ALREADY_MEMBER' }));
}

async function requireHousehold(db: Db, id: number) {
  const h = await one<{ id: number; unit_id: number; path: string }>(
    db,
    sql`SELECT h.id, h.unit_id, u.path FROM households h JOIN places u ON u.id = h.unit_id WHERE h.id = ${id} AND h.retired_at IS NULL`,
  );
  if (!h) throw new AppError('HOUSEHOLD_NOT_FOUND', { id });
  return h;
}

export async function createHousehold(ctx: AppContext, actor: Actor, unitId: number) {
  return ctx.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, unitId);
    assertInScope(actor, 'people.manage', unit.path);
    const [h] = await tx.insert(households).values({ unitId }).returning({ id: households.id });
    await recordAudit(tx, auditActor(actor), { action: 'household.create', entity: 'household', entityId: h.id, placePath: unit.path, after: { unitId } });
    return { id: h.id, unitId };
  });
}

export async function addMember(ctx: AppContext, actor: Actor, householdId: number, personId: number, relation: Relation) {
  return ctx.db.transaction(async (tx) => {
    const h = await requireHousehold(tx, householdId);
    assertInScope(actor, 'people.manage', h.path);
    if (!(await repo.getPerson(tx, personId))) throw new AppError('PERSON_NOT_FOUND', { id: personId });
    await assertPersonManageable(tx, actor, personId);
    await addMemberRow(tx, householdId, personId, relation);
    await recordAudit(tx, auditActor(actor), { action: 'household.member.add', entity: 'household', entityId: householdId, placePath: h.path, after: { personId, relation } });
    return { ok: true };
  });
}

export async function removeMember(ctx: AppContext, actor: Actor, householdId: number, personId: number) {
  return ctx.db.transaction(async (tx) => {
    const h = await requireHousehold(tx, householdId);
    assertInScope(actor, 'people.manage', h.path);
    const removed = await tx
      .delete(householdMembers)
      .where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.personId, personId)))
      .returning();
    if (removed.length === 0) throw new AppError('PERSON_NOT_FOUND', { id: personId });
    // a person with no household and no ownership left would fall out of every scope
    if ((await repo.personPaths(tx, personId)).length === 0) throw new AppError('PERSON_LAST_LINK', { personId });
    await recordAudit(tx, auditActor(actor), { action: 'household.member.remove', entity: 'household', entityId: householdId, placePath: h.path, before: removed[0] });
    return { ok: true };
  });
}

export async function unitDetail(ctx: AppContext, actor: Actor, unitId: number) {
  const unit = await requireUnit(ctx.db, unitId);
  assertInScope(actor, 'people.view', unit.path);
  const own = await repo.unitOwnership(ctx.db, unitId);
  return { unitId, households: await repo.householdsOfUnit(ctx.db, unitId), owners: own.owners, areas: own.areas, effectiveArea: effectiveArea(own.areas) };
}

export async function setUnitAreas(ctx: AppContext, actor: Actor, unitId: number, input: Partial<Record<AreaSource, string | null>>) {
  return ctx.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, unitId);
    assertInScope(actor, 'people.manage', unit.path);
    const before = await repo.unitOwnership(tx, unitId);
    for (const source of ['registry', 'surveyed', 'contract'] as const) {
      const v = input[source];
      if (v === undefined) continue;
      if (v === null || v === '') {
        await tx.execute(sql`DELETE FROM unit_areas WHERE unit_id = ${unitId} AND source = ${source}`);
        continue;
      }
      const centi = parseArea(v);
      if (centi === null) throw new AppError('BAD_AREA', { source, value: v });
      await tx.execute(sql`INSERT INTO unit_areas (unit_id, source, area_centi) VALUES (${unitId}, ${source}, ${centi})
                           ON CONFLICT (unit_id, source) DO UPDATE SET area_centi = EXCLUDED.area_centi`);
    }
    const after = await repo.unitOwnership(tx, unitId);
    await recordAudit(tx, auditActor(actor), { action: 'unit.areas.set', entity: 'place', entityId: unitId, placePath: unit.path, before: before.areas, after: after.areas });
    return { areas: after.areas, effectiveArea: effectiveArea(after.areas) };
  });
}

export async function addOwnership(
  ctx: AppContext,
  actor: Actor,
  unitId: number,
  input: { personId?: number; orgId?: number; basis: OwnershipBasis; isVotingDelegate: boolean; since?: string | null },
) {
  return ctx.db.transaction(async (tx) => {
    const unit = await requireUnit(tx, unitId);
    assertInScope(actor, 'people.manage', unit.path);
    if ((input.personId === undefined) === (input.orgId === undefined)) throw new AppError('VALIDATION_FAILED', [{ field: 'personId|orgId', message: 'exactly one' }]);
    if (input.orgId !== undefined) {
      const [o] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId));
      if (!o) throw new AppError('ORG_NOT_FOUND');
      if (o.kind !== 'developer' || input.basis !== 'unsold') throw new AppError('DEVELOPER_ONLY_UNSOLD');
    } else {
      if (input.basis === 'unsold') throw new AppError('DEVELOPER_ONLY_UNSOLD');
      if (!(await repo.getPerson(tx, input.personId!))) throw new AppError('PERSON_NOT_FOUND', { id: input.personId });
      await assertPersonManageable(tx, actor, input.personId!);
    }
    // lock the unit's ownership rows so two clerks naming delegates at once cannot both succeed
    await tx.execute(sql`SELECT id FROM places WHERE id = ${unitId} FOR UPDATE`);
    const [row] = await tx
      .insert(ownerships)
      .values({ unitId, personId: input.personId ?? null, orgId: input.orgId ?? null, basis: input.basis, isVotingDelegate: input.isVotingDelegate, since: input.since ?? null })
      .returning()
      .catch(onUnique({ ownerships_delegate_idx: 'ONE_DELEGATE_ONLY', '*': 'ALREADY_OWNER' }));
    await recordAudit(tx, auditActor(actor), { action: 'ownership.add', entity: 'ownership', entityId: row.id, placePath: unit.path, after: row });
    return row;
  });
}

export async function endOwnership(ctx: AppContext, actor: Actor, ownershipId: number, endedAt: string) {
  return ctx.db.transaction(async (tx) => {
    const o = await one<{ id: number; unit_id: number; path: string; since: string | null }>(
      tx,
      sql`SELECT o.id, o.unit_id, u.path, to_char(o.since, 'YYYY-MM-DD') AS since FROM ownerships o JOIN places u ON u.id = o.unit_id
          WHERE o.id = ${ownershipId} AND o.ended_at IS NULL FOR UPDATE OF o`,
    );
    if (!o) throw new AppError('OWNERSHIP_NOT_FOUND', { id: ownershipId });
    assertInScope(actor, 'people.manage', o.path);
    if (o.since && endedAt < o.since) throw new AppError('OWNERSHIP_ENDS_BEFORE_START', { since: o.since });
    await tx.update(ownerships).set({ endedAt, isVotingDelegate: false }).where(eq(ownerships.id, ownershipId));
    await recordAudit(tx, auditActor(actor), { action: 'ownership.end', entity: 'ownership', entityId: ownershipId, placePath: o.path, after: { endedAt } });
    return { ok: true };
  });
}

/** PIPL: a resident downloads what the system holds about them. */
export async function exportMyData(ctx: AppContext, actor: Actor) {
  if (!actor.personId) return { person: null, households: [], ownerships: [], exportedAt: new Date().toISOString() };
  const p = await repo.getPerson(ctx.db, actor.personId);
  if (!p) throw new AppError('PERSON_NOT_FOUND');
  const homes = await rows(ctx.db, sql`SELECT h.id AS "householdId", m.relation, h.unit_id AS "unitId" FROM household_members m JOIN households h ON h.id = m.household_id WHERE m.person_id = ${p.id}`);
  const owned = await rows(ctx.db, sql`SELECT unit_id AS "unitId", basis, is_voting_delegate AS "isVotingDelegate", to_char(since,'YYYY-MM-DD') AS since FROM ownerships WHERE person_id = ${p.id} AND ended_at IS NULL`);
  const idNumber = p.idNumberEnc ? ctx.pii.decrypt(p.idNumberEnc) : null;
  await ctx.db.transaction((tx) => recordAudit(tx, auditActor(actor), { action: 'person.export', entity: 'person', entityId: p.id }));
  return { person: { ...publicPerson(p), idNumber }, households: homes, ownerships: owned, exportedAt: new Date().toISOString() };
}


/** A resident's own home: their households and owned units, with members, areas and owners. */
export async function myHousehold(ctx: AppContext, actor: Actor) {
  if (!actor.personId) return { person: null, homes: [] };
  const p = await repo.getPerson(ctx.db, actor.personId);
  if (!p) return { person: null, homes: [] };
  const units = await rows<{ unit_id: number; path: string; relation: string | null }>(
    ctx.db,
    sql`SELECT h.unit_id, u.path, m.relation FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id
        WHERE m.person_id = ${p.id} AND h.retired_at IS NULL AND u.retired_at IS NULL
        UNION
        SELECT o.unit_id, u.path, NULL FROM ownerships o JOIN places u ON u.id = o.unit_id
        WHERE o.person_id = ${p.id} AND o.ended_at IS NULL AND u.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM household_members m2 JOIN households h2 ON h2.id = m2.household_id WHERE m2.person_id = ${p.id} AND h2.unit_id = o.unit_id)`,
  );
  const labels = await addressLabels(ctx.db, units.map((u) => u.path));
  const homes = [];
  for (const u of units) {
    const unitId = Number(u.unit_id);
    const own = await repo.unitOwnership(ctx.db, unitId);
    const hh = await repo.householdsOfUnit(ctx.db, unitId);
    homes.push({
      unitId,
      address: labels.get(u.path) ?? '',
      relation: u.relation,
      owns: own.owners.some((o) => o.personId === p.id),
      // fellow members by name and relation only: no phones or ID masks of others
      // only the household they live in: an owner does not see who rents their unit
      members: hh
        .filter((h) => h.members.some((m) => m.personId === p.id))
        .flatMap((h) => h.members)
        .map((m) => ({ name: m.name, relation: m.relation, isMe: m.personId === p.id })),
      owners: own.owners.map((o) => ({ name: o.name, basis: o.basis, isVotingDelegate: o.isVotingDelegate })),
      areas: own.areas,
      effectiveArea: effectiveArea(own.areas),
    });
  }
  return { person: { id: p.id, name: p.name, phone: p.phone, idNumberMask: p.idNumberMask }, homes };
}
