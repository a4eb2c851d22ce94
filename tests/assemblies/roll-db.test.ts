// The voter roll through the database: deriveRoll on a small estate built in SQL, then the roll the
// announce route freezes (assembly_voters / _units / _owners, the totals, the ledger) and shows
// (names masked). 最高法 建筑物区分所有权司法解释 第8条: area from the registry, else surveyed,
// else the contract; 第9条: one voter per owner, a buyer of several units once, the developer's
// unsold units once; co-owners one voter through their delegate; 第1条 第2款: a buyer in lawful
// occupation is an owner. Ended ownerships and retired units do not count; unowned units are reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from '../../src/test/harness';
import { deriveRoll, type Roll } from '../../src/modules/assemblies/roll';
import { readLedger, checkChain } from '../../src/modules/assemblies/ledger';
import { grantPlaceOf } from '../helpers';
import { draftAssembly, newEstate, type Estate } from './estate-fixture';

let env: TestEnv;
let community: Client;
let estate: Estate;
const u: Record<string, number> = {};
const p: Record<string, number> = {};
const org: Record<string, number> = {};
let roll: Roll;

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  estate = await newEstate(env, await grantPlaceOf(env, 'community'), '名册测试小区');
  const e = estate;
  // building 1: people
  u.r101 = await e.unit('1', '1', '101', { registry: 8955, surveyed: 9000, contract: 9100 }); // registry wins: 89.55 m²
  u.r102 = await e.unit('1', '1', '102', { surveyed: 7000, contract: 7100 }); // surveyed wins: 70.00 m²
  u.r103 = await e.unit('1', '1', '103', { contract: 6000 }); // contract only: 60.00 m²
  u.r104 = await e.unit('1', '1', '104', { registry: 5000 });
  u.r105 = await e.unit('1', '1', '105', { registry: 4000 });
  u.r106 = await e.unit('1', '1', '106', { registry: 3000 });
  u.r107 = await e.unit('1', '1', '107', { registry: 2500 }); // its only owner sold: unowned
  u.r108 = await e.unit('1', '1', '108', { registry: 2000 }); // never owned: unowned
  u.r109 = await e.unit('1', '1', '109', { registry: 99999 }); // retired: ignored
  // building 2: the developers' units and one without an area
  u.r201 = await e.unit('2', '1', '201', { registry: 10000 });
  u.r202 = await e.unit('2', '1', '202', { surveyed: 11000 });
  u.r203 = await e.unit('2', '1', '203', { contract: 9000 });
  u.r204 = await e.unit('2', '1', '204');
  for (const name of ['张三', '李四', '王五', '赵六', '孙七', '周八', '吴九', '郑十', '冯一', '陈二']) p[name] = await e.person(name);
  org.x = await e.developer('名册测试甲地产有限公司');
  org.y = await e.developer('名册测试乙置业有限公司');
  await e.own(u.r101, p['张三']);
  await e.own(u.r102, p['张三']);
  await e.own(u.r103, p['李四']);
  await e.own(u.r103, p['王五'], { delegate: true });
  await e.own(u.r104, p['赵六']); // registered first: votes for 104 with no delegate named
  await e.own(u.r104, p['孙七']);
  await e.own(u.r105, p['周八'], { basis: 'lawful_occupation' });
  await e.own(u.r106, p['吴九'], { ended: true }); // sold to 郑十
  await e.own(u.r106, p['郑十']);
  await e.own(u.r107, p['吴九'], { ended: true });
  await e.own(u.r109, p['冯一']);
  await e.retire(u.r109);
  await e.unsold(u.r201, org.x);
  await e.unsold(u.r202, org.x);
  await e.unsold(u.r203, org.y);
  await e.own(u.r204, p['陈二']);
  roll = await deriveRoll(env.ctx.db, estate.path);
});
afterAll(async () => env?.close());

const voterOf = (unitId: number) => roll.voters.find((v) => v.units.some((x) => x.unitId === unitId));

