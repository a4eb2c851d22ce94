// Fixtures of the organisation, member and coverage tests: a street of their own under the demo
// district (so the demo party seed, whatever it holds, never touches the figures), two communities,
// estates with units, office accounts on each level, persons, and members recorded through the API.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestEnv } from '../../src/test/harness';
import { newAccount } from '../assemblies/estate-fixture';
import { newPlace, ok, q, sessionFor, staffAccount } from '../assemblies/support';

export { ok, q };

let counter = 0;

export interface EstateFx {
  id: number;
  path: string;
  name: string;
  buildingId: number;
  /** units of its one building and entrance */
  units: number[];
}

export interface World {
  districtId: number;
  streetId: number;
  c1: { id: number; path: string };
  c2: { id: number; path: string };
  /** seven estates in community 1 */
  estates: EstateFx[];
  /** one estate in community 2 */
  other: EstateFx;
  street: Client;
  worker1: Client;
  worker2: Client;
  /** 街道党工委 on the street, 社区党总支 on each community */
  wc: number;
  gb1: number;
  gb2: number;
}

/** An estate with one building, one entrance and `units` units. */
export async function estateWithUnits(env: TestEnv, communityId: number, name: string, units = 8): Promise<EstateFx> {
  const e = await newPlace(env, communityId, 'estate', name);
  const b = await newPlace(env, e.id, 'building', '1号楼');
  const en = await newPlace(env, b.id, 'entrance', '1单元');
  const ids: number[] = [];
  for (let i = 0; i < units; i++) ids.push((await newPlace(env, en.id, 'unit', String(101 + i))).id);
  return { id: e.id, path: e.path, name, buildingId: b.id, units: ids };
}

export async function person(env: TestEnv, name: string, phone: string | null = '13812345678'): Promise<number> {
  const r = await q<{ id: string }>(env, `INSERT INTO persons (name, phone) VALUES ($1, $2) RETURNING id`, [name, phone]);
  return Number(r[0].id);
}

/** The expected error status and code, with both messages present. */
export function expectCode(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; messages: { 'zh-CN': string; en: string }; details: any } {
  expect(res.statusCode, res.body).toBe(status);
  const e = res.json().error;
  expect(e.code).toBe(code);
  expect(e.messages['zh-CN'].length).toBeGreaterThan(0);
  expect(e.messages.en.length).toBeGreaterThan(0);
  return e;
}

export async function createOrg(client: Client, body: Record<string, unknown>): Promise<{ id: number; [k: string]: any }> {
  return ok(await client.post('/api/party/orgs', body));
}

/** A member through the API: a new person living in `unitId`. */
export async function addMember(env: TestEnv, client: Client, orgId: number, unitId: number | null, opts: { status?: 'full' | 'probationary'; name?: string; category?: string; phone?: string } = {}) {
  const personId = await person(env, opts.name ?? `党员${++counter}`, opts.phone ?? '13812345678');
  const body: Record<string, unknown> = { personId, orgId, status: opts.status ?? 'full', joinedOn: '2010-07-01', category: opts.category ?? 'retired' };
  if (opts.status !== 'probationary') body.fullOn = '2011-07-01';
  if (unitId !== null) body.unitId = unitId;
  const m = ok<{ id: number; personId: number }>(await client.post('/api/party/members', body));
  return { memberId: m.id, personId };
}

/** `n` members of `orgId` living in the estate's units (one per unit from `from`). */
export async function addMembers(env: TestEnv, client: Client, orgId: number, estate: EstateFx, n: number, from = 0, status: 'full' | 'probationary' = 'full') {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await addMember(env, client, orgId, estate.units[from + i], { status }));
  return out;
}

/** A street of our own with two communities, seven estates in the first and one in the second, offices and the top of the tree. */
export async function buildWorld(env: TestEnv): Promise<World> {
  const tag = `${Date.now().toString(36)}${++counter}`;
  const d = await q<{ id: string }>(env, `SELECT id FROM places WHERE kind = 'district' ORDER BY id LIMIT 1`);
  const districtId = Number(d[0].id);
  const street = await newPlace(env, districtId, 'street', `党建测试街道${tag}`);
  const c1 = await newPlace(env, street.id, 'community', '东风社区');
  const c2 = await newPlace(env, street.id, 'community', '西湖社区');
  const estates: EstateFx[] = [];
  for (let i = 1; i <= 7; i++) estates.push(await estateWithUnits(env, c1.id, `东风${i}区`));
  const other = await estateWithUnits(env, c2.id, '西湖花园');
  const streetAdmin = await staffAccount(env, 'street_admin', street.id, '街道组织委员');
  const worker1 = await staffAccount(env, 'community_worker', c1.id, '东风社区书记');
  const worker2 = await staffAccount(env, 'community_worker', c2.id, '西湖社区干部');
  const wc = (await createOrg(streetAdmin.client, { kind: 'working_committee', name: '测试街道党工委', placeId: street.id })).id;
  const gb1 = (await createOrg(streetAdmin.client, { kind: 'general_branch', name: '东风社区党总支', placeId: c1.id, parentId: wc })).id;
  const gb2 = (await createOrg(streetAdmin.client, { kind: 'general_branch', name: '西湖社区党总支', placeId: c2.id, parentId: wc })).id;
  return { districtId, streetId: street.id, c1, c2, estates, other, street: streetAdmin.client, worker1: worker1.client, worker2: worker2.client, wc, gb1, gb2 };
}

/** A branch on an estate with `full` full members living there, first recorded in the community's organisation, then transferred in. */
export async function branchWithMembers(env: TestEnv, w: World, client: Client, estate: EstateFx, full: number, name: string, parent = w.gb1) {
  const members = await addMembers(env, client, parent, estate, full);
  const branch = await createOrg(client, { kind: 'branch', name, placeId: estate.id, parentId: parent });
  for (const m of members) ok(await client.post(`/api/party/members/${m.memberId}/transfers`, { direction: 'within', toOrgId: branch.id, onDate: '2024-03-01' }));
  return { id: branch.id, members };
}

/** A party_secretary account on `placeId` linked to `personId` (the secretary's person). */
export async function secretaryAccount(env: TestEnv, placeId: number, personId: number): Promise<{ userId: number; client: Client }> {
  const userId = await newAccount(env, `sec.${Date.now().toString(36)}.${++counter}`, 'party_secretary', placeId, personId);
  return { userId, client: await sessionFor(env, userId) };
}

export async function auditActions(env: TestEnv, entityId: number, since = 0): Promise<string[]> {
  const r = await q<{ action: string }>(env, `SELECT action FROM audit_log WHERE entity_id = $1 AND seq > $2 ORDER BY seq`, [String(entityId), since]);
  return r.map((x) => x.action);
}

export async function auditHead(env: TestEnv): Promise<number> {
  return Number((await q<{ seq: string }>(env, `SELECT seq FROM audit_head WHERE id = 1`))[0].seq);
}

/** A date `days` from today in China, 'YYYY-MM-DD'. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
