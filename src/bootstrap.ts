// Opens the configured database, applies migrations and loads the PII key: the common start of
// the server, the seeding command and the audit check.
import { loadConfig, type Config } from './core/config';
import { openDatabase, type Database } from './core/db/client';
import { migrate } from './core/db/migrate';
import { loadPiiKey, PiiCipher } from './core/people/pii';

export interface Booted {
  config: Config;
  database: Database;
  pii: PiiCipher;
  piiKeySource: string;
  migrationsApplied: string[];
}

export async function boot(overrides: Partial<Config> = {}): Promise<Booted> {
  const config = loadConfig(overrides);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const migrationsApplied = await migrate(database);
  const { key, source } = loadPiiKey({ envKey: config.piiKey, dataDir: config.dataDir, allowGenerated: !config.databaseUrl });
  return { config, database, pii: new PiiCipher(key), piiKeySource: source, migrationsApplied };
}
