// Area of a unit's exclusive part (专有部分), in hundredths of a square metre, exactly.
// law — 最高法 建筑物区分所有权司法解释 第8条: registry area, else surveyed area, else contract area.
import type { AreaSource } from '../db/schema';

export const AREA_PRIORITY: readonly AreaSource[] = ['registry', 'surveyed', 'contract'];

export function effectiveArea(areas: Partial<Record<AreaSource, number>>): { source: AreaSource; centi: number } | null {
  for (const source of AREA_PRIORITY) {
    const centi = areas[source];
    if (centi !== undefined && centi !== null) return { source, centi };
  }
  return null;
}

/** "89.55" → 8955; anything with more than two decimals, a sign or an exponent is refused. */
export function parseArea(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const centi = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return centi > 0 && centi < 10_000_000 ? centi : null;
}

/** 8955 → "89.55" */
export function formatArea(centi: number): string {
  return `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}
