// npm start: migrate, seed the demo district on first start, serve API and web app.
import { boot } from './bootstrap';
import { buildApp } from './server';
import { AlreadySeededError, isSeeded, seedDistrict, DEMO_PASSWORD } from './seed/index';
import { startSweeper } from './core/sweeps';
import { ROLE_LABELS, type Role } from './core/access/roles';
import { addressLabels } from './core/places/repository';

const t0 = performance.now();
const booted = await boot();
const { config, database, pii } = booted;
let accounts: unknown[] | null = null;
// The demo district (with its well-known demo passwords) is seeded by default only on the embedded
// database; a PostgreSQL deployment gets it only when asked with SEED_ON_START=true.
const seedOnStart = process.env.SEED_ON_START ? process.env.SEED_ON_START === 'true' : database.kind === 'pglite';
if (seedOnStart && !(await isSeeded(database))) {
  try {
    const r = await seedDistrict(database, { scale: 'demo', pii, passwordCost: config.passwordCost });
    accounts = r.accounts;
    console.log(`Seeded the demo district ${r.districtName}: ${r.rows} rows and ${r.requests} residents’ requests in ${r.seconds.toFixed(1)} s (demo data, marked as such).`);
  } catch (err) {
    // another node starting at the same moment seeded it first
    if (!(err instanceof AlreadySeededError)) throw err;
  }
}
const { app, ctx } = await buildApp({ config, database, pii, logger: process.env.LOG_REQUESTS === 'true' });
const stopSweeper = startSweeper(ctx, (msg, err) => app.log.error({ err }, msg));
await app.listen({ port: config.port, host: config.host });

const url = `http://localhost:${config.port}`;
console.log(`\nGongzhi 共治 is running at ${url}  (database: ${database.kind}${database.kind === 'pglite' ? `, data in ${config.dataDir}` : ''})`);
console.log(`API docs: ${url}/api/docs   health: ${url}/api/health   ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
// one demo account per role, with where it acts (the full address below the estate level)
const list = await database.query<{ username: string; role: Role; place: string; path: string; kind: string; org: string | null }>(
  `SELECT u.username, r.role, p.name AS place, p.path, p.kind, o.name AS org FROM users u
   JOIN role_assignments r ON r.user_id = u.id AND r.revoked_at IS NULL JOIN places p ON p.id = r.place_id
   LEFT JOIN orgs o ON o.id = r.org_id
   WHERE u.is_demo AND u.username IN ('admin','street','community','pianzhang','zuzhang','linzhang','property','dept','resident','owner1','owner2','owner3','yeweihui','shuji') ORDER BY u.id`,
);
if (list.length) {
  const labels = await addressLabels(database.db, list.map((a) => a.path));
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}${accounts ? '' : '; unless changed since'}):`);
  for (const a of list) {
    const where = ['building', 'entrance', 'unit'].includes(a.kind) ? labels.get(a.path) : a.place;
    console.log(`  ${a.username.padEnd(10)} ${(ROLE_LABELS[a.role]?.zh ?? a.role).padEnd(6, '　')} ${where}${a.org ? ' · ' + a.org : ''}`);
  }
}
if (booted.piiKeySource.endsWith(' (generated)')) {
  console.log(`\nA PII encryption key was generated and saved at ${booted.piiKeySource.replace(' (generated)', '')}; set GONGZHI_PII_KEY in production.`);
}

const shutdown = async () => {
  stopSweeper();
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
