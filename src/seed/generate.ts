// Generates a demo district in memory, column by column, deterministic for a seed number (only the
// ciphertexts of ID numbers differ between runs: each encryption draws a fresh IV). ID numbers are
// encrypted, masked and hashed when they are written (Table.column), not when generated.
// Every generated row is marked is_demo where the table has the flag, and the district's name says
// 演示 at the top of the tree.
import type { PiiCipher } from '../core/people/pii';
import { maskIdNumber } from '../core/people/pii';
import { Rng, Weighted } from './random';
import { estateName, idNumber, personName, phone, pickSurname, pools, roadAddress, uniqueName } from './names';
import type { Era, EraName, Scale, StreetCharacter } from './scales';

export type ColType = 'bigint' | 'text' | 'int' | 'smallint' | 'jsonb' | 'boolean' | 'date';

export class Table {
  readonly data: unknown[][];
  /**
   * Columns whose stored value is turned into the written one only when rows are written
   * (ID numbers are encrypted batch by batch while the database works on the previous batch).
   */
  readonly encoders = new Map<number, (v: unknown) => unknown>();
  constructor(
    readonly name: string,
    readonly columns: readonly (readonly [string, ColType])[],
  ) {
    this.data = columns.map(() => []);
  }
  push(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.data[i].push(values[i]);
  }
  get length(): number {
    return this.data[0].length;
  }
  /** Rows [start, end) of column `i`, as written to the database. */
  column(i: number, start = 0, end = this.length): unknown[] {
    const raw = this.data[i].slice(start, end);
    const enc = this.encoders.get(i);
    if (!enc) return raw;
    for (let r = 0; r < raw.length; r++) if (raw[r] !== null) raw[r] = enc(raw[r]);
    return raw;
  }
  encode(column: string, fn: (v: unknown) => unknown): void {
    const i = this.columns.findIndex(([c]) => c === column);
    if (i < 0) throw new Error(`${this.name} has no column ${column}`);
    this.encoders.set(i, fn);
  }
}

export interface IdBase {
  place: number;
  org: number;
  person: number;
  household: number;
  ownership: number;
  user: number;
  role: number;
}

/** Values already in the database that generated rows must not repeat (unique indexes). */
export interface Taken {
  /** id_number_hmac values */
  idHmacs: Set<string>;
  /** `${kind}:${name}` of live organisations */
  orgs: Set<string>;
  /** lower-case usernames */
  usernames: Set<string>;
}

export interface DemoAccount {
  username: string;
  role: string;
  place: string;
  displayName: string;
}

export interface Generated {
  tables: Table[];
  accounts: DemoAccount[];
  counts: Record<string, number>;
  districtName: string;
}

const DEPARTMENTS = ['住房和城乡建设局', '房产管理局', '公安分局', '市场监督管理局', '消防救援大队', '应急管理局', '园林绿化局', '城市管理综合执法局'];

type Gender = 'M' | 'F';
type MemberKind = 'spouse' | 'child' | 'parent' | 'grandchild' | 'other';
interface Template {
  headAge: [number, number];
  members: MemberKind[];
}
// household compositions by size: [template, weight]
const TEMPLATES: Record<number, Weighted<Template>> = {
  1: new Weighted([[{ headAge: [20, 88], members: [] }, 1]]),
  2: new Weighted<Template>([
    [{ headAge: [24, 86], members: ['spouse'] }, 7],
    [{ headAge: [40, 80], members: ['child'] }, 2],
    [{ headAge: [24, 45], members: ['parent'] }, 1],
  ]),
  3: new Weighted<Template>([
    [{ headAge: [26, 58], members: ['spouse', 'child'] }, 8],
    [{ headAge: [52, 78], members: ['spouse', 'grandchild'] }, 1],
    [{ headAge: [26, 48], members: ['spouse', 'parent'] }, 1],
  ]),
  4: new Weighted<Template>([
    [{ headAge: [30, 55], members: ['spouse', 'child', 'child'] }, 5],
    [{ headAge: [28, 50], members: ['spouse', 'child', 'parent'] }, 4],
    [{ headAge: [52, 75], members: ['spouse', 'child', 'grandchild'] }, 1],
  ]),
  5: new Weighted<Template>([
    [{ headAge: [30, 50], members: ['spouse', 'child', 'parent', 'parent'] }, 5],
    [{ headAge: [52, 72], members: ['spouse', 'child', 'other', 'grandchild'] }, 3],
    [{ headAge: [30, 48], members: ['spouse', 'child', 'child', 'parent'] }, 2],
  ]),
  6: new Weighted<Template>([
    [{ headAge: [30, 48], members: ['spouse', 'child', 'child', 'parent', 'parent'] }, 6],
    [{ headAge: [54, 72], members: ['spouse', 'child', 'other', 'grandchild', 'grandchild'] }, 4],
  ]),
};

