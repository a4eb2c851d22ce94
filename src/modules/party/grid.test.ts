// The 三长 grid: coverage (every household should have a 邻长; a 邻 holds 10–20 households by default,
// a local setting, DOMAIN.md §2 and §7) and the bulk split of an entrance into 邻.
import { describe, expect, it } from 'vitest';
import { gridCoverage, splitIntoLins, type Lin } from './grid';

const lin = (id: number, households: number, leader: number | null, zuId: number | null = 1): Lin => ({ id, zuId, leaderPersonId: leader, households });

describe('coverage', () => {
  it('counts households in a 邻 with a 邻长 as covered, the rest (and households in no 邻) as not', () => {
    const c = gridCoverage([lin(1, 15, 100), lin(2, 12, null), lin(3, 18, 101, 2)], [{ id: 1, pianId: 1, leaderPersonId: 200 }, { id: 2, pianId: 1, leaderPersonId: null }], 5);
    expect(c).toMatchObject({ households: 50, covered: 33, uncovered: 17, percent: '66.00', linsWithoutLeader: [2], zusWithoutLeader: [2] });
    expect(c.perZu).toEqual([
      { zuId: 1, lins: 2, households: 27, covered: 15 },
      { zuId: 2, lins: 1, households: 18, covered: 18 },
    ]);
  });
  it('flags 邻 outside the size limits: 9 and 21 with the defaults, 10 and 20 are within', () => {
    const c = gridCoverage([lin(1, 9, 1), lin(2, 10, 2), lin(3, 20, 3), lin(4, 21, 4)], [], 0);
    expect(c.linsTooSmall).toEqual([{ id: 1, households: 9 }]);
    expect(c.linsTooLarge).toEqual([{ id: 4, households: 21 }]);
  });
  it('the limits are a setting', () => {
    const c = gridCoverage([lin(1, 25, 1)], [], 0, { minHouseholds: 10, maxHouseholds: 30 });
    expect(c.linsTooLarge).toEqual([]);
  });
  it('the percentage is rounded down, never up to 100 while a household is uncovered', () => {
    expect(gridCoverage([lin(1, 19999, 1)], [], 1).percent).toBe('99.99');
    expect(gridCoverage([], [], 0).percent).toBe('0.00');
  });
});

describe('bulk assignment by entrance', () => {
  it('makes the fewest 邻 of at most 20, sizes differing by at most one', () => {
    const hh = Array.from({ length: 42 }, (_, i) => i + 1);
    const lins = splitIntoLins(hh);
    expect(lins.map((l) => l.length)).toEqual([14, 14, 14]);
    expect(lins.flat()).toEqual(hh);
    expect(splitIntoLins(Array.from({ length: 20 }, (_, i) => i)).map((l) => l.length)).toEqual([20]);
    expect(splitIntoLins(Array.from({ length: 21 }, (_, i) => i)).map((l) => l.length)).toEqual([11, 10]);
  });
  it('a small entrance stays one 邻; none makes none', () => {
    expect(splitIntoLins([1, 2, 3]).map((l) => l.length)).toEqual([3]);
    expect(splitIntoLins([])).toEqual([]);
  });
  it('every 邻 it makes from 10 or more households is within 10–20', () => {
    for (let n = 10; n <= 500; n++) {
      for (const l of splitIntoLins(Array.from({ length: n }, (_, i) => i))) {
        expect(l.length).toBeGreaterThanOrEqual(10);
        expect(l.length).toBeLessThanOrEqual(20);
      }
    }
  });
});
