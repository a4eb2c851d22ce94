// Seeds the party organisation of a generated district (being built).
import type { RawQuery } from '../core/db/client';

export interface PartySeedResult {
  orgs: number;
  members: number;
  meetings: number;
  /** demo accounts added by this seed (username, display name, role, place) */
  accounts: { username: string; displayName: string; role: string; place: string }[];
}

export async function seedParty(
  _q: RawQuery,
  _opts: { scale: 'demo' | 'district'; seed: number; districtId: number; passwordHash: string; onProgress?: (msg: string) => void },
): Promise<PartySeedResult> {
  return { orgs: 0, members: 0, meetings: 0, accounts: [] };
}
