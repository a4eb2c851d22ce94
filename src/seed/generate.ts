// Generates a demo district in memory, column by column, deterministic for a seed number.
// Every generated row is marked is_demo where the table has the flag; names say 演示 at the top.
import type { PiiCipher } from '../core/people/pii';
import { maskIdNumber } from '../core/people/pii';
import { Rng } from './random';
import { idNumber, personName, phone, pools, uniqueNames } from './names';
import type { Scale } from './scales';

export type ColType = 'bigint' | 'text' | 'int' | 'smallint' | 'jsonb' | 'boolean' | 'date';

export class Table {
  readonly data: unknown[][];
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

const DEPARTMENTS = ['区住房和城乡建设局', '区房产管理局', '公安分局', '区市场监督管理局', '区消防救援大队', '区应急管理局', '区园林绿化局', '区城市管理综合执法局'];

export function generateDistrict(opts: { scale: Scale; seed: number; base: IdBase; pii: PiiCipher; passwordHash: string }): Generated {
  const { scale, base, pii } = opts;
  const rng = new Rng(opts.seed);
  const region = '511304';
  const places = new Table('places', [['id', 'bigint'], ['parent_id', 'bigint'], ['kind', 'text'], ['name', 'text'], ['code', 'text'], ['path', 'text'], ['depth', 'smallint'], ['attrs', 'jsonb'], ['is_demo', 'boolean']]);
  const orgs = new Table('orgs', [['id', 'bigint'], ['kind', 'text'], ['name', 'text'], ['place_id', 'bigint'], ['is_demo', 'boolean']]);
  const estateProperty = new Table('estate_property', [['estate_id', 'bigint'], ['company_id', 'bigint']]);
  const persons = new Table('persons', [['id', 'bigint'], ['name', 'text'], ['gender', 'text'], ['birth_date', 'date'], ['phone', 'text'], ['id_number_enc', 'text'], ['id_number_mask', 'text'], ['id_number_hmac', 'text'], ['is_demo', 'boolean']]);
  const households = new Table('households', [['id', 'bigint'], ['unit_id', 'bigint']]);
  const members = new Table('household_members', [['household_id', 'bigint'], ['person_id', 'bigint'], ['relation', 'text']]);
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
  const usedIds = new Set<string>();
  const accounts: DemoAccount[] = [];

  const addPlace = (parent: { id: number; path: string; depth: number } | null, kind: string, name: string, attrs: Record<string, unknown> = {}, code: string | null = null) => {
    const id = ++placeId;
    const path = `${parent?.path ?? '/'}${id}/`;
    const depth = parent ? parent.depth + 1 : 0;
    places.push(id, parent?.id ?? null, kind, name, code, path, depth, JSON.stringify(attrs), true);
    return { id, path, depth, name };
  };

  const addPerson = (gender: 'M' | 'F', age: number, withId: boolean) => {
    const id = ++personId;
    const year = 2026 - age;
    const birth = new Date(Date.UTC(year, rng.int(0, 11), rng.int(1, 28)));
    let idNo: string | null = null;
    if (withId) {
      do idNo = idNumber(rng, region, birth, gender);
      while (usedIds.has(idNo));
      usedIds.add(idNo);
    }
    const name = personName(rng, gender);
    persons.push(
      id,
      name,
      gender,
      birth.toISOString().slice(0, 10),
      age >= 16 ? phone(rng) : null,
      idNo ? pii.encrypt(idNo) : null,
      idNo ? maskIdNumber(idNo) : null,
      idNo ? pii.hmac(idNo) : null,
      true,
    );
    return { id, name };
  };

  const addUser = (username: string, displayName: string, personRef: number | null, org: number | null, role: string, place: { id: number; name: string }, roleOrg: number | null = null) => {
    const id = ++userId;
    users.push(id, username, displayName, personRef, org, opts.passwordHash, true);
    roles.push(++roleId, id, role, place.id, roleOrg);
    return id;
  };

  // the district and its organisations
  const districtName = scale.name === 'demo' ? '云溪区（演示）' : '嘉川区（演示）';
  const district = addPlace(null, 'district', districtName, { demo: true, population: scale.name === 'district' ? 480000 : null });
  const companyNames = uniqueNames(rng, pools.COMPANY_STEMS, scale.propertyCompanies, (r) => r.pick(['物业服务有限公司', '物业管理有限公司', '物业股份有限公司']));
  const companies = companyNames.map((n) => {
    orgs.push(++orgId, 'property_company', n, district.id, true);
    return orgId;
  });
  const departments = DEPARTMENTS.map((n) => {
    orgs.push(++orgId, 'department', n, district.id, true);
    return { id: orgId, name: n };
  });
  const developers = ['城投置业有限公司', '恒达房地产开发有限公司', '锦城地产集团有限公司'].map((n) => {
    orgs.push(++orgId, 'developer', n, district.id, true);
    return orgId;
  });

  interface HH { id: number; headId: number }
  const firstOf: { street?: ReturnType<typeof addPlace>; community?: ReturnType<typeof addPlace>; estate?: ReturnType<typeof addPlace>; building?: ReturnType<typeof addPlace>; entrance?: ReturnType<typeof addPlace>; unit?: ReturnType<typeof addPlace>; unitPersonId?: number; company?: number } = {};
  const volunteers = { pian: 0, zu: 0, lin: 0 };
  const volunteerPeople = new Set<number>();
  const pickVolunteer = (hhs: HH[]) => {
    for (let tries = 0; tries < 6 && hhs.length; tries++) {
      const h = rng.pick(hhs);
      if (!volunteerPeople.has(h.headId)) {
        volunteerPeople.add(h.headId);
        return h.headId;
      }
    }
    return null;
  };
  const personNames = new Map<number, string>();

  const streetNames = uniqueNames(rng, pools.STREET_STEMS, scale.streets, () => '街道');
  for (const sName of streetNames) {
    const street = addPlace(district, 'street', sName);
    firstOf.street ??= street;
    const nCommunities = rng.int(...scale.communitiesPerStreet);
    const communityNames = uniqueNames(rng, pools.COMMUNITY_STEMS, nCommunities, () => '社区');
    for (const cName of communityNames) {
      const community = addPlace(street, 'community', cName);
      firstOf.community ??= community;
      const nEstates = rng.int(...scale.estatesPerCommunity);
      const estateNames = uniqueNames(rng, pools.ESTATE_STEMS, nEstates, (r) => r.pick(pools.ESTATE_SUFFIX));
      for (const eName of estateNames) {
        const builtYear = rng.int(1985, 2022);
        const estate = addPlace(community, 'estate', eName, { builtYear });
        firstOf.estate ??= estate;
        if (rng.chance(0.9) || estate === firstOf.estate) {
          const company = estate === firstOf.estate ? companies[0] : rng.pick(companies);
          estateProperty.push(estate.id, company);
          firstOf.company ??= company;
        }
        const estateHH: HH[] = [];
        const floors = rng.weighted(scale.floors);
        const nBuildings = rng.int(...scale.buildingsPerEstate);
        for (let b = 1; b <= nBuildings; b++) {
          const building = addPlace(estate, 'building', `${b}号楼`, { floors });
          firstOf.building ??= building;
          const buildingHH: HH[] = [];
          const nEntrances = rng.int(...scale.entrancesPerBuilding);
          for (let e = 1; e <= nEntrances; e++) {
            const entrance = addPlace(building, 'entrance', `${e}单元`);
            firstOf.entrance ??= entrance;
            const entranceHH: HH[] = [];
            const perFloor = rng.int(...scale.unitsPerFloor);
            for (let f = 1; f <= floors; f++) {
              for (let u = 1; u <= perFloor; u++) {
                const unit = addPlace(entrance, 'unit', `${f}${String(u).padStart(2, '0')}`, { floor: f });
                // area: mostly registered, some only surveyed or by contract; exact hundredths
                const centi = rng.int(45, 145) * 100 + rng.int(0, 99);
                const src = rng.weighted([['registry', 85], ['surveyed', 10], ['contract', 5]] as const);
                areas.push(unit.id, src, centi);
                if (src === 'registry' && rng.chance(0.3)) areas.push(unit.id, 'contract', centi + rng.int(-150, 150));
                if (rng.chance(0.02) && estate.id !== firstOf.estate?.id) {
                  // unsold or undelivered: held by the developer
                  ownerships.push(++ownershipId, unit.id, null, rng.pick(developers), 'unsold', false, null);
                  continue;
                }
                if (!rng.chance(scale.occupancy) && unit !== firstOf.unit && firstOf.unit) continue;
                firstOf.unit ??= unit;
                const hid = ++householdId;
                households.push(hid, unit.id);
                const size = rng.weighted(scale.householdSize);
                const tenant = rng.chance(0.12) && unit !== firstOf.unit;
                const headGender = rng.chance(0.55) ? 'M' : 'F';
                const headAge = rng.int(25, 85);
                const head = addPerson(headGender, headAge, true);
                personNames.set(head.id, head.name);
                members.push(hid, head.id, tenant ? 'tenant' : 'head');
                if (unit === firstOf.unit) firstOf.unitPersonId = head.id;
                const hh: HH = { id: hid, headId: head.id };
                entranceHH.push(hh);
                let spouseId: number | null = null;
                for (let k = 1; k < size; k++) {
                  let rel: string;
                  let p: { id: number; name: string };
                  if (k === 1 && headAge < 80) {
                    rel = 'spouse';
                    p = addPerson(headGender === 'M' ? 'F' : 'M', Math.max(20, headAge + rng.int(-5, 5)), true);
                    spouseId = p.id;
                  } else if (headAge < 60 || rng.chance(0.7)) {
                    rel = 'child';
                    p = addPerson(rng.chance(0.5) ? 'M' : 'F', Math.max(0, headAge - rng.int(22, 35)), rng.chance(0.8));
                  } else {
                    rel = 'grandchild';
                    p = addPerson(rng.chance(0.5) ? 'M' : 'F', rng.int(0, 15), rng.chance(0.5));
                  }
                  members.push(hid, p.id, tenant ? 'tenant' : rel);
                }
                // ownership: the head (and often the spouse, as co-owner naming the head as voter)
                const basis = rng.chance(0.93) ? 'registered' : 'lawful_occupation';
                const since = `${rng.int(Math.max(builtYear, 1990), 2025)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
                if (tenant) {
                  const owner = addPerson(rng.chance(0.5) ? 'M' : 'F', rng.int(30, 75), true);
                  ownerships.push(++ownershipId, unit.id, owner.id, null, basis, true, since);
                } else {
                  const coOwned = spouseId !== null && rng.chance(0.35);
                  ownerships.push(++ownershipId, unit.id, head.id, null, basis, coOwned, since);
                  if (coOwned) ownerships.push(++ownershipId, unit.id, spouseId, null, basis, false, since);
                }
              }
            }
            // 邻长 on the entrance, about one per 11.6 households
            const nLin = Math.max(entranceHH.length ? 1 : 0, Math.round(entranceHH.length / scale.householdsPerLinZhang));
            for (let i = 0; i < nLin; i++) {
              const pid = pickVolunteer(entranceHH);
              if (pid === null) continue;
              volunteers.lin++;
              addUser(`lin${volunteers.lin}`, personNames.get(pid)!, pid, null, 'lin_zhang', entrance);
            }
            buildingHH.push(...entranceHH);
          }
          const nZu = Math.max(buildingHH.length ? 1 : 0, Math.round(buildingHH.length / scale.householdsPerZuZhang));
          for (let i = 0; i < nZu; i++) {
            const pid = pickVolunteer(buildingHH);
            if (pid === null) continue;
            volunteers.zu++;
            addUser(`zu${volunteers.zu}`, personNames.get(pid)!, pid, null, 'zu_zhang', building);
          }
          estateHH.push(...buildingHH);
        }
        const nPian = Math.max(estateHH.length ? 1 : 0, Math.round(estateHH.length / scale.householdsPerPianZhang));
        for (let i = 0; i < nPian; i++) {
          const pid = pickVolunteer(estateHH);
          if (pid === null) continue;
          volunteers.pian++;
          addUser(`pian${volunteers.pian}`, personNames.get(pid)!, pid, null, 'pian_zhang', estate);
        }
      }
    }
  }

  // one demo account per role, on the first street / community / estate
  const f = firstOf as Required<typeof firstOf>;
  const demo = (username: string, displayName: string, role: string, place: { id: number; name: string }, org: number | null = null, person: number | null = null) => {
    addUser(username, displayName, person, org, role, place, org);
    accounts.push({ username, role, place: place.name, displayName });
  };
  demo('admin', '区级管理员（演示）', 'district_admin', district);
  demo('street', `${f.street.name}管理员（演示）`, 'street_admin', f.street);
  demo('community', `${f.community.name}社工（演示）`, 'community_worker', f.community);
  demo('pianzhang', '片长（演示）', 'pian_zhang', f.estate);
  demo('zuzhang', '组长（演示）', 'zu_zhang', f.building);
  demo('linzhang', '邻长（演示）', 'lin_zhang', f.entrance);
  demo('property', `${companyNames[0]}客服（演示）`, 'property_staff', district, f.company);
  demo('dept', `${departments[1].name}（演示）`, 'department_staff', district, departments[1].id);
  demo('resident', `${personNames.get(f.unitPersonId)}（演示居民）`, 'resident', f.unit, null, f.unitPersonId);

  const tables = [places, orgs, estateProperty, persons, households, members, areas, ownerships, users, roles];
  const counts: Record<string, number> = Object.fromEntries(tables.map((t) => [t.name, t.length]));
  Object.assign(counts, { pian_zhang: volunteers.pian, zu_zhang: volunteers.zu, lin_zhang: volunteers.lin });
  return { tables, accounts, counts, districtName };
}
