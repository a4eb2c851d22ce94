// The rule of 民法典 第二百七十八条, in exact integer arithmetic.
//
// law — 民法典 第278条 第2款: every matter needs owners holding ≥ 2/3 of the exclusive area AND
// ≥ 2/3 of the owners to take part. Items (6)(7)(8) are agreed by ≥ 3/4 of the participating area
// AND ≥ 3/4 of the participating owners; every other item by more than 1/2 of both. Abstaining
// counts as taking part. "以上" is ≥, "过半数" is >. Area is in 0.01 m² (integers), compared by
// cross-multiplication in BigInt, so no boundary can flip through rounding.

export type Item = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export type Choice = 'agree' | 'oppose' | 'abstain';

/** Items whose approval needs the double three-quarters (民法典 第278条 第1款 第6–8项). */
export const SPECIAL_ITEMS: readonly Item[] = [6, 7, 8];

export const ITEM_LABELS: Record<Item, { zh: string; en: string }> = {
  1: { zh: '制定和修改业主大会议事规则', en: 'Rules of procedure of the owners’ assembly' },
  2: { zh: '制定和修改管理规约', en: 'The management covenant' },
  3: { zh: '选举业主委员会或者更换业主委员会成员', en: 'Electing or replacing the owners’ committee' },
  4: { zh: '选聘和解聘物业服务企业或者其他管理人', en: 'Hiring or firing the property company or other manager' },
  5: { zh: '使用建筑物及其附属设施的维修资金', en: 'Using the maintenance fund' },
  6: { zh: '筹集建筑物及其附属设施的维修资金', en: 'Raising the maintenance fund' },
  7: { zh: '改建、重建建筑物及其附属设施', en: 'Rebuilding or reconstructing buildings and facilities' },
  8: { zh: '改变共有部分的用途或者利用共有部分从事经营活动', en: 'Changing the use of common parts or running business on them' },
  9: { zh: '有关共有和共同管理权利的其他重大事项', en: 'Other major matters of common ownership and management' },
};

export interface Figures {
  area: bigint; // 0.01 m²
  persons: bigint;
}

export interface Tally {
  total: Figures;
  agree: Figures;
  oppose: Figures;
  abstain: Figures;
}

export type TestName = 'quorum_area' | 'quorum_persons' | 'agree_area' | 'agree_persons';

export interface TestResult {
  name: TestName;
  passed: boolean;
  /** value / of: the figure tested and what it is measured against */
  value: string;
  of: string;
  /** the required share, as a fraction and a comparator: '≥ 2/3', '> 1/2', '≥ 3/4' */
  required: string;
  article: string;
}

export interface Decision {
  item: Item;
  rule: 'double_majority' | 'double_three_quarters';
  passed: boolean;
  participating: Figures;
  tests: TestResult[];
  failed: TestName[];
}

const ARTICLE_QUORUM = '民法典 第二百七十八条 第二款（参与表决：专有部分面积三分之二以上且人数三分之二以上）';
const ARTICLE_SPECIAL = '民法典 第二百七十八条 第二款（第六至八项：参与表决面积四分之三以上且人数四分之三以上同意）';
const ARTICLE_ORDINARY = '民法典 第二百七十八条 第二款（其他事项：参与表决面积过半数且人数过半数同意）';

export function add(a: Figures, b: Figures): Figures {
  return { area: a.area + b.area, persons: a.persons + b.persons };
}

export const ZERO: Figures = { area: 0n, persons: 0n };

/** value/of ≥ n/d (at least), exactly */
export function atLeast(value: bigint, of: bigint, n: bigint, d: bigint): boolean {
  return value * d >= of * n;
}

/** value/of > n/d (more than), exactly; nothing is more than a share of zero */
export function moreThan(value: bigint, of: bigint, n: bigint, d: bigint): boolean {
  return of > 0n && value * d > of * n;
}

export function isSpecial(item: Item): boolean {
  return SPECIAL_ITEMS.includes(item);
}

