// Seeds the 三长 grid of a generated district (being built).
import type { RawQuery } from '../core/db/client';

export interface GridSeedResult {
  pians: number;
  zus: number;
  lins: number;
  households: number;
}

export async function seedGrid(_q: RawQuery, _opts: { scale: 'demo' | 'district'; seed: number; districtId: number; onProgress?: (msg: string) => void }): Promise<GridSeedResult> {
  return { pians: 0, zus: 0, lins: 0, households: 0 };
}