describe('deriveRoll on the estate (司法解释 第8–9条)', () => {
  it('第8条: area from the registry, else surveyed, else the contract', () => {
    const areas = Object.fromEntries(roll.voters.flatMap((v) => v.units.map((x) => [x.unitId, [x.areaCenti, x.areaSource]])));
    expect(areas[u.r101]).toEqual([8955, 'registry']);
    expect(areas[u.r102]).toEqual([7000, 'surveyed']);
    expect(areas[u.r103]).toEqual([6000, 'contract']);
  });

  it('第9条: a buyer of two units counts once with the summed area', () => {
    const v = voterOf(u.r101)!;
    expect(v).toBe(voterOf(u.r102));
    expect(v).toMatchObject({ kind: 'person', name: '张三', ownerIds: [p['张三']], delegatePersonId: p['张三'], areaCenti: 15955n });
    expect(v.units.map((x) => x.unitId)).toEqual([u.r101, u.r102]);
  });

  it('第9条: the unsold units of a developer are one voter; the second developer is another', () => {
    const x = voterOf(u.r201)!;
    expect(x).toBe(voterOf(u.r202));
    expect(x).toMatchObject({ kind: 'developer', orgId: org.x, name: '名册测试甲地产有限公司', areaCenti: 21000n, delegatePersonId: null });
    expect(voterOf(u.r203)).toMatchObject({ kind: 'developer', orgId: org.y, areaCenti: 9000n });
  });

  it('第9条: co-owners are one voter; the named delegate votes', () => {
    expect(voterOf(u.r103)).toMatchObject({ ownerIds: [p['李四'], p['王五']].sort((a, b) => a - b), delegatePersonId: p['王五'], name: '李四、王五' });
  });

  it('第9条: co-owners with nobody named: the first registered co-owner votes and the roll warns', () => {
    expect(voterOf(u.r104)).toMatchObject({ delegatePersonId: p['赵六'] });
    expect(roll.warnings.coOwnedWithoutDelegate).toEqual([{ ownerKey: `p:${p['赵六']},${p['孙七']}`, name: '赵六、孙七', units: ['1号楼-1单元-104'] }]);
  });

  it('第1条 第2款: a buyer in lawful occupation is on the roll', () => {
    expect(voterOf(u.r105)).toMatchObject({ name: '周八', areaCenti: 4000n });
    expect(voterOf(u.r105)!.units[0].basis).toBe('lawful_occupation');
  });

  it('an ended ownership does not count: the unit goes to its current owner, or is reported as unowned', () => {
    expect(voterOf(u.r106)).toMatchObject({ name: '郑十', ownerIds: [p['郑十']] });
    expect(roll.voters.some((v) => v.ownerIds.includes(p['吴九']))).toBe(false);
    expect(voterOf(u.r107)).toBeUndefined();
  });

  it('units with no owner are left off and reported; retired units are ignored altogether', () => {
    expect(roll.warnings.unownedUnits).toEqual([
      { unitId: u.r107, label: '1号楼-1单元-107', areaCenti: 2500 },
      { unitId: u.r108, label: '1号楼-1单元-108', areaCenti: 2000 },
    ]);
    expect(voterOf(u.r109)).toBeUndefined();
    expect(roll.voters.some((v) => v.ownerIds.includes(p['冯一']))).toBe(false);
    expect(roll.warnings.unownedUnits.some((x) => x.unitId === u.r109)).toBe(false);
  });

  it('a unit without an area record: its owner is on the roll with 0 m², and the roll warns', () => {
    expect(voterOf(u.r204)).toMatchObject({ name: '陈二', areaCenti: 0n });
    expect(roll.warnings.unitsWithoutArea).toEqual([{ unitId: u.r204, label: '2号楼-1单元-204' }]);
  });

  it('the totals: 8 voters holding 639.55 m²', () => {
    // 张三 159.55 + 李四/王五 60 + 赵六/孙七 50 + 周八 40 + 郑十 30 + 甲地产 210 + 乙置业 90 + 陈二 0
    expect(roll.voters).toHaveLength(8);
    expect(roll.totals).toEqual({ areaCenti: 63955n, persons: 8 });
    expect(roll.voters.map((v) => v.voterNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('the roll through the API', () => {
  let id: number;

  it('before the announcement: a preview from current ownership, names masked, with the warnings', async () => {
    id = (await draftAssembly(community, estate.id)).id;
    const res = await community.get(`/api/assemblies/${id}/roll`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ frozen: false, totals: { areaCenti: '63955', persons: 8 }, total: 8 });
    expect(body.items.map((v: { name: string }) => v.name)).toEqual(['张*', '李*、王*', '赵*、孙*', '周*', '郑*', '名册测试甲地产有限公司', '名册测试乙置业有限公司', '陈*']);
    expect(body.warnings.unownedUnits).toHaveLength(2);
    // the warning names the co-owners masked, like the roll, and says which unit
    expect(body.warnings.coOwnedWithoutDelegate).toEqual([{ ownerKey: `p:${p['赵六']},${p['孙七']}`, name: '赵*、孙*', units: ['1号楼-1单元-104'] }]);
    expect(JSON.stringify(body)).not.toMatch(/赵六|孙七|张三/);
    // the preview filters like the frozen roll
    const q = (await community.get(`/api/assemblies/${id}/roll?q=${encodeURIComponent('甲地产')}`)).json();
    expect(q.items.map((v: { voterNo: number }) => v.voterNo)).toEqual([6]);
    expect(q.total).toBe(1);
  });

  it('announcing freezes exactly that roll: voters, their units and owners, the totals and the ledger', async () => {
    const res = await community.post(`/api/assemblies/${id}/announce`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'announced', rollAreaCenti: '63955', rollPersons: 8 });
    const voters = await env.database.query<{ id: string; voter_no: number; kind: string; owner_key: string; name: string; delegate: string | null; org_id: string | null; area: string; unit_count: number; active: boolean }>(
      `SELECT id, voter_no, kind, owner_key, name, delegate_person_id AS delegate, org_id, area_centi::text AS area, unit_count, active
         FROM assembly_voters WHERE assembly_id = $1 ORDER BY voter_no`,
      [id],
    );
    expect(voters.map((v) => [v.voter_no, v.kind, v.name, v.delegate === null ? null : Number(v.delegate), v.org_id === null ? null : Number(v.org_id), v.area, v.unit_count, v.active])).toEqual([
      [1, 'person', '张三', p['张三'], null, '15955', 2, true],
      [2, 'person', '李四、王五', p['王五'], null, '6000', 1, true],
      [3, 'person', '赵六、孙七', p['赵六'], null, '5000', 1, true],
      [4, 'person', '周八', p['周八'], null, '4000', 1, true],
      [5, 'person', '郑十', p['郑十'], null, '3000', 1, true],
      [6, 'developer', '名册测试甲地产有限公司', null, org.x, '21000', 2, true],
      [7, 'developer', '名册测试乙置业有限公司', null, org.y, '9000', 1, true],
      [8, 'person', '陈二', p['陈二'], null, '0', 1, true],
    ]);
    const units = await env.database.query<{ voter_no: number; unit_id: string; area: string; source: string | null; basis: string }>(
      `SELECT v.voter_no, vu.unit_id, vu.area_centi::text AS area, vu.area_source AS source, vu.basis
         FROM assembly_voter_units vu JOIN assembly_voters v ON v.id = vu.voter_id WHERE v.assembly_id = $1 ORDER BY vu.unit_id`,
      [id],
    );
    expect(units.map((x) => [x.voter_no, Number(x.unit_id), x.area, x.source, x.basis])).toEqual([
      [1, u.r101, '8955', 'registry', 'registered'],
      [1, u.r102, '7000', 'surveyed', 'registered'],
      [2, u.r103, '6000', 'contract', 'registered'],
      [3, u.r104, '5000', 'registry', 'registered'],
      [4, u.r105, '4000', 'registry', 'lawful_occupation'],
      [5, u.r106, '3000', 'registry', 'registered'],
      [6, u.r201, '10000', 'registry', 'unsold'],
      [6, u.r202, '11000', 'surveyed', 'unsold'],
      [7, u.r203, '9000', 'contract', 'unsold'],
      [8, u.r204, '0', null, 'registered'],
    ]);
    const owners = await env.database.query<{ voter_no: number; person_id: string }>(
      `SELECT v.voter_no, o.person_id FROM assembly_voter_owners o JOIN assembly_voters v ON v.id = o.voter_id WHERE v.assembly_id = $1 ORDER BY v.voter_no, o.person_id`,
      [id],
    );
    expect(owners.map((o) => [o.voter_no, Number(o.person_id)])).toEqual(
      [
        [1, p['张三']],
        ...[p['李四'], p['王五']].sort((a, b) => a - b).map((x) => [2, x]),
        ...[p['赵六'], p['孙七']].sort((a, b) => a - b).map((x) => [3, x]),
        [4, p['周八']],
        [5, p['郑十']],
        [8, p['陈二']],
      ],
    );
    const ledger = await readLedger(env.ctx.db, id);
    expect(ledger.map((l) => l.kind)).toEqual(['roll_frozen']);
    expect(ledger[0].payload).toMatchObject({
      estateId: estate.id,
      totals: { areaCenti: '63955', persons: 8 },
      deemedVotes: false,
      voters: [
        { voterNo: 1, kind: 'person', areaCenti: '15955', unitCount: 2 },
        { voterNo: 2, kind: 'person', areaCenti: '6000', unitCount: 1 },
        { voterNo: 3, kind: 'person', areaCenti: '5000', unitCount: 1 },
        { voterNo: 4, kind: 'person', areaCenti: '4000', unitCount: 1 },
        { voterNo: 5, kind: 'person', areaCenti: '3000', unitCount: 1 },
        { voterNo: 6, kind: 'developer', areaCenti: '21000', unitCount: 2 },
        { voterNo: 7, kind: 'developer', areaCenti: '9000', unitCount: 1 },
        { voterNo: 8, kind: 'person', areaCenti: '0', unitCount: 1 },
      ],
      matters: [{ seq: 1, item: 4, title: '续聘物业服务企业' }],
    });
    // the ledger carries no names
    expect(JSON.stringify(ledger[0].payload)).not.toMatch(/张三|李四|地产/);
    expect(checkChain(ledger)).toBeNull();
  });

  it('the frozen roll does not follow later changes of ownership', async () => {
    await estate.own(u.r108, await estate.person('新业主'));
    await env.database.query(`UPDATE ownerships SET ended_at = '2024-01-01' WHERE unit_id = $1`, [u.r105]);
    const body = (await community.get(`/api/assemblies/${id}/roll`)).json();
    expect(body).toMatchObject({ frozen: true, totals: { areaCenti: '63955', persons: 8 }, total: 8, warnings: null });
    expect(body.items.map((v: { name: string }) => v.name)).toEqual(['张*', '李*、王*', '赵*、孙*', '周*', '郑*', '名册测试甲地产有限公司', '名册测试乙置业有限公司', '陈*']);
    expect(body.items[0]).toMatchObject({ voterNo: 1, areaCenti: '15955', unitCount: 2, units: ['1号楼-1单元-101', '1号楼-1单元-102'], active: true, voted: false });
    // the live records have moved on: a new derivation differs
    const live = await deriveRoll(env.ctx.db, estate.path);
    expect(live.voters.some((v) => v.name === '新业主')).toBe(true);
    expect(live.voters.some((v) => v.name === '周八')).toBe(false);
  });

  it('searches the frozen roll by name or unit', async () => {
    const byUnit = (await community.get(`/api/assemblies/${id}/roll?q=204`)).json();
    expect(byUnit.items.map((v: { voterNo: number }) => v.voterNo)).toEqual([8]);
    const byName = (await community.get(`/api/assemblies/${id}/roll?q=${encodeURIComponent('王五')}`)).json();
    expect(byName.items.map((v: { voterNo: number; name: string }) => [v.voterNo, v.name])).toEqual([[2, '李*、王*']]);
    // the search is literal: a % matches itself, not everything
    expect((await community.get(`/api/assemblies/${id}/roll?q=${encodeURIComponent('%')}`)).json()).toMatchObject({ items: [], total: 0 });
    const page = (await community.get(`/api/assemblies/${id}/roll?limit=3&offset=3`)).json();
    expect(page.items.map((v: { voterNo: number }) => v.voterNo)).toEqual([4, 5, 6]);
    expect(page.total).toBe(8);
  });
});
