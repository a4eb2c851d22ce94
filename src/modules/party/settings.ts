// Local settings of the party module: 三会一课 frequencies (DOMAIN.md §6 defaults), reminder days
// before a calendar period ends, the warning before a committee's term ends, the 邻 size limits
// (local, default 10–20 households, §2) and the 三长 points per action. A community's settings
// override its street's, which override its district's, which override these defaults.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../core/db/client';
import { DEFAULT_FREQUENCIES, MEETING_KINDS, type Frequency, type MeetingKind } from './meetings';
import { DEFAULT_GRID_LIMITS } from './grid';

export interface PartySettings {
  frequencies: Record<MeetingKind, Frequency>;
  /** remind the organisation this many days before a period ends with its meeting not yet held */
  remindDays: number;
  /** warn this many days before a committee's term ends */
  termWarningDays: number;
  linMinHouseholds: number;
  linMaxHouseholds: number;
  /** points a 三长 earns for one logged visit and for one request filed on a resident's behalf */
  pointsPerVisit: number;
  pointsPerReport: number;
}

export const DEFAULT_PARTY_SETTINGS: PartySettings = {
  frequencies: { ...DEFAULT_FREQUENCIES },
  remindDays: 7,
  termWarningDays: 90,
  linMinHouseholds: DEFAULT_GRID_LIMITS.minHouseholds,
  linMaxHouseholds: DEFAULT_GRID_LIMITS.maxHouseholds,
  pointsPerVisit: 1,
  pointsPerReport: 2,
};

const FREQUENCIES: Frequency[] = ['monthly', 'quarterly', 'half_yearly', 'yearly'];

export function mergePartySettings(...patches: (Partial<PartySettings> | null | undefined)[]): PartySettings {
  const out: PartySettings = { ...DEFAULT_PARTY_SETTINGS, frequencies: { ...DEFAULT_PARTY_SETTINGS.frequencies } };
  for (const p of patches) {
    if (!p) continue;
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined || v === null) continue;
      if (k === 'frequencies') Object.assign(out.frequencies, v);
      else (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

export function validPartySettings(s: PartySettings): boolean {
  return (
    MEETING_KINDS.every((k) => FREQUENCIES.includes(s.frequencies[k])) &&
    Object.keys(s.frequencies).every((k) => (MEETING_KINDS as readonly string[]).includes(k)) &&
    int(s.remindDays, 0, 60) &&
    int(s.termWarningDays, 0, 365) &&
    int(s.linMinHouseholds, 1, 200) &&
    int(s.linMaxHouseholds, 1, 200) &&
    s.linMinHouseholds <= s.linMaxHouseholds &&
    int(s.pointsPerVisit, 0, 100) &&
    int(s.pointsPerReport, 0, 100)
  );
}

/** The settings in force at a place (its path): defaults, then district, street, community. */
export async function effectivePartySettings(db: Db, path: string): Promise<PartySettings> {
  const ids = path.split('/').filter(Boolean).map(Number).slice(0, 3);
  const found = await rows<{ place_id: number; settings: Partial<PartySettings> }>(
    db,
    sql`SELECT place_id::int AS place_id, settings FROM party_settings WHERE place_id IN (${sql.join(ids, sql`, `)})`,
  );
  return mergePartySettings(...ids.map((id) => found.find((f) => f.place_id === id)?.settings));
}

/**
 * Every place's settings at once, for reports over a whole district (the calendar, the reminder
 * sweep): one read of the (small) settings table, then the merge per place path in memory, cached
 * by the district/street/community prefix that decides it.
 */
export async function partySettingsResolver(db: Db): Promise<(path: string) => PartySettings> {
  const all = await rows<{ place_id: number; settings: Partial<PartySettings> }>(db, sql`SELECT place_id::int AS place_id, settings FROM party_settings`);
  const byPlace = new Map(all.map((r) => [r.place_id, r.settings]));
  const cache = new Map<string, PartySettings>();
  return (path) => {
    const ids = path.split('/').filter(Boolean).map(Number).slice(0, 3);
    const key = ids.join('/');
    let s = cache.get(key);
    if (!s) {
      s = mergePartySettings(...ids.map((id) => byPlace.get(id)));
      cache.set(key, s);
    }
    return s;
  };
}
