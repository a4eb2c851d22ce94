// The voter roll of an estate, derived from ownership.
//
// law — 最高法 建筑物区分所有权司法解释 第8条: a unit's area is its registry area, else its surveyed
// area, else its contract area. 第9条: owners are counted one per unit, except that one buyer of
// several units counts once and the developer's unsold or undelivered units together count once.
// Co-owners of one unit are one voter and name who votes; a buyer in lawful occupation before
// registration is an owner (第1条 第2款).
//
// A voter is a set of owners: the units whose current owners are exactly the same people form one
// voter (a buyer of several units, or the same couple owning two flats, counts once); a
// developer's units form one voter per developer. Units with no owner on record are left off the
// roll and reported, as are units without an area and co-owned units without a named voter.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../core/db/client';

export interface RollUnit {
  unitId: number;
  label: string;
  areaCenti: number;
  areaSource: string | null;
  basis: string;
}

export interface RollVoter {
  voterNo: number;
  kind: 'person' | 'developer';
  ownerKey: string;
  name: string;
  delegatePersonId: number | null;
  orgId: number | null;
  ownerIds: number[];
  areaCenti: bigint;
  units: RollUnit[];
}

export interface RollWarnings {
  unownedUnits: { unitId: number; label: string; areaCenti: number }[];
  unitsWithoutArea: { unitId: number; label: string }[];
  coOwnedWithoutDelegate: { ownerKey: string; name: string; units: string[] }[];
}

export interface Roll {
  voters: RollVoter[];
  totals: { areaCenti: bigint; persons: number };
  warnings: RollWarnings;
}

/** Derive the roll of the estate at `estatePath` from the current ownership records. */
export async function deriveRoll(db: Db, estatePath: string): Promise<Roll> {
  const units = await rows<{ id: number; label: string; source: string | null; area: string | null }>(
    db,
    sql`SELECT u.id::int AS id,
               b.name || '-' || e.name || '-' || u.name AS label,
               a.source, a.area_centi::text AS area
          FROM places u
          JOIN places e ON e.id = u.parent_id
          JOIN places b ON b.id = e.parent_id
          LEFT JOIN LATERAL (
            SELECT ua.source, ua.area_centi FROM unit_areas ua WHERE ua.unit_id = u.id
             ORDER BY CASE ua.source WHEN 'registry' THEN 1 WHEN 'surveyed' THEN 2 ELSE 3 END LIMIT 1
          ) a ON true
         WHERE u.kind = 'unit' AND u.retired_at IS NULL AND u.path LIKE ${estatePath + '%'}
         ORDER BY u.id`,
  );
  const owns = await rows<{ id: number; unit_id: number; person_id: number | null; org_id: number | null; basis: string; delegate: boolean; name: string }>(
    db,
    sql`SELECT o.id::int AS id, o.unit_id::int AS unit_id, o.person_id::int AS person_id, o.org_id::int AS org_id,
               o.basis, o.is_voting_delegate AS delegate, coalesce(p.name, g.name) AS name
          FROM ownerships o
          JOIN places u ON u.id = o.unit_id
          LEFT JOIN persons p ON p.id = o.person_id
          LEFT JOIN orgs g ON g.id = o.org_id
         WHERE o.ended_at IS NULL AND u.kind = 'unit' AND u.retired_at IS NULL AND u.path LIKE ${estatePath + '%'}
         ORDER BY o.id`,
  );
  return buildRoll(
    units.map((u) => ({ unitId: u.id, label: u.label, areaCenti: u.area === null ? null : Number(u.area), areaSource: u.source })),
    owns.map((o) => ({ id: o.id, unitId: o.unit_id, personId: o.person_id, orgId: o.org_id, basis: o.basis, delegate: o.delegate, name: o.name })),
  );
}

export interface UnitInput {
  unitId: number;
  label: string;
  areaCenti: number | null;
  areaSource: string | null;
}

export interface OwnershipInput {
  id: number;
  unitId: number;
  personId: number | null;
  orgId: number | null;
  basis: string;
  delegate: boolean;
  name: string;
}

