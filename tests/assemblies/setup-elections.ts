// Setup for the election, petition, delivery and committee tests: small dedicated estates with
// chosen areas and owners (built in SQL so every figure is exact), extra accounts, and moving an
// assembly through its lifecycle (announce, open, ballots through castBallot, close, count, publish)
// by back-dating its voting period.
import { expect } from 'vitest';
import type { Client, TestEnv } from '../../src/test/harness';
import { assemblyRow } from '../../src/modules/assemblies/service';
import { castBallot, type ChoiceInput } from '../../src/modules/assemblies/ballots';
import { newAccount } from './estate-fixture';
import { DAY, newPlace, num, ok, q } from './support';

export { DAY, num, ok };
/** An account (demo password) with one role, linked to a person when given. */
export { newAccount as makeUser };

export async function makePerson(env: TestEnv, name: string): Promise<number> {
  const r = await q<{ id: number }>(env, `INSERT INTO persons (name) VALUES ($1) RETURNING id`, [name]);
  return Number(r[0].id);
}

export interface UnitSpec {
  /** area in 0.01 m² */
  area: number;
  /** owners (person ids); the first is the co-owners' voting delegate when there are several */
  owners: number[];
}

export interface Estate {
  id: number;
  path: string;
  units: number[];
}

/** An estate under `communityId` with one building and entrance, and units with exact areas and owners. */
export async function buildEstate(env: TestEnv, communityId: number, name: string, units: UnitSpec[]): Promise<Estate> {
  const estate = await newPlace(env, communityId, 'estate', name);
  const building = await newPlace(env, estate.id, 'building', '1号楼');
  const entrance = await newPlace(env, building.id, 'entrance', '1单元');
  const ids: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = await newPlace(env, entrance.id, 'unit', String(101 + i));
    await q(env, `INSERT INTO unit_areas (unit_id, source, area_centi) VALUES ($1, 'registry', $2)`, [u.id, units[i].area]);
    for (const [k, p] of units[i].owners.entries()) {
      await q(env, `INSERT INTO ownerships (unit_id, person_id, basis, is_voting_delegate) VALUES ($1, $2, 'registered', $3)`, [u.id, p, units[i].owners.length > 1 && k === 0]);
    }
    ids.push(u.id);
  }
  return { id: estate.id, path: estate.path, units: ids };
}

/** A draft assembly on the estate, voting in 16 to 30 days (the 15 days' notice can be met). */
export async function draftAssembly(client: Client, estateId: number, title = '业主大会测试'): Promise<number> {
  const now = Date.now();
  const res = await client.post('/api/assemblies', {
    estateId,
    title,
    kind: 'regular',
    organiserKind: 'residents_committee',
    organiserName: '阳光社区居委会',
    notice: '会议通知',
    votingOpensAt: new Date(now + 16 * DAY).toISOString(),
    votingClosesAt: new Date(now + 30 * DAY).toISOString(),
  });
  return ok<{ id: number }>(res).id;
}

export async function addMatter(client: Client, assemblyId: number, item = 9, title = '其他重大事项'): Promise<void> {
  ok(await client.post(`/api/assemblies/${assemblyId}/matters`, { item, title }));
}

export async function announce(client: Client, assemblyId: number): Promise<void> {
  ok(await client.post(`/api/assemblies/${assemblyId}/announce`));
}

/** Back-date the opening and open voting through the route. */
export async function openNow(env: TestEnv, client: Client, assemblyId: number): Promise<void> {
  await q(env, `UPDATE assemblies SET voting_opens_at = now() - interval '10 minutes' WHERE id = $1`, [assemblyId]);
  ok(await client.post(`/api/assemblies/${assemblyId}/open`));
}

/** Back-date the close, then close and count through the routes. */
export async function closeAndCount(env: TestEnv, client: Client, assemblyId: number): Promise<void> {
  await q(env, `UPDATE assemblies SET voting_closes_at = now() - interval '1 second' WHERE id = $1`, [assemblyId]);
  ok(await client.post(`/api/assemblies/${assemblyId}/close`));
  ok(await client.post(`/api/assemblies/${assemblyId}/count`));
}

/** An online ballot recorded the way the owner route does: inside a transaction holding the assembly row. */
export async function cast(env: TestEnv, assemblyId: number, voterId: number, choices: ChoiceInput[]) {
  return env.ctx.db.transaction(async (tx) => {
    const a = await assemblyRow(tx, assemblyId, true);
    return castBallot(tx, a, voterId, 'online', choices, { castByUser: null });
  });
}

/** The frozen-roll voter whose owners include the person. */
export async function voterOf(env: TestEnv, assemblyId: number, personId: number): Promise<number> {
  const r = await q<{ id: number }>(
    env,
    `SELECT v.id FROM assembly_voters v JOIN assembly_voter_owners o ON o.voter_id = v.id WHERE v.assembly_id = $1 AND o.person_id = $2`,
    [assemblyId, personId],
  );
  if (r.length !== 1) throw new Error(`person ${personId} is on ${r.length} voters of assembly ${assemblyId}`);
  return Number(r[0].id);
}

export interface ElectionPlan {
  estateId: number;
  /** person ids of the voters (one unit each), in the order the votes refer to them */
  voters: number[];
  candidates: number[];
  seats: number;
  termYears?: number;
  /** for each candidate, the indexes (into voters) who agree; every other voter opposes */
  agree: number[][];
  review?: { partyMember: boolean; branchCommittee: boolean }[];
  title?: string;
}

export interface ElectionRun {
  assemblyId: number;
  electionId: number;
  /** candidate matter ids in the order of plan.candidates */
  matters: number[];
}

/** A whole election through the API: draft, election, candidates, reviews, announce, vote, count, publish. */
export async function runElection(env: TestEnv, organiser: Client, reviewer: Client, plan: ElectionPlan): Promise<ElectionRun> {
  const assemblyId = await draftAssembly(organiser, plan.estateId, plan.title ?? '业委会换届选举');
  ok(await organiser.post(`/api/assemblies/${assemblyId}/election`, { title: '第二届业主委员会选举', seats: plan.seats, termYears: plan.termYears ?? 5 }));
  const matters: number[] = [];
  for (const p of plan.candidates) {
    const d = ok<{ election: { candidates: { matterId: number; personId: number }[] } }>(await organiser.post(`/api/assemblies/${assemblyId}/candidates`, { personId: p, statement: '愿为业主服务' }));
    matters.push(d.election.candidates.find((c) => c.personId === p)!.matterId);
  }
  for (const [i, m] of matters.entries()) {
    const r = plan.review?.[i] ?? { partyMember: false, branchCommittee: false };
    ok(await reviewer.post(`/api/assemblies/${assemblyId}/candidates/${m}/review`, { decision: 'approved', note: '同意', ...r }));
  }
  await announce(organiser, assemblyId);
  await openNow(env, organiser, assemblyId);
  for (const [vi, person] of plan.voters.entries()) {
    const voterId = await voterOf(env, assemblyId, person);
    await cast(
      env,
      assemblyId,
      voterId,
      matters.map((m, ci) => ({ matterId: m, choice: plan.agree[ci].includes(vi) ? 'agree' : 'oppose' })),
    );
  }
  await closeAndCount(env, organiser, assemblyId);
  ok(await organiser.post(`/api/assemblies/${assemblyId}/publish`));
  const electionId = await num(env, `SELECT id FROM assembly_elections WHERE assembly_id = $1`, [assemblyId]);
  expect(matters.length).toBe(plan.candidates.length);
  return { assemblyId, electionId, matters };
}

/** Indexes 0..n-1. */
export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
