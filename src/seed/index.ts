// Seeds a demo district: generate in memory, then bulk-insert each table with one UNNEST
// statement per batch (the same SQL on PGlite and PostgreSQL), in one transaction.
import { sql } from 'drizzle-orm';
import type { Database, RawQuery } from '../core/db/client';
import { one } from '../core/db/client';
import type { PiiCipher } from '../core/people/pii';
import { hashPassword } from '../core/auth/password';
import { recordAudit } from '../core/audit/ledger';
import { generateDistrict, type Generated, type IdBase, type Table } from './generate';
import { SCALES, type Scale } from './scales';

export const DEMO_PASSWORD = 'Gongzhi@2026';
const BATCH = 5000;

export async function insertTable(q: RawQuery, t: Table, batch = BATCH): Promise<void> {
  const cols = t.columns.map(([c]) => c).join(', ');
  const casts = t.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const text = `INSERT INTO ${t.name} (${cols}) SELECT * FROM unnest(${casts})`;
  for (let start = 0; start < t.length; start += batch) {
    await q(text, t.data.map((col) => col.slice(start, start + batch)));
  }
}

async function idBase(q: RawQuery): Promise<IdBase> {
  const max = async (table: string) => Number((await q<{ m: number }>(`SELECT COALESCE(max(id), 0)::bigint AS m FROM ${table}`))[0].m);
  return {
    place: await max('places'),
    org: await max('orgs'),
    person: await max('persons'),
    household: await max('households'),
    ownership: await max('ownerships'),
    user: await max('users'),
    role: await max('role_assignments'),
  };
}

const SEQUENCES: [string, string][] = [
  ['places', 'places_id_seq'],
  ['orgs', 'orgs_id_seq'],
  ['persons', 'persons_id_seq'],
  ['households', 'households_id_seq'],
  ['ownerships', 'ownerships_id_seq'],
  ['users', 'users_id_seq'],
  ['role_assignments', 'role_assignments_id_seq'],
];

export interface SeedResult extends Pick<Generated, 'accounts' | 'counts' | 'districtName'> {
  scale: Scale['name'];
  seed: number;
  seconds: number;
  rows: number;
}

export async function isSeeded(database: Database): Promise<boolean> {
  return Boolean(await one(database.db, sql`SELECT 1 FROM app_meta WHERE key = 'seed'`));
}

export async function seedDistrict(
  database: Database,
  opts: { scale: Scale['name']; seed?: number; pii: PiiCipher; passwordCost?: number; onProgress?: (msg: string) => void },
): Promise<SeedResult> {
  const started = performance.now();
  const seed = opts.seed ?? 20261122;
  const scale = SCALES[opts.scale];
  const passwordHash = await hashPassword(DEMO_PASSWORD, opts.passwordCost ?? 15);
  const result = await database.rawTransaction(async (q) => {
    const base = await idBase(q);
    opts.onProgress?.(`generating ${scale.name} district (seed ${seed})`);
    const gen = generateDistrict({ scale, seed, base, pii: opts.pii, passwordHash });
    for (const t of gen.tables) {
      opts.onProgress?.(`  ${t.name}: ${t.length} rows`);
      await insertTable(q, t);
    }
    for (const [table, seq] of SEQUENCES) {
      await q(`SELECT setval('${seq}', GREATEST((SELECT COALESCE(max(id), 0) FROM ${table}), 1))`);
    }
    await q(`INSERT INTO app_meta (key, value) VALUES ('seed', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify({ scale: scale.name, seed, at: new Date().toISOString(), demo: true, counts: gen.counts }),
    ]);
    return gen;
  });
  // the seeding itself is a write: one ledger entry records it
  const rowsWritten = result.tables.reduce((s, t) => s + t.length, 0);
  await database.db.transaction((tx) =>
    recordAudit(tx, { userId: null, name: 'seed' }, { action: 'seed.run', entity: 'district', entityId: null, placePath: null, after: { scale: scale.name, seed, counts: result.counts, demo: true } }),
  );
  return {
    accounts: result.accounts,
    counts: result.counts,
    districtName: result.districtName,
    scale: scale.name,
    seed,
    rows: rowsWritten,
    seconds: (performance.now() - started) / 1000,
  };
}
