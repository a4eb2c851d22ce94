// Shared helpers for the assembly tests (ballots, the race, and whoever needs them later).
//
// - Assemblies on the demo community's first estate (or any estate): create with matters,
//   announce (freezes the roll), open by back-dating `voting_opens_at` in SQL, end or close by
//   back-dating `voting_closes_at`.
// - Accounts without passwords: users and sessions written in SQL, so hundreds of owners can be
//   signed in at once (no scrypt); a second staff member of a community the same way.
// - One-time codes written in SQL with the server's own hash (otp.ts otpHash).
// - A dedicated estate of N owned units (one owner per unit, each with a phone) for the large tests.
// Everything goes through `env.database.query` (raw SQL) or the API (`Client`); nothing here
// bypasses a rule the tests check, except the clock (the back-dating).
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { makeClient, type Client, type TestEnv } from '../../src/test/harness';
import { otpHash } from '../../src/modules/assemblies/otp';
import { tokenId } from '../../src/core/auth/sessions';

export const DAY = 86_400_000;

/** The JSON body of a 200 answer, or an error that shows what came back. */
export function ok<T = any>(res: LightMyRequestResponse): T {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export async function q<T = Record<string, any>>(env: TestEnv, text: string, params: unknown[] = []): Promise<T[]> {
  return env.database.query<T>(text, params);
}

/** One number from a single-value query. */
export async function num(env: TestEnv, text: string, params: unknown[] = []): Promise<number> {
  const r = await q(env, text, params);
  if (!r[0]) throw new Error(`no row from: ${text}`);
  return Number(Object.values(r[0])[0]);
}

/** A new place under `parentId`; its path and depth follow the parent's. */
export async function newPlace(env: TestEnv, parentId: number, kind: string, name: string): Promise<{ id: number; path: string }> {
  const r = await q<{ id: string; path: string }>(
    env,
    `WITH n AS (SELECT nextval('places_id_seq') AS id)
     INSERT INTO places (id, parent_id, kind, name, path, depth)
     SELECT n.id, p.id, $2, $3, p.path || n.id || '/', p.depth + 1 FROM n, places p WHERE p.id = $1
     RETURNING id, path`,
    [parentId, kind, name],
  );
  return { id: Number(r[0].id), path: r[0].path };
}

/** The demo community (where the `community` account works) and its first estate. */
export async function demoEstate(env: TestEnv): Promise<{ communityId: number; communityPath: string; estateId: number; estatePath: string }> {
  const c = await q<{ id: number; path: string }>(
    env,
    `SELECT p.id, p.path FROM role_assignments r JOIN users u ON u.id = r.user_id JOIN places p ON p.id = r.place_id
      WHERE u.username = 'community' AND r.revoked_at IS NULL ORDER BY r.id LIMIT 1`,
  );
  const e = await q<{ id: number; path: string }>(env, `SELECT id, path FROM places WHERE kind = 'estate' AND parent_id = $1 AND retired_at IS NULL ORDER BY id LIMIT 1`, [c[0].id]);
  return { communityId: Number(c[0].id), communityPath: c[0].path, estateId: Number(e[0].id), estatePath: e[0].path };
}

export interface MatterSpec {
  item: number;
  title: string;
  description?: string;
}

export const DEFAULT_MATTERS: MatterSpec[] = [
  { item: 1, title: '修订业主大会议事规则' },
  { item: 5, title: '使用专项维修资金更换电梯' },
  { item: 8, title: '利用共有部分设置充电桩并收取费用' },
];

export interface AssemblySpec {
  estateId?: number;
  title?: string;
  kind?: 'regular' | 'extraordinary' | 'first';
  notice?: string;
  matters?: MatterSpec[];
}

export interface MadeAssembly {
  id: number;
  /** matter ids in seq order */
  matterIds: number[];
}

/** A draft assembly (voting 16 → 30 days ahead, past the 15 days' notice) with its matters. */
export async function createAssembly(env: TestEnv, organiser: Client, spec: AssemblySpec = {}): Promise<MadeAssembly> {
  const estateId = spec.estateId ?? (await demoEstate(env)).estateId;
  const now = Date.now();
  const a = ok(
    await organiser.post('/api/assemblies', {
      estateId,
      title: spec.title ?? '测试业主大会',
      kind: spec.kind ?? 'regular',
      organiserKind: 'owners_committee',
      organiserName: '测试小区业主委员会',
      notice: spec.notice ?? '定于下月召开业主大会，请各位业主参加表决。',
      votingOpensAt: new Date(now + 16 * DAY).toISOString(),
      votingClosesAt: new Date(now + 30 * DAY).toISOString(),
    }),
  );
  for (const m of spec.matters ?? DEFAULT_MATTERS) ok(await organiser.post(`/api/assemblies/${a.id}/matters`, m));
  return { id: a.id, matterIds: await matterIds(env, a.id) };
}

export async function matterIds(env: TestEnv, assemblyId: number): Promise<number[]> {
  return (await q<{ id: number }>(env, `SELECT id FROM assembly_matters WHERE assembly_id = $1 ORDER BY seq`, [assemblyId])).map((r) => Number(r.id));
}

/** Announce: the roll is frozen. */
export async function announce(organiser: Client, id: number): Promise<void> {
  ok(await organiser.post(`/api/assemblies/${id}/announce`));
}

/** Open voting now: back-date voting_opens_at (the clock), then open through the API. */
export async function openVoting(env: TestEnv, organiser: Client, id: number): Promise<void> {
  await q(env, `UPDATE assemblies SET voting_opens_at = now() - interval '1 minute' WHERE id = $1`, [id]);
  ok(await organiser.post(`/api/assemblies/${id}/open`));
}

/** Create, announce and open: an assembly taking ballots. */
export async function votingAssembly(env: TestEnv, organiser: Client, spec: AssemblySpec = {}): Promise<MadeAssembly> {
  const made = await createAssembly(env, organiser, spec);
  await announce(organiser, made.id);
  await openVoting(env, organiser, made.id);
  return made;
}

/** The closing time passes (the state stays `voting` until someone or the sweep closes it). */
export async function endVoting(env: TestEnv, id: number): Promise<void> {
  await q(env, `UPDATE assemblies SET voting_closes_at = greatest(voting_opens_at + interval '1 second', now() - interval '1 second') WHERE id = $1`, [id]);
}

/** End voting and close through the API (state `closed`). */
export async function closeVoting(env: TestEnv, organiser: Client, id: number): Promise<void> {
  await endVoting(env, id);
  ok(await organiser.post(`/api/assemblies/${id}/close`));
}

export interface VoterRow {
  id: number;
  voterNo: number;
  kind: 'person' | 'developer';
  delegatePersonId: number | null;
  areaCenti: number;
  active: boolean;
}

/** The frozen roll of an assembly, by voter number. */
export async function rollOf(env: TestEnv, assemblyId: number): Promise<VoterRow[]> {
  const r = await q(
    env,
    `SELECT id, voter_no, kind, delegate_person_id, area_centi, active FROM assembly_voters WHERE assembly_id = $1 ORDER BY voter_no`,
    [assemblyId],
  );
  return r.map((x) => ({
    id: Number(x.id),
    voterNo: Number(x.voter_no),
    kind: x.kind,
    delegatePersonId: x.delegate_person_id === null ? null : Number(x.delegate_person_id),
    areaCenti: Number(x.area_centi),
    active: x.active,
  }));
}

// ---------------------------------------------------------------------------------------------
// accounts and sessions without passwords

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A signed-in client for an existing user: a session row written in SQL (the cookie is its token). */
export async function sessionFor(env: TestEnv, userId: number): Promise<Client> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await q(env, `INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '12 hours')`, [tokenId(token), userId, csrf]);
  return makeClient(env.app, `gz_sid=${token}`, csrf);
}

