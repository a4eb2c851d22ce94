// Applies migrations/NNNN_name.sql in order, each once, each in its own transaction.
// On PostgreSQL an advisory lock keeps two app nodes that start together from racing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
const MIGRATION_LOCK = 728_100_001;

export function migrationFiles(dir = MIGRATIONS_DIR): { version: string; name: string; file: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 4), name: f, file: path.join(dir, f) }));
}

export async function migrate(database: Database, dir?: string): Promise<string[]> {
  const applied: string[] = [];
  await database.runScripts(MIGRATION_LOCK, async (exec) => {
    await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await exec('SELECT version FROM schema_migrations')).map((r) => String(r.version)));
    for (const m of migrationFiles(dir)) {
      if (done.has(m.version)) continue;
      const body = fs.readFileSync(m.file, 'utf8');
      await exec(`BEGIN;\n${body}\n;INSERT INTO schema_migrations (version, name) VALUES ('${m.version}', '${m.name}');\nCOMMIT;`).catch(
        async (err: unknown) => {
          await exec('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        },
      );
      applied.push(m.name);
    }
  });
  return applied;
}
