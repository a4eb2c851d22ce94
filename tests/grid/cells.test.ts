// The 片 → 组 → 邻 tree: levels sit on the right places, under a parent whose place contains them;
// cell paths; leaders with masked phones, party status and organ cadre, and their accounts' roles;
// rename with version, retire only when empty; access (401, 403 FORBIDDEN / NOT_IN_SCOPE, 400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditSince, auditHeadSeq } from '../helpers';
import { createCell, gridEstate, gridLeader, makePerson, num, ok, otherCommunityWorker, partyMember, pianZu, q, type GridEstate } from './fixtures';

let env: TestEnv;
let community: Client;
let e: GridEstate;

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  e = await gridEstate(env);
}, 300_000);
afterAll(async () => env?.close());

describe('the cell tree', () => {
  it('builds 片 → 组 → 邻 with materialised paths, each on a place its parent contains', async () => {
    const { pian, zu } = await pianZu(community, e);
    const lin = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: '1单元 第1邻' });
    expect(lin.cellPath).toBe(`/${pian}/${zu}/${lin.id}/`);
    const d = ok(await community.get(`/api/grid/cells/${zu}`));
    expect(d).toMatchObject({ level: 'zu', parentId: pian, parent: { id: pian, level: 'pian' }, children: 1, lins: 1, households: 0, placeKind: 'estate' });
    expect(d.childCells.map((c: { id: number }) => c.id)).toEqual([lin.id]);
  });

  it('refuses a level on the wrong kind of place, a wrong parent, and a place outside the parent (400)', async () => {
    const { pian, zu } = await pianZu(community, e);
    expectError(await community.post('/api/grid/cells', { level: 'pian', placeId: e.entA, name: 'x' }), 400, 'GRID_LEVEL_PLACE');
    expectError(await community.post('/api/grid/cells', { level: 'lin', placeId: e.estateId, parentId: zu, name: 'x' }), 400, 'GRID_LEVEL_PLACE');
    expectError(await community.post('/api/grid/cells', { level: 'pian', parentId: pian, placeId: e.estateId, name: 'x' }), 400, 'GRID_PARENT_INVALID');
    expectError(await community.post('/api/grid/cells', { level: 'lin', parentId: pian, placeId: e.entA, name: 'x' }), 400, 'GRID_PARENT_INVALID');
    expectError(await community.post('/api/grid/cells', { level: 'zu', placeId: e.estateId, name: 'x' }), 400, 'GRID_PARENT_INVALID');
    // a 组 on another estate's building under a 片 that sits on this estate
    const pianOnEstate = await createCell(community, { level: 'pian', placeId: e.estateId, name: '小区片' });
    const other = await gridEstate(env);
    expectError(await community.post('/api/grid/cells', { level: 'zu', parentId: pianOnEstate.id, placeId: other.buildingId, name: 'x' }), 400, 'GRID_PARENT_PLACE');
    expectError(await community.post('/api/grid/cells', { level: 'lin', parentId: zu, placeId: e.entA, name: '' }), 400, 'VALIDATION_FAILED');
  });

  it('sets a leader: masked phone, party status, organ cadre; the account gets the role on the place; the replaced one loses it', async () => {
    const { zu } = await pianZu(community, e);
    const lin = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entB, name: '2单元 第1邻' });
    const first = await gridLeader(env, `lz_first`, 'resident', e.entB);
    await q(env, `UPDATE persons SET phone = '13912345678' WHERE id = $1`, [first.personId]);
    await partyMember(env, first.personId, e.communityId, true);
    const seq = await auditHeadSeq(env);
    const d = ok(await community.put(`/api/grid/cells/${lin.id}/leader`, { personId: first.personId }));
    expect(d.leader).toEqual({ personId: first.personId, name: `三长lz_first`, phoneMasked: '139****5678', partyStatus: 'full', organCadre: true, userId: first.userId });
    expect(await num(env, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'lin_zhang' AND place_id = $2 AND revoked_at IS NULL`, [first.userId, e.entB])).toBe(1);
    const second = await makePerson(env, '接任邻长');
    ok(await community.put(`/api/grid/cells/${lin.id}/leader`, { personId: second }));
    expect(await num(env, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'lin_zhang' AND revoked_at IS NULL`, [first.userId])).toBe(0);
    const audit = await auditSince(env, seq);
    expect(audit.filter((a) => a.action === 'grid.cell.leader')).toHaveLength(2);
    const cleared = ok(await community.put(`/api/grid/cells/${lin.id}/leader`, { personId: null }));
    expect(cleared.leader).toBeNull();
    expectError(await community.put(`/api/grid/cells/${lin.id}/leader`, { personId: 99_999_999 }), 404, 'GRID_PERSON_NOT_FOUND');
  });

  it('renames with the version (409 on a stale one) and retires only an empty cell', async () => {
    const { pian, zu } = await pianZu(community, e);
    const d = ok(await community.patch(`/api/grid/cells/${zu}`, { name: '新名字', version: 1 }));
    expect(d).toMatchObject({ name: '新名字', version: 2 });
    expectError(await community.patch(`/api/grid/cells/${zu}`, { name: '再改', version: 1 }), 409, 'CONFLICT');
    expectError(await community.delete(`/api/grid/cells/${pian}`), 409, 'GRID_CELL_NOT_EMPTY');
    ok(await community.delete(`/api/grid/cells/${zu}`));
    ok(await community.delete(`/api/grid/cells/${pian}`));
    expectError(await community.get(`/api/grid/cells/${pian}`), 404, 'GRID_CELL_NOT_FOUND');
    expect(await num(env, `SELECT count(*) FROM audit_log WHERE action = 'grid.cell.retire' AND entity_id IN ($1, $2)`, [String(pian), String(zu)])).toBe(2);
  });
});

