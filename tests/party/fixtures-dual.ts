// Fixtures of the 双报到 tests: party members made in SQL for new persons of the demo community
// (each with a unit, a household and a member row linked to a test organisation), phone accounts
// (role resident) for them. The tests work in two new communities of the demo street, each with its
// own worker, so whatever the demo seed puts in the demo community cannot change their figures.
import type { Client, TestEnv } from '../../src/test/harness';
import { newAccount } from '../assemblies/estate-fixture';
import { demoEstate, newPlace, q, sessionFor } from '../assemblies/support';

export { pdfText } from '../pdf-text';

export interface DualWorld {
  communityId: number;
  communityPath: string;
  /** a community_worker of this community */
  worker: Client;
  estateId: number;
  /** an entrance where new units are made */
  entranceId: number;
  orgId: number;
  other: { communityId: number; entranceId: number; worker: Client };
}

let seq = 0;

async function entranceUnder(env: TestEnv, communityId: number, label: string): Promise<{ estateId: number; entranceId: number }> {
  const estate = await newPlace(env, communityId, 'estate', `双报到测试小区${label}`);
  const building = await newPlace(env, estate.id, 'building', '1号楼');
  const entrance = await newPlace(env, building.id, 'entrance', '1单元');
  return { estateId: estate.id, entranceId: entrance.id };
}

export async function dualWorld(env: TestEnv): Promise<DualWorld> {
  const demo = await demoEstate(env);
  const street = await q<{ parent_id: string }>(env, `SELECT parent_id FROM places WHERE id = $1`, [demo.communityId]);
  const streetId = Number(street[0].parent_id);
  const home = await newPlace(env, streetId, 'community', `双报到测试社区A${++seq}`);
  const here = await entranceUnder(env, home.id, 'A');
  const org = await q<{ id: string }>(
    env,
    `WITH n AS (SELECT nextval('party_orgs_id_seq') AS id)
     INSERT INTO party_orgs (id, kind, name, place_id, place_path, org_path, term_kind)
     SELECT n.id, 'working_committee', '双报到测试党工委', $1, $2, '/' || n.id || '/', 'other' FROM n RETURNING id`,
    [home.id, home.path],
  );
  const otherCommunity = await newPlace(env, streetId, 'community', `双报到测试社区B${seq}`);
  const there = await entranceUnder(env, otherCommunity.id, 'B');
  const workerId = await newAccount(env, `dualworker${++seq}`, 'community_worker', otherCommunity.id);
  const homeWorkerId = await newAccount(env, `dualworker${++seq}`, 'community_worker', home.id);
  return {
    communityId: home.id,
    communityPath: home.path,
    worker: await sessionFor(env, homeWorkerId),
    estateId: here.estateId,
    entranceId: here.entranceId,
    orgId: Number(org[0].id),
    other: { communityId: otherCommunity.id, entranceId: there.entranceId, worker: await sessionFor(env, workerId) },
  };
}

export interface MemberSpec {
  category?: 'in_service' | 'retired' | 'other';
  employer?: string | null;
  /** where they live: an entrance (default: the demo community's test entrance) */
  entranceId?: number;
  /** record the home on the member row (default) or only through the household */
  homeOnRow?: boolean;
  /** a phone account (role resident on the unit) */
  account?: boolean;
}

export interface Member {
  memberId: number;
  personId: number;
  unitId: number;
  name: string;
  client: Client | null;
}

export async function makeMember(env: TestEnv, w: DualWorld, name: string, spec: MemberSpec = {}): Promise<Member> {
  const n = ++seq;
  const unit = await newPlace(env, spec.entranceId ?? w.entranceId, 'unit', String(1000 + n));
  const person = await q<{ id: string }>(env, `INSERT INTO persons (name) VALUES ($1) RETURNING id`, [name]);
  const personId = Number(person[0].id);
  const hh = await q<{ id: string }>(env, `INSERT INTO households (unit_id) VALUES ($1) RETURNING id`, [unit.id]);
  await q(env, `INSERT INTO household_members (household_id, person_id, relation) VALUES ($1, $2, 'head')`, [hh[0].id, personId]);
  const onRow = spec.homeOnRow ?? true;
  const m = await q<{ id: string }>(
    env,
    `INSERT INTO party_members (person_id, org_id, status, joined_on, full_on, category, employer, unit_id, place_path)
     VALUES ($1, $2, 'full', '2010-07-01', '2011-07-01', $3, $4, $5, $6) RETURNING id`,
    [personId, w.orgId, spec.category ?? 'in_service', spec.employer === undefined ? '市第一人民医院' : spec.employer, onRow ? unit.id : null, onRow ? unit.path : null],
  );
  let client: Client | null = null;
  if (spec.account) client = await sessionFor(env, await newAccount(env, `dualmember${n}`, 'resident', unit.id, personId));
  return { memberId: Number(m[0].id), personId, unitId: unit.id, name, client };
}

/** A registration made in SQL (for tests that are not about registering). */
export async function registerInSql(env: TestEnv, communityId: number, memberId: number): Promise<number> {
  const r = await q<{ id: string }>(
    env,
    `INSERT INTO dual_registrations (community_id, community_path, kind, member_id) SELECT id, path, 'member', $2 FROM places WHERE id = $1 RETURNING id`,
    [communityId, memberId],
  );
  return Number(r[0].id);
}

/** A post made in SQL. */
export async function postInSql(env: TestEnv, communityId: number, title: string, capacity: number | null): Promise<number> {
  const r = await q<{ id: string }>(
    env,
    `INSERT INTO dual_posts (community_id, community_path, kind, title, capacity) SELECT id, path, 'post', $2, $3 FROM places WHERE id = $1 RETURNING id`,
    [communityId, title, capacity],
  );
  return Number(r[0].id);
}

