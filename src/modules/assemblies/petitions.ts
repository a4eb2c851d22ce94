// Owners' petitions for an extraordinary meeting (业主联名提议召开业主大会临时会议).
//
// law / local — 业主大会和业主委员会指导规则 第二十一条 (物业管理条例 第十三条): owners holding 20 % or
// more of the exclusive area AND making up 20 % or more of the owners may require an extraordinary
// meeting. Counted like the roll (司法解释 第8–9条): one signature per voter of the LIVE roll (the
// same set of owners signs once; a co-owner of the same units signing again is refused), the
// signed area and owners set against the live roll's totals, compared exactly: signed × 5 ≥ total
// for both. The first time both are met the petition is "reached": the residents' committee (the
// community's workers) and the owners' committee are told; an organiser then convenes the
// meeting (createAssembly with petitionId marks it convened).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, hasPermission, inScope, scopeCondition, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import { one, rows, type Db } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { deriveRoll, maskName, type Roll } from './roll';
import { percent } from './rule';
import { listScope, toArr } from './service';
import './errors';

export const PETITION_STATES = ['open', 'reached', 'convened', 'withdrawn'] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

export const PETITION_ARTICLE = '业主大会和业主委员会指导规则 第二十一条、物业管理条例 第十三条（专有部分面积20%以上且占总人数20%以上的业主提议，召开业主大会临时会议）';

interface PetitionRow {
  id: number;
  estateId: number;
  estatePath: string;
  estateName: string;
  title: string;
  reason: string;
  state: PetitionState;
  createdBy: number;
  createdAt: string;
  reachedAt: string | null;
  assemblyId: number | null;
}

const COLS = sql`p.id::int AS id, p.estate_id::int AS "estateId", p.estate_path AS "estatePath", e.name AS "estateName", p.title, p.reason, p.state,
  p.created_by::int AS "createdBy", ${isoTime(sql`p.created_at`)} AS "createdAt", ${isoTime(sql`p.reached_at`)} AS "reachedAt", p.assembly_id::int AS "assemblyId"`;

async function petitionRow(db: Db, id: number, lock = false): Promise<PetitionRow> {
  const p = await one<PetitionRow>(db, sql`SELECT ${COLS} FROM assembly_petitions p JOIN places e ON e.id = p.estate_id WHERE p.id = ${id} ${lock ? sql`FOR UPDATE OF p` : sql``}`);
  if (!p) throw new AppError('ASSEMBLY_PETITION_NOT_FOUND', { id });
  return p;
}

// ---------------------------------------------------------------------------------------------
// the totals

export interface PetitionTotals {
  signed: { areaCenti: string; persons: number };
  roll: { areaCenti: string; persons: number };
  areaPercent: string;
  personsPercent: string;
  areaReached: boolean;
  personsReached: boolean;
  reached: boolean;
  required: string;
  article: string;
  /** signatures whose owners are no longer on the live roll (the units changed hands): not counted */
  lapsed: number;
}

/** signed / total ≥ 1/5, exactly (nothing reaches a share of zero). */
export function reachesFifth(signed: bigint, total: bigint): boolean {
  return total > 0n && signed * 5n >= total;
}

/** The signed area and owners of the distinct voters who signed, against the live roll. */
export function petitionTotals(roll: Roll, signedKeys: string[]): PetitionTotals {
  const keys = new Set(signedKeys);
  let area = 0n;
  let persons = 0n;
  for (const v of roll.voters) {
    if (!keys.has(v.ownerKey)) continue;
    area += v.areaCenti;
    persons += 1n;
  }
  const totalArea = roll.totals.areaCenti;
  const totalPersons = BigInt(roll.totals.persons);
  const areaReached = reachesFifth(area, totalArea);
  const personsReached = reachesFifth(persons, totalPersons);
  return {
    signed: { areaCenti: area.toString(), persons: Number(persons) },
    roll: { areaCenti: totalArea.toString(), persons: roll.totals.persons },
    areaPercent: percent(area, totalArea),
    personsPercent: percent(persons, totalPersons),
    areaReached,
    personsReached,
    reached: areaReached && personsReached,
    required: '≥ 1/5',
    article: PETITION_ARTICLE,
    lapsed: keys.size - Number(persons),
  };
}

