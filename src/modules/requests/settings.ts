// The local settings of the request loop (DOMAIN.md §3, all **local**): deadline spans per class,
// the contact deadline, the calendar, the three-rates weights and when an unrated resolved
// request closes by itself. A street's settings override its district's, which override these
// defaults.
import { DEADLINE_CLASSES, type Calendar, type DeadlineClass, type Span } from './clock';
import { DEFAULT_WEIGHTS, type Weights } from './rates';

export interface ClassSpans {
  /** accept the request within this span from submission */
  response: Span;
  /** resolve it within this span from submission (stopped while deferred) */
  resolution: Span;
}

export interface RequestSettings {
  deadlines: Record<DeadlineClass, ClassSpans>;
  /** contact the requester within this many hours of accepting */
  contactHours: number;
  /** count day spans on working days only (holidays off, 调休 make-up days on) */
  workingDays: boolean;
  holidays: string[];
  makeUpDays: string[];
  weights: Weights;
  /** a resolved request the requester has not rated closes after this many days */
  autoCloseDays: number;
}

// Resolution spans are the Beijing draft norm's (2 h / 24 h / 7 d / 15 d). The response spans are
// our defaults (no authoritative text found): an emergency is taken within the hour.
export const DEFAULT_SETTINGS: RequestSettings = {
  deadlines: {
    emergency: { response: { unit: 'hours', amount: 1 }, resolution: DEADLINE_CLASSES.emergency },
    utilities: { response: { unit: 'hours', amount: 2 }, resolution: DEADLINE_CLASSES.utilities },
    ordinary: { response: { unit: 'hours', amount: 24 }, resolution: DEADLINE_CLASSES.ordinary },
    complex: { response: { unit: 'hours', amount: 24 }, resolution: DEADLINE_CLASSES.complex },
  },
  contactHours: 24,
  workingDays: false,
  holidays: [],
  makeUpDays: [],
  weights: DEFAULT_WEIGHTS,
  autoCloseDays: 7,
};

export type SettingsPatch = Partial<Omit<RequestSettings, 'deadlines'>> & { deadlines?: Partial<Record<DeadlineClass, Partial<ClassSpans>>> };

/** Lay patches over the defaults, in order (district first, then street). */
export function mergeSettings(...patches: (SettingsPatch | null | undefined)[]): RequestSettings {
  const out: RequestSettings = structuredClone(DEFAULT_SETTINGS);
  for (const p of patches) {
    if (!p) continue;
    const { deadlines, ...rest } = p;
    Object.assign(out, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (deadlines) {
      for (const [cls, spans] of Object.entries(deadlines) as [DeadlineClass, Partial<ClassSpans>][]) {
        if (!spans || !out.deadlines[cls]) continue;
        out.deadlines[cls] = { ...out.deadlines[cls], ...Object.fromEntries(Object.entries(spans).filter(([, v]) => v !== undefined)) };
      }
    }
  }
  return out;
}

export function calendarOf(s: RequestSettings): Calendar {
  return { workingDays: s.workingDays, holidays: new Set(s.holidays), makeUpDays: new Set(s.makeUpDays), utcOffsetMinutes: 480 };
}
