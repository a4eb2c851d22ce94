// Party members through HTTP: one record per person (also when two requests race), where they
// live, masked phones and no ID numbers in lists, filters and paging, 转正 with its date, and the
// transfers in, out and within with their history and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../src/test/harness';
import { addMember, addMembers, auditActions, auditHead, branchWithMembers, buildWorld, expectCode, ok, person, q, type World } from './fixtures-orgs';

let env: TestEnv;
let w: World;
let branch: { id: number; members: { memberId: number; personId: number }[] };

beforeAll(async () => {
  env = await createTestEnv();
  w = await buildWorld(env);
  branch = await branchWithMembers(env, w, w.worker1, w.estates[0], 3, '东风1区党支部');
}, 120_000);
afterAll(async () => env?.close());

describe('recording members', () => {
  it('needs an existing person, one record per person, a unit to live in', async () => {
    expectCode(await w.worker1.post('/api/party/members', { personId: 987654321, orgId: w.gb1, status: 'full' }), 404, 'PERSON_NOT_FOUND');
    const p = await person(env, '张建国', '13912345678');
    expectCode(await w.worker1.post('/api/party/members', { personId: p, orgId: w.gb1, status: 'full', unitId: w.estates[1].id }), 400, 'PARTY_MEMBER_UNIT_INVALID');
    expectCode(await w.worker1.post('/api/party/members', { personId: p, orgId: w.wc, status: 'full' }), 403, 'NOT_IN_SCOPE');
    expectCode(await w.street.post('/api/party/members', { personId: p, orgId: w.wc, status: 'full' }), 400, 'PARTY_ORG_KIND_NO_MEMBERS');
    expectCode(await w.worker1.post('/api/party/members', { personId: p, orgId: w.gb1, status: 'probationary', fullOn: '2020-01-01' }), 400, 'PARTY_MEMBER_STATUS_INVALID');
    const before = await auditHead(env);
    const m = ok(await w.worker1.post('/api/party/members', { personId: p, orgId: w.gb1, status: 'full', joinedOn: '1998-07-01', fullOn: '1999-07-01', category: 'retired', unitId: w.estates[1].units[0] }));
    expect(m).toMatchObject({ personId: p, name: '张建国', phone: '139****5678', status: 'full', category: 'retired', orgId: w.gb1, orgName: '东风社区党总支', estateId: w.estates[1].id, address: '东风2区 1号楼 1单元 101' });
    expect(await auditActions(env, m.id, before)).toEqual(['party.member.create']);
    const row = (await q(env, `SELECT estate_id, place_path FROM party_members WHERE id = $1`, [m.id]))[0];
    expect(Number(row.estate_id)).toBe(w.estates[1].id);
    expect(row.place_path.startsWith(w.estates[1].path)).toBe(true);
    expectCode(await w.worker1.post('/api/party/members', { personId: p, orgId: w.gb1, status: 'full' }), 409, 'PARTY_MEMBER_EXISTS');
  });

  it('two requests recording the same person at once: one record', async () => {
    const p = await person(env, '李红梅');
    const body = { personId: p, orgId: w.gb1, status: 'probationary', joinedOn: '2026-01-05', category: 'in_service', employer: '区财政局', organCadre: true };
    const res = await Promise.all([w.worker1.post('/api/party/members', body), w.worker1.post('/api/party/members', body)]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_members WHERE person_id = $1`, [p]))[0].n)).toBe(1);
  });
});

describe('the list', () => {
  it('filters, pages, masks phones and never carries ID numbers', async () => {
    await q(env, `UPDATE persons SET id_number_mask = '110***********1234', id_number_enc = 'secret' WHERE id = $1`, [branch.members[0].personId]);
    const all = ok(await w.worker1.get(`/api/party/members?orgId=${w.gb1}&limit=200`));
    // the general branch's subtree: its own members and the branch's three
    const inDb = Number((await q(env, `SELECT count(*) AS n FROM party_members m JOIN party_orgs o ON o.id = m.org_id WHERE o.org_path LIKE $1`, [`/${w.wc}/${w.gb1}/%`]))[0].n);
    expect(all.total).toBe(inDb);
    expect(all.items).toHaveLength(inDb);
    expect(res2text(all)).not.toMatch(/110\*|secret|idNumber|id_number/);
    expect(all.items.every((m: { phone: string | null }) => m.phone === null || /^\d{3}\*{4}\d{4}$/.test(m.phone))).toBe(true);
    const probationary = ok(await w.worker1.get(`/api/party/members?status=probationary`));
    expect(probationary.items.map((m: { name: string }) => m.name)).toEqual(['李红梅']);
    expect(ok(await w.worker1.get(`/api/party/members?category=in_service`)).total).toBe(1);
    expect(ok(await w.worker1.get(`/api/party/members?q=${encodeURIComponent('张建')}`)).items.map((m: { name: string }) => m.name)).toEqual(['张建国']);
    expect(ok(await w.worker1.get(`/api/party/members?orgId=${branch.id}`)).total).toBe(3);
    const page = ok(await w.worker1.get(`/api/party/members?orgId=${w.gb1}&limit=2&offset=2`));
    expect(page.items.map((m: { id: number }) => m.id)).toEqual(all.items.slice(2, 4).map((m: { id: number }) => m.id));
    expectCode(await w.worker1.get(`/api/party/members?limit=0`), 400, 'VALIDATION_FAILED');
  });
});

function res2text(x: unknown): string {
  return JSON.stringify(x);
}

describe('转正', () => {
  it('needs the date, is audited, and a full member does not go back', async () => {
    const m = (await q(env, `SELECT m.id, m.version FROM party_members m JOIN persons p ON p.id = m.person_id WHERE p.name = '李红梅'`))[0];
    expectCode(await w.worker1.patch(`/api/party/members/${m.id}`, { version: m.version, status: 'full' }), 400, 'PARTY_MEMBER_STATUS_INVALID');
    expectCode(await w.worker1.patch(`/api/party/members/${m.id}`, { version: m.version, status: 'full', fullOn: '2025-01-01' }), 400, 'PARTY_MEMBER_STATUS_INVALID');
    const before = await auditHead(env);
    const r = ok(await w.worker1.patch(`/api/party/members/${m.id}`, { version: m.version, status: 'full', fullOn: '2027-01-05' }));
    expect(r).toMatchObject({ status: 'full', fullOn: '2027-01-05', joinedOn: '2026-01-05', employer: '区财政局', organCadre: true });
    expect(await auditActions(env, Number(m.id), before)).toEqual(['party.member.full']);
    expectCode(await w.worker1.patch(`/api/party/members/${m.id}`, { version: r.version, status: 'probationary' }), 400, 'PARTY_MEMBER_STATUS_INVALID');
    expectCode(await w.worker1.patch(`/api/party/members/${m.id}`, { version: m.version, category: 'other' }), 409, 'CONFLICT');
  });
});

describe('transfers', () => {
  it('within, out and back in, with the history and the committee seat given up', async () => {
    const e = w.estates[0];
    const { memberId, personId } = await addMember(env, w.worker1, w.gb1, e.units[5], { name: '王秀英' });
    ok(await w.worker1.put(`/api/party/orgs/${w.gb1}/committee`, { electedOn: '2024-05-01', members: [{ personId, post: 'secretary' }] }));
    expectCode(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'in', toOrgId: branch.id, onDate: '2025-01-01' }), 409, 'PARTY_TRANSFER_INVALID');
    expectCode(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'within', onDate: '2025-01-01' }), 409, 'PARTY_TRANSFER_INVALID');
    ok(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'within', toOrgId: branch.id, onDate: '2025-01-01', reason: '居住地支部' }));
    // leaving the general branch leaves its committee
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_committee_members WHERE org_id = $1 AND person_id = $2`, [w.gb1, personId]))[0].n)).toBe(0);
    ok(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'out', outsideOrg: '杭州市某街道党工委', onDate: '2025-06-30', reason: '迁居外地' }));
    const gone = (await q(env, `SELECT org_id, left_on::text AS left_on FROM party_members WHERE id = $1`, [memberId]))[0];
    expect(gone).toEqual({ org_id: null, left_on: '2025-06-30' });
    expect(ok(await w.worker1.get(`/api/party/members?q=${encodeURIComponent('王秀英')}`)).total).toBe(0);
    expect(ok(await w.worker1.get(`/api/party/members?q=${encodeURIComponent('王秀英')}&includeLeft=true`)).items[0]).toMatchObject({ orgId: null, leftOn: '2025-06-30' });
    expectCode(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'out', onDate: '2025-07-01' }), 409, 'PARTY_TRANSFER_INVALID');
    const before = await auditHead(env);
    const h = ok(await w.worker1.post(`/api/party/members/${memberId}/transfers`, { direction: 'in', toOrgId: branch.id, outsideOrg: '杭州市某街道党工委', onDate: '2026-02-01', reason: '迁回' }));
    expect(await auditActions(env, memberId, before)).toEqual(['party.member.transfer.in']);
    expect(h.items.map((t: Record<string, unknown>) => [t.direction, t.fromOrgName, t.toOrgName, t.outsideOrg, t.onDate])).toEqual([
      ['within', '东风社区党总支', '东风1区党支部', null, '2025-01-01'],
      ['out', '东风1区党支部', null, '杭州市某街道党工委', '2025-06-30'],
      ['in', null, '东风1区党支部', '杭州市某街道党工委', '2026-02-01'],
    ]);
    expect(ok(await w.worker1.get(`/api/party/members/${memberId}/transfers`)).items).toHaveLength(3);
    expect(ok(await w.worker1.get(`/api/party/members/${memberId}`))).toMatchObject({ orgId: branch.id, leftOn: null });
  });

  it('a transfer to an organisation outside the scope is refused and leaves nothing', async () => {
    const m = await addMembers(env, w.worker2, w.gb2, w.other, 1);
    expectCode(await w.worker1.post(`/api/party/members/${m[0].memberId}/transfers`, { direction: 'within', toOrgId: w.gb1, onDate: '2025-01-01' }), 403, 'NOT_IN_SCOPE');
    expectCode(await w.worker2.post(`/api/party/members/${m[0].memberId}/transfers`, { direction: 'within', toOrgId: w.gb1, onDate: '2025-01-01' }), 403, 'NOT_IN_SCOPE');
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_member_transfers WHERE member_id = $1`, [m[0].memberId]))[0].n)).toBe(0);
    expectCode(await w.worker2.post(`/api/party/members/${m[0].memberId}/transfers`, { direction: 'sideways', onDate: '2025-01-01' }), 400, 'VALIDATION_FAILED');
  });
});
