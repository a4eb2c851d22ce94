// Figures and times of the assembly pages. Areas travel as decimal strings of 0.01 m² and are only
// ever handled as text or BigInt here: a floating-point parse could round a boundary figure.
// Times are shown in Beijing time (Asia/Shanghai, UTC+8 all year) whatever the browser's zone.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const BEIJING_OFFSET_MINUTES = 480;

/** "296809" → "2,968.09 m²" (or without the unit). */
export function areaText(centi: string | null | undefined, unit = true): string {
  if (centi === null || centi === undefined || !/^-?\d+$/.test(centi)) return '—';
  const negative = centi.startsWith('-');
  const digits = (negative ? centi.slice(1) : centi).replace(/^0+(?=\d)/, '').padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}${unit ? ' m²' : ''}`;
}

/** "89.77" (as typed) → 8977; null when it is not an area with at most two decimals. */
export function parseAreaText(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** value/of as a percentage with two decimals, rounded down (as the server does; display only). */
export function percentText(value: string | number, of: string | number): string {
  const v = BigInt(value);
  const o = BigInt(of);
  if (o <= 0n) return '0.00';
  const bp = (v * 10000n) / o;
  return `${bp / 100n}.${String(bp % 100n).padStart(2, '0')}`;
}

/** Compare two integer strings exactly (for sorting by area). */
export function compareBig(a: string | number, b: string | number): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** value/of ≥ n/d, exactly. */
export function atLeastShare(value: string | number, of: string | number, n: number, d: number): boolean {
  return BigInt(value) * BigInt(d) >= BigInt(of) * BigInt(n);
}

/** An instant shown in Beijing time. */
export function beijing(iso: string | null | undefined, format = 'YYYY-MM-DD HH:mm'): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.utcOffset(BEIJING_OFFSET_MINUTES).format(format) : iso;
}

/** For a date picker: a Dayjs whose wall-clock digits are the Beijing time of the instant. */
export function toPicker(iso: string): Dayjs {
  return dayjs(dayjs(iso).utcOffset(BEIJING_OFFSET_MINUTES).format('YYYY-MM-DDTHH:mm:ss'));
}

/** From a date picker: the wall-clock digits read as Beijing time, as ISO 8601 with its offset. */
export function fromPicker(d: Dayjs): string {
  return `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** Milliseconds from now until an instant (negative once passed). */
export function msUntil(iso: string | null | undefined, now: number): number {
  return iso ? new Date(iso).getTime() - now : Number.NEGATIVE_INFINITY;
}