async function signedKeys(db: Db, petitionId: number): Promise<string[]> {
  return (await rows<{ owner_key: string }>(db, sql`SELECT owner_key FROM assembly_petition_signatures WHERE petition_id = ${petitionId}`)).map((r) => r.owner_key);
}

/** The voters (owner keys) of the live roll that a person is one of the owners of. */
function keysOf(roll: Roll, personId: number): string[] {
  return roll.voters.filter((v) => v.kind === 'person' && v.ownerIds.includes(personId)).map((v) => v.ownerKey);
}

/** The estate for an owner's petition: an estate where the actor's person is a current owner. */
async function ownerIn(db: Db, actor: Actor, estatePath: string): Promise<{ roll: Roll; keys: string[] }> {
  if (!actor.personId) throw new AppError('ASSEMBLY_NOT_AN_OWNER');
  const roll = await deriveRoll(db, estatePath);
  const keys = keysOf(roll, actor.personId);
  if (keys.length === 0) throw new AppError('ASSEMBLY_NOT_AN_OWNER');
  return { roll, keys };
}

// ---------------------------------------------------------------------------------------------
// owners: open, sign, list

export interface PetitionInput {
  estateId: number;
  title: string;
  reason: string;
}

/** An owner opens a petition; their own signature is its first. */
export async function openPetition(ctx: AppContext, actor: Actor, input: PetitionInput): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const estate = await getPlace(tx, input.estateId);
    if (!estate || estate.kind !== 'estate' || estate.retiredAt) throw new AppError('ASSEMBLY_PLACE_INVALID', { estateId: input.estateId });
    const { roll, keys } = await ownerIn(tx, actor, estate.path);
    const p = await one<{ id: number }>(
      tx,
      sql`INSERT INTO assembly_petitions (estate_id, estate_path, title, reason, created_by)
          VALUES (${estate.id}, ${estate.path}, ${input.title.trim()}, ${input.reason.trim()}, ${actor.userId}) RETURNING id::int AS id`,
    );
    const id = p!.id;
    for (const k of keys) {
      await tx.execute(sql`INSERT INTO assembly_petition_signatures (petition_id, owner_key, person_id, user_id) VALUES (${id}, ${k}, ${actor.personId}, ${actor.userId})`);
    }
    const totals = petitionTotals(roll, keys);
    await recordAudit(tx, auditActor(actor), {
      action: 'assembly.petition.open',
      entity: 'assembly_petition',
      entityId: id,
      placePath: estate.path,
      after: { title: input.title.trim(), reason: input.reason.trim(), ownerKeys: keys, signed: totals.signed, roll: totals.roll },
    });
    if (totals.reached) await markReached(ctx, tx, actor, await petitionRow(tx, id, true), totals);
    return id;
  });
}

/** An owner signs: one signature per voter of the live roll (a co-owner of the same units only once). */
export async function signPetition(ctx: AppContext, actor: Actor, id: number): Promise<{ signed: number; totals: PetitionTotals; reachedNow: boolean }> {
  return ctx.db.transaction(async (tx) => {
    // the petition row orders signatures and the one-time move to "reached"
    const p = await petitionRow(tx, id, true);
    const { roll, keys } = await ownerIn(tx, actor, p.estatePath);
    if (p.state !== 'open' && p.state !== 'reached') throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: p.state });
    let added = 0;
    for (const k of keys) {
      const r = await rows(
        tx,
        sql`INSERT INTO assembly_petition_signatures (petition_id, owner_key, person_id, user_id) VALUES (${id}, ${k}, ${actor.personId}, ${actor.userId})
            ON CONFLICT (petition_id, owner_key) DO NOTHING RETURNING owner_key`,
      );
      added += r.length;
    }
    if (added === 0) throw new AppError('ASSEMBLY_ALREADY_SIGNED');
    const totals = petitionTotals(roll, await signedKeys(tx, id));
    await recordAudit(tx, auditActor(actor), {
      action: 'assembly.petition.sign',
      entity: 'assembly_petition',
      entityId: id,
      placePath: p.estatePath,
      after: { signatures: added, signed: totals.signed, roll: totals.roll, reached: totals.reached },
    });
    const reachedNow = p.state === 'open' && totals.reached;
    if (reachedNow) await markReached(ctx, tx, actor, p, totals);
    return { signed: added, totals, reachedNow };
  });
}

