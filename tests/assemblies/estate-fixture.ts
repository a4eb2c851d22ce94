// A small estate built in SQL for the assembly tests, so that every figure of a roll or a result is
// known exactly: buildings, entrances and units made on demand, unit areas by source, owners (people
// or a developer), ownerships (registered, in lawful occupation, unsold; ended; with a named voting
// delegate), accounts for owners and staff, and moving an assembly's clock by SQL.
import type { Client, TestEnv } from '../../src/test/harness';
import { newPlace, q } from './support';

export interface AreaSpec {
  registry?: number;
  surveyed?: number;
  contract?: number;
}

export interface OwnSpec {
  basis?: 'registered' | 'lawful_occupation';
  delegate?: boolean;
  ended?: boolean;
}

export interface Estate {
  id: number;
  path: string;
  communityId: number;
  /** a unit "building-entrance-unit" (parents made on demand), with its areas in 0.01 m² */
  unit(building: string, entrance: string, name: string, areas?: AreaSpec): Promise<number>;
  person(name: string, phone?: string | null): Promise<number>;
  developer(name: string): Promise<number>;
  own(unitId: number, personId: number, spec?: OwnSpec): Promise<number>;
  unsold(unitId: number, orgId: number): Promise<number>;
  retire(placeId: number): Promise<void>;
}

let counter = 0;

/** A new, empty estate in the community `communityId`. */
export async function newEstate(env: TestEnv, communityId: number, name = `测试小区${++counter}`): Promise<Estate> {
  const estate = await newPlace(env, communityId, 'estate', name);
  const parents = new Map<string, number>();
  const parent = async (kind: string, under: number, key: string, label: string) => {
    let id = parents.get(key);
    if (id === undefined) {
      id = (await newPlace(env, under, kind, label)).id;
      parents.set(key, id);
    }
    return id;
  };
  return {
    id: estate.id,
    path: estate.path,
    communityId,
    async unit(building, entrance, name, areas = {}) {
      const b = await parent('building', estate.id, building, `${building}号楼`);
      const e = await parent('entrance', b, `${building}/${entrance}`, `${entrance}单元`);
      const u = await newPlace(env, e, 'unit', name);
      for (const [source, area] of Object.entries(areas)) {
        if (area !== undefined) await q(env, `INSERT INTO unit_areas (unit_id, source, area_centi) VALUES ($1, $2, $3)`, [u.id, source, area]);
      }
      return u.id;
    },
    async person(name, phone = null) {
      const r = await q<{ id: string }>(env, `INSERT INTO persons (name, phone) VALUES ($1, $2) RETURNING id`, [name, phone]);
      return Number(r[0].id);
    },
    async developer(name) {
      const r = await q<{ id: string }>(env, `INSERT INTO orgs (kind, name, place_id) VALUES ('developer', $1, $2) RETURNING id`, [name, estate.id]);
      return Number(r[0].id);
    },
    async own(unitId, personId, spec = {}) {
      const r = await q<{ id: string }>(
        env,
        `INSERT INTO ownerships (unit_id, person_id, basis, is_voting_delegate, since, ended_at)
         VALUES ($1, $2, $3, $4, '2015-06-01', $5) RETURNING id`,
        [unitId, personId, spec.basis ?? 'registered', spec.delegate ?? false, spec.ended ? '2023-03-01' : null],
      );
      return Number(r[0].id);
    },
    async unsold(unitId, orgId) {
      const r = await q<{ id: string }>(env, `INSERT INTO ownerships (unit_id, org_id, basis) VALUES ($1, $2, 'unsold') RETURNING id`, [unitId, orgId]);
      return Number(r[0].id);
    },
    async retire(placeId) {
      await q(env, `UPDATE places SET retired_at = now() WHERE id = $1`, [placeId]);
    },
  };
}

/** An account (the demo password) with one role on one place; optionally a person (an owner's account). */
export async function newAccount(env: TestEnv, username: string, role: string, placeId: number, personId: number | null = null, orgId: number | null = null): Promise<number> {
  const r = await q<{ id: string }>(
    env,
    `INSERT INTO users (username, display_name, person_id, org_id, password_hash)
     SELECT $1, $1, $2, $3, password_hash FROM users WHERE username = 'resident' RETURNING id`,
    [username, personId, orgId],
  );
  const id = Number(r[0].id);
  await q(env, `INSERT INTO role_assignments (user_id, role, place_id, org_id) VALUES ($1, $2, $3, $4)`, [id, role, placeId, orgId]);
  return id;
}

/** Voting opens in `days` days (and closes `length` days later), as ISO strings. */
export function votingDates(days: number, length = 7): { votingOpensAt: string; votingClosesAt: string } {
  const opens = Date.now() + days * 86_400_000;
  return { votingOpensAt: new Date(opens).toISOString(), votingClosesAt: new Date(opens + length * 86_400_000).toISOString() };
}

/** Create a draft assembly on `estateId` through the API and add `matters`; returns the detail. */
export async function draftAssembly(
  client: Client,
  estateId: number,
  matters: { item: number; title: string }[] = [{ item: 4, title: '续聘物业服务企业' }],
  dates = votingDates(16),
  title = '2025年第一次业主大会',
): Promise<{ id: number; version: number; matters: { id: number; seq: number; item: number }[] }> {
  const res = await client.post('/api/assemblies', { estateId, title, kind: 'regular', organiserKind: 'owners_committee', organiserName: '业主委员会', notice: '会议通知', ...dates });
  if (res.statusCode !== 200) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  let body = res.json();
  for (const m of matters) {
    const r = await client.post(`/api/assemblies/${body.id}/matters`, m);
    if (r.statusCode !== 200) throw new Error(`matter failed: ${r.statusCode} ${r.body}`);
    body = r.json();
  }
  return body;
}

/** Move an assembly's clock: set voting_opens_at / voting_closes_at / publicity_ends_at relative to now (seconds). */
export async function setTimes(env: TestEnv, id: number, times: { opens?: number; closes?: number; publicityEnds?: number }): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  const rel = (col: string, secs: number) => {
    params.push(secs);
    sets.push(`${col} = now() + make_interval(secs => $${params.length})`);
  };
  if (times.opens !== undefined) rel('voting_opens_at', times.opens);
  if (times.closes !== undefined) rel('voting_closes_at', times.closes);
  if (times.publicityEnds !== undefined) rel('publicity_ends_at', times.publicityEnds);
  await q(env, `UPDATE assemblies SET ${sets.join(', ')} WHERE id = $1`, params);
}
