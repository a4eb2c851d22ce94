// The 三长 grid (DOMAIN.md §2, §7): 片 → 组 → 邻 over households, each household in exactly one 邻.
// Coverage figures for an estate (or any set of households): households without a 邻长, 邻 outside
// the size limits (local setting, default 10–20 households), 邻 without a leader, and totals per 组
// and 片. Plain functions over plain data; the module reads the data and applies them.

export interface GridLimits {
  /** households per 邻 (local, default 10–20) */
  minHouseholds: number;
  maxHouseholds: number;
}

export const DEFAULT_GRID_LIMITS: GridLimits = { minHouseholds: 10, maxHouseholds: 20 };

export interface Lin {
  id: number;
  zuId: number | null;
  /** the person serving as 邻长, or null */
  leaderPersonId: number | null;
  households: number;
}

export interface Zu {
  id: number;
  pianId: number | null;
  leaderPersonId: number | null;
}

export interface GridCoverage {
  households: number;
  /** households in a 邻 that has a 邻长 */
  covered: number;
  /** households in no 邻, or in a 邻 without a 邻长 */
  uncovered: number;
  /** covered / households as a percentage string, two decimals, rounded down (display only) */
  percent: string;
  linsWithoutLeader: number[];
  linsTooSmall: { id: number; households: number }[];
  linsTooLarge: { id: number; households: number }[];
  zusWithoutLeader: number[];
  perZu: { zuId: number; lins: number; households: number; covered: number }[];
}

/** covered / households as a percentage with two decimals, rounded down: never 100 while one is uncovered. */
export function coveragePercent(covered: number, households: number): string {
  const bp = households === 0 ? 0 : Math.floor((covered * 10000) / households);
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

/** Coverage of `households` households, of which `outsideLins` belong to no 邻. */
export function gridCoverage(lins: Lin[], zus: Zu[], outsideLins: number, limits: GridLimits = DEFAULT_GRID_LIMITS): GridCoverage {
  const inLins = lins.reduce((s, l) => s + l.households, 0);
  const households = inLins + outsideLins;
  const covered = lins.filter((l) => l.leaderPersonId !== null).reduce((s, l) => s + l.households, 0);
  const perZu = new Map<number, { zuId: number; lins: number; households: number; covered: number }>();
  for (const l of lins) {
    if (l.zuId === null) continue;
    const z = perZu.get(l.zuId) ?? { zuId: l.zuId, lins: 0, households: 0, covered: 0 };
    z.lins++;
    z.households += l.households;
    if (l.leaderPersonId !== null) z.covered += l.households;
    perZu.set(l.zuId, z);
  }
  return {
    households,
    covered,
    uncovered: households - covered,
    percent: coveragePercent(covered, households),
    linsWithoutLeader: lins.filter((l) => l.leaderPersonId === null).map((l) => l.id),
    linsTooSmall: lins.filter((l) => l.households < limits.minHouseholds).map((l) => ({ id: l.id, households: l.households })),
    linsTooLarge: lins.filter((l) => l.households > limits.maxHouseholds).map((l) => ({ id: l.id, households: l.households })),
    zusWithoutLeader: zus.filter((z) => z.leaderPersonId === null).map((z) => z.id),
    perZu: [...perZu.values()].sort((a, b) => a.zuId - b.zuId),
  };
}

/**
 * Bulk assignment by building and entrance: split the households of an entrance (in order, e.g. by
 * floor and unit) into 邻 of sizes within the limits, as even as possible: the fewest 邻 of at most
 * `maxHouseholds`, then households spread so sizes differ by at most one. An entrance smaller than
 * the minimum stays one 邻 (flagged as too small by the coverage).
 */
export function splitIntoLins<T>(households: T[], limits: GridLimits = DEFAULT_GRID_LIMITS): T[][] {
  if (households.length === 0) return [];
  const count = Math.ceil(households.length / limits.maxHouseholds);
  const base = Math.floor(households.length / count);
  const extra = households.length % count;
  const out: T[][] = [];
  let i = 0;
  for (let k = 0; k < count; k++) {
    const size = base + (k < extra ? 1 : 0);
    out.push(households.slice(i, i + size));
    i += size;
  }
  return out;
}
