// 三会一课 and the other organisational meetings: whether a meeting could take decisions, whether a
// motion passed, and the compliance calendar (what was due in each period, held, missing).
//
// law — 《中国共产党支部工作条例（试行）》第四章 工作机制:
// - 第十一条: the branch members' meeting (党员大会), as a rule quarterly; a vote needs at least half
//   (半数以上: "以上" includes the number) of the members with a vote present, and passes when those
//   in favour are MORE than half of the members with a vote who should attend (超过…半数).
// - 第十二条: the branch committee (支委会), as a rule monthly; it meets with at least half of its
//   members present.
// Frequencies are settings with these defaults (DOMAIN.md §6): 党员大会 quarterly, 支委会, 党小组会 and
// 主题党日 monthly, 党课 quarterly (local), 组织生活会 and 民主评议党员 yearly.

export const MEETING_KINDS = ['members', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'appraisal'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export type Frequency = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

export const DEFAULT_FREQUENCIES: Record<MeetingKind, Frequency> = {
  members: 'quarterly',
  committee: 'monthly',
  group: 'monthly',
  lecture: 'quarterly',
  theme_day: 'monthly',
  life_meeting: 'yearly',
  appraisal: 'yearly',
};

export const MEETING_ARTICLES = {
  members: '《中国共产党支部工作条例（试行）》第十一条：表决必须有半数以上有表决权的党员到会方可进行，赞成人数超过应到会有表决权的党员的半数为通过',
  committee: '《中国共产党支部工作条例（试行）》第十二条：党支部委员会会议须有半数以上委员到会方可进行',
} as const;

/** 第十一条 / 第十二条: at least half present (2 × present ≥ entitled); nobody entitled → no meeting. */
export function quorate(present: number, entitled: number): boolean {
  return entitled > 0 && present * 2 >= entitled;
}

/** 第十一条: a motion of the members' meeting passes with MORE than half of those who should attend in favour. */
export function motionPasses(inFavour: number, shouldAttend: number): boolean {
  return shouldAttend > 0 && inFavour * 2 > shouldAttend;
}

export interface Period {
  start: string; // 'YYYY-MM-DD', first day
  end: string; // last day
}

const MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

function ymd(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The calendar periods of a frequency that overlap [from, to] (dates 'YYYY-MM-DD'), aligned to months, quarters, halves or years. */
export function periods(freq: Frequency, from: string, to: string): Period[] {
  const step = MONTHS[freq];
  let [y, m] = from.split('-').map(Number);
  m = Math.floor((m - 1) / step) * step + 1;
  const out: Period[] = [];
  for (;;) {
    const endM = m + step - 1;
    const p = { start: ymd(y, m, 1), end: ymd(y, endM, lastDay(y, endM)) };
    if (p.start > to) break;
    out.push(p);
    m += step;
    if (m > 12) {
      m -= 12;
      y++;
    }
  }
  return out;
}

export type SlotStatus = 'held' | 'missing' | 'due_soon' | 'open' | 'upcoming';

export interface Slot extends Period {
  kind: MeetingKind;
  held: string[];
  status: SlotStatus;
}

/** Days from a to b (dates). */
function days(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The compliance calendar of one organisation: for each kind it must hold, each period in [from, to]
 * with the meetings held in it and its status on `today` — held; missing (the period is over);
 * due_soon (open, not held, ends within `remindDays`); open; upcoming (not started).
 */
export function complianceCalendar(
  kinds: MeetingKind[],
  frequencies: Partial<Record<MeetingKind, Frequency>>,
  held: { kind: MeetingKind; date: string }[],
  from: string,
  to: string,
  today: string,
  remindDays = 7,
): Slot[] {
  const out: Slot[] = [];
  for (const kind of kinds) {
    const freq = frequencies[kind] ?? DEFAULT_FREQUENCIES[kind];
    for (const p of periods(freq, from, to)) {
      const dates = held.filter((h) => h.kind === kind && h.date >= p.start && h.date <= p.end).map((h) => h.date).sort();
      let status: SlotStatus;
      if (dates.length) status = 'held';
      else if (p.end < today) status = 'missing';
      else if (p.start > today) status = 'upcoming';
      else status = days(today, p.end) <= remindDays ? 'due_soon' : 'open';
      out.push({ kind, ...p, held: dates, status });
    }
  }
  return out;
}

/** Completion of a calendar up to today: held / (held + missing) over the periods already due, exactly. */
export function completion(slots: Slot[]): { held: number; due: number } {
  const due = slots.filter((s) => s.status === 'held' || s.status === 'missing');
  return { held: due.filter((s) => s.status === 'held').length, due: due.length };
}
