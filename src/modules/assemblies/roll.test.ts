// The voter roll on plain data (buildRoll): 最高法 建筑物区分所有权司法解释 第8条 (area) and 第9条
// (headcount): one voter per owner set, a buyer of several units once with the summed area, the
// developer's unsold units once per developer, co-owners as one voter through their named delegate
// (else the first registered co-owner, with a warning), a buyer in lawful occupation as an owner,
// units with no owner left off and reported. The area priority (registry > surveyed > contract),
// ended ownerships and retired units are chosen in SQL: see tests/assemblies/roll-db.test.ts.
import { describe, expect, it } from 'vitest';
import { buildRoll, maskName, type OwnershipInput, type UnitInput } from './roll';

const unit = (unitId: number, areaCenti: number | null, areaSource: string | null = 'registry'): UnitInput => ({ unitId, label: `1号楼-1单元-${unitId}`, areaCenti, areaSource });
let nextId = 1;
const person = (unitId: number, personId: number, name: string, extra: Partial<OwnershipInput> = {}): OwnershipInput => ({
  id: nextId++,
  unitId,
  personId,
  orgId: null,
  basis: 'registered',
  delegate: false,
  name,
  ...extra,
});
const dev = (unitId: number, orgId: number, name: string): OwnershipInput => ({ id: nextId++, unitId, personId: null, orgId, basis: 'unsold', delegate: false, name });

