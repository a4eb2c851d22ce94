// Unit areas: exact hundredths of a square metre, and the area that counts.
// law — 最高法 建筑物区分所有权司法解释 第8条: registry area, else surveyed area, else contract area.
import { describe, expect, it } from 'vitest';
import { AREA_PRIORITY, effectiveArea, formatArea, parseArea } from './area';

describe('effectiveArea (司法解释 第8条)', () => {
  it('takes the registry area when there is one, whatever else is known', () => {
    expect(effectiveArea({ registry: 8955, surveyed: 9010, contract: 9200 })).toEqual({ source: 'registry', centi: 8955 });
    expect(effectiveArea({ contract: 9200, registry: 8955 })).toEqual({ source: 'registry', centi: 8955 });
  });

  it('falls back to the surveyed area without a registry area', () => {
    expect(effectiveArea({ surveyed: 9010, contract: 9200 })).toEqual({ source: 'surveyed', centi: 9010 });
  });

  it('falls back to the contract area last', () => {
    expect(effectiveArea({ contract: 9200 })).toEqual({ source: 'contract', centi: 9200 });
  });

  it('is null when no area is known', () => {
    expect(effectiveArea({})).toBeNull();
  });

  it('skips a source given as undefined', () => {
    expect(effectiveArea({ registry: undefined, surveyed: 7777 })).toEqual({ source: 'surveyed', centi: 7777 });
  });

  it('declares the order registry > surveyed > contract', () => {
    expect(AREA_PRIORITY).toEqual(['registry', 'surveyed', 'contract']);
  });
});

describe('parseArea', () => {
  it('reads decimal text exactly into hundredths', () => {
    expect(parseArea('89.55')).toBe(8955);
    expect(parseArea('89.5')).toBe(8950);
    expect(parseArea('89')).toBe(8900);
    expect(parseArea('0.01')).toBe(1);
    expect(parseArea(' 120.07 ')).toBe(12007);
    expect(parseArea('99999.99')).toBe(9_999_999);
  });

  it('has no binary rounding error where a float would (0.29, 4.35, 1.15, 8.2)', () => {
    // 0.29 * 100 = 28.999999999999996 and 4.35 * 100 = 434.99999999999994 in floating point
    expect(parseArea('0.29')).toBe(29);
    expect(parseArea('4.35')).toBe(435);
    expect(parseArea('1.15')).toBe(115);
    expect(parseArea('8.20')).toBe(820);
  });

  it('refuses more than two decimals instead of rounding', () => {
    expect(parseArea('89.555')).toBeNull();
    expect(parseArea('89.550')).toBeNull();
  });

  it('refuses signs, exponents, zero and non-numbers', () => {
    for (const bad of ['-1', '+89', '1e3', '1E3', '0', '0.00', '0.0', '', '   ', '.5', '89.', '89,55', '0x10', 'Infinity', 'NaN', '八十九', '８９', '89.5 5', '1 000']) {
      expect(parseArea(bad), bad).toBeNull();
    }
  });

  it('refuses 100,000 m² and more (the column holds less than 10,000,000 hundredths)', () => {
    expect(parseArea('100000')).toBeNull();
    expect(parseArea('999999.99')).toBeNull();
    expect(parseArea('1234567')).toBeNull();
  });
});

describe('formatArea', () => {
  it('writes hundredths as decimal text with two places', () => {
    expect(formatArea(8955)).toBe('89.55');
    expect(formatArea(8950)).toBe('89.50');
    expect(formatArea(5)).toBe('0.05');
    expect(formatArea(100)).toBe('1.00');
    expect(formatArea(9_999_999)).toBe('99999.99');
  });

  it('round-trips with parseArea for every value from 0.01 to 2,000.00 m²', () => {
    for (let centi = 1; centi <= 200_000; centi++) {
      if (parseArea(formatArea(centi)) !== centi) throw new Error(`round trip failed for ${centi}: ${formatArea(centi)}`);
    }
  });
});
