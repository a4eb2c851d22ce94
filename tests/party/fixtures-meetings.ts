// Fixtures for the meetings, calendar, settings and reminder tests, written in SQL so every figure
// is known exactly: party organisations on new places of the demo district, members (full or
// probationary) with their persons, committees, and accounts (a branch secretary, community workers).
import type { Client, TestEnv } from '../../src/test/harness';
import { demoEstate, newPlace, q, sessionFor, staffAccount } from '../assemblies/support';

export { ok, q, num } from '../assemblies/support';
export { staffAccount };

export type OrgKind = 'working_committee' | 'general_branch' | 'community_committee' | 'branch' | 'joint_branch' | 'group';

export interface Org {
  id: number;
  orgPath: string;
  placeId: number;
  placePath: string;
}

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A live organisation anchored on a place, under `parent` (none: a street working committee). */
export async function makeOrg(env: TestEnv, spec: { kind: OrgKind; placeId: number; parent?: Org; name?: string }): Promise<Org> {
  const r = await q<{ id: string; org_path: string; place_path: string }>(
    env,
    `WITH n AS (SELECT nextval('party_orgs_id_seq') AS id)
     INSERT INTO party_orgs (id, parent_id, kind, name, place_id, place_path, org_path, term_kind, elected_on)
     SELECT n.id, $1::bigint, $2, $3, p.id, p.path, coalesce($4::text, '/') || n.id || '/', 'community', '2024-03-01'
       FROM n, places p WHERE p.id = $5
     RETURNING id, org_path, place_path`,
    [spec.parent?.id ?? null, spec.kind, spec.name ?? `测试党组织${tag()}`, spec.parent?.orgPath ?? null, spec.placeId],
  );
  return { id: Number(r[0].id), orgPath: r[0].org_path, placeId: spec.placeId, placePath: r[0].place_path };
}

export interface Members {
  /** party_members ids, full members first */
  memberIds: number[];
  personIds: number[];
}

/** `full` full members then `probationary` probationary members of the organisation. */
export async function makeMembers(env: TestEnv, org: Org, full: number, probationary = 0): Promise<Members> {
  const t = tag();
  const n = full + probationary;
  const persons = await q<{ id: string }>(env, `INSERT INTO persons (name) SELECT '党员' || $1 || '-' || i FROM generate_series(1, $2) AS i RETURNING id`, [t, n]);
  const personIds = persons.map((p) => Number(p.id)).sort((a, b) => a - b);
  const members = await q<{ id: string }>(
    env,
    `INSERT INTO party_members (person_id, org_id, status, category, joined_on)
     SELECT p, $2, CASE WHEN i <= $3 THEN 'full' ELSE 'probationary' END, 'retired', '2010-07-01'
       FROM unnest($1::bigint[]) WITH ORDINALITY AS x(p, i) RETURNING id`,
    [personIds, org.id, full],
  );
  return { memberIds: members.map((m) => Number(m.id)).sort((a, b) => a - b), personIds };
}

/** Seat persons on the organisation's committee; the first is the secretary. */
export async function makeCommittee(env: TestEnv, org: Org, personIds: number[]): Promise<void> {
  await q(
    env,
    `INSERT INTO party_committee_members (org_id, person_id, post, since)
     SELECT $1, p, CASE WHEN i = 1 THEN 'secretary' ELSE 'member' END, '2024-03-01' FROM unnest($2::bigint[]) WITH ORDINALITY AS x(p, i)`,
    [org.id, personIds],
  );
}

/** A signed-in account for a person holding party_secretary on a place. */
export async function secretaryAccount(env: TestEnv, personId: number, placeId: number): Promise<{ userId: number; client: Client }> {
  const u = await q<{ id: string }>(env, `INSERT INTO users (username, display_name, person_id, password_hash) VALUES ($1, '支部书记', $2, 'no-password') RETURNING id`, [`sec.${tag()}`, personId]);
  const userId = Number(u[0].id);
  await q(env, `INSERT INTO role_assignments (user_id, role, place_id) VALUES ($1, 'party_secretary', $2)`, [userId, placeId]);
  return { userId, client: await sessionFor(env, userId) };
}

export interface World {
  communityId: number;
  communityPath: string;
  streetId: number;
  districtId: number;
  /** 街道党工委 on the demo street */
  street: Org;
  /** 社区党委 on the demo community, with two estate branches below it */
  community: Org;
  branchX: Org;
  branchY: Org;
}

/** The demo community (the `community` account's) with a community party committee and two new estates, each with a branch. */
export async function makeWorld(env: TestEnv): Promise<World> {
  const { communityId, communityPath } = await demoEstate(env);
  const ids = communityPath.split('/').filter(Boolean).map(Number);
  const street = await makeOrg(env, { kind: 'working_committee', placeId: ids[1] });
  const community = await makeOrg(env, { kind: 'community_committee', placeId: communityId, parent: street });
  const ex = await newPlace(env, communityId, 'estate', `测试小区X${tag()}`);
  const ey = await newPlace(env, communityId, 'estate', `测试小区Y${tag()}`);
  const branchX = await makeOrg(env, { kind: 'branch', placeId: ex.id, parent: community, name: `X小区党支部${tag()}` });
  const branchY = await makeOrg(env, { kind: 'branch', placeId: ey.id, parent: community, name: `Y小区党支部${tag()}` });
  return { communityId, communityPath, districtId: ids[0], streetId: ids[1], street, community, branchX, branchY };
}

/** Attendance entries: the first `present` members present, the next `leave` on leave (the rest left out: absent). */
export function attendance(memberIds: number[], present: number, leave = 0) {
  return [
    ...memberIds.slice(0, present).map((memberId) => ({ memberId, status: 'present' as const })),
    ...memberIds.slice(present, present + leave).map((memberId) => ({ memberId, status: 'leave' as const })),
  ];
}