const YEAR = 2026;
const PAD2 = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
const FLOOR_ATTRS = Array.from({ length: 100 }, (_, f) => JSON.stringify({ floor: f }));
const AREA_SOURCE = new Weighted<'registry' | 'surveyed' | 'contract'>([['registry', 85], ['surveyed', 10], ['contract', 5]]);

interface PlaceRef {
  id: number;
  path: string;
  depth: number;
  name: string;
}
interface HH {
  headId: number;
  headAge: number;
  headName: string;
}
/** A run of households under one place: the pieces a grid is cut from. */
interface Segment {
  place: PlaceRef;
  hhs: HH[];
}
interface PlannedBuilding {
  floors: number;
  entrances: number;
  perFloor: number;
}
/** A unit sold but nobody lives in: it gets an owner after the district is built (see below). */
interface VacantUnit {
  unitId: number;
  estateId: number;
  builtYear: number;
  /** the owner-occupiers of its community (the array keeps growing while the community is built) */
  communityOwners: number[];
}
/** An owner who lives in their own unit of the first estate: the demo owners are chosen from them. */
interface ResidentOwner {
  personId: number;
  name: string;
  age: number;
  unit: PlaceRef;
}
interface PlannedEstate {
  era: Era;
  builtYear: number;
  buildings: PlannedBuilding[];
  expectedHouseholds: number;
}

