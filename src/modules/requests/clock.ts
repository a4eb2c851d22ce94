// The deadline clock (DOMAIN.md §3, local rules with Beijing's draft defaults): a budget of hours
// or days from acceptance, counted in natural time or, as a setting, on working days only
// (weekends and holidays do not count; make-up working days 调休 do). Time while the request is
// deferred does not count. Days are local days in China (UTC+8, no daylight saving).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Span = { unit: 'hours'; amount: number } | { unit: 'days'; amount: number };

export interface Calendar {
  /** Count days on working days only (hours always run in natural time: emergencies do not wait). */
  workingDays: boolean;
  /** Local dates 'YYYY-MM-DD' that are public holidays. */
  holidays: ReadonlySet<string>;
  /** Local dates 'YYYY-MM-DD' on a weekend that are working days (调休). */
  makeUpDays: ReadonlySet<string>;
  utcOffsetMinutes: number;
}

export const NATURAL: Calendar = { workingDays: false, holidays: new Set(), makeUpDays: new Set(), utcOffsetMinutes: 480 };

export interface Pause {
  from: Date;
  /** null while the request is still deferred */
  to: Date | null;
}

/** The deadline classes and their defaults (local: Beijing draft norm). */
export const DEADLINE_CLASSES = {
  emergency: { unit: 'hours', amount: 2 },
  utilities: { unit: 'hours', amount: 24 },
  ordinary: { unit: 'days', amount: 7 },
  complex: { unit: 'days', amount: 15 },
} as const satisfies Record<string, Span>;
export type DeadlineClass = keyof typeof DEADLINE_CLASSES;

export function localDate(t: number, cal: Calendar): string {
  return new Date(t + cal.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function isWorkingDay(t: number, cal: Calendar): boolean {
  const date = localDate(t, cal);
  if (cal.makeUpDays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(t + cal.utcOffsetMinutes * 60_000).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function nextLocalMidnight(t: number, cal: Calendar): number {
  const off = cal.utcOffsetMinutes * 60_000;
  return Math.floor((t + off) / DAY) * DAY + DAY - off;
}

/**
 * Walk forward from `from`, calling `take(start, end)` for each stretch that counts, until it
 * returns true. Returns false if the walk ran into a pause that has not ended.
 */
function walk(from: number, span: Span, cal: Calendar, pauses: readonly Pause[], take: (a: number, b: number) => boolean): boolean {
  const byDay = span.unit === 'days' && cal.workingDays;
  const sorted = [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime());
  let t = from;
  for (let guard = 0; guard < 100_000; guard++) {
    const inPause = sorted.find((p) => p.from.getTime() <= t && (p.to === null || p.to.getTime() > t));
    if (inPause) {
      if (inPause.to === null) return false;
      t = inPause.to.getTime();
      continue;
    }
    const nextPause = sorted.find((p) => p.from.getTime() > t)?.from.getTime() ?? Infinity;
    const dayEnd = byDay ? nextLocalMidnight(t, cal) : Infinity;
    const end = Math.min(nextPause, dayEnd);
    const counts = !byDay || isWorkingDay(t, cal);
    if (counts && take(t, end)) return true;
    if (end === Infinity) return true;
    t = end;
  }
  throw new Error('deadline walk did not end');
}

function budgetMs(span: Span): number {
  return span.unit === 'hours' ? span.amount * HOUR : span.amount * DAY;
}

/** When the budget runs out, or null while paused with budget left. */
export function dueAt(start: Date, span: Span, cal: Calendar, pauses: readonly Pause[] = []): Date | null {
  let left = budgetMs(span);
  let due: number | null = null;
  const finished = walk(start.getTime(), span, cal, pauses, (a, b) => {
    if (b - a >= left) {
      due = a + left;
      return true;
    }
    left -= b - a;
    return false;
  });
  return finished && due !== null ? new Date(due) : null;
}

/** Counting time spent between start and `now`. */
export function usedMs(start: Date, now: Date, span: Span, cal: Calendar, pauses: readonly Pause[] = []): number {
  let used = 0;
  const until = now.getTime();
  if (until <= start.getTime()) return 0;
  walk(start.getTime(), span, cal, pauses, (a, b) => {
    used += Math.min(b, until) - a;
    return b >= until;
  });
  return used;
}

export interface ClockStatus {
  due: Date | null;
  remainingMs: number;
  overdue: boolean;
  paused: boolean;
}

export function clockStatus(start: Date, span: Span, cal: Calendar, pauses: readonly Pause[], now: Date): ClockStatus {
  const remainingMs = budgetMs(span) - usedMs(start, now, span, cal, pauses);
  const paused = pauses.some((p) => p.to === null && p.from.getTime() <= now.getTime());
  return { due: dueAt(start, span, cal, pauses), remainingMs, overdue: remainingMs < 0, paused };
}
