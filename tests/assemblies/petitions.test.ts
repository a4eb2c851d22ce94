// Owners' petitions for an extraordinary meeting through HTTP (业主大会和业主委员会指导规则 第二十一条,
// 物业管理条例 第十三条: owners holding ≥ 20 % of the exclusive area AND making up ≥ 20 % of the
// owners). One signature per voter of the live roll (司法解释 第9条: co-owners are one owner);
// the exact 20 % boundary on a dedicated estate whose areas are chosen so the figures are exact;
// the move to "reached" (once) with its notifications; organisers' and owners' views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, grantPlaceOf, otherPlace, userIdOf } from '../helpers';
import { reachesFifth, type PetitionTotals } from '../../src/modules/assemblies/petitions';
import { buildEstate, DAY, makePerson, makeUser, num, ok, type Estate } from './setup-elections';

let env: TestEnv;
let community: Client;
let street: Client;
let resident: Client; // an owner in another estate
let worker2: Client;
let ywh: Client; // owners_committee on the estate, with no person: notified, cannot sign
let estate: Estate;
let communityId: number;
const u: Record<string, Client> = {};
const pid: Record<string, number> = {};

// total 1000.00 m² (100,000 hundredths) and 10 owners: 20 % is 20,000 and 2 owners
const UNITS: [string[], number][] = [
  [['a'], 20000],
  [['b'], 10000],
  [['c'], 9999],
  [['d'], 1],
  [['e1', 'e2'], 10000], // co-owners: one owner on the roll
  [['f'], 10000],
  [['g'], 10000],
  [['h'], 10000],
  [['i'], 10000],
  [['j'], 10000],
];

interface Petition {
  id: number;
  state: string;
  reachedAt: string | null;
  assemblyId: number | null;
  totals: PetitionTotals;
  signed?: boolean;
  signedByMe?: boolean;
}

async function open(client: Client, title: string): Promise<Petition> {
  return ok<Petition>(await client.post('/api/my/petitions', { estateId: estate.id, title, reason: '物业服务质量下降，提议召开临时会议讨论续聘' }));
}
async function sign(client: Client, id: number): Promise<Petition> {
  return ok<Petition>(await client.post(`/api/my/petitions/${id}/sign`));
}
async function reachedNotes(petitionId: number) {
  return env.database.query<{ user_id: number }>(
    `SELECT user_id::int AS user_id FROM notifications WHERE kind = 'assembly.petition.reached' AND link = $1 ORDER BY user_id`,
    [`/assemblies/petitions/${petitionId}`],
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  street = await env.login('street');
  resident = await env.login('resident');
  communityId = await grantPlaceOf(env, 'community');
  for (const [names] of UNITS) for (const n of names) pid[n] = await makePerson(env, `业主${n.toUpperCase()}`);
  estate = await buildEstate(env, communityId, '联名测试小区', UNITS.map(([names, area]) => ({ area, owners: names.map((n) => pid[n]) })));
  for (const [i, [names]] of UNITS.entries()) {
    for (const n of names) {
      if (!['a', 'b', 'c', 'd', 'e1', 'e2'].includes(n)) continue;
      await makeUser(env, `owner_${n}`, 'resident', estate.units[i], pid[n]);
      u[n] = await env.login(`owner_${n}`);
    }
  }
  await makeUser(env, 'worker_far', 'community_worker', await otherPlace(env, 'community', communityId));
  await makeUser(env, 'ywh_p', 'owners_committee', estate.id);
  worker2 = await env.login('worker_far');
  ywh = await env.login('ywh_p');
});
afterAll(async () => env?.close());

describe('the 20 % test is exact', () => {
  it('signed × 5 ≥ total, nothing reaches a share of nothing', () => {
    expect(reachesFifth(20000n, 100000n)).toBe(true);
    expect(reachesFifth(19999n, 100000n)).toBe(false);
    expect(reachesFifth(2n, 10n)).toBe(true);
    expect(reachesFifth(1n, 10n)).toBe(false);
    expect(reachesFifth(3n, 11n)).toBe(true); // 27.27 %
    expect(reachesFifth(2n, 11n)).toBe(false); // 18.18 %
    expect(reachesFifth(0n, 0n)).toBe(false);
  });
});