export function generateDistrict(opts: { scale: Scale; seed: number; base: IdBase; pii: PiiCipher; passwordHash: string; taken?: Taken }): Generated {
  const { scale, base, pii } = opts;
  const taken: Taken = opts.taken ?? { idHmacs: new Set(), orgs: new Set(), usernames: new Set() };
  const rng = new Rng(opts.seed);
  const region = scale.regionCode;
  const places = new Table('places', [['id', 'bigint'], ['parent_id', 'bigint'], ['kind', 'text'], ['name', 'text'], ['code', 'text'], ['path', 'text'], ['depth', 'smallint'], ['attrs', 'jsonb'], ['is_demo', 'boolean']]);
  const orgs = new Table('orgs', [['id', 'bigint'], ['kind', 'text'], ['name', 'text'], ['place_id', 'bigint'], ['attrs', 'jsonb'], ['is_demo', 'boolean']]);
  const estateProperty = new Table('estate_property', [['estate_id', 'bigint'], ['company_id', 'bigint'], ['since', 'date']]);
  const persons = new Table('persons', [['id', 'bigint'], ['name', 'text'], ['gender', 'text'], ['birth_date', 'date'], ['phone', 'text'], ['id_number_enc', 'text'], ['id_number_mask', 'text'], ['id_number_hmac', 'text'], ['is_demo', 'boolean']]);
  persons.encode('id_number_enc', (v) => pii.encrypt(v as string));
  persons.encode('id_number_mask', (v) => maskIdNumber(v as string));
  persons.encode('id_number_hmac', (v) => pii.hmac(v as string));
  const households = new Table('households', [['id', 'bigint'], ['unit_id', 'bigint']]);
  const members = new Table('household_members', [['household_id', 'bigint'], ['person_id', 'bigint'], ['relation', 'text'], ['since', 'date']]);
  const areas = new Table('unit_areas', [['unit_id', 'bigint'], ['source', 'text'], ['area_centi', 'bigint']]);
  const ownerships = new Table('ownerships', [['id', 'bigint'], ['unit_id', 'bigint'], ['person_id', 'bigint'], ['org_id', 'bigint'], ['basis', 'text'], ['is_voting_delegate', 'boolean'], ['since', 'date']]);
  const users = new Table('users', [['id', 'bigint'], ['username', 'text'], ['display_name', 'text'], ['person_id', 'bigint'], ['org_id', 'bigint'], ['password_hash', 'text'], ['is_demo', 'boolean']]);
  const roles = new Table('role_assignments', [['id', 'bigint'], ['user_id', 'bigint'], ['role', 'text'], ['place_id', 'bigint'], ['org_id', 'bigint']]);

  let placeId = base.place;
  let orgId = base.org;
  let personId = base.person;
  let householdId = base.household;
  let ownershipId = base.ownership;
  let userId = base.user;
  let roleId = base.role;
  const kindCounts: Record<string, number> = { district: 0, street: 0, town: 0, community: 0, estate: 0, building: 0, entrance: 0, unit: 0 };
  const eraCounts: Record<EraName, number> = { old: 0, mid: 0, new: 0 };
  let estatesWithoutProperty = 0;
  let nonResidentOwners = 0;
  const vacantUnits: VacantUnit[] = [];
  const firstEstateOwners: ResidentOwner[] = [];

  const addPlace = (parent: PlaceRef | null, kind: string, name: string, attrs: string, code: string | null = null): PlaceRef => {
    const id = ++placeId;
    const path = `${parent ? parent.path : '/'}${id}/`;
    const depth = parent ? parent.depth + 1 : 0;
    places.push(id, parent ? parent.id : null, kind, name, code, path, depth, attrs, true);
    kindCounts[kind]++;
    return { id, path, depth, name };
  };

  // ID numbers are unique within the run by (birth date, sequence): the region is fixed
  const usedIdKeys = new Set<number>();
  const dateOf = (year: number, month: number, day: number) => `${year}-${PAD2[month]}-${PAD2[day]}`;
  // `r` is the stream the draws come from: the main one, or the one for owners added afterwards
  const makePerson = (r: Rng, gender: Gender, age: number, withId: boolean, withPhone: boolean, surname: string): { id: number; name: string } => {
    const id = ++personId;
    const year = YEAR - 1 - age;
    const month = r.int(1, 12);
    const day = r.int(1, 28);
    const name = personName(r, gender, year, surname);
    let idNo: string | null = null;
    if (withId) {
      const ymd = `${year}${PAD2[month]}${PAD2[day]}`;
      for (;;) {
        idNo = idNumber(r, region, ymd, gender);
        const key = Number(ymd) * 1000 + Number(idNo.slice(14, 17));
        if (usedIdKeys.has(key)) continue;
        if (taken.idHmacs.size && taken.idHmacs.has(pii.hmac(idNo))) continue;
        usedIdKeys.add(key);
        break;
      }
    }
    // the three ID columns hold the plain number until written: see the encoders below
    persons.push(id, name, gender, dateOf(year, month, day), withPhone ? phone(r) : null, idNo, idNo, idNo, true);
    return { id, name };
  };
  const addPerson = (gender: Gender, age: number, withId: boolean, withPhone: boolean, surname: string = pickSurname(rng)) =>
    makePerson(rng, gender, age, withId, withPhone, surname);

  const usernameFor = (wanted: string): string => {
    let u = wanted;
    for (let k = 2; taken.usernames.has(u.toLowerCase()); k++) u = `${wanted}_${k}`;
    taken.usernames.add(u.toLowerCase());
    return u;
  };
  const addUser = (username: string, displayName: string, person: number | null, org: number | null, role: string, at: readonly PlaceRef[], roleOrg: number | null = null): string => {
    const id = ++userId;
    const name = usernameFor(username);
    users.push(id, name, displayName, person, org, opts.passwordHash, true);
    for (const p of at) roles.push(++roleId, id, role, p.id, roleOrg);
    return name;
  };

  const usedOrgNames = new Set<string>([...taken.orgs].map((k) => k.slice(k.indexOf(':') + 1)));
  const addOrg = (kind: string, name: string, placeRef: number, attrs: Record<string, unknown> = {}): number => {
    orgs.push(++orgId, kind, name, placeRef, JSON.stringify(attrs), true);
    return orgId;
  };

  // the district and its organisations
  const districtName = scale.districtName;
  const shortName = districtName.replace(/（演示）$/, '');
  const district = addPlace(null, 'district', districtName, JSON.stringify({ demo: true, population: scale.population }), region);
  const companyNames = Array.from({ length: scale.propertyCompanies }, () =>
    uniqueName(
      rng,
      usedOrgNames,
      (r) => (r.chance(0.3) ? shortName : '') + r.pick(pools.COMPANY_STEMS) + r.pick(pools.COMPANY_SUFFIX),
      (n) => `${shortName}第${n}物业服务有限公司`,
    ),
  );
  const companies = companyNames.map((n) => addOrg('property_company', n, district.id, { redProperty: rng.chance(0.3) }));
  const departments = DEPARTMENTS.map((d) => {
    const name = uniqueName(rng, usedOrgNames, () => shortName + d, (n) => `${shortName}${d}（${n}）`);
    return { id: addOrg('department', name, district.id), name };
  });
  const developers = rng
    .shuffled(pools.DEVELOPER_STEMS)
    .slice(0, scale.developers)
    .map((stem) => addOrg('developer', uniqueName(rng, usedOrgNames, () => `${stem}有限公司`, (n) => `${stem}第${n}有限公司`), district.id));

  const firstOf: { street?: PlaceRef; community?: PlaceRef; estate?: PlaceRef; building?: PlaceRef; entrance?: PlaceRef; unit?: PlaceRef; unitPersonId?: number; unitPersonName?: string } = {};

  // ---- grids: 片 within a community, 组 within an estate, 邻 within a building -------------------
  const volunteers = { pian_zhang: 0, zu_zhang: 0, lin_zhang: 0 };
  const prefixes = { pian_zhang: 'pian', zu_zhang: 'zu', lin_zhang: 'lin' } as const;
  const isVolunteer = new Set<number>();
  /**
   * Cut the households under `parent` (in order, one segment per child place) into
   * round(total / per) grids of near-equal size, and give each grid a volunteer from its own
   * households, holding the role on the places the grid covers (on the parent if it covers all).
   */
  const assignGrid = (role: keyof typeof volunteers, parent: PlaceRef, segments: Segment[], per: number) => {
    let total = 0;
    for (const s of segments) total += s.hhs.length;
    if (total === 0) return;
    const n = Math.max(1, Math.round(total / per));
    const starts: number[] = [];
    let acc = 0;
    for (const s of segments) {
      starts.push(acc);
      acc += s.hhs.length;
    }
    let seg = 0;
    for (let k = 0; k < n; k++) {
      const lo = Math.floor((k * total) / n);
      const hi = Math.floor(((k + 1) * total) / n);
      while (seg < segments.length - 1 && starts[seg] + segments[seg].hhs.length <= lo) seg++;
      const at: PlaceRef[] = [];
      for (let s = seg; s < segments.length && starts[s] < hi; s++) if (segments[s].hhs.length) at.push(segments[s].place);
      const hhAt = (i: number): HH => {
        let s = seg;
        while (starts[s] + segments[s].hhs.length <= i) s++;
        return segments[s].hhs[i - starts[s]];
      };
      // prefer a head of household of working or young-retired age who has no other grid role
      let chosen: HH | null = null;
      for (let t = 0; t < 8 && !chosen; t++) {
        const h = hhAt(rng.int(lo, hi - 1));
        if (h.headAge >= 30 && h.headAge <= 72 && !isVolunteer.has(h.headId)) chosen = h;
      }
      for (let i = lo; i < hi && !chosen; i++) {
        const h = hhAt(i);
        if (!isVolunteer.has(h.headId)) chosen = h;
      }
      if (!chosen) continue;
      isVolunteer.add(chosen.headId);
      volunteers[role]++;
      const covered = n === 1 && at.length > 1 ? [parent] : at;
      addUser(`${prefixes[role]}${volunteers[role]}`, chosen.headName, chosen.headId, null, role, covered);
    }
  };

  // ---- planning: streets, communities and their household targets --------------------------------
  const eraPick = {
    old_town: new Weighted(scale.eraMix.old_town),
    new_area: new Weighted(scale.eraMix.new_area),
    town: new Weighted(scale.eraMix.town),
  };
  const sizePick = new Weighted(scale.householdSize);
  const eraShape = Object.fromEntries(
    (Object.keys(scale.eras) as EraName[]).map((k) => {
      const e = scale.eras[k];
      return [k, { floors: new Weighted(e.floors), mixed: new Weighted(e.mixedFloors), perFloor: new Weighted(e.unitsPerFloor) }];
    }),
  ) as Record<EraName, { floors: Weighted<number>; mixed: Weighted<number>; perFloor: Weighted<number> }>;

  const planEstate = (character: StreetCharacter): PlannedEstate => {
    const era = scale.eras[eraPick[character].pick(rng)];
    const shape = eraShape[era.name];
    const builtYear = rng.int(...era.years);
    const floors = shape.floors.pick(rng);
    const mixed = rng.chance(era.mixedShare) ? shape.mixed.pick(rng) : 0;
    const perFloor = shape.perFloor.pick(rng);
    const n = rng.int(...era.buildings);
    const buildings: PlannedBuilding[] = [];
    let units = 0;
    for (let b = 0; b < n; b++) {
      const f = mixed && b >= Math.ceil(n / 2) ? mixed : floors;
      const entrances = rng.int(...era.entrances);
      buildings.push({ floors: f, entrances, perFloor });
      units += f * entrances * perFloor;
    }
    return { era, builtYear, buildings, expectedHouseholds: units * (1 - era.unsold) * era.occupancy };
  };

  const streetPlan: { character: StreetCharacter; communities: number; weights: number[] }[] = [];
  const nOld = Math.round(scale.streets * scale.oldTownShare);
  for (let s = 0; s < scale.streets + scale.towns; s++) {
    const character: StreetCharacter = s >= scale.streets ? 'town' : s < nOld ? 'old_town' : 'new_area';
    const n = rng.int(...scale.communitiesPerStreet);
    streetPlan.push({ character, communities: n, weights: Array.from({ length: n }, () => rng.real(1 - scale.communitySpread, 1 + scale.communitySpread)) });
  }
  // community sizes vary, but add up to the district's household target
  const totalWeight = streetPlan.reduce((s, p) => s + p.weights.reduce((a, w) => a + w, 0), 0);
  let targetSoFar = 0;
  let plannedSoFar = 0;

  // ---- the tree ------------------------------------------------------------------------------------
  const usedStreetNames = new Set<string>();
  const usedCommunityNames = new Set<string>();
  const usedEstateNames = new Set<string>();
  let streetNo = 0;
  let townNo = 100; // towns are numbered 101, 102, … in the administrative codes
  for (const sp of streetPlan) {
    const town = sp.character === 'town';
    const sName = town
      ? uniqueName(rng, usedStreetNames, (r) => r.pick(pools.TOWN_STEMS) + '镇', (n) => `第${n}镇`)
      : uniqueName(rng, usedStreetNames, (r) => r.pick(pools.STREET_STEMS) + '街道', (n) => `第${n}街道`);
    const streetCode = `${region}${String(town ? ++townNo : ++streetNo).padStart(3, '0')}`;
    const street = addPlace(district, 'street', sName, JSON.stringify({ town, character: sp.character }), streetCode);
    if (town) kindCounts.town++;
    firstOf.street ??= street;
    for (let c = 1; c <= sp.communities; c++) {
      const cName = uniqueName(rng, usedCommunityNames, (r) => r.pick(pools.COMMUNITY_STEMS) + '社区', (n) => `${rng.pick(pools.COMMUNITY_STEMS)}第${n}社区`);
      const community = addPlace(street, 'community', cName, '{}', `${streetCode}${String(c).padStart(3, '0')}`);
      firstOf.community ??= community;
      // plan estates until the community (and the district so far) reaches its household target
      targetSoFar += (scale.households * sp.weights[c - 1]) / totalWeight;
      const plans: PlannedEstate[] = [];
      for (;;) {
        const plan = planEstate(sp.character);
        const remaining = targetSoFar - plannedSoFar;
        if (plans.length >= scale.minEstatesPerCommunity && remaining < plan.expectedHouseholds / 2) break;
        plans.push(plan);
        plannedSoFar += plan.expectedHouseholds;
      }
      const communitySegments: Segment[] = [];
      const communityOwners: number[] = [];
      for (const plan of plans) {
        const { era, builtYear } = plan;
        eraCounts[era.name]++;
        const eName = uniqueName(rng, usedEstateNames, (r) => estateName(r, era.name), (n) => `${rng.pick(pools.ROADS)}${n}号院`);
        const first = !firstOf.estate;
        const managed = first || !rng.chance(era.withoutProperty);
        const estateAttrs: Record<string, unknown> = { builtYear, era: era.name, eraLabel: era.label, address: roadAddress(rng) };
        if (!managed) estateAttrs.management = rng.chance(0.6) ? '居民自治' : '社区托管';
        const estate = addPlace(community, 'estate', eName, JSON.stringify(estateAttrs));
        firstOf.estate ??= estate;
        if (managed) {
          const company = first ? companies[0] : rng.pick(companies);
          const since = Math.max(builtYear + 1, rng.int(2008, 2025));
          estateProperty.push(estate.id, company, dateOf(Math.min(since, 2025), rng.int(1, 12), 1));
        } else estatesWithoutProperty++;
        const developer = rng.pick(developers);
        const [areaMin, areaMax] = era.area;
        const estateSegments: Segment[] = [];
        for (let b = 0; b < plan.buildings.length; b++) {
          const pb = plan.buildings[b];
          const lift = pb.floors > 7 || rng.chance(era.lift);
          const building = addPlace(estate, 'building', `${b + 1}号楼`, JSON.stringify({ floors: pb.floors, lift }));
          firstOf.building ??= building;
          // one floor plan per position: 101, 201, 301 … have the same area
          const plan100 = Array.from({ length: pb.perFloor }, () => rng.int(areaMin, areaMax) * 100 + rng.int(0, 99));
          const buildingSegments: Segment[] = [];
          for (let e = 1; e <= pb.entrances; e++) {
            const entrance = addPlace(building, 'entrance', `${e}单元`, '{}');
            firstOf.entrance ??= entrance;
            const entranceHH: HH[] = [];
            for (let f = 1; f <= pb.floors; f++) {
              for (let u = 1; u <= pb.perFloor; u++) {
                const unit = addPlace(entrance, 'unit', `${f}${PAD2[u]}`, FLOOR_ATTRS[f]);
                const isFirst = !firstOf.unit;
                const centi = plan100[u - 1] + (f === 1 || f === pb.floors ? rng.int(-200, 200) : 0);
                const src = AREA_SOURCE.pick(rng);
                areas.push(unit.id, src, centi);
                if (src === 'registry' && rng.chance(0.3)) areas.push(unit.id, 'contract', centi + rng.int(-150, 150));
                if (!isFirst && rng.chance(era.unsold)) {
                  // unsold or undelivered: held by the developer
                  ownerships.push(++ownershipId, unit.id, null, developer, 'unsold', false, null);
                  continue;
                }
                if (!isFirst && !rng.chance(era.occupancy)) {
                  // sold but empty: its owner lives elsewhere (given after the district is built)
                  vacantUnits.push({ unitId: unit.id, estateId: estate.id, builtYear, communityOwners });
                  continue;
                }
                const hid = ++householdId;
                households.push(hid, unit.id);
                const tenant = !isFirst && rng.chance(era.tenants);
                const tpl = TEMPLATES[sizePick.pick(rng)].pick(rng);
                const headGender: Gender = rng.chance(0.55) ? 'M' : 'F';
                const headAge = rng.int(...tpl.headAge);
                const moveIn = Math.max(builtYear + 1, YEAR - rng.int(1, 30));
                const since = dateOf(Math.min(moveIn, YEAR - 1), rng.int(1, 12), rng.int(1, 28));
                const headSurname = pickSurname(rng);
                const head = addPerson(headGender, headAge, true, true, headSurname);
                members.push(hid, head.id, tenant ? 'tenant' : 'head', since);
                if (isFirst) {
                  firstOf.unit = unit;
                  firstOf.unitPersonId = head.id;
                  firstOf.unitPersonName = head.name;
                }
                entranceHH.push({ headId: head.id, headAge, headName: head.name });
                let spouseId: number | null = null;
                let childAge = -1;
                // children mostly carry the father's surname; spouses keep their own
                let familySurname = headSurname;
                let firstChild: { gender: Gender; surname: string } | null = null;
                let inLawSurname: string | null = null;
                let parentGender: Gender = rng.chance(0.5) ? 'M' : 'F';
                for (const m of tpl.members) {
                  let age: number;
                  let gender: Gender;
                  let surname: string;
                  if (m === 'spouse') {
                    gender = headGender === 'M' ? 'F' : 'M';
                    age = Math.max(20, headAge + rng.int(-6, 4) * (headGender === 'M' ? 1 : -1));
                    surname = pickSurname(rng);
                    if (gender === 'M') familySurname = surname;
                  } else if (m === 'child') {
                    gender = rng.chance(0.51) ? 'M' : 'F';
                    age = Math.max(0, headAge - rng.int(23, 34));
                    surname = rng.chance(0.95) ? familySurname : headSurname;
                    if (childAge < 0) {
                      childAge = age;
                      firstChild = { gender, surname };
                    }
                  } else if (m === 'other') {
                    // the child's spouse
                    gender = firstChild?.gender === 'M' ? 'F' : 'M';
                    age = Math.max(20, childAge + rng.int(-3, 3));
                    surname = inLawSurname = pickSurname(rng);
                  } else if (m === 'grandchild') {
                    gender = rng.chance(0.51) ? 'M' : 'F';
                    age = Math.max(0, (childAge >= 0 ? childAge : headAge - 28) - rng.int(24, 34));
                    // through a son: the family's name; through a daughter: her husband's
                    surname = firstChild?.gender === 'F' && inLawSurname ? inLawSurname : familySurname;
                  } else {
                    // the head's parents: the father shares the head's surname
                    gender = parentGender;
                    parentGender = parentGender === 'M' ? 'F' : 'M';
                    age = Math.min(99, headAge + rng.int(23, 33));
                    surname = gender === 'M' ? headSurname : pickSurname(rng);
                  }
                  const p = addPerson(gender, age, age >= 16 || rng.chance(0.7), age >= 14, surname);
                  if (m === 'spouse') spouseId = p.id;
                  members.push(hid, p.id, tenant ? 'tenant' : m, since);
                }
                // ownership: the owner-occupier (often with the spouse, as co-owners naming one voter);
                // a rented unit belongs to someone who lives elsewhere, sometimes in this community
                const basis = rng.chance(0.93) ? 'registered' : 'lawful_occupation';
                const bought = dateOf(Math.min(YEAR - 1, Math.max(builtYear + 1, moveIn - rng.int(0, 2))), rng.int(1, 12), rng.int(1, 28));
                if (tenant) {
                  let owner: number;
                  if (communityOwners.length && rng.chance(0.35)) owner = rng.pick(communityOwners);
                  else {
                    owner = addPerson(rng.chance(0.5) ? 'M' : 'F', rng.int(30, 75), true, true).id;
                    nonResidentOwners++;
                  }
                  ownerships.push(++ownershipId, unit.id, owner, null, basis, false, bought);
                } else {
                  const coOwned = spouseId !== null && rng.chance(0.35);
                  ownerships.push(++ownershipId, unit.id, head.id, null, basis, coOwned, bought);
                  if (coOwned) ownerships.push(++ownershipId, unit.id, spouseId, null, basis, false, bought);
                  communityOwners.push(head.id);
                  if (first) firstEstateOwners.push({ personId: head.id, name: head.name, age: headAge, unit });
                }
              }
            }
            buildingSegments.push({ place: entrance, hhs: entranceHH });
          }
          assignGrid('lin_zhang', building, buildingSegments, scale.householdsPerLinZhang);
          const buildingHH: HH[] = [];
          for (const s of buildingSegments) for (const h of s.hhs) buildingHH.push(h);
          estateSegments.push({ place: building, hhs: buildingHH });
        }
        assignGrid('zu_zhang', estate, estateSegments, scale.householdsPerZuZhang);
        const estateHH: HH[] = [];
        for (const s of estateSegments) for (const h of s.hhs) estateHH.push(h);
        communitySegments.push({ place: estate, hhs: estateHH });
      }
      assignGrid('pian_zhang', community, communitySegments, scale.householdsPerPianZhang);
    }
  }

  const f = firstOf as Required<typeof firstOf>;

  // ---- owners added afterwards, from their own stream (the draws above stay as they were) ---------
  // The demo owners: owner-occupiers of the first estate who hold no grid role, the eldest first
  // (the phone pages are made for them); the next one sits on the owners' committee.
  const extra = new Rng((Math.imul(opts.seed, 0x9e3779b1) ^ 0x0a55e4b1) >>> 0);
  const candidates = firstEstateOwners.filter((o) => o.personId !== f.unitPersonId && !isVolunteer.has(o.personId));
  const elderly = candidates.filter((o) => o.age >= 60);
  const owner1 = elderly[0] ?? candidates[0];
  const others = candidates.filter((o) => o !== owner1);
  const demoOwners = [owner1, others[0], others[1]].filter((o): o is ResidentOwner => o !== undefined);
  const committeeMember = others.find((o, i) => i >= 2 && o.age >= 35 && o.age <= 66) ?? others[2];
  // Units sold but vacant belong to someone who lives elsewhere: often an owner-occupier of the same
  // community who bought a second flat, otherwise an owner of their own. The first vacant unit of the
  // first estate is owner1's, bought with a relative and owner1 named to vote for it: owner1 then
  // holds two voters on the roll (their home and this flat).
  let coOwnedByOwner1: number | null = null;
  for (const v of vacantUnits) {
    const bought = dateOf(extra.int(Math.min(v.builtYear + 1, YEAR - 1), YEAR - 1), extra.int(1, 12), extra.int(1, 28));
    const basis = extra.chance(0.95) ? 'registered' : 'lawful_occupation';
    if (owner1 && coOwnedByOwner1 === null && v.estateId === f.estate.id) {
      const relative = makePerson(extra, extra.chance(0.5) ? 'M' : 'F', extra.int(35, 70), true, true, pickSurname(extra));
      nonResidentOwners++;
      ownerships.push(++ownershipId, v.unitId, owner1.personId, null, basis, true, bought);
      ownerships.push(++ownershipId, v.unitId, relative.id, null, basis, false, bought);
      coOwnedByOwner1 = v.unitId;
      continue;
    }
    let owner: number;
    if (v.communityOwners.length && extra.chance(0.3)) owner = extra.pick(v.communityOwners);
    else {
      owner = makePerson(extra, extra.chance(0.5) ? 'M' : 'F', extra.int(30, 75), true, true, pickSurname(extra)).id;
      nonResidentOwners++;
    }
    ownerships.push(++ownershipId, v.unitId, owner, null, basis, false, bought);
  }

  // one demo account per role, on the first street / community / estate
  const accounts: DemoAccount[] = [];
  const demo = (username: string, displayName: string, role: string, place: PlaceRef, org: number | null = null, person: number | null = null) => {
    const actual = addUser(username, displayName, person, org, role, [place], org);
    accounts.push({ username: actual, role, place: place.name, displayName });
  };
  demo('admin', '区级管理员（演示）', 'district_admin', district);
  demo('street', `${f.street.name}管理员（演示）`, 'street_admin', f.street);
  demo('community', `${f.community.name}社工（演示）`, 'community_worker', f.community);
  demo('pianzhang', '片长（演示）', 'pian_zhang', f.estate);
  demo('zuzhang', '组长（演示）', 'zu_zhang', f.building);
  demo('linzhang', '邻长（演示）', 'lin_zhang', f.entrance);
  demo('property', `${companyNames[0]}客服（演示）`, 'property_staff', district, companies[0]);
  demo('dept', `${departments[1].name}（演示）`, 'department_staff', district, departments[1].id);
  demo('resident', `${f.unitPersonName}（演示居民）`, 'resident', f.unit, null, f.unitPersonId);
  // owners of the first estate who vote on the phone (each the voter for their own home) and a
  // member of its owners' committee, who organises assemblies in the console
  demoOwners.forEach((o, i) => demo(`owner${i + 1}`, `${o.name}（演示业主）`, 'resident', o.unit, null, o.personId));
  if (committeeMember) demo('yeweihui', `${committeeMember.name}（演示业委会委员）`, 'owners_committee', f.estate, null, committeeMember.personId);

  const tables = [places, orgs, estateProperty, persons, households, members, areas, ownerships, users, roles];
  const counts: Record<string, number> = {
    streets: kindCounts.street - kindCounts.town,
    towns: kindCounts.town,
    communities: kindCounts.community,
    estates: kindCounts.estate,
    estates_old: eraCounts.old,
    estates_mid: eraCounts.mid,
    estates_new: eraCounts.new,
    estates_without_property: estatesWithoutProperty,
    buildings: kindCounts.building,
    entrances: kindCounts.entrance,
    units: kindCounts.unit,
    residents: members.length,
    non_resident_owners: nonResidentOwners,
    vacant_units: vacantUnits.length,
    ...Object.fromEntries(tables.map((t) => [t.name, t.length])),
    pian_zhang: volunteers.pian_zhang,
    zu_zhang: volunteers.zu_zhang,
    lin_zhang: volunteers.lin_zhang,
  };
  return { tables, accounts, counts, districtName };
}