describe('buildRoll: 司法解释 第9条 headcount', () => {
  it('第9条: a buyer of several units counts once, with the summed area (第8条) and every unit listed', () => {
    const roll = buildRoll([unit(1, 8955), unit(2, 7000), unit(3, 6000)], [person(1, 10, '张三'), person(2, 10, '张三'), person(3, 11, '李四')]);
    expect(roll.voters.map((v) => [v.voterNo, v.name, v.areaCenti, v.units.map((u) => u.unitId)])).toEqual([
      [1, '张三', 15955n, [1, 2]],
      [2, '李四', 6000n, [3]],
    ]);
    expect(roll.totals).toEqual({ areaCenti: 21955n, persons: 2 });
    expect(roll.voters[0]).toMatchObject({ kind: 'person', ownerKey: 'p:10', ownerIds: [10], delegatePersonId: 10 });
  });

  it('第9条: the developer’s unsold units together count once; two developers are two voters', () => {
    const roll = buildRoll(
      [unit(1, 10000), unit(2, 11000), unit(3, 9000), unit(4, 5000)],
      [dev(1, 500, '甲地产有限公司'), dev(2, 500, '甲地产有限公司'), dev(3, 501, '乙置业有限公司'), person(4, 10, '张三')],
    );
    expect(roll.voters.map((v) => [v.kind, v.name, v.orgId, v.areaCenti, v.units.length, v.delegatePersonId])).toEqual([
      ['developer', '甲地产有限公司', 500, 21000n, 2, null],
      ['developer', '乙置业有限公司', 501, 9000n, 1, null],
      ['person', '张三', null, 5000n, 1, 10],
    ]);
    expect(roll.voters[0].units.every((u) => u.basis === 'unsold')).toBe(true);
    expect(roll.voters[0].ownerIds).toEqual([]);
    expect(roll.totals).toEqual({ areaCenti: 35000n, persons: 3 });
  });

  it('第9条: co-owners of one unit are one voter; the named delegate votes', () => {
    const roll = buildRoll([unit(1, 9000)], [person(1, 20, '王五'), person(1, 21, '赵六', { delegate: true })]);
    expect(roll.voters).toHaveLength(1);
    expect(roll.voters[0]).toMatchObject({ name: '王五、赵六', ownerIds: [20, 21], delegatePersonId: 21, areaCenti: 9000n });
    expect(roll.warnings.coOwnedWithoutDelegate).toEqual([]);
    expect(roll.totals.persons).toBe(1);
  });

  it('第9条: co-owners who named nobody: the first registered co-owner votes, and the roll warns', () => {
    // person 31 was registered first (the lower ownership id), though 30 has the lower person id
    const first = person(1, 31, '孙七');
    const second = person(1, 30, '周八');
    const roll = buildRoll([unit(1, 9000)], [first, second]);
    expect(roll.voters[0]).toMatchObject({ ownerIds: [30, 31], delegatePersonId: 31 });
    expect(roll.warnings.coOwnedWithoutDelegate).toEqual([{ ownerKey: 'p:30,31', name: '周八、孙七', units: ['1号楼-1单元-1'] }]);
  });

  it('第9条: the same couple owning two flats is one voter; the delegate named on more units votes', () => {
    const roll = buildRoll(
      [unit(1, 9000), unit(2, 8000), unit(3, 7000)],
      [person(1, 40, '吴九', { delegate: true }), person(1, 41, '郑十'), person(2, 40, '吴九'), person(2, 41, '郑十', { delegate: true }), person(3, 41, '郑十', { delegate: true }), person(3, 40, '吴九')],
    );
    expect(roll.voters).toHaveLength(1);
    expect(roll.voters[0]).toMatchObject({ ownerKey: 'p:40,41', delegatePersonId: 41, areaCenti: 24000n });
  });

  it('a voter is an owner set: a flat owned alone and another owned with a spouse are two voters (the decision in the brief)', () => {
    const roll = buildRoll([unit(1, 9000), unit(2, 8000)], [person(1, 50, '冯一'), person(2, 50, '冯一', { delegate: true }), person(2, 51, '陈二')]);
    expect(roll.voters.map((v) => [v.ownerKey, v.delegatePersonId])).toEqual([
      ['p:50', 50],
      ['p:50,51', 50],
    ]);
  });

  it('司法解释 第1条 第2款: a buyer in lawful occupation before registration is on the roll', () => {
    const roll = buildRoll([unit(1, 4000)], [person(1, 60, '褚三', { basis: 'lawful_occupation' })]);
    expect(roll.voters).toHaveLength(1);
    expect(roll.voters[0].units[0]).toMatchObject({ unitId: 1, basis: 'lawful_occupation', areaCenti: 4000 });
  });

  it('a unit held by a registered owner and one in lawful occupation is registered', () => {
    const roll = buildRoll([unit(1, 4000)], [person(1, 61, '卫四', { basis: 'lawful_occupation' }), person(1, 62, '蒋五', { delegate: true })]);
    expect(roll.voters[0].units[0].basis).toBe('registered');
  });

  it('a sold unit still carrying the developer’s record goes to its buyer', () => {
    const roll = buildRoll([unit(1, 4000)], [dev(1, 500, '甲地产有限公司'), person(1, 70, '沈六')]);
    expect(roll.voters.map((v) => [v.kind, v.name])).toEqual([['person', '沈六']]);
  });

  it('units with no owner on record are left off the roll (not in the totals) and reported', () => {
    const roll = buildRoll([unit(1, 4000), unit(2, 2500), unit(3, 2000)], [person(1, 80, '韩七')]);
    expect(roll.voters).toHaveLength(1);
    expect(roll.totals).toEqual({ areaCenti: 4000n, persons: 1 });
    expect(roll.warnings.unownedUnits).toEqual([
      { unitId: 2, label: '1号楼-1单元-2', areaCenti: 2500 },
      { unitId: 3, label: '1号楼-1单元-3', areaCenti: 2000 },
    ]);
  });

  it('a unit without any area record keeps its owner on the roll with 0 m² and is reported', () => {
    const roll = buildRoll([unit(1, null, null), unit(2, 5000)], [person(1, 90, '杨八'), person(2, 91, '朱九')]);
    expect(roll.voters.map((v) => [v.name, v.areaCenti])).toEqual([
      ['杨八', 0n],
      ['朱九', 5000n],
    ]);
    expect(roll.totals).toEqual({ areaCenti: 5000n, persons: 2 });
    expect(roll.warnings.unitsWithoutArea).toEqual([{ unitId: 1, label: '1号楼-1单元-1' }]);
  });

  it('numbers voters by their first unit, the same for the same records whatever their order', () => {
    const units = [unit(3, 100), unit(4, 100), unit(1, 100), unit(2, 100)];
    const owns = [person(2, 2, '乙'), person(4, 1, '甲'), person(3, 3, '丙'), person(1, 1, '甲')];
    const a = buildRoll(units, owns);
    const b = buildRoll([...units].reverse(), [...owns].reverse());
    expect(a.voters.map((v) => [v.voterNo, v.ownerKey])).toEqual([
      [1, 'p:1'],
      [2, 'p:2'],
      [3, 'p:3'],
    ]);
    expect(a.voters[0].units.map((u) => u.unitId)).toEqual([1, 4]);
    expect(b.voters.map((v) => [v.voterNo, v.ownerKey, v.units.map((u) => u.unitId)])).toEqual(a.voters.map((v) => [v.voterNo, v.ownerKey, v.units.map((u) => u.unitId)]));
  });

  it('an estate with no owners gives an empty roll', () => {
    const roll = buildRoll([unit(1, 100)], []);
    expect(roll.voters).toEqual([]);
    expect(roll.totals).toEqual({ areaCenti: 0n, persons: 0 });
  });

  it('10,000 owners of 150.01 m² each: totals exact', () => {
    const units = Array.from({ length: 10000 }, (_, i) => unit(i + 1, 15001));
    const owns = units.map((u) => person(u.unitId, 100000 + u.unitId, '业主'));
    const roll = buildRoll(units, owns);
    expect(roll.totals).toEqual({ areaCenti: 150010000n, persons: 10000 });
  });
});

describe('maskName: names on the roll shown for objections', () => {
  it('keeps the first character of each co-owner, hides the rest; a developer’s name stays', () => {
    expect(maskName('张三', 'person')).toBe('张*');
    expect(maskName('欧阳娜娜', 'person')).toBe('欧***');
    expect(maskName('王五、赵六', 'person')).toBe('王*、赵*');
    expect(maskName('李', 'person')).toBe('*');
    expect(maskName('甲地产有限公司', 'developer')).toBe('甲地产有限公司');
  });
});