describe('POST /api/my/petitions (an owner opens and signs)', () => {
  it('needs a session, the owners’ permission, an estate, and to be an owner there', async () => {
    const body = { estateId: estate.id, title: '召开临时会议', reason: '理由充分' };
    expectError(await env.anon.post('/api/my/petitions', body), 401, 'UNAUTHENTICATED');
    expectError(await community.post('/api/my/petitions', body), 403, 'FORBIDDEN');
    expectError(await resident.post('/api/my/petitions', body), 403, 'ASSEMBLY_NOT_AN_OWNER');
    expectError(await ywh.post('/api/my/petitions', body), 403, 'ASSEMBLY_NOT_AN_OWNER');
    expectError(await u.a.post('/api/my/petitions', { ...body, estateId: estate.units[0] }), 400, 'ASSEMBLY_PLACE_INVALID');
    expectError(await u.a.post('/api/my/petitions', { ...body, estateId: 98765432 }), 400, 'ASSEMBLY_PLACE_INVALID');
    expectError(await u.a.post('/api/my/petitions', { ...body, title: '召' }), 400, 'VALIDATION_FAILED');
    expectError(await u.a.post('/api/my/petitions', { estateId: estate.id, title: '召开临时会议' }), 400, 'VALIDATION_FAILED');
    expectError(await u.a.post('/api/my/petitions', { ...body, reason: 'x'.repeat(2001) }), 400, 'VALIDATION_FAILED');
    expect(await num(env, `SELECT count(*) FROM assembly_petitions`)).toBe(0);
  });

  it('20 % of the area but 1 owner in 10 is not enough (persons just under)', async () => {
    const seq = await auditHeadSeq(env);
    const p = await open(u.a, '提议一：续聘物业');
    expect(p).toMatchObject({ state: 'open', reachedAt: null, signed: true, signedByMe: true });
    expect(p.totals).toMatchObject({
      signed: { areaCenti: '20000', persons: 1 },
      roll: { areaCenti: '100000', persons: 10 },
      areaPercent: '20.00',
      personsPercent: '10.00',
      areaReached: true,
      personsReached: false,
      reached: false,
    });
    const row = (await env.database.query<Record<string, unknown>>(`SELECT estate_id::int AS estate_id, estate_path, state, created_by::int AS created_by FROM assembly_petitions WHERE id = $1`, [p.id]))[0];
    expect(row).toEqual({ estate_id: estate.id, estate_path: estate.path, state: 'open', created_by: await userIdOf(env, 'owner_a') });
    const sigs = await env.database.query<{ owner_key: string; person_id: number }>(`SELECT owner_key, person_id::int AS person_id FROM assembly_petition_signatures WHERE petition_id = $1`, [p.id]);
    expect(sigs).toEqual([{ owner_key: `p:${pid.a}`, person_id: pid.a }]);
    const [a] = await auditSince(env, seq, 'assembly.petition.open');
    expect(a).toMatchObject({ entity: 'assembly_petition', entity_id: String(p.id), place_path: estate.path, actor_user_id: await userIdOf(env, 'owner_a') });
    expect(a.after).toMatchObject({ title: '提议一：续聘物业', signed: { areaCenti: '20000', persons: 1 } });
    expect(await reachedNotes(p.id)).toEqual([]);
  });
});

