// The demo generator: deterministic by seed, valid and unique identifiers, unique place names,
// era-consistent buildings, and 三长 grids cut from the households they serve.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher, isValidIdNumber } from '../core/people/pii';
import { generateDistrict, type Generated, type Table } from './generate';
import { SCALES, type Scale } from './scales';
import { buildRoll } from '../modules/assemblies/roll';

const BASE = { place: 0, org: 0, person: 0, household: 0, ownership: 0, user: 0, role: 0 };
const pii = new PiiCipher(Buffer.alloc(32, 3));
const gen = (seed: number, scale: Scale = SCALES.demo): Generated => generateDistrict({ scale, seed, base: BASE, pii, passwordHash: 'x' });
const table = (g: Generated, name: string): Table => g.tables.find((t) => t.name === name)!;
const col = (t: Table, name: string): unknown[] => t.column(t.columns.findIndex(([c]) => c === name));
const rows = (t: Table): Record<string, unknown>[] => {
  const cols = t.columns.map((_, i) => t.column(i));
  return Array.from({ length: t.length }, (_, r) => Object.fromEntries(t.columns.map(([c], i) => [c, cols[i][r]])));
};

// a district an order of magnitude below the real one, with every era and towns
const MID: Scale = { ...SCALES.district, households: 12_000, streets: 3, towns: 1, communitiesPerStreet: [2, 3] };

