// 《中国共产党支部工作条例（试行）》(2018), as the party module applies it (DOMAIN.md §6, law).
import { describe, expect, it } from 'vitest';
import {
  addYears,
  branchWarnings,
  canFoundBranch,
  committeeTermYears,
  coverageOf,
  jointBranchCoverageOk,
  shouldHaveOwnBranch,
  suggestJointBranches,
  type BranchFacts,
} from './rules';

const branch = (over: Partial<BranchFacts> = {}): BranchFacts => ({ kind: 'other', fullMembers: 5, probationaryMembers: 0, committeeMembers: 0, electedOn: null, ...over });
const codes = (b: BranchFacts, today = '2026-11-22', days = 90) => branchWarnings(b, today, days).map((w) => w.code);

describe('第四条: a branch needs at least 3 full members', () => {
  it.each([
    [0, false],
    [2, false],
    [3, true],
    [12, true],
  ])('%i full members → may found a branch: %s', (n, ok) => expect(canFoundBranch(n)).toBe(ok));

  it('probationary members do not count toward the three', () => {
    expect(codes(branch({ fullMembers: 2, probationaryMembers: 4 }))).toContain('below_founding_minimum');
    expect(codes(branch({ fullMembers: 3, probationaryMembers: 0 }))).not.toContain('below_founding_minimum');
  });
});

describe('第四条: a branch has as a rule at most 50 members (full and probationary)', () => {
  it('50 is within, 51 is warned', () => {
    expect(codes(branch({ fullMembers: 45, probationaryMembers: 5, committeeMembers: 5 }))).not.toContain('over_usual_size');
    const w = branchWarnings(branch({ fullMembers: 46, probationaryMembers: 5, committeeMembers: 5 }), '2026-11-22');
    expect(w.find((x) => x.code === 'over_usual_size')).toMatchObject({ figures: { members: 51, usualMax: 50 } });
    expect(w.find((x) => x.code === 'over_usual_size')!.article).toContain('第四条');
  });
});

describe('第二章: a joint branch covers as a rule at most 5 units', () => {
  it.each([
    [1, false],
    [2, true],
    [5, true],
    [6, false],
  ])('%i estates → %s', (n, ok) => expect(jointBranchCoverageOk(n)).toBe(ok));
});

describe('第六章: 7 or more full members need a branch committee of 3 to 5 (at most 7)', () => {
  it('6 full members without a committee: no warning; 7: committee required', () => {
    expect(codes(branch({ fullMembers: 6 }))).not.toContain('committee_required');
    const w = branchWarnings(branch({ fullMembers: 7 }), '2026-11-22');
    expect(w.map((x) => x.code)).toContain('committee_required');
    expect(w.find((x) => x.code === 'committee_required')!.article).toContain('第六章');
  });
  it('a committee of 2 or 8 is the wrong size; 3 and 7 are allowed', () => {
    expect(codes(branch({ fullMembers: 9, committeeMembers: 2 }))).toContain('committee_size');
    expect(codes(branch({ fullMembers: 20, committeeMembers: 8 }))).toContain('committee_size');
    expect(codes(branch({ fullMembers: 9, committeeMembers: 3 }))).not.toContain('committee_size');
    expect(codes(branch({ fullMembers: 20, committeeMembers: 7 }))).not.toContain('committee_size');
  });
});