export interface Owner {
  personId: number;
  userId: number;
  client: Client;
}

/**
 * Signed-in accounts for these persons: the person's existing account when there is one (the demo
 * `resident`, the 三长), else a new account linked to the person (users.person_id). Users and
 * sessions are written in one statement each, so 500 owners take a moment.
 */
export async function ownerAccounts(env: TestEnv, personIds: number[]): Promise<Map<number, Owner>> {
  const ids = [...new Set(personIds)];
  const existing = await q<{ id: number; person_id: number }>(
    env,
    `SELECT DISTINCT ON (person_id) id, person_id FROM users WHERE person_id = ANY($1::bigint[]) AND disabled_at IS NULL ORDER BY person_id, id`,
    [ids],
  );
  const userOf = new Map(existing.map((u) => [Number(u.person_id), Number(u.id)]));
  const missing = ids.filter((p) => !userOf.has(p));
  if (missing.length) {
    const tag = uniq();
    const made = await q<{ id: number; person_id: number }>(
      env,
      `INSERT INTO users (username, display_name, person_id, password_hash)
       SELECT 'owner.' || $2 || '.' || p, '业主' || p, p, 'no-password' FROM unnest($1::bigint[]) AS p
       RETURNING id, person_id`,
      [missing, tag],
    );
    for (const u of made) userOf.set(Number(u.person_id), Number(u.id));
  }
  const tokens = ids.map(() => ({ token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') }));
  await q(
    env,
    `INSERT INTO sessions (id, user_id, csrf_token, expires_at)
     SELECT s.id, s.user_id, s.csrf, now() + interval '12 hours' FROM unnest($1::text[], $2::bigint[], $3::text[]) AS s(id, user_id, csrf)`,
    [tokens.map((t) => tokenId(t.token)), ids.map((p) => userOf.get(p)!), tokens.map((t) => t.csrf)],
  );
  const out = new Map<number, Owner>();
  ids.forEach((p, i) => out.set(p, { personId: p, userId: userOf.get(p)!, client: makeClient(env.app, `gz_sid=${tokens[i].token}`, tokens[i].csrf) }));
  return out;
}

/** A new person with an account (and a phone unless told otherwise), owning nothing. */
export async function outsider(env: TestEnv, opts: { phone?: string | null } = {}): Promise<Owner> {
  const p = await q<{ id: number }>(env, `INSERT INTO persons (name, phone) VALUES ('路人甲', $1) RETURNING id`, [opts.phone === undefined ? '13900000000' : opts.phone]);
  const personId = Number(p[0].id);
  return (await ownerAccounts(env, [personId])).get(personId)!;
}

/** A staff account holding `role` on a place (a second community worker, a worker elsewhere …). */
export async function staffAccount(env: TestEnv, role: string, placeId: number, displayName = '第二位工作人员'): Promise<{ userId: number; client: Client }> {
  const u = await q<{ id: number }>(env, `INSERT INTO users (username, display_name, password_hash) VALUES ($1, $2, 'no-password') RETURNING id`, [`staff.${uniq()}`, displayName]);
  const userId = Number(u[0].id);
  await q(env, `INSERT INTO role_assignments (user_id, role, place_id) VALUES ($1, $2, $3)`, [userId, role, placeId]);
  return { userId, client: await sessionFor(env, userId) };
}

// ---------------------------------------------------------------------------------------------
// one-time codes

/** Give a user a valid code for an assembly (written in SQL with the server's hash). */
export async function giveCode(env: TestEnv, userId: number, assemblyId: number, code = '246810'): Promise<string> {
  await q(env, `INSERT INTO assembly_otps (user_id, assembly_id, code_hash, expires_at) VALUES ($1, $2, $3, now() + interval '10 minutes')`, [
    userId,
    assemblyId,
    otpHash(env.ctx.pii, userId, assemblyId, code),
  ]);
  return code;
}

/** The same for many users at once (one statement). */
export async function giveCodes(env: TestEnv, userIds: number[], assemblyId: number, code = '246810'): Promise<string> {
  await q(
    env,
    `INSERT INTO assembly_otps (user_id, assembly_id, code_hash, expires_at)
     SELECT u, $2, h, now() + interval '10 minutes' FROM unnest($1::bigint[], $3::text[]) AS x(u, h)`,
    [userIds, assemblyId, userIds.map((u) => otpHash(env.ctx.pii, u, assemblyId, code))],
  );
  return code;
}

/** The code of the newest message queued for a phone (how the demo operator reads it). */
export async function codeFromOutbox(env: TestEnv, userId: number): Promise<string> {
  const r = await q<{ body: string }>(env, `SELECT body FROM sms_outbox WHERE user_id = $1 ORDER BY id DESC LIMIT 1`, [userId]);
  const m = r[0]?.body.match(/\d{6}/);
  if (!m) throw new Error(`no code in the outbox for user ${userId}`);
  return m[0];
}

// ---------------------------------------------------------------------------------------------
// a dedicated estate

export interface BuiltEstate {
  estateId: number;
  estatePath: string;
  unitIds: number[];
  /** the owner of each unit, in unit order */
  personIds: number[];
  /** area of each unit in 0.01 m², in unit order */
  areas: number[];
}

/**
 * An estate under `communityId` with `units` units in `buildings` buildings (one entrance each),
 * every unit with a registry area and one owner of its own (a person with a phone): a roll of
 * exactly `units` voters. Built in a handful of statements.
 */
export async function buildEstate(env: TestEnv, opts: { communityId: number; units: number; buildings?: number; name?: string }): Promise<BuiltEstate> {
  const buildings = opts.buildings ?? Math.max(1, Math.ceil(opts.units / 100));
  const tag = uniq();
  const place = (parentId: number, kind: string, name: string) => newPlace(env, parentId, kind, name);
  const estate = await place(opts.communityId, 'estate', opts.name ?? `测试小区${tag}`);
  const entrances: number[] = [];
  for (let b = 1; b <= buildings; b++) {
    const building = await place(estate.id, 'building', `${b}号楼`);
    entrances.push((await place(building.id, 'entrance', '1单元')).id);
  }
  // units spread over the entrances; name = running number within the entrance
  const per = Math.ceil(opts.units / buildings);
  const units = await q<{ id: number }>(
    env,
    `WITH g AS (SELECT g, ($1::bigint[])[((g - 1) / $3) + 1] AS entrance, ((g - 1) % $3) + 1 AS k FROM generate_series(1, $2) g),
          n AS (SELECT g.*, nextval('places_id_seq') AS id FROM g ORDER BY g.g)
     INSERT INTO places (id, parent_id, kind, name, path, depth)
     SELECT n.id, e.id, 'unit', (100 * ((n.k - 1) / 4 + 1) + ((n.k - 1) % 4) + 1)::text, e.path || n.id || '/', e.depth + 1
       FROM n JOIN places e ON e.id = n.entrance ORDER BY n.g
     RETURNING id`,
    [entrances, opts.units, per],
  );
  const unitIds = units.map((u) => Number(u.id)).sort((a, b) => a - b);
  // areas 60.00 … 149.99 m², varied but fixed
  const areas = unitIds.map((_, i) => 6000 + ((i * 7919) % 9000));
  await q(env, `INSERT INTO unit_areas (unit_id, source, area_centi) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])`, [
    unitIds,
    unitIds.map(() => 'registry'),
    areas,
  ]);
  const persons = await q<{ id: number }>(
    env,
    `INSERT INTO persons (name, phone)
     SELECT '业主' || g, '139' || lpad(g::text, 8, '0') FROM generate_series(1, $1) g ORDER BY g RETURNING id`,
    [opts.units],
  );
  const personIds = persons.map((p) => Number(p.id)).sort((a, b) => a - b);
  await q(env, `INSERT INTO ownerships (unit_id, person_id, basis, since) SELECT u, p, 'registered', date '2020-01-01' FROM unnest($1::bigint[], $2::bigint[]) AS x(u, p)`, [
    unitIds,
    personIds,
  ]);
  return { estateId: estate.id, estatePath: estate.path, unitIds, personIds, areas };
}