describe('who reaches the cells', () => {
  it('401 without a session; 403 FORBIDDEN to residents; a worker of another community is NOT_IN_SCOPE and sees none', async () => {
    const { zu } = await pianZu(community, e);
    expectError(await env.anon.get('/api/grid/cells'), 401, 'UNAUTHENTICATED');
    expectError(await (await env.login('resident')).get('/api/grid/cells'), 403, 'FORBIDDEN');
    const far = await otherCommunityWorker(env);
    expectError(await far.get(`/api/grid/cells/${zu}`), 403, 'NOT_IN_SCOPE');
    expectError(await far.patch(`/api/grid/cells/${zu}`, { name: 'x', version: 1 }), 403, 'NOT_IN_SCOPE');
    expectError(await far.post('/api/grid/cells', { level: 'pian', placeId: e.communityId, name: '越界' }), 403, 'NOT_IN_SCOPE');
    const list = ok(await far.get('/api/grid/cells?limit=500'));
    expect(list.items.map((c: { id: number }) => c.id)).not.toContain(zu);
    const mine = ok(await community.get(`/api/grid/cells?placeId=${e.estateId}&level=zu`));
    expect(mine.items.map((c: { id: number }) => c.id)).toContain(zu);
  });

  it('a 组长 sees their 组 and its 邻, not a neighbouring 组; a 三长 may not manage (403)', async () => {
    const zz = await gridLeader(env, 'zz_scope', 'zu_zhang', e.estateId);
    const { zu } = await pianZu(community, e, { zu: zz.personId });
    const { zu: otherZu } = await pianZu(community, e);
    const lin = await createCell(community, { level: 'lin', parentId: zu, placeId: e.entA, name: '邻' });
    const seen = ok(await zz.client.get('/api/grid/cells?limit=500'));
    expect(seen.items.map((c: { id: number }) => c.id).sort()).toEqual([zu, lin.id].sort());
    expectError(await zz.client.get(`/api/grid/cells/${otherZu}`), 403, 'NOT_IN_SCOPE');
    expectError(await zz.client.post('/api/grid/cells', { level: 'lin', parentId: zu, placeId: e.entA, name: 'x' }), 403, 'FORBIDDEN');
    expectError(await zz.client.put(`/api/grid/cells/${lin.id}/leader`, { personId: zz.personId }), 403, 'FORBIDDEN');
  });
});
