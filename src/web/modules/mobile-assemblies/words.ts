// Plain words for an assembly on the phone: states and their colours, dates, areas, the voting
// period in relation to today, and the units a voter stands for. Times are Beijing time, as on the
// notice board and in the console, whatever the phone's zone.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { areaText as consoleAreaText, beijing } from '../assemblies/figures';
import type { AssemblyState, MyVoter } from './api';

export const STATE_COLOR: Record<AssemblyState, string> = {
  draft: 'default',
  announced: 'blue',
  voting: 'red',
  closed: 'orange',
  counted: 'orange',
  published: 'green',
  archived: 'default',
};

/** 11月20日 08:00, with the year when it is not this year's. */
export function timeText(t: TFunction, v: string | null | undefined): string {
  if (!v) return '—';
  const thisYear = beijing(v, 'YYYY') === beijing(new Date().toISOString(), 'YYYY');
  return beijing(v, t(thisYear ? 'masm.timeFormat' : 'masm.timeFormatYear'));
}
export const dateText = (t: TFunction, v: string | null | undefined): string => (v ? beijing(v, t('masm.dateFormat')) : '—');

export const periodText = (t: TFunction, a: { votingOpensAt: string; votingClosesAt: string }): string =>
  t('masm.period', { from: timeText(t, a.votingOpensAt), to: timeText(t, a.votingClosesAt) });

/** An area held as a decimal string of 0.01 m² ("333111") as "3,331.11 m²" (never through a float). */
export const areaText = (centi: string | null | undefined): string => consoleAreaText(centi);

/** "3 天后开始投票" / "还有 5 天截止" — or nothing when the date is not near. */
export function countdown(t: TFunction, a: { state: AssemblyState; votingOpensAt: string; votingClosesAt: string }, now = dayjs()): string | null {
  const day = (v: string | dayjs.Dayjs) => dayjs(beijing(typeof v === 'string' ? v : v.toISOString(), 'YYYY-MM-DD'));
  if (a.state === 'announced') {
    const days = day(a.votingOpensAt).diff(day(now), 'day');
    return days <= 0 ? t('masm.opensToday') : t('masm.opensIn', { days });
  }
  if (a.state === 'voting') {
    const days = day(a.votingClosesAt).diff(day(now), 'day');
    return days <= 0 ? t('masm.closesToday') : t('masm.closesIn', { days });
  }
  return null;
}

/** 「1号楼-1单元-202」: the units a voter stands for, joined. */
export const unitsText = (v: Pick<MyVoter, 'units'>): string => v.units.join('、');

/** Results are shown once published (and stay after archiving). */
export const hasResults = (state: AssemblyState): boolean => state === 'published' || state === 'archived';

/** After voting has closed the public receipt list is open. */
export const afterClose = (state: AssemblyState): boolean => ['closed', 'counted', 'published', 'archived'].includes(state);
