// Who reaches what: a party secretary (role party_secretary on the estate, their person seated as
// secretary of branch X) sees X and its members and nothing of the neighbouring branch Y; a
// community worker of another community sees nothing of either; anonymous callers get 401 and bad
// bodies 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from '../../src/test/harness';
import { addMember, branchWithMembers, buildWorld, createOrg, expectCode, ok, person, q, secretaryAccount, type World } from './fixtures-orgs';

let env: TestEnv;
let w: World;
let x: { id: number; members: { memberId: number; personId: number }[] };
let y: { id: number; members: { memberId: number; personId: number }[] };
let groupX: number;
let sec: Client;

beforeAll(async () => {
  env = await createTestEnv();
  w = await buildWorld(env);
  x = await branchWithMembers(env, w, w.worker1, w.estates[0], 3, '东风1区党支部');
  y = await branchWithMembers(env, w, w.worker1, w.estates[1], 3, '东风2区党支部');
  groupX = (await createOrg(w.worker1, { kind: 'group', name: '1号楼党小组', placeId: w.estates[0].buildingId, parentId: x.id })).id;
  ok(await w.worker1.put(`/api/party/orgs/${x.id}/committee`, { electedOn: '2025-01-01', members: [{ personId: x.members[0].personId, post: 'secretary' }] }));
  ok(await w.worker1.put(`/api/party/orgs/${y.id}/committee`, { electedOn: '2025-01-01', members: [{ personId: y.members[0].personId, post: 'secretary' }] }));
  sec = (await secretaryAccount(env, w.estates[0].id, x.members[0].personId)).client;
}, 180_000);
afterAll(async () => env?.close());

const ids = (r: { items: { id: number }[] }) => r.items.map((i) => i.id).sort((a, b) => a - b);

describe('a branch secretary', () => {
  it('sees their branch, its group and its members; nothing of the neighbouring branch', async () => {
    expect(ids(ok(await sec.get('/api/party/orgs')))).toEqual([x.id, groupX].sort((a, b) => a - b));
    ok(await sec.get(`/api/party/orgs/${x.id}`));
    expectCode(await sec.get(`/api/party/orgs/${y.id}`), 403, 'NOT_IN_SCOPE');
    expectCode(await sec.get(`/api/party/orgs/${w.gb1}`), 403, 'NOT_IN_SCOPE');
    const members = ok(await sec.get('/api/party/members?limit=200'));
    expect(ids(members)).toEqual(x.members.map((m) => m.memberId).sort((a, b) => a - b));
    expect(ok(await sec.get(`/api/party/members?orgId=${y.id}`)).total).toBe(0);
    ok(await sec.get(`/api/party/members/${x.members[1].memberId}`));
    expectCode(await sec.get(`/api/party/members/${y.members[1].memberId}`), 403, 'NOT_IN_SCOPE');
    expectCode(await sec.get(`/api/party/members/${y.members[1].memberId}/transfers`), 403, 'NOT_IN_SCOPE');
  });

  it('manages their own members and committee, not the neighbour’s, and founds nothing', async () => {
    const m = await addMember(env, sec, x.id, w.estates[0].units[6], { status: 'probationary' });
    expect(Number((await q(env, `SELECT org_id FROM party_members WHERE id = $1`, [m.memberId]))[0].org_id)).toBe(x.id);
    const p = await person(env, '邻支部新党员');
    expectCode(await sec.post('/api/party/members', { personId: p, orgId: y.id, status: 'full' }), 403, 'NOT_IN_SCOPE');
    const ym = (await q(env, `SELECT version FROM party_members WHERE id = $1`, [y.members[1].memberId]))[0];
    expectCode(await sec.patch(`/api/party/members/${y.members[1].memberId}`, { version: ym.version, category: 'other' }), 403, 'NOT_IN_SCOPE');
    // moving a member of X into Y: the receiving branch is out of reach
    expectCode(await sec.post(`/api/party/members/${x.members[2].memberId}/transfers`, { direction: 'within', toOrgId: y.id, onDate: '2025-01-01' }), 403, 'NOT_IN_SCOPE');
    ok(await sec.post(`/api/party/members/${x.members[2].memberId}/transfers`, { direction: 'within', toOrgId: groupX, onDate: '2025-01-01' }));
    ok(await sec.put(`/api/party/orgs/${x.id}/committee`, { electedOn: '2025-06-01', members: [{ personId: x.members[0].personId, post: 'secretary' }, { personId: x.members[1].personId, post: 'deputy_secretary' }] }));
    expectCode(await sec.put(`/api/party/orgs/${y.id}/committee`, { electedOn: '2025-06-01', members: [{ personId: y.members[1].personId, post: 'secretary' }] }), 403, 'NOT_IN_SCOPE');
    expectCode(await sec.post('/api/party/orgs', { kind: 'group', name: '2号楼', placeId: w.estates[0].buildingId, parentId: x.id }), 403, 'FORBIDDEN');
    expectCode(await sec.put(`/api/party/orgs/${x.id}/estates`, { estateIds: [w.estates[0].id] }), 403, 'FORBIDDEN');
    expectCode(await sec.get('/api/party/coverage'), 403, 'FORBIDDEN');
    // Y's committee is unchanged
    expect((await q(env, `SELECT person_id FROM party_committee_members WHERE org_id = $1`, [y.id])).map((r) => Number(r.person_id))).toEqual([y.members[0].personId]);
  });
});