describe('seed generator', () => {
  it('is deterministic for a seed number (apart from the ciphertexts’ random IVs)', () => {
    const a = gen(7);
    const b = gen(7);
    expect(a.counts).toEqual(b.counts);
    for (const t of a.tables) {
      const u = table(b, t.name);
      t.columns.forEach(([c], i) => {
        if (c === 'id_number_enc') return;
        expect(u.column(i), `${t.name}.${c}`).toEqual(t.column(i));
      });
    }
    const c = gen(8);
    expect(col(table(c, 'persons'), 'name')).not.toEqual(col(table(a, 'persons'), 'name'));
  });

  it('writes valid, unique, encrypted ID numbers with matching masks and hashes', () => {
    const g = gen(11, MID);
    const persons = rows(table(g, 'persons'));
    const seen = new Set<string>();
    for (const p of persons) {
      if (p.id_number_enc === null) {
        expect(p.id_number_mask).toBeNull();
        continue;
      }
      const id = pii.decrypt(p.id_number_enc as string);
      expect(isValidIdNumber(id), id).toBe(true);
      expect(id.startsWith(MID.regionCode)).toBe(true);
      expect(p.id_number_mask).toBe(`${id.slice(0, 3)}***********${id.slice(-4)}`);
      expect(p.id_number_hmac).toBe(pii.hmac(id));
      // the sequence digit says the gender: odd for men
      expect(Number(id[16]) % 2 === 1 ? 'M' : 'F').toBe(p.gender);
      expect(id.slice(6, 14)).toBe((p.birth_date as string).replace(/-/g, ''));
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
  });

  it('keeps place names unique among siblings and estate names unique in the district', () => {
    const g = gen(12, MID);
    const places = rows(table(g, 'places'));
    const siblings = new Set<string>();
    const estates = new Set<string>();
    for (const p of places) {
      const key = `${p.parent_id}/${p.name}`;
      expect(siblings.has(key), key).toBe(false);
      siblings.add(key);
      if (p.kind === 'estate') {
        expect(estates.has(p.name as string), p.name as string).toBe(false);
        estates.add(p.name as string);
      }
      expect((p.name as string).length).toBeLessThanOrEqual(100);
    }
    expect(places[0].name).toContain('演示');
    for (const t of g.tables) if (t.columns.some(([c]) => c === 'is_demo')) expect(new Set(col(t, 'is_demo'))).toEqual(new Set([true]));
  });

  it('builds estates by era: shared heights, old estates low, new ones high, some without a property company', () => {
    const g = gen(11, MID);
    const places = rows(table(g, 'places'));
    const managed = new Set(col(table(g, 'estate_property'), 'estate_id'));
    const byEra: Record<string, number[]> = { old: [], mid: [], new: [] };
    let unmanagedOld = 0;
    let old = 0;
    for (const e of places.filter((p) => p.kind === 'estate')) {
      const attrs = JSON.parse(e.attrs as string) as { era: string; builtYear: number; management?: string };
      const heights = new Set(places.filter((b) => b.parent_id === e.id).map((b) => (JSON.parse(b.attrs as string) as { floors: number }).floors));
      expect(heights.size).toBeLessThanOrEqual(2);
      byEra[attrs.era].push(Math.max(...heights));
      if (attrs.era === 'old') {
        old++;
        if (!managed.has(e.id)) unmanagedOld++;
      }
      expect(managed.has(e.id)).toBe(attrs.management === undefined);
    }
    expect(Math.max(...byEra.old)).toBeLessThanOrEqual(7);
    expect(Math.min(...byEra.new)).toBeGreaterThanOrEqual(11);
    expect(unmanagedOld).toBeGreaterThan(0);
    expect(unmanagedOld).toBeLessThan(old);
  });

  it('cuts 三长 grids in the seeds’ proportions, each volunteer a head of household in the grid', () => {
    const g = gen(14, MID);
    const c = g.counts;
    expect(Math.abs(c.households - MID.households) / MID.households).toBeLessThan(0.05);
    expect(Math.abs(c.lin_zhang - c.households / MID.householdsPerLinZhang) / c.lin_zhang).toBeLessThan(0.05);
    expect(Math.abs(c.zu_zhang - c.households / MID.householdsPerZuZhang) / c.zu_zhang).toBeLessThan(0.15);
    expect(Math.abs(c.pian_zhang - c.households / MID.householdsPerPianZhang) / c.pian_zhang).toBeLessThan(0.3);

    const places = new Map(rows(table(g, 'places')).map((p) => [p.id as number, p]));
    const users = new Map(rows(table(g, 'users')).map((u) => [u.id as number, u]));
    const unitOfPerson = new Map<number, number>();
    const households = new Map(rows(table(g, 'households')).map((h) => [h.id as number, h.unit_id as number]));
    const heads = new Set<number>();
    for (const m of rows(table(g, 'household_members'))) {
      unitOfPerson.set(m.person_id as number, households.get(m.household_id as number)!);
      if (m.relation === 'head' || m.relation === 'tenant') heads.add(m.person_id as number);
    }
    const kinds: Record<string, string[]> = { lin_zhang: ['building', 'entrance'], zu_zhang: ['estate', 'building'], pian_zhang: ['community', 'estate'] };
    const demoNames = new Set(['pianzhang', 'zuzhang', 'linzhang']);
    const held = new Map<number, string[]>();
    for (const r of rows(table(g, 'role_assignments'))) {
      const user = users.get(r.user_id as number)!;
      if (!((r.role as string) in kinds) || demoNames.has(user.username as string)) continue;
      const place = places.get(r.place_id as number)!;
      expect(kinds[r.role as string]).toContain(place.kind);
      held.set(r.user_id as number, [...(held.get(r.user_id as number) ?? []), place.path as string]);
    }
    expect(held.size).toBe(c.lin_zhang + c.zu_zhang + c.pian_zhang);
    for (const [userId, paths] of held) {
      // a head of household living under one of the places the grid covers
      const person = users.get(userId)!.person_id as number;
      expect(heads.has(person)).toBe(true);
      const home = places.get(unitOfPerson.get(person)!)!.path as string;
      expect(paths.some((p) => home.startsWith(p))).toBe(true);
    }
  });

  it('signs in the demo accounts on the first places, the resident in an owned home', () => {
    const g = gen(20261122);
    expect(g.accounts.map((a) => a.username)).toEqual([
      'admin', 'street', 'community', 'pianzhang', 'zuzhang', 'linzhang', 'property', 'dept', 'resident', 'owner1', 'owner2', 'owner3', 'yeweihui',
    ]);
    const owners = rows(table(g, 'ownerships'));
    const users = rows(table(g, 'users'));
    const resident = users.find((u) => u.username === 'resident')!;
    expect(owners.some((o) => o.person_id === resident.person_id && o.basis !== 'unsold')).toBe(true);
  });

  // 司法解释 第9条: co-owners are one voter and name who votes; one buyer of several units counts once
  it('gives the demo owners a voter each on the first estate’s roll, owner1 two (their home and a co-owned flat)', () => {
    const g = gen(20261122);
    const places = rows(table(g, 'places'));
    const estate = places.find((p) => p.kind === 'estate')!;
    const units = places.filter((p) => p.kind === 'unit' && (p.path as string).startsWith(estate.path as string));
    const unitIds = new Set(units.map((u) => u.id));
    const owns = rows(table(g, 'ownerships')).filter((o) => unitIds.has(o.unit_id));
    const roll = buildRoll(
      units.map((u) => ({ unitId: u.id as number, label: u.name as string, areaCenti: 1, areaSource: 'registry' })),
      owns.map((o) => ({ id: o.id as number, unitId: o.unit_id as number, personId: o.person_id as number | null, orgId: o.org_id as number | null, basis: o.basis as string, delegate: o.is_voting_delegate as boolean, name: String(o.person_id ?? o.org_id) })),
    );
    expect(roll.warnings.unownedUnits).toEqual([]);
    const users = rows(table(g, 'users'));
    const roles = rows(table(g, 'role_assignments'));
    const persons = new Map(rows(table(g, 'persons')).map((p) => [p.id as number, p]));
    for (const name of ['owner1', 'owner2', 'owner3']) {
      const u = users.find((x) => x.username === name)!;
      const grant = roles.filter((r) => r.user_id === u.id);
      expect(grant.map((r) => r.role)).toEqual(['resident']);
      // the unit the role sits on is theirs, and they vote for it
      const home = roll.voters.find((v) => v.units.some((x) => x.unitId === grant[0].place_id))!;
      expect(home.ownerIds).toContain(u.person_id);
      expect(home.delegatePersonId).toBe(u.person_id);
      // the one-time code goes to their phone
      expect(persons.get(u.person_id as number)!.phone).toMatch(/^1\d{10}$/);
      const mine = roll.voters.filter((v) => v.delegatePersonId === u.person_id);
      if (name === 'owner1') {
        expect(mine).toHaveLength(2);
        const coOwned = mine.find((v) => v.ownerIds.length === 2)!;
        expect(coOwned.units).toHaveLength(1);
        expect(roll.warnings.coOwnedWithoutDelegate.map((w) => w.ownerKey)).not.toContain(coOwned.ownerKey);
      } else expect(mine.length).toBeGreaterThanOrEqual(1);
    }
    const member = users.find((x) => x.username === 'yeweihui')!;
    expect(roles.filter((r) => r.user_id === member.id).map((r) => [r.role, r.place_id])).toEqual([['owners_committee', estate.id]]);
    expect(roll.voters.some((v) => v.ownerIds.includes(member.person_id as number))).toBe(true);
  });

  it('gives every sold unit an owner, vacant ones too, and every owner a phone number', () => {
    for (const g of [gen(20261122), gen(9, MID)]) {
      const owned = new Set(col(table(g, 'ownerships'), 'unit_id'));
      const units = rows(table(g, 'places')).filter((p) => p.kind === 'unit');
      expect(units.filter((u) => !owned.has(u.id))).toEqual([]);
      const inHousehold = new Set(col(table(g, 'households'), 'unit_id'));
      const ownedByPeople = new Set(rows(table(g, 'ownerships')).filter((o) => o.person_id !== null).map((o) => o.unit_id));
      const vacant = units.filter((u) => !inHousehold.has(u.id) && ownedByPeople.has(u.id));
      expect(vacant.length).toBe(g.counts.vacant_units);
      const ownerIds = new Set<unknown>(col(table(g, 'ownerships'), 'person_id').filter((x) => x !== null));
      const noPhone = rows(table(g, 'persons')).filter((p) => ownerIds.has(p.id) && !p.phone);
      expect(noPhone).toEqual([]);
    }
  });

  // The vacant units' owners come from a stream of their own, after everything else: every row the
  // main stream drew before is unchanged (these digests were taken before the owners were added;
  // a deliberate change to the generator updates them).
  it('adds the vacant units’ owners without changing any row drawn before', () => {
    const g = gen(20261122);
    const digest = (name: string, n?: number) => {
      const t = table(g, name);
      const h = createHash('sha256');
      t.columns.forEach(([c], i) => {
        if (c !== 'id_number_enc') h.update(c + JSON.stringify(t.column(i, 0, n ?? t.length)));
      });
      return h.digest('hex').slice(0, 16);
    };
    expect({
      places: digest('places'),
      households: digest('households'),
      household_members: digest('household_members'),
      unit_areas: digest('unit_areas'),
      persons: digest('persons', 923),
      ownerships: digest('ownerships', 393),
      users: digest('users', 50),
      role_assignments: digest('role_assignments', 52),
    }).toEqual({
      places: '8d3370751163533e',
      households: '9207d201aeb0684f',
      household_members: '7b71f1b343fa6f8b',
      unit_areas: '490a67de53182ca6',
      persons: '51a15cf8d91e3496',
      ownerships: 'e9fa892233bd5a82',
      users: '9a4a154f9d14f389',
      role_assignments: '7dbe1637d26fd4fa',
    });
  });
});
