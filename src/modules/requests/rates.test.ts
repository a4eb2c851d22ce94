// The three rates and the composite: exact fractions, rounding at the half, missing denominators.
import { describe, expect, it } from 'vitest';
import { percent, threeRates } from './rates';

describe('three rates', () => {
  it('computes each rate as a fraction of what was due', () => {
    const r = threeRates({ responseDue: 200, respondedInTime: 190, resolutionDue: 180, resolvedInTime: 153, rated: 120, satisfied: 114 });
    expect(r.response).toEqual({ num: 190, den: 200 });
    expect(percent(r.response)).toBe(95);
    expect(percent(r.resolution)).toBe(85);
    expect(percent(r.satisfaction)).toBe(95);
    // 30 % × 95 + 35 % × 85 + 35 % × 95 = 28.5 + 29.75 + 33.25
    expect(r.composite).toBe(91.5);
  });

  it('rounds half up on exact integers, where floating point would not', () => {
    // 1/8 = 12.5 % exactly; 2/3 = 66.666…
    expect(percent({ num: 1, den: 8 })).toBe(12.5);
    expect(percent({ num: 2, den: 3 })).toBe(66.67);
    expect(percent({ num: 1, den: 3 })).toBe(33.33);
    expect(percent({ num: 1, den: 80000 })).toBe(0); // 0.00125 % → 0.00
    expect(percent({ num: 1, den: 20000 })).toBe(0.01); // 0.005 % → 0.01 (half up)
    expect(percent({ num: 1, den: 40000 })).toBe(0); // 0.0025 % → 0.00
    expect(percent({ num: 1005, den: 100000 })).toBe(1.01); // 1.005 %: a float gives 1.00
  });

  it('leaves out a rate with nothing due, in the rate and in the composite', () => {
    const r = threeRates({ responseDue: 10, respondedInTime: 10, resolutionDue: 0, resolvedInTime: 0, rated: 4, satisfied: 3 });
    expect(r.resolution).toBeNull();
    expect(percent(r.resolution)).toBeNull();
    // (30 × 100 + 35 × 75) / 65 = 86.538…
    expect(r.composite).toBe(86.54);
    expect(threeRates({ responseDue: 0, respondedInTime: 0, resolutionDue: 0, resolvedInTime: 0, rated: 0, satisfied: 0 }).composite).toBeNull();
  });

  it('takes the weights as a setting', () => {
    const c = { responseDue: 4, respondedInTime: 4, resolutionDue: 4, resolvedInTime: 2, rated: 4, satisfied: 0 };
    expect(threeRates(c, { response: 1, resolution: 1, satisfaction: 1 }).composite).toBe(50);
    expect(threeRates(c, { response: 0, resolution: 1, satisfaction: 0 }).composite).toBe(50);
    expect(threeRates(c, { response: 100, resolution: 0, satisfaction: 0 }).composite).toBe(100);
  });

  it('refuses impossible counts', () => {
    expect(() => threeRates({ responseDue: 1, respondedInTime: 2, resolutionDue: 0, resolvedInTime: 0, rated: 0, satisfied: 0 })).toThrow();
  });
});