/** The first time both 20 % tests are met: state → reached, and the community and the owners' committee are told. */
async function markReached(ctx: AppContext, tx: Db, actor: Actor, p: PetitionRow, totals: PetitionTotals): Promise<void> {
  await tx.execute(sql`UPDATE assembly_petitions SET state = 'reached', reached_at = now() WHERE id = ${p.id} AND state = 'open'`);
  // the signature that completed it is the cause: the entry names its signer
  await recordAudit(tx, auditActor(actor), {
    action: 'assembly.petition.reached',
    entity: 'assembly_petition',
    entityId: p.id,
    placePath: p.estatePath,
    after: { signed: totals.signed, roll: totals.roll, areaPercent: totals.areaPercent, personsPercent: totals.personsPercent },
  });
  const ids = p.estatePath.split('/').filter(Boolean).map(Number);
  const community = ids.at(-2)!;
  const estate = ids.at(-1)!;
  const users = await rows<{ user_id: number }>(
    tx,
    sql`SELECT DISTINCT r.user_id::int AS user_id FROM role_assignments r JOIN users u ON u.id = r.user_id
         WHERE r.revoked_at IS NULL AND u.disabled_at IS NULL
           AND ((r.place_id = ${community} AND r.role = 'community_worker') OR (r.place_id = ${estate} AND r.role = 'owners_committee'))
         ORDER BY 1`,
  );
  for (const u of users) {
    await ctx.notifier.notify(tx, {
      userId: u.user_id,
      kind: 'assembly.petition.reached',
      title: `业主联名提议已达到召开临时会议的条件：${p.title}`,
      body: `${p.estateName}：签名业主专有面积占 ${totals.areaPercent}%，人数占 ${totals.personsPercent}%（均须20%以上）`,
      link: `/assemblies/petitions/${p.id}`,
    });
  }
}

function dto(p: PetitionRow, totals: PetitionTotals) {
  return {
    id: p.id,
    estateId: p.estateId,
    estateName: p.estateName,
    title: p.title,
    reason: p.reason,
    state: p.state,
    createdAt: p.createdAt,
    reachedAt: p.reachedAt,
    assemblyId: p.assemblyId,
    totals,
  };
}

/** Totals for several petitions, deriving each estate's live roll once. */
async function withTotals(db: Db, list: PetitionRow[]) {
  const rollOf = new Map<string, Roll>();
  const out = [];
  for (const p of list) {
    let roll = rollOf.get(p.estatePath);
    if (!roll) {
      roll = await deriveRoll(db, p.estatePath);
      rollOf.set(p.estatePath, roll);
    }
    out.push({ p, roll, totals: petitionTotals(roll, await signedKeys(db, p.id)) });
  }
  return out;
}

/** The estates where the actor's person is a current owner. */
async function myEstates(db: Db, actor: Actor): Promise<{ id: number; path: string; name: string }[]> {
  if (!actor.personId) return [];
  return rows<{ id: number; path: string; name: string }>(
    db,
    sql`SELECT DISTINCT e.id::int AS id, e.path, e.name FROM ownerships o JOIN places u ON u.id = o.unit_id
          JOIN places e ON e.kind = 'estate' AND u.path LIKE e.path || '%'
         WHERE o.person_id = ${actor.personId} AND o.ended_at IS NULL AND u.retired_at IS NULL AND e.retired_at IS NULL
         ORDER BY 1`,
  );
}