describe('POST /api/my/petitions/:id/sign', () => {
  let p1: number;
  beforeAll(async () => {
    p1 = Number((await env.database.query<{ id: number }>(`SELECT id FROM assembly_petitions ORDER BY id LIMIT 1`))[0].id);
  });

  it('needs a session, the owners’ permission and ownership in the petition’s estate', async () => {
    expectError(await env.anon.post(`/api/my/petitions/${p1}/sign`), 401, 'UNAUTHENTICATED');
    expectError(await community.post(`/api/my/petitions/${p1}/sign`), 403, 'FORBIDDEN');
    expectError(await resident.post(`/api/my/petitions/${p1}/sign`), 403, 'ASSEMBLY_NOT_AN_OWNER');
    expectError(await ywh.post(`/api/my/petitions/${p1}/sign`), 403, 'ASSEMBLY_NOT_AN_OWNER');
    expectError(await u.b.post(`/api/my/petitions/98765432/sign`), 404, 'ASSEMBLY_PETITION_NOT_FOUND');
    expectError(await u.b.post(`/api/my/petitions/abc/sign`), 400, 'VALIDATION_FAILED');
    expectError(await u.a.post(`/api/my/petitions/${p1}/sign`), 409, 'ASSEMBLY_ALREADY_SIGNED');
    expect(await num(env, `SELECT count(*) FROM assembly_petition_signatures WHERE petition_id = $1`, [p1])).toBe(1);
  });

  it('the second owner makes 2 of 10 (exactly 20 %) with 30 % of the area: reached, once, and the community and the committee are told', async () => {
    const seq = await auditHeadSeq(env);
    const p = await sign(u.b, p1);
    expect(p.state).toBe('reached');
    expect(p.reachedAt).not.toBeNull();
    expect(p.totals).toMatchObject({ signed: { areaCenti: '30000', persons: 2 }, personsPercent: '20.00', areaPercent: '30.00', reached: true });
    expect(await num(env, `SELECT count(*) FROM assembly_petitions WHERE id = $1 AND state = 'reached' AND reached_at IS NOT NULL`, [p1])).toBe(1);
    const audits = await auditSince(env, seq);
    expect(audits.map((a) => a.action)).toEqual(['assembly.petition.sign', 'assembly.petition.reached']);
    expect(audits.every((a) => a.actor_user_id === audits[0].actor_user_id && a.entity_id === String(p1) && a.place_path === estate.path)).toBe(true);
    expect(audits[0].actor_user_id).toBe(await userIdOf(env, 'owner_b'));
    expect(audits[0].after).toMatchObject({ signatures: 1, signed: { areaCenti: '30000', persons: 2 }, reached: true });
    expect(audits[1].after).toMatchObject({ areaPercent: '30.00', personsPercent: '20.00' });
    // the residents' committee (community workers of the estate's community) and the owners' committee; nobody else
    const notified = (await reachedNotes(p1)).map((n) => n.user_id);
    expect(notified).toEqual([await userIdOf(env, 'community'), await userIdOf(env, 'ywh_p')].sort((x, y) => x - y));
    // a further signature adds support but does not reach it again
    const reachedAt = p.reachedAt;
    const p2 = await sign(u.c, p1);
    expect(p2).toMatchObject({ state: 'reached', reachedAt });
    expect(p2.totals.signed).toEqual({ areaCenti: '39999', persons: 3 });
    expect(await reachedNotes(p1)).toHaveLength(2);
    expect((await auditSince(env, seq, 'assembly.petition.reached')).length).toBe(1);
  });

  it('2 owners with 199.99 m² of 1000.00 m² are just under: not reached; 0.01 m² more reaches it', async () => {
    const p = await open(u.b, '提议二：维修资金');
    let s = await sign(u.c, p.id);
    expect(s.totals).toMatchObject({ signed: { areaCenti: '19999', persons: 2 }, areaPercent: '19.99', personsPercent: '20.00', areaReached: false, personsReached: true, reached: false });
    expect(s.state).toBe('open');
    expect(await reachedNotes(p.id)).toEqual([]);
    s = await sign(u.d, p.id);
    expect(s.totals).toMatchObject({ signed: { areaCenti: '20000', persons: 3 }, areaPercent: '20.00', areaReached: true, reached: true });
    expect(s.state).toBe('reached');
  });

  it('exactly 20 % of the area and exactly 20 % of the owners: reached; the co-owner of the same unit cannot sign again', async () => {
    const p = await open(u.b, '提议三：更换物业');
    expect(p.totals.reached).toBe(false);
    const s = await sign(u.e1, p.id);
    expect(s.totals).toMatchObject({ signed: { areaCenti: '20000', persons: 2 }, areaPercent: '20.00', personsPercent: '20.00', areaReached: true, personsReached: true, reached: true });
    expect(s.state).toBe('reached');
    const res = await u.e2.post(`/api/my/petitions/${p.id}/sign`);
    expectError(res, 409, 'ASSEMBLY_ALREADY_SIGNED');
    expect(res.json().error.messages['zh-CN']).toContain('同一业主');
    const sigs = await env.database.query<{ owner_key: string; person_id: number }>(
      `SELECT owner_key, person_id::int AS person_id FROM assembly_petition_signatures WHERE petition_id = $1 ORDER BY signed_at`,
      [p.id],
    );
    expect(sigs).toEqual([
      { owner_key: `p:${pid.b}`, person_id: pid.b },
      { owner_key: `p:${[pid.e1, pid.e2].sort((x, y) => x - y).join(',')}`, person_id: pid.e1 },
    ]);
  });

  it('a petition already convened takes no more signatures', async () => {
    const p = await open(u.c, '提议四：业委会改选');
    const now = Date.now();
    ok(
      await community.post('/api/assemblies', {
        estateId: estate.id,
        title: '业主大会临时会议',
        kind: 'extraordinary',
        organiserKind: 'residents_committee',
        organiserName: '阳光社区居委会',
        votingOpensAt: new Date(now + 16 * DAY).toISOString(),
        votingClosesAt: new Date(now + 30 * DAY).toISOString(),
        petitionId: p.id,
      }),
    );
    expectError(await u.d.post(`/api/my/petitions/${p.id}/sign`), 409, 'ASSEMBLY_STATE_CONFLICT');
    expect(await num(env, `SELECT count(*) FROM assembly_petition_signatures WHERE petition_id = $1`, [p.id])).toBe(1);
  });
});