describe('第六章: community branch committees serve 5 years, other branches 3', () => {
  it('terms', () => {
    expect(committeeTermYears('community')).toBe(5);
    expect(committeeTermYears('other')).toBe(3);
  });
  it('warns when the term ends within the warning days, and after it has ended', () => {
    // an estate branch elected 2024-01-10 serves until 2027-01-10: 49 days from 2026-11-22
    expect(branchWarnings(branch({ electedOn: '2024-01-10' }), '2026-11-22', 90)).toContainEqual(expect.objectContaining({ code: 'term_ending', figures: { termEnds: '2027-01-10', daysLeft: 49 } }));
    expect(codes(branch({ electedOn: '2024-01-10' }), '2026-11-22', 30)).not.toContain('term_ending');
    // the same date for a community branch runs to 2029
    expect(codes(branch({ kind: 'community', electedOn: '2024-01-10' }))).toEqual([]);
    expect(branchWarnings(branch({ electedOn: '2023-11-01' }), '2026-11-22')).toContainEqual(expect.objectContaining({ code: 'term_expired', figures: { termEnds: '2026-11-01', daysOver: 21 } }));
  });
  it('a term from 29 February ends on 28 February', () => {
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('应建尽建: coverage of an estate', () => {
  it('own branch / joint branch / party work only / none', () => {
    expect(coverageOf({ estateId: 1, fullMembers: 5, branch: { joint: false }, partyWork: false })).toBe('own_branch');
    expect(coverageOf({ estateId: 1, fullMembers: 1, branch: { joint: true }, partyWork: false })).toBe('joint_branch');
    expect(coverageOf({ estateId: 1, fullMembers: 1, branch: null, partyWork: true })).toBe('party_work_only');
    expect(coverageOf({ estateId: 1, fullMembers: 0, branch: null, partyWork: false })).toBe('none');
  });
  it('an estate with 3 full members in a joint branch (or none) should have its own (第四条)', () => {
    expect(shouldHaveOwnBranch({ estateId: 1, fullMembers: 3, branch: { joint: true }, partyWork: false })).toBe(true);
    expect(shouldHaveOwnBranch({ estateId: 1, fullMembers: 3, branch: null, partyWork: false })).toBe(true);
    expect(shouldHaveOwnBranch({ estateId: 1, fullMembers: 3, branch: { joint: false }, partyWork: false })).toBe(false);
    expect(shouldHaveOwnBranch({ estateId: 1, fullMembers: 2, branch: null, partyWork: false })).toBe(false);
  });
});

describe('joint branches suggested for estates with fewer than 3 full members (第二章)', () => {
  const e = (estateId: number, fullMembers: number) => ({ estateId, fullMembers });
  it('groups neighbours until each group has 3 full members; estates with 3+ or none are not grouped', () => {
    const { groups, leftOver } = suggestJointBranches([e(1, 1), e(2, 5), e(3, 1), e(4, 0), e(5, 1), e(6, 2), e(7, 2)]);
    expect(groups.map((g) => g.map((x) => x.estateId))).toEqual([[1, 3, 5], [6, 7]]);
    expect(leftOver).toEqual([]);
  });
  it('a short remainder joins the last group, which stays within 5 estates', () => {
    const { groups } = suggestJointBranches([e(1, 1), e(2, 1), e(3, 1), e(4, 1), e(5, 1)]);
    expect(groups.map((g) => g.map((x) => x.estateId))).toEqual([[1, 2, 3, 4, 5]]);
    for (const g of groups) expect(jointBranchCoverageOk(g.length)).toBe(true);
  });
  it('fewer than 3 such members in all: nothing can be founded yet', () => {
    expect(suggestJointBranches([e(1, 1), e(2, 1)])).toEqual({ groups: [], leftOver: [e(1, 1), e(2, 1)] });
  });
  it('every suggested group can found a branch and covers at most 5 estates, for any input', () => {
    for (let seed = 1; seed <= 200; seed++) {
      let x = seed;
      const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
      const estates = Array.from({ length: 1 + (next() % 30) }, (_, i) => e(i + 1, next() % 4));
      const { groups, leftOver } = suggestJointBranches(estates);
      for (const g of groups) {
        expect(canFoundBranch(g.reduce((s, y) => s + y.fullMembers, 0))).toBe(true);
        expect(g.length).toBeLessThanOrEqual(5);
      }
      const grouped = groups.flat().length + leftOver.length;
      expect(grouped).toBe(estates.filter((y) => y.fullMembers === 1 || y.fullMembers === 2).length);
    }
  });
});
