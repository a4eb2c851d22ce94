// Local settings of owners' assemblies. DOMAIN.md §4: 15 days' notice (local), the deemed-vote
// clause only where the estate's covenant says so (off by default), 5–11 committee members (odd),
// term ≤ 5 years, cross-appointment target 50 %. An estate's settings override its street's,
// which override its district's, which override these defaults.
export interface AssemblySettings {
  /** days between the notice and the opening of the vote */
  noticeDays: number;
  /** days the published result stays in public notice before it is archived */
  publicityDays: number;
  /** the estate's covenant contains a 从众 clause (non-voters follow the majority) */
  deemedVotes: boolean;
  /** seats of the owners' committee (odd, 5–11) */
  committeeSeats: number;
  /** term of the owners' committee in years (≤ 5) */
  committeeTermYears: number;
  /** target share (percent) of owners' committee members who sit on the estate party branch committee */
  crossAppointmentTargetPct: number;
}

export const DEFAULT_ASSEMBLY_SETTINGS: AssemblySettings = {
  noticeDays: 15,
  publicityDays: 7,
  deemedVotes: false,
  committeeSeats: 5,
  committeeTermYears: 5,
  crossAppointmentTargetPct: 50,
};

export function mergeAssemblySettings(...patches: (Partial<AssemblySettings> | null | undefined)[]): AssemblySettings {
  const out = { ...DEFAULT_ASSEMBLY_SETTINGS };
  for (const p of patches) if (p) Object.assign(out, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== null)));
  return out;
}

export function validSettings(s: AssemblySettings): boolean {
  return (
    Number.isInteger(s.noticeDays) && s.noticeDays >= 1 && s.noticeDays <= 90 &&
    Number.isInteger(s.publicityDays) && s.publicityDays >= 1 && s.publicityDays <= 90 &&
    Number.isInteger(s.committeeSeats) && s.committeeSeats >= 5 && s.committeeSeats <= 11 && s.committeeSeats % 2 === 1 &&
    Number.isInteger(s.committeeTermYears) && s.committeeTermYears >= 1 && s.committeeTermYears <= 5 &&
    Number.isInteger(s.crossAppointmentTargetPct) && s.crossAppointmentTargetPct >= 0 && s.crossAppointmentTargetPct <= 100
  );
}
