// A dedicated estate for the grid tests, built in SQL so every figure is known: one building with
// entrance A (`a` households) and entrance B (`b` households), one household per unit in unit
// order (101, 102, 201, …), each with a head (phone 139…) and a spouse; 三长 accounts with persons;
// and thin wrappers over the grid API.
import type { Client, TestEnv } from '../../src/test/harness';
import { newPlace, num, ok, q, sessionFor } from '../assemblies/support';
import { newAccount } from '../assemblies/estate-fixture';

export { num, ok, q, sessionFor };

export interface GridEstate {
  communityId: number;
  estateId: number;
  estatePath: string;
  buildingId: number;
  entA: number;
  entB: number;
  /** household ids of entrance A and B, in unit order */
  hhA: number[];
  hhB: number[];
  /** head person of each household */
  headOf: Map<number, number>;
}

/** The demo community (the `community` account works there). */
export async function demoCommunity(env: TestEnv): Promise<{ id: number; path: string }> {
  const r = await q<{ id: number; path: string }>(
    env,
    `SELECT p.id, p.path FROM role_assignments r JOIN users u ON u.id = r.user_id JOIN places p ON p.id = r.place_id WHERE u.username = 'community' ORDER BY r.id LIMIT 1`,
  );
  return { id: Number(r[0].id), path: r[0].path };
}

let made = 0;
async function entranceWithHouseholds(env: TestEnv, buildingId: number, name: string, n: number, headOf: Map<number, number>): Promise<{ id: number; hh: number[] }> {
  const ent = await newPlace(env, buildingId, 'entrance', name);
  const hh: number[] = [];
  for (let i = 0; i < n; i++) {
    const unit = await newPlace(env, ent.id, 'unit', `${Math.floor(i / 2) + 1}0${(i % 2) + 1}`);
    const h = await num(env, `INSERT INTO households (unit_id) VALUES ($1) RETURNING id`, [unit.id]);
    made++;
    const head = await num(env, `INSERT INTO persons (name, phone, birth_date) VALUES ($1, $2, '1970-05-01') RETURNING id`, [`住户${made}`, `139${String(made).padStart(8, '0')}`]);
    const spouse = await num(env, `INSERT INTO persons (name, birth_date) VALUES ($1, '1972-03-01') RETURNING id`, [`配偶${made}`]);
    await q(env, `INSERT INTO household_members (household_id, person_id, relation) VALUES ($1, $2, 'head'), ($1, $3, 'spouse')`, [h, head, spouse]);
    headOf.set(h, head);
    hh.push(h);
  }
  return { id: ent.id, hh };
}

export async function gridEstate(env: TestEnv, opts: { communityId?: number; name?: string; a?: number; b?: number } = {}): Promise<GridEstate> {
  const communityId = opts.communityId ?? (await demoCommunity(env)).id;
  const estate = await newPlace(env, communityId, 'estate', opts.name ?? `网格测试小区${made}`);
  const building = await newPlace(env, estate.id, 'building', '3号楼');
  const headOf = new Map<number, number>();
  const a = await entranceWithHouseholds(env, building.id, '1单元', opts.a ?? 25, headOf);
  const b = await entranceWithHouseholds(env, building.id, '2单元', opts.b ?? 7, headOf);
  return { communityId, estateId: estate.id, estatePath: estate.path, buildingId: building.id, entA: a.id, entB: b.id, hhA: a.hh, hhB: b.hh, headOf };
}

export async function makePerson(env: TestEnv, name: string, phone: string | null = null): Promise<number> {
  return num(env, `INSERT INTO persons (name, phone) VALUES ($1, $2) RETURNING id`, [name, phone]);
}

/** A person with an account holding `role` on `placeId`, signed in. */
export async function gridLeader(env: TestEnv, username: string, role: string, placeId: number): Promise<{ personId: number; userId: number; client: Client }> {
  const personId = await makePerson(env, `三长${username}`, '13700001111');
  const userId = await newAccount(env, username, role, placeId, personId);
  return { personId, userId, client: await sessionFor(env, userId) };
}

/** A community worker of another community than the demo one. */
export async function otherCommunityWorker(env: TestEnv): Promise<Client> {
  const other = await num(env, `SELECT id FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`, [(await demoCommunity(env)).id]);
  const userId = await newAccount(env, `cw_other_${made++}`, 'community_worker', other);
  return sessionFor(env, userId);
}

export interface CellBody {
  level: 'pian' | 'zu' | 'lin';
  parentId?: number;
  placeId: number;
  name: string;
  leaderPersonId?: number;
}

export async function createCell(client: Client, body: CellBody): Promise<{ id: number; cellPath: string; version: number }> {
  return ok(await client.post('/api/grid/cells', body));
}

/** 片 on the community, 组 on the estate, as the office. */
export async function pianZu(client: Client, e: GridEstate, leaders: { pian?: number; zu?: number } = {}): Promise<{ pian: number; zu: number }> {
  const pian = await createCell(client, { level: 'pian', placeId: e.communityId, name: '测试片', leaderPersonId: leaders.pian });
  const zu = await createCell(client, { level: 'zu', parentId: pian.id, placeId: e.estateId, name: '测试组', leaderPersonId: leaders.zu });
  return { pian: pian.id, zu: zu.id };
}

/** Make the person a full party member of a fresh organisation (organ cadre or not). */
export async function partyMember(env: TestEnv, personId: number, placeId: number, organCadre: boolean): Promise<void> {
  const orgId = await num(
    env,
    `WITH n AS (SELECT nextval('party_orgs_id_seq') AS id)
     INSERT INTO party_orgs (id, kind, name, place_id, place_path, org_path, term_kind)
     SELECT n.id, 'working_committee', '测试党工委' || n.id, p.id, p.path, '/' || n.id || '/', 'other' FROM n, places p WHERE p.id = $1 RETURNING id`,
    [placeId],
  );
  await q(env, `INSERT INTO party_members (person_id, org_id, status, category, organ_cadre, employer) VALUES ($1, $2, 'full', 'in_service', $3, '区住建委')`, [personId, orgId, organCadre]);
}