/** An owner's view: the petitions of the estates they own in, and whether they (or their co-owners) signed. */
export async function myPetitions(ctx: AppContext, actor: Actor) {
  const estates = await myEstates(ctx.db, actor);
  if (estates.length === 0) return { estates: [], items: [] };
  const list = await rows<PetitionRow>(
    ctx.db,
    sql`SELECT ${COLS} FROM assembly_petitions p JOIN places e ON e.id = p.estate_id
         WHERE p.estate_id IN (${sql.join(estates.map((e) => sql`${e.id}`), sql`, `)}) AND p.state <> 'withdrawn'
         ORDER BY p.id DESC LIMIT 200`,
  );
  const items = [];
  for (const { p, roll, totals } of await withTotals(ctx.db, list)) items.push({ ...dto(p, totals), ...(await mine(ctx.db, actor, p.id, roll)) });
  return { estates: estates.map((e) => ({ id: e.id, name: e.name })), items };
}

async function mine(db: Db, actor: Actor, petitionId: number, roll: Roll) {
  const keys = keysOf(roll, actor.personId!);
  const r = await one<{ signed: boolean; by_me: boolean; at: string | null }>(
    db,
    sql`SELECT count(*) > 0 AS signed, bool_or(person_id = ${actor.personId}) AS by_me, ${isoTime(sql`min(signed_at)`)} AS at
          FROM assembly_petition_signatures WHERE petition_id = ${petitionId} AND owner_key = ANY(${toArr(keys)}::text[])`,
  );
  return { signed: !!r?.signed, signedByMe: !!r?.by_me, signedAt: r?.at ?? null };
}

export async function myPetition(ctx: AppContext, actor: Actor, id: number) {
  const p = await petitionRow(ctx.db, id);
  const { roll } = await ownerIn(ctx.db, actor, p.estatePath);
  const totals = petitionTotals(roll, await signedKeys(ctx.db, id));
  return { ...dto(p, totals), ...(await mine(ctx.db, actor, id, roll)) };
}

// ---------------------------------------------------------------------------------------------
// organisers: list and detail in scope

export async function listPetitions(ctx: AppContext, actor: Actor, q: { placeId?: number; state?: PetitionState; limit: number; offset: number }) {
  const { scope, under } = await listScope(ctx.db, actor, 'assemblies.view', q.placeId);
  const where = sql`${scopeCondition(sql`p.estate_path`, scope)} ${under ? sql`AND p.estate_path LIKE ${under + '%'}` : sql``} ${q.state ? sql`AND p.state = ${q.state}` : sql``}`;
  const list = await rows<PetitionRow>(ctx.db, sql`SELECT ${COLS} FROM assembly_petitions p JOIN places e ON e.id = p.estate_id WHERE ${where} ORDER BY p.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`);
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM assembly_petitions p WHERE ${where}`);
  return { items: (await withTotals(ctx.db, list)).map(({ p, totals }) => dto(p, totals)), total: total!.n };
}

/** One petition with its totals and signatures (full names for organisers, masked otherwise). */
export async function getPetition(ctx: AppContext, actor: Actor, id: number) {
  const p = await petitionRow(ctx.db, id);
  assertInScope(actor, 'assemblies.view', p.estatePath);
  const organiser = hasPermission(actor, 'assemblies.organise') && inScope(actor, 'assemblies.organise', p.estatePath);
  const roll = await deriveRoll(ctx.db, p.estatePath);
  const sigs = await rows<{ owner_key: string; name: string; signed_at: string }>(
    ctx.db,
    sql`SELECT s.owner_key, pe.name, ${isoTime(sql`s.signed_at`)} AS signed_at FROM assembly_petition_signatures s JOIN persons pe ON pe.id = s.person_id
         WHERE s.petition_id = ${id} ORDER BY s.signed_at, s.owner_key`,
  );
  const byKey = new Map(roll.voters.map((v) => [v.ownerKey, v]));
  const totals = petitionTotals(roll, sigs.map((s) => s.owner_key));
  return {
    ...dto(p, totals),
    signatures: sigs.map((s) => {
      const v = byKey.get(s.owner_key);
      return {
        signedBy: organiser ? s.name : maskName(s.name, 'person'),
        signedAt: s.signed_at,
        onRoll: !!v,
        units: v ? v.units.map((u) => u.label) : [],
        areaCenti: v ? v.areaCenti.toString() : '0',
      };
    }),
  };
}
