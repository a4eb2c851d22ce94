// The rules of 《中国共产党支部工作条例（试行）》(2018) that decide how the estate party organisation
// may be set up, in plain functions (DOMAIN.md §6, law):
// - 第四条: a unit with 3 or more full members sets up its own branch; a branch has, as a rule, at
//   most 50 members;
// - 第二章 (设置形式): units with fewer than 3 full members form a joint branch by neighbourhood,
//   covering as a rule at most 5 units;
// - 第六章 (党支部委员会): a branch with 7 or more full members has a branch committee of 3 to 5
//   (as a rule at most 7); fewer than 7: a secretary (and if needed a deputy); community branch
//   committees serve 5 years, other branches 3.
// The module's services and the coverage report (应建尽建) apply these; nothing here reads a database.

export const MIN_FULL_MEMBERS = 3; // 第四条
export const USUAL_MAX_MEMBERS = 50; // 第四条
export const JOINT_BRANCH_MAX_UNITS = 5; // 第二章
export const COMMITTEE_FROM_FULL_MEMBERS = 7; // 第六章
export const COMMITTEE_SIZE = { min: 3, usualMax: 5, max: 7 } as const; // 第六章

export const ARTICLES = {
  found: '《中国共产党支部工作条例（试行）》第四条：有正式党员3人以上的，都应当成立党支部',
  size: '《中国共产党支部工作条例（试行）》第四条：党支部党员人数一般不超过50人',
  joint: '《中国共产党支部工作条例（试行）》第二章：正式党员不足3人的单位成立联合党支部，覆盖单位一般不超过5个',
  committee: '《中国共产党支部工作条例（试行）》第六章：有正式党员7人以上的党支部应当设立党支部委员会，由3至5人组成，一般不超过7人',
  term: '《中国共产党支部工作条例（试行）》第六章：村、社区党支部委员会每届任期5年，其他党支部委员会一般每届任期3年',
} as const;

export type BranchKind = 'community' | 'other';

/** May these members found a branch of their own? (第四条: at least 3 full members; probationary members do not count.) */
export function canFoundBranch(fullMembers: number): boolean {
  return fullMembers >= MIN_FULL_MEMBERS;
}

/** May a joint branch cover this many estates? (第二章: as a rule at most 5.) */
export function jointBranchCoverageOk(estates: number): boolean {
  return estates >= 2 && estates <= JOINT_BRANCH_MAX_UNITS;
}

/** Years a branch committee serves (第六章: community 5, others 3). */
export function committeeTermYears(kind: BranchKind): number {
  return kind === 'community' ? 5 : 3;
}

export type WarningCode = 'below_founding_minimum' | 'committee_required' | 'committee_size' | 'over_usual_size' | 'term_ending' | 'term_expired';

export interface Warning {
  code: WarningCode;
  article: string;
  figures: Record<string, number | string>;
}

export interface BranchFacts {
  kind: BranchKind;
  fullMembers: number;
  probationaryMembers: number;
  /** members of the branch committee; 0 when it has none */
  committeeMembers: number;
  /** the day the current committee (or secretary) was elected, 'YYYY-MM-DD'; null when unknown */
  electedOn: string | null;
  /** a joint branch: how many estates it covers */
  jointEstates?: number;
}

/** The date `years` after an ISO date (29 February moves to 28 February). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const ty = y + years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${ty}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * What a branch must be told about itself on `today` ('YYYY-MM-DD'): too few full members, a
 * committee it should have, a committee of the wrong size, more than 50 members, a term about to
 * end (within `termWarningDays`, a setting) or ended.
 */
export function branchWarnings(b: BranchFacts, today: string, termWarningDays = 90): Warning[] {
  const out: Warning[] = [];
  const total = b.fullMembers + b.probationaryMembers;
  if (!canFoundBranch(b.fullMembers)) out.push({ code: 'below_founding_minimum', article: ARTICLES.found, figures: { fullMembers: b.fullMembers, required: MIN_FULL_MEMBERS } });
  if (b.fullMembers >= COMMITTEE_FROM_FULL_MEMBERS && b.committeeMembers === 0) {
    out.push({ code: 'committee_required', article: ARTICLES.committee, figures: { fullMembers: b.fullMembers, from: COMMITTEE_FROM_FULL_MEMBERS } });
  }
  if (b.committeeMembers > 0 && (b.committeeMembers < COMMITTEE_SIZE.min || b.committeeMembers > COMMITTEE_SIZE.max)) {
    out.push({ code: 'committee_size', article: ARTICLES.committee, figures: { committeeMembers: b.committeeMembers, min: COMMITTEE_SIZE.min, max: COMMITTEE_SIZE.max } });
  }
  if (total > USUAL_MAX_MEMBERS) out.push({ code: 'over_usual_size', article: ARTICLES.size, figures: { members: total, usualMax: USUAL_MAX_MEMBERS } });
  if (b.electedOn) {
    const ends = addYears(b.electedOn, committeeTermYears(b.kind));
    const left = daysBetween(today, ends);
    if (left < 0) out.push({ code: 'term_expired', article: ARTICLES.term, figures: { termEnds: ends, daysOver: -left } });
    else if (left <= termWarningDays) out.push({ code: 'term_ending', article: ARTICLES.term, figures: { termEnds: ends, daysLeft: left } });
  }
  return out;
}

export type Coverage = 'own_branch' | 'joint_branch' | 'party_work_only' | 'none';

export interface EstateParty {
  estateId: number;
  /** the estate's full party members who live there */
  fullMembers: number;
  /** the branch that covers it: its own, a joint one, or none */
  branch: { joint: boolean } | null;
  /** party work is organised there (a contact member, a group) without a branch */
  partyWork: boolean;
}

/** 应建尽建: how an estate is covered. */
export function coverageOf(e: EstateParty): Coverage {
  if (e.branch) return e.branch.joint ? 'joint_branch' : 'own_branch';
  return e.partyWork ? 'party_work_only' : 'none';
}

/** Should the estate have a branch of its own (3 or more full members) but has not? */
export function shouldHaveOwnBranch(e: EstateParty): boolean {
  return canFoundBranch(e.fullMembers) && !(e.branch && !e.branch.joint);
}

/**
 * A suggested grouping of the estates with 1 or 2 full members into joint branches: estates in the
 * given order (neighbours next to each other, e.g. by their place in the community) are taken until
 * a group has at least 3 full members — so a group never spans more than 3 estates — and a short
 * remainder joins the last group (at most 5 estates, 第二章). With fewer than 3 such members in all,
 * nothing can be founded yet: they stay as left over (party work only). Estates without members are
 * left out: a joint branch covers places where members are.
 */
export function suggestJointBranches<T extends { estateId: number; fullMembers: number }>(estates: T[]): { groups: T[][]; leftOver: T[] } {
  const groups: T[][] = [];
  let current: T[] = [];
  let members = 0;
  for (const e of estates) {
    if (e.fullMembers <= 0 || e.fullMembers >= MIN_FULL_MEMBERS) continue;
    current.push(e);
    members += e.fullMembers;
    if (members >= MIN_FULL_MEMBERS) {
      groups.push(current);
      current = [];
      members = 0;
    }
  }
  if (current.length && groups.length) {
    groups[groups.length - 1].push(...current);
    current = [];
  }
  return { groups, leftOver: current };
}