/** The grouping itself, on plain data (unit-tested without a database). */
export function buildRoll(units: UnitInput[], ownerships: OwnershipInput[]): Roll {
  const byUnit = new Map<number, OwnershipInput[]>();
  for (const o of ownerships) {
    const list = byUnit.get(o.unitId) ?? [];
    list.push(o);
    byUnit.set(o.unitId, list);
  }
  interface Group {
    key: string;
    kind: 'person' | 'developer';
    ownerIds: number[];
    names: Map<number, string>;
    orgId: number | null;
    units: RollUnit[];
    delegateVotes: Map<number, number>;
    firstOwnership: Map<number, number>;
  }
  const groups = new Map<string, Group>();
  const warnings: RollWarnings = { unownedUnits: [], unitsWithoutArea: [], coOwnedWithoutDelegate: [] };
  // in unit order, so that a voter's units and the voter numbers do not depend on the input order
  for (const u of [...units].sort((a, b) => a.unitId - b.unitId)) {
    const list = byUnit.get(u.unitId) ?? [];
    const people = list.filter((o) => o.personId !== null);
    const orgsOf = list.filter((o) => o.orgId !== null);
    const area = u.areaCenti ?? 0;
    if (u.areaCenti === null) warnings.unitsWithoutArea.push({ unitId: u.unitId, label: u.label });
    if (people.length === 0 && orgsOf.length === 0) {
      warnings.unownedUnits.push({ unitId: u.unitId, label: u.label, areaCenti: area });
      continue;
    }
    let g: Group | undefined;
    let basis: string;
    if (people.length > 0) {
      const ids = [...new Set(people.map((o) => o.personId as number))].sort((a, b) => a - b);
      const key = `p:${ids.join(',')}`;
      g = groups.get(key);
      if (!g) {
        g = { key, kind: 'person', ownerIds: ids, names: new Map(), orgId: null, units: [], delegateVotes: new Map(), firstOwnership: new Map() };
        groups.set(key, g);
      }
      for (const o of people) {
        g.names.set(o.personId as number, o.name);
        if (o.delegate) g.delegateVotes.set(o.personId as number, (g.delegateVotes.get(o.personId as number) ?? 0) + 1);
        const first = g.firstOwnership.get(o.personId as number);
        if (first === undefined || o.id < first) g.firstOwnership.set(o.personId as number, o.id);
      }
      basis = people.some((o) => o.basis === 'registered') ? 'registered' : people[0].basis;
    } else {
      const orgId = Math.min(...orgsOf.map((o) => o.orgId as number));
      const key = `o:${orgId}`;
      g = groups.get(key);
      if (!g) {
        g = { key, kind: 'developer', ownerIds: [], names: new Map([[orgId, orgsOf.find((o) => o.orgId === orgId)!.name]]), orgId, units: [], delegateVotes: new Map(), firstOwnership: new Map() };
        groups.set(key, g);
      }
      basis = 'unsold';
    }
    g.units.push({ unitId: u.unitId, label: u.label, areaCenti: area, areaSource: u.areaSource, basis });
  }
  const voters: RollVoter[] = [];
  let persons = 0;
  let areaTotal = 0n;
  // numbered in the order of their first unit: stable for the same records
  const ordered = [...groups.values()].sort((a, b) => a.units[0].unitId - b.units[0].unitId);
  for (const g of ordered) {
    let delegate: number | null = null;
    if (g.kind === 'person') {
      if (g.ownerIds.length === 1) delegate = g.ownerIds[0];
      else if (g.delegateVotes.size > 0) {
        delegate = [...g.delegateVotes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      } else {
        // nobody named: the first registered co-owner votes until the owners name someone
        delegate = [...g.firstOwnership.entries()].sort((a, b) => a[1] - b[1])[0][0];
        warnings.coOwnedWithoutDelegate.push({ ownerKey: g.key, name: nameOf(g), units: g.units.map((u) => u.label) });
      }
    }
    const area = g.units.reduce((s, u) => s + BigInt(u.areaCenti), 0n);
    areaTotal += area;
    persons++;
    voters.push({
      voterNo: voters.length + 1,
      kind: g.kind,
      ownerKey: g.key,
      name: nameOf(g),
      delegatePersonId: delegate,
      orgId: g.orgId,
      ownerIds: g.ownerIds,
      areaCenti: area,
      units: g.units,
    });
  }
  return { voters, totals: { areaCenti: areaTotal, persons }, warnings };

  function nameOf(g: Group): string {
    return g.kind === 'developer' ? [...g.names.values()][0] : g.ownerIds.map((id) => g.names.get(id) ?? '?').join('、');
  }
}

/** 张三 → 张*；欧阳娜娜 → 欧***; a developer's name stays (it is not personal data). */
export function maskName(name: string, kind: 'person' | 'developer'): string {
  if (kind === 'developer') return name;
  return name
    .split('、')
    .map((n) => {
      const chars = [...n];
      return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
    })
    .join('、');
}