describe('reading petitions', () => {
  it('GET /api/petitions: organisers in scope, with totals; others refused or shown nothing', async () => {
    expectError(await env.anon.get('/api/petitions'), 401, 'UNAUTHENTICATED');
    expectError(await resident.get('/api/petitions'), 403, 'FORBIDDEN');
    expectError(await worker2.get(`/api/petitions?placeId=${estate.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get('/api/petitions?state=closed'), 400, 'VALIDATION_FAILED');
    expectError(await community.get('/api/petitions?placeId=98765432'), 404, 'PLACE_NOT_FOUND');
    expect(ok(await worker2.get('/api/petitions')).items).toEqual([]);
    const all = ok<{ items: Petition[]; total: number }>(await street.get('/api/petitions'));
    expect(all.total).toBe(4);
    expect(all.items.map((p) => p.state)).toEqual(['convened', 'reached', 'reached', 'reached']);
    const reached = ok<{ items: Petition[]; total: number }>(await ywh.get(`/api/petitions?placeId=${estate.id}&state=reached`));
    expect(reached.total).toBe(3);
    expect(reached.items.every((p) => p.totals.reached)).toBe(true);
  });

  it('GET /api/petitions/:id: totals and signatures with names for organisers', async () => {
    const p1 = Number((await env.database.query<{ id: number }>(`SELECT id FROM assembly_petitions ORDER BY id LIMIT 1`))[0].id);
    expectError(await env.anon.get(`/api/petitions/${p1}`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/petitions/${p1}`), 403, 'FORBIDDEN');
    expectError(await worker2.get(`/api/petitions/${p1}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/petitions/98765432`), 404, 'ASSEMBLY_PETITION_NOT_FOUND');
    expectError(await community.get(`/api/petitions/abc`), 400, 'VALIDATION_FAILED');
    const d = ok(await community.get(`/api/petitions/${p1}`));
    expect(d.totals).toMatchObject({ signed: { areaCenti: '39999', persons: 3 }, roll: { areaCenti: '100000', persons: 10 }, reached: true, required: '≥ 1/5' });
    expect(d.totals.article).toContain('指导规则');
    expect(d.signatures.map((s: { signedBy: string }) => s.signedBy)).toEqual(['业主A', '业主B', '业主C']);
    expect(d.signatures[0]).toMatchObject({ onRoll: true, units: ['1号楼-1单元-101'], areaCenti: '20000' });
  });

  it('GET /api/my/petitions: my estate’s petitions and whether I (or my co-owner) signed', async () => {
    expectError(await env.anon.get('/api/my/petitions'), 401, 'UNAUTHENTICATED');
    expectError(await community.get('/api/my/petitions'), 403, 'FORBIDDEN');
    const mine = ok<{ estates: { id: number }[]; items: Petition[] }>(await u.a.get('/api/my/petitions'));
    expect(mine.estates.map((e) => e.id)).toEqual([estate.id]);
    expect(mine.items.map((p) => [p.state, p.signed, p.signedByMe])).toEqual([
      ['convened', false, false],
      ['reached', false, false],
      ['reached', false, false],
      ['reached', true, true],
    ]);
    const e2 = ok<{ items: Petition[] }>(await u.e2.get('/api/my/petitions'));
    expect(e2.items.map((p) => [p.signed, p.signedByMe])).toEqual([[false, false], [true, false], [false, false], [false, false]]);
    // an owner elsewhere sees none of these
    const other = ok<{ estates: { id: number }[]; items: Petition[] }>(await resident.get('/api/my/petitions'));
    expect(other.estates.map((e) => e.id)).not.toContain(estate.id);
    expect(other.items).toEqual([]);
    expectError(await resident.get(`/api/my/petitions/${mine.items[0].id}`), 403, 'ASSEMBLY_NOT_AN_OWNER');
    expectError(await u.a.get(`/api/my/petitions/98765432`), 404, 'ASSEMBLY_PETITION_NOT_FOUND');
    expectError(await env.anon.get(`/api/my/petitions/${mine.items[0].id}`), 401, 'UNAUTHENTICATED');
    expectError(await community.get(`/api/my/petitions/${mine.items[0].id}`), 403, 'FORBIDDEN');
    expect(ok<Petition>(await u.a.get(`/api/my/petitions/${mine.items[3].id}`))).toMatchObject({ signed: true, signedByMe: true });
  });

  it('totals follow the LIVE roll: when a signer’s unit changes hands the signature lapses (the state stays)', async () => {
    const p1 = Number((await env.database.query<{ id: number }>(`SELECT id FROM assembly_petitions ORDER BY id LIMIT 1`))[0].id);
    const buyer = await makePerson(env, '新业主');
    await env.database.query(`UPDATE ownerships SET ended_at = CURRENT_DATE WHERE unit_id = $1 AND person_id = $2`, [estate.units[1], pid.b]);
    await env.database.query(`INSERT INTO ownerships (unit_id, person_id, basis) VALUES ($1, $2, 'registered')`, [estate.units[1], buyer]);
    const d = ok(await community.get(`/api/petitions/${p1}`));
    expect(d.totals).toMatchObject({ signed: { areaCenti: '29999', persons: 2 }, roll: { areaCenti: '100000', persons: 10 }, lapsed: 1, reached: true });
    expect(d.state).toBe('reached');
    expect(d.signatures.find((s: { signedBy: string }) => s.signedBy === '业主B')).toMatchObject({ onRoll: false, areaCenti: '0' });
    // and the former owner can no longer sign anything there
    expectError(await u.b.post(`/api/my/petitions/${p1}/sign`), 403, 'ASSEMBLY_NOT_AN_OWNER');
  });

  it('in a small estate one owner can reach both 20 % at once: reached when opened', async () => {
    const owners = [await makePerson(env, '小区甲'), await makePerson(env, '小区乙'), await makePerson(env, '小区丙'), await makePerson(env, '小区丁')];
    const small = await buildEstate(env, communityId, '四户小区', owners.map((p) => ({ area: 5000, owners: [p] })));
    await makeUser(env, 'small_owner', 'resident', small.units[0], owners[0]);
    const so = await env.login('small_owner');
    const p = ok<Petition>(await so.post('/api/my/petitions', { estateId: small.id, title: '四户小区临时会议', reason: '一户即占四分之一' }));
    expect(p.state).toBe('reached');
    expect(p.totals).toMatchObject({ signed: { areaCenti: '5000', persons: 1 }, areaPercent: '25.00', personsPercent: '25.00', reached: true });
    expect((await reachedNotes(p.id)).map((n) => n.user_id)).toEqual([await userIdOf(env, 'community')]);
  });
});