/** Decide one matter from its tally (民法典 第278条 第2款). */
export function decide(item: Item, t: Tally): Decision {
  const part = add(add(t.agree, t.oppose), t.abstain);
  const special = isSpecial(item);
  const quorum = (name: TestName, v: bigint, of: bigint): TestResult => ({
    name,
    passed: of > 0n && atLeast(v, of, 2n, 3n),
    value: v.toString(),
    of: of.toString(),
    required: '≥ 2/3',
    article: ARTICLE_QUORUM,
  });
  const approval = (name: TestName, v: bigint, of: bigint): TestResult =>
    special
      ? { name, passed: of > 0n && atLeast(v, of, 3n, 4n), value: v.toString(), of: of.toString(), required: '≥ 3/4', article: ARTICLE_SPECIAL }
      : { name, passed: moreThan(v, of, 1n, 2n), value: v.toString(), of: of.toString(), required: '> 1/2', article: ARTICLE_ORDINARY };
  const tests = [
    quorum('quorum_area', part.area, t.total.area),
    quorum('quorum_persons', part.persons, t.total.persons),
    approval('agree_area', t.agree.area, part.area),
    approval('agree_persons', t.agree.persons, part.persons),
  ];
  const failed = tests.filter((x) => !x.passed).map((x) => x.name);
  return { item, rule: special ? 'double_three_quarters' : 'double_majority', passed: failed.length === 0, participating: part, tests, failed };
}

/**
 * 从众条款 (only where the estate's covenant enables it): owners who did not take part are deemed
 * to follow the majority opinion of those who did. The majority opinion is the choice held by more
 * than half of the participating area AND of the participating owners; when no choice has both,
 * non-voters are deemed to abstain. Deemed figures are always reported apart from real ones.
 */
export function deemedTally(t: Tally): { tally: Tally; deemedAs: Choice; deemed: Figures } {
  const part = add(add(t.agree, t.oppose), t.abstain);
  const deemed: Figures = { area: t.total.area - part.area, persons: t.total.persons - part.persons };
  const majority = (['agree', 'oppose', 'abstain'] as const).find((c) => moreThan(t[c].area, part.area, 1n, 2n) && moreThan(t[c].persons, part.persons, 1n, 2n));
  const deemedAs: Choice = majority ?? 'abstain';
  return { tally: { ...t, [deemedAs]: add(t[deemedAs], deemed) }, deemedAs, deemed };
}

/** A share as a percentage string with two decimals, rounded down (display only; never decides). */
export function percent(value: bigint, of: bigint): string {
  if (of <= 0n) return '0.00';
  const bp = (value * 10000n) / of;
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}`;
}

export interface CandidateResult {
  matterId: number;
  passed: boolean;
  agree: Figures;
}

/**
 * 业委会 seats: each candidate must pass the ordinary 278 threshold on their own (item 3); seats go
 * to those who pass, ranked by agreeing owners, then agreeing area. When candidates still tie for
 * the last seat, none of the tied is seated and a run-off is needed (the tie rule, docs/assemblies.md).
 */
export function allocateSeats<T extends CandidateResult>(candidates: T[], seats: number): { elected: T[]; tiedForLast: T[] } {
  const passing = candidates
    .filter((c) => c.passed)
    .sort((a, b) => cmp(b.agree.persons, a.agree.persons) || cmp(b.agree.area, a.agree.area) || a.matterId - b.matterId);
  if (passing.length <= seats) return { elected: passing, tiedForLast: [] };
  const last = passing[seats - 1];
  const next = passing[seats];
  const same = (a: T, b: T) => a.agree.persons === b.agree.persons && a.agree.area === b.agree.area;
  if (!same(last, next)) return { elected: passing.slice(0, seats), tiedForLast: [] };
  // everyone level with the last seat is left for the run-off; those ranked above it are seated,
  // and nobody ranked below the tied group moves up into a seat
  const firstTied = passing.findIndex((c) => same(c, last));
  return { elected: passing.slice(0, firstTied), tiedForLast: passing.filter((c) => same(c, last)) };
}

function cmp(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? 1 : -1;
}
