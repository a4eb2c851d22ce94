// SQL for people, households, unit areas and ownership.
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../db/client';
import { scopeCondition } from '../access/policy';
import { escapeLike } from '../places/repository';

export interface PersonRow {
  id: number;
  name: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  phone: string | null;
  idNumberMask: string | null;
  idNumberEnc: string | null;
  isDemo: boolean;
}

const PERSON_COLS = sql`p.id, p.name, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.phone,
  p.id_number_mask AS "idNumberMask", p.id_number_enc AS "idNumberEnc", p.is_demo AS "isDemo"`;

/** Unit paths a person is attached to (lives in or owns). Scope checks use these. */
export async function personPaths(db: Db, personId: number): Promise<string[]> {
  const r = await rows<{ path: string }>(
    db,
    sql`SELECT u.path FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id
        WHERE m.person_id = ${personId} AND h.retired_at IS NULL
        UNION
        SELECT u.path FROM ownerships o JOIN places u ON u.id = o.unit_id WHERE o.person_id = ${personId} AND o.ended_at IS NULL`,
  );
  return r.map((x) => x.path);
}

export async function getPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  const r = await one<PersonRow>(db, sql`SELECT ${PERSON_COLS} FROM persons p WHERE p.id = ${id}`);
  return r && { ...r, id: Number(r.id) };
}

/** People living in or owning a unit inside `under`, limited to the scope paths. */
export async function listPeople(db: Db, scope: string[], opts: { under: string; q?: string; limit: number; offset: number }) {
  const q = opts.q ? sql`AND (p.name LIKE ${'%' + escapeLike(opts.q) + '%'} OR p.phone LIKE ${'%' + escapeLike(opts.q) + '%'})` : sql``;
  const base = sql`FROM persons p WHERE p.id IN (
      SELECT m.person_id FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id
      WHERE u.path LIKE ${opts.under + '%'} AND ${scopeCondition(sql`u.path`, scope)} AND h.retired_at IS NULL
      UNION
      SELECT o.person_id FROM ownerships o JOIN places u ON u.id = o.unit_id
      WHERE o.person_id IS NOT NULL AND o.ended_at IS NULL AND u.path LIKE ${opts.under + '%'} AND ${scopeCondition(sql`u.path`, scope)}
    ) ${q}`;
  const items = await rows<PersonRow>(db, sql`SELECT ${PERSON_COLS} ${base} ORDER BY p.id LIMIT ${opts.limit} OFFSET ${opts.offset}`);
  const total = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n ${base}`);
  return { items: items.map((r) => ({ ...r, id: Number(r.id) })), total: Number(total?.n ?? 0) };
}

export async function householdsOfUnit(db: Db, unitId: number) {
  const hs = await rows<{ id: number; created_at: Date }>(db, sql`SELECT id, created_at FROM households WHERE unit_id = ${unitId} AND retired_at IS NULL ORDER BY id`);
  const members = await rows<{ household_id: number; person_id: number; relation: string; name: string; phone: string | null; id_number_mask: string | null }>(
    db,
    sql`SELECT m.household_id, m.person_id, m.relation, p.name, p.phone, p.id_number_mask
        FROM household_members m JOIN persons p ON p.id = m.person_id JOIN households h ON h.id = m.household_id
        WHERE h.unit_id = ${unitId} AND h.retired_at IS NULL ORDER BY m.relation = 'head' DESC, p.id`,
  );
  return hs.map((h) => ({
    id: Number(h.id),
    members: members
      .filter((m) => Number(m.household_id) === Number(h.id))
      .map((m) => ({ personId: Number(m.person_id), name: m.name, relation: m.relation, phone: m.phone, idNumberMask: m.id_number_mask })),
  }));
}

export async function unitOwnership(db: Db, unitId: number) {
  const owners = await rows<{ id: number; person_id: number | null; org_id: number | null; name: string; basis: string; is_voting_delegate: boolean; since: string | null }>(
    db,
    sql`SELECT o.id, o.person_id, o.org_id, COALESCE(p.name, g.name) AS name, o.basis, o.is_voting_delegate, to_char(o.since, 'YYYY-MM-DD') AS since
        FROM ownerships o LEFT JOIN persons p ON p.id = o.person_id LEFT JOIN orgs g ON g.id = o.org_id
        WHERE o.unit_id = ${unitId} AND o.ended_at IS NULL ORDER BY o.id`,
  );
  const areas = await rows<{ source: string; area_centi: number }>(db, sql`SELECT source, area_centi FROM unit_areas WHERE unit_id = ${unitId}`);
  return {
    owners: owners.map((o) => ({
      id: Number(o.id),
      personId: o.person_id === null ? null : Number(o.person_id),
      orgId: o.org_id === null ? null : Number(o.org_id),
      name: o.name,
      basis: o.basis,
      isVotingDelegate: o.is_voting_delegate,
      since: o.since,
    })),
    areas: Object.fromEntries(areas.map((a) => [a.source, Number(a.area_centi)])) as Partial<Record<'registry' | 'surveyed' | 'contract', number>>,
  };
}
