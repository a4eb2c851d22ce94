// The three rates (三率) and their composite, in exact arithmetic. Definitions (docs/requests.md):
// - 响应率 response rate: of the requests whose response was due in the period, the share that
//   was accepted AND the requester contacted before the response deadline;
// - 解决率 resolution rate: of the requests whose resolution was due in the period (or that were
//   finished in it), the share resolved by the deadline and not reopened;
// - 满意率 satisfaction rate: of the requests rated in the period, the share rated 满意 or 基本满意.
// The composite weighs the three (local setting; one locality uses 30/35/35).

export interface RateCounts {
  responseDue: number;
  respondedInTime: number;
  resolutionDue: number;
  resolvedInTime: number;
  rated: number;
  satisfied: number; // 满意 + 基本满意
}

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}

export const DEFAULT_WEIGHTS: Weights = { response: 30, resolution: 35, satisfaction: 35 };

/** A rate as an exact fraction; null when nothing was due (no denominator, no figure). */
export interface Fraction {
  num: number;
  den: number;
}

function fraction(num: number, den: number): Fraction | null {
  if (!Number.isInteger(num) || !Number.isInteger(den) || num < 0 || den < 0 || num > den) throw new Error(`bad rate ${num}/${den}`);
  return den === 0 ? null : { num, den };
}

export interface ThreeRates {
  response: Fraction | null;
  resolution: Fraction | null;
  satisfaction: Fraction | null;
  /** Weighted mean of the rates that exist, as a percentage rounded half up to 2 decimals. */
  composite: number | null;
}

/** Percentage with 2 decimals, rounded half up, computed on integers (no float drift at .005). */
export function percent(f: Fraction | null): number | null {
  if (!f) return null;
  const scaled = (BigInt(f.num) * 20000n + BigInt(f.den)) / (2n * BigInt(f.den)); // round(num/den * 10000)
  return Number(scaled) / 100;
}

export function threeRates(c: RateCounts, w: Weights = DEFAULT_WEIGHTS): ThreeRates {
  const parts: [Fraction | null, number][] = [
    [fraction(c.respondedInTime, c.responseDue), w.response],
    [fraction(c.resolvedInTime, c.resolutionDue), w.resolution],
    [fraction(c.satisfied, c.rated), w.satisfaction],
  ];
  // composite = Σ w_i·num_i/den_i / Σ w_i over the rates that exist, as one exact fraction
  let num = 0n;
  let den = 1n;
  let weight = 0n;
  for (const [f, wi] of parts) {
    if (!f || wi === 0) continue;
    if (!Number.isInteger(wi) || wi < 0) throw new Error('weights are whole non-negative numbers');
    num = num * BigInt(f.den) + BigInt(wi) * BigInt(f.num) * den;
    den = den * BigInt(f.den);
    weight += BigInt(wi);
  }
  const composite = weight === 0n ? null : Number((num * 20000n + den * weight) / (2n * den * weight)) / 100;
  return { response: parts[0][0], resolution: parts[1][0], satisfaction: parts[2][0], composite };
}
