// The organisation tree through HTTP: kinds and places (tree integrity, org_path), 第四条 founding,
// 第二章 joint branches (≤ 5 estates, one branch per estate, a race for one estate), 第六章
// committees and terms, edit with versions, retire, party work without a branch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../src/test/harness';
import { addYears } from '../../src/modules/party/rules';
import { addMember, addMembers, auditActions, auditHead, branchWithMembers, buildWorld, createOrg, dayFromToday, expectCode, ok, q, type World } from './fixtures-orgs';

let env: TestEnv;
let w: World;

beforeAll(async () => {
  env = await createTestEnv();
  w = await buildWorld(env);
}, 120_000);
afterAll(async () => env?.close());

describe('the tree', () => {
  it('keeps org paths, default terms and the places of each level', async () => {
    const r = await q<{ id: string; org_path: string; term_kind: string; parent_id: string | null }>(env, `SELECT id, org_path, term_kind, parent_id FROM party_orgs WHERE id = ANY($1::bigint[]) ORDER BY id`, [[w.wc, w.gb1, w.gb2]]);
    expect(r.map((x) => x.org_path)).toEqual([`/${w.wc}/`, `/${w.wc}/${w.gb1}/`, `/${w.wc}/${w.gb2}/`]);
    // 第六章: a community's own organisation serves 5 years, the street's 3
    expect(r.map((x) => x.term_kind)).toEqual(['other', 'community', 'community']);
    const d = ok(await w.street.get(`/api/party/orgs/${w.gb1}`));
    expect(d).toMatchObject({ parentId: w.wc, parentName: '测试街道党工委', kind: 'general_branch', placeId: w.c1.id, termYears: 5 });
  });

  it('refuses wrong parents and places', async () => {
    // a branch on a community, a group under a general branch, a branch in the other community
    expectCode(await w.street.post('/api/party/orgs', { kind: 'branch', name: 'x', placeId: w.c1.id, parentId: w.gb1 }), 400, 'PARTY_ORG_PLACE_INVALID');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'group', name: 'x', placeId: w.estates[0].buildingId, parentId: w.gb1 }), 400, 'PARTY_ORG_PARENT_INVALID');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'joint_branch', name: 'x', placeId: w.c2.id, parentId: w.gb1 }), 400, 'PARTY_ORG_PLACE_INVALID');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'general_branch', name: 'x', placeId: w.c1.id }), 400, 'PARTY_ORG_PARENT_INVALID');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'general_branch', name: '东风社区党总支', placeId: w.c1.id, parentId: w.wc }), 409, 'PARTY_ORG_NAME_TAKEN');
    expectCode(await w.street.post('/api/party/orgs', { kind: 'nonsense', name: 'x', placeId: w.c1.id }), 400, 'VALIDATION_FAILED');
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_orgs WHERE name = 'x'`))[0].n)).toBe(0);
  });

  it('lists by name and by place, and answers 404 for an organisation that does not exist', async () => {
    const byName = ok(await w.street.get(`/api/party/orgs?q=${encodeURIComponent('西湖')}`));
    expect(byName.items.map((o: { id: number }) => o.id)).toEqual([w.gb2]);
    const byPlace = ok(await w.street.get(`/api/party/orgs?placeId=${w.c2.id}`));
    expect(byPlace.items.map((o: { id: number }) => o.id)).toEqual([w.gb2]);
    expectCode(await w.street.get('/api/party/orgs/987654321'), 404, 'PARTY_ORG_NOT_FOUND');
  });
});

describe('第四条: founding a branch', () => {
  it('needs 3 full members living in the estate; probationary members do not count', async () => {
    const e = w.estates[0];
    await addMembers(env, w.worker1, w.gb1, e, 2);
    await addMember(env, w.worker1, w.gb1, e.units[2], { status: 'probationary' });
    const err = expectCode(await w.worker1.post('/api/party/orgs', { kind: 'branch', name: '东风1区党支部', placeId: e.id, parentId: w.gb1 }), 409, 'PARTY_BRANCH_TOO_FEW');
    expect(err.messages['zh-CN']).toContain('第四条');
    expect(err.details).toMatchObject({ fullMembersLiving: 2, required: 3 });
    await addMember(env, w.worker1, w.gb1, e.units[3]);
    const before = await auditHead(env);
    const b = await createOrg(w.worker1, { kind: 'branch', name: '东风1区党支部', placeId: e.id, parentId: w.gb1 });
    expect(b).toMatchObject({ kind: 'branch', termKind: 'other', termYears: 3, estates: [{ id: e.id }], founding: { fullMembersLiving: 3, required: 3, ok: true } });
    expect(await auditActions(env, b.id, before)).toEqual(['party.org.create']);
    const path = (await q(env, `SELECT org_path FROM party_orgs WHERE id = $1`, [b.id]))[0].org_path;
    expect(path).toBe(`/${w.wc}/${w.gb1}/${b.id}/`);
    // the members still belong to the general branch: the new branch warns it is below 3 (第四条)
    expect(b.warnings.map((x: { code: string }) => x.code)).toContain('below_founding_minimum');
    expect(b.warnings.find((x: { code: string }) => x.code === 'below_founding_minimum').article).toContain('第四条');
  });
});

describe('第二章: joint branches', () => {
  it('cover 2 to 5 estates of their community, refuse 6 naming the article, and one branch per estate', async () => {
    const j = await createOrg(w.worker1, { kind: 'joint_branch', name: '东风联合党支部', placeId: w.c1.id, parentId: w.gb1 });
    expect(j.termKind).toBe('other');
    const ids = w.estates.map((e) => e.id);
    const six = expectCode(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: ids.slice(1, 7) }), 409, 'PARTY_JOINT_TOO_MANY');
    expect(six.messages['zh-CN']).toContain('第二章');
    expectCode(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: [ids[1]] }), 400, 'PARTY_JOINT_TOO_FEW');
    expectCode(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: [ids[1], w.other.id] }), 400, 'PARTY_ESTATES_INVALID');
    // estate 1 has its own branch
    expectCode(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: [ids[0], ids[1]] }), 409, 'PARTY_ESTATE_COVERED');
    const five = ok(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: ids.slice(1, 6) }));
    expect(five.estates.map((e: { id: number }) => e.id)).toEqual(ids.slice(1, 6));
    const two = ok(await w.worker1.put(`/api/party/orgs/${j.id}/estates`, { estateIds: [ids[1], ids[2]] }));
    expect(two.estates.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[2]]);
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_org_estates WHERE org_id = $1`, [j.id]))[0].n)).toBe(2);
  });

  it('two branches claiming the same estate at once: exactly one wins', async () => {
    const a = await createOrg(w.worker1, { kind: 'joint_branch', name: '联合甲', placeId: w.c1.id, parentId: w.gb1 });
    const b = await createOrg(w.worker1, { kind: 'joint_branch', name: '联合乙', placeId: w.c1.id, parentId: w.gb1 });
    const [e4, e5, e6] = [w.estates[3].id, w.estates[4].id, w.estates[5].id];
    const res = await Promise.all([w.worker1.put(`/api/party/orgs/${a.id}/estates`, { estateIds: [e4, e5] }), w.worker1.put(`/api/party/orgs/${b.id}/estates`, { estateIds: [e5, e6] })]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expectCode(res.find((r) => r.statusCode === 409)!, 409, 'PARTY_ESTATE_COVERED');
    const owners = await q(env, `SELECT estate_id, org_id FROM party_org_estates WHERE estate_id = ANY($1::bigint[])`, [[e4, e5, e6]]);
    expect(owners.filter((o) => Number(o.estate_id) === e5)).toHaveLength(1);
    const winner = res[0].statusCode === 200 ? a.id : b.id;
    // the loser left nothing behind: the winner holds both its estates, nobody else any
    expect(owners.map((o) => Number(o.org_id))).toEqual([winner, winner]);
    // clean up for the later tests: retire both (no members)
    ok(await w.worker1.delete(`/api/party/orgs/${a.id}`));
    ok(await w.worker1.delete(`/api/party/orgs/${b.id}`));
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_org_estates WHERE estate_id = ANY($1::bigint[])`, [[e4, e5, e6]]))[0].n)).toBe(0);
  });
});

describe('第六章: committees and terms', () => {
  it('below 7 full members: a secretary and at most one deputy; the committee must be members of the organisation', async () => {
    const e = w.estates[6];
    const br = await branchWithMembers(env, w, w.worker1, e, 3, '东风7区党支部');
    const [m1, m2, m3] = br.members.map((m) => m.personId);
    const forbidden = expectCode(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, { electedOn: '2025-01-10', members: [{ personId: m1, post: 'secretary' }, { personId: m2, post: 'organisation' }] }), 409, 'PARTY_COMMITTEE_NOT_ALLOWED');
    expect(forbidden.messages['zh-CN']).toContain('第六章');
    expectCode(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, { electedOn: '2025-01-10', members: [{ personId: m1, post: 'secretary' }, { personId: m2, post: 'secretary' }] }), 400, 'PARTY_COMMITTEE_SECRETARY');
    expectCode(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, { electedOn: '2025-01-10', members: [{ personId: m1, post: 'deputy_secretary' }] }), 400, 'PARTY_COMMITTEE_SECRETARY');
    const stranger = (await q(env, `INSERT INTO persons (name) VALUES ('非党员') RETURNING id`))[0].id;
    expectCode(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, { electedOn: '2025-01-10', members: [{ personId: Number(stranger), post: 'secretary' }] }), 400, 'PARTY_COMMITTEE_NOT_MEMBER');
    const d = ok(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, { electedOn: '2025-01-10', members: [{ personId: m1, post: 'secretary' }, { personId: m3, post: 'deputy_secretary' }] }));
    expect(d.committee.map((c: { personId: number; post: string }) => [c.personId, c.post])).toEqual([[m1, 'secretary'], [m3, 'deputy_secretary']]);
    expect(d.electedOn).toBe('2025-01-10');
    expect(d.termEnds).toBe('2028-01-10');
    // a secretary alone is no committee: no size warning below 7
    expect(d.warnings.map((x: { code: string }) => x.code)).toEqual([]);
    // four more full members: 7, a committee is required and the 2 seated are too few (a warning only)
    const more = await addMembers(env, w.worker1, br.id, e, 4, 3);
    const d7 = ok(await w.worker1.get(`/api/party/orgs/${br.id}`));
    expect(d7.members).toEqual({ full: 7, probationary: 0 });
    expect(d7.warnings).toEqual([expect.objectContaining({ code: 'committee_size', figures: { committeeMembers: 2, min: 3, max: 7 } })]);
    const full = ok(await w.worker1.put(`/api/party/orgs/${br.id}/committee`, {
      electedOn: '2025-01-10',
      members: [{ personId: m1, post: 'secretary' }, { personId: m3, post: 'deputy_secretary' }, { personId: more[0].personId, post: 'organisation' }],
    }));
    expect(full.warnings).toEqual([]);
  });

  it('warns before the term ends, from the committee’s election and the term kind', async () => {
    const br = (await q(env, `SELECT id, version FROM party_orgs WHERE name = '东风7区党支部'`))[0];
    // elected three years less 30 days ago: an 'other' branch's term ends in 30 days (within the 90 days' warning)
    const electedOn = addYears(dayFromToday(30), -3);
    const d = ok(await w.worker1.patch(`/api/party/orgs/${br.id}`, { version: Number(br.version), electedOn }));
    expect(d.warnings).toEqual([expect.objectContaining({ code: 'term_ending', figures: { termEnds: dayFromToday(30), daysLeft: 30 } })]);
    expect(d.warnings[0].article).toContain('第六章');
    // as a community branch (5 years) it has two more years
    const d5 = ok(await w.worker1.patch(`/api/party/orgs/${br.id}`, { version: d.version, termKind: 'community' }));
    expect(d5.termEnds).toBe(addYears(electedOn, 5));
    expect(d5.warnings).toEqual([]);
    // a stale version is refused
    expectCode(await w.worker1.patch(`/api/party/orgs/${br.id}`, { version: d.version, name: '改名' }), 409, 'CONFLICT');
    const expired = ok(await w.worker1.patch(`/api/party/orgs/${br.id}`, { version: d5.version, termKind: 'other', electedOn: addYears(dayFromToday(-1), -3) }));
    expect(expired.warnings).toEqual([expect.objectContaining({ code: 'term_expired', figures: { termEnds: dayFromToday(-1), daysOver: 1 } })]);
  });
});

describe('retire', () => {
  it('only without organisations and members under it; the estates become uncovered', async () => {
    expectCode(await w.street.delete(`/api/party/orgs/${w.gb1}`), 409, 'PARTY_ORG_NOT_EMPTY');
    const g = await createOrg(w.worker1, { kind: 'group', name: '1号楼党小组', placeId: w.estates[6].buildingId, parentId: (await q(env, `SELECT id FROM party_orgs WHERE name = '东风7区党支部'`))[0].id });
    const before = await auditHead(env);
    ok(await w.worker1.delete(`/api/party/orgs/${g.id}`));
    expect(await auditActions(env, g.id, before)).toEqual(['party.org.retire']);
    expectCode(await w.worker1.get(`/api/party/orgs/${g.id}`), 404, 'PARTY_ORG_NOT_FOUND');
  });
});

describe('party work without a branch', () => {
  it('records a contact and a note on an estate, and clears it', async () => {
    const e = w.estates[4];
    const contact = (await addMember(env, w.worker1, w.gb1, e.units[0])).personId;
    const r = ok(await w.worker1.put(`/api/party/work-estates/${e.id}`, { contactPersonId: contact, note: '由社区党总支联系' }));
    expect(r).toMatchObject({ estateId: e.id, contactPersonId: contact, note: '由社区党总支联系' });
    expectCode(await w.worker1.put(`/api/party/work-estates/${w.c1.id}`, {}), 400, 'PARTY_ESTATE_INVALID');
    expectCode(await w.worker2.put(`/api/party/work-estates/${e.id}`, {}), 403, 'NOT_IN_SCOPE');
    ok(await w.worker1.delete(`/api/party/work-estates/${e.id}`));
    expect(Number((await q(env, `SELECT count(*) AS n FROM party_work_estates WHERE estate_id = $1`, [e.id]))[0].n)).toBe(0);
    expectCode(await w.worker1.delete(`/api/party/work-estates/${e.id}`), 404, 'NOT_FOUND');
  });
});
