// npm run assembly:export -- <assembly id> [--out file]
// Writes the public record of a counted assembly (JSON: masked roll, matters, ballots by receipt,
// the hash-chained ledger, the results) to assembly-<id>-record.json or --out. Anyone can check
// it without a database: npm run assembly:verify -- <file>.
// The database is the server's: DATABASE_URL (PostgreSQL; another schema than public through the
// URL, e.g. ?options=-c%20search_path%3Dmy_schema), else the embedded one in DATA_DIR (./data) —
// stop the server first there: an embedded database belongs to one process at a time. The same
// record is served by GET /api/assemblies/:id/record.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/core/config';
import { openDatabase } from '../src/core/db/client';
import { AppError, errorDef } from '../src/core/errors';
import { buildPublicRecord } from '../src/modules/assemblies/record';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const id = Number(positionals[0]);
if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) {
  console.error('用法 usage: npm run assembly:export -- <assembly id> [--out file]');
  process.exit(2);
}
const config = loadConfig();
if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'))) {
  console.error(`没有找到数据库 no database: set DATABASE_URL, or DATA_DIR to the server's data directory (looked in ${config.dataDir})`);
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: 2 });
let code = 0;
try {
  const record = await buildPublicRecord(database.db, id);
  const out = path.resolve(values.out ?? `assembly-${id}-record.json`);
  fs.writeFileSync(out, JSON.stringify(record, null, 2) + '\n');
  const a = record.assembly;
  console.log(`已导出 exported: ${a.estateName} · ${a.title} (#${a.id}, ${a.state})`);
  console.log(`  ${record.roll.voters.length} 户 voters, ${record.ballots.length} 张有效选票 counted ballots, ${record.ledger.length} 条账本 ledger entries, 链头 head ${a.ledgerHead}`);
  console.log(`  → ${out}`);
  console.log(`核验 verify: npm run assembly:verify -- ${path.relative(process.cwd(), out) || out}`);
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  const def = errorDef(err.code);
  console.error(`${err.code}: ${def ? `${def.zh} / ${def.en}` : err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}`);
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