describe('a community worker of another community', () => {
  it('gets 403 on the branches and members of the first and sees none of them in lists', async () => {
    expectCode(await w.worker2.get(`/api/party/orgs/${x.id}`), 403, 'NOT_IN_SCOPE');
    expectCode(await w.worker2.patch(`/api/party/orgs/${x.id}`, { version: 1, name: '改' }), 403, 'NOT_IN_SCOPE');
    expectCode(await w.worker2.delete(`/api/party/orgs/${groupX}`), 403, 'NOT_IN_SCOPE');
    expectCode(await w.worker2.get(`/api/party/members/${x.members[0].memberId}`), 403, 'NOT_IN_SCOPE');
    const p = await person(env, '外社区');
    expectCode(await w.worker2.post('/api/party/members', { personId: p, orgId: x.id, status: 'full' }), 403, 'NOT_IN_SCOPE');
    expectCode(await w.worker2.post('/api/party/orgs', { kind: 'branch', name: '越界', placeId: w.estates[2].id, parentId: w.gb1 }), 403, 'NOT_IN_SCOPE');
    const orgs = ok(await w.worker2.get('/api/party/orgs'));
    expect(ids(orgs)).toEqual([w.gb2]);
    expect(ok(await w.worker2.get('/api/party/members?limit=200')).total).toBe(0);
  });
});

describe('the street office', () => {
  it('sees its whole tree', async () => {
    expect(ids(ok(await w.street.get('/api/party/orgs')))).toEqual([w.wc, w.gb1, w.gb2, x.id, y.id, groupX].sort((a, b) => a - b));
    const tree = ok(await w.street.get(`/api/party/orgs?placeId=${w.c1.id}`));
    const gb1 = tree.items.find((o: { id: number }) => o.id === w.gb1);
    // counts roll up from branches and groups: 3 + 3 + the probationary one recorded by the secretary
    expect([gb1.fullMembers, gb1.probationaryMembers]).toEqual([6, 1]);
    expect(tree.items.find((o: { id: number }) => o.id === x.id).secretary).toBe((await q(env, `SELECT name FROM persons WHERE id = $1`, [x.members[0].personId]))[0].name);
  });
});

describe('anonymous callers and bad input', () => {
  it('401 without a session, 400 for bad bodies and parameters', async () => {
    for (const res of [
      await env.anon.get('/api/party/orgs'),
      await env.anon.get(`/api/party/orgs/${x.id}`),
      await env.anon.post('/api/party/orgs', { kind: 'branch', name: 'x', placeId: 1 }),
      await env.anon.get('/api/party/members'),
      await env.anon.post('/api/party/members', {}),
      await env.anon.get('/api/party/cross-appointment'),
    ]) expectCode(res, 401, 'UNAUTHENTICATED');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'branch' }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'branch', name: '', placeId: w.estates[3].id, parentId: w.gb1 }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.get('/api/party/orgs/0'), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.put(`/api/party/orgs/${x.id}/committee`, { electedOn: 'yesterday', members: [] }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.put(`/api/party/orgs/${x.id}/estates`, { estateIds: [] }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.post('/api/party/members', { personId: 1, orgId: x.id, status: 'member' }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.patch(`/api/party/members/${x.members[0].memberId}`, { status: 'full' }), 400, 'VALIDATION_FAILED');
    expectCode(await w.street.post(`/api/party/members/${x.members[0].memberId}/transfers`, { direction: 'out', onDate: '2025-13-45' }), 400, 'VALIDATION_FAILED');
  });
});
