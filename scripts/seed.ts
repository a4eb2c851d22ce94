// npm run seed -- --scale demo|district [--seed N]
// Seeds the configured database (DATABASE_URL, else the embedded one in DATA_DIR) with a demo
// district. Every row is marked as demo data. A database holds one seeded district.
import { parseArgs } from 'node:util';
import { boot } from '../src/bootstrap';
import { seedDistrict, DEMO_PASSWORD, AlreadySeededError } from '../src/seed/index';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'demo' }, seed: { type: 'string', default: '20261122' } } });
if (values.scale !== 'demo' && values.scale !== 'district') {
  console.error('--scale must be demo or district');
  process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error('--seed must be an integer');
  process.exit(2);
}
const { database, pii, config } = await boot();
try {
  const r = await seedDistrict(database, { scale: values.scale, seed, pii, passwordCost: config.passwordCost, onProgress: (m) => console.log(m) });
  const c = r.counts;
  console.log(`Seeded ${r.districtName} (${r.scale}, seed ${r.seed}) into ${database.kind}: ${r.rows} rows in ${r.seconds.toFixed(1)} s (${r.generateSeconds.toFixed(1)} s generating, ${Math.round(r.rows / r.seconds)} rows/s)`);
  console.log(
    `  places: ${c.streets} streets, ${c.towns} towns, ${c.communities} communities, ${c.estates} estates (${c.estates_old} old, ${c.estates_mid} 2000s, ${c.estates_new} new; ${c.estates_without_property} without a property company), ${c.buildings} buildings, ${c.entrances} entrances, ${c.units} units`,
  );
  console.log(`  people: ${c.residents} residents in ${c.households} households, ${c.persons} persons (${c.non_resident_owners} owners living elsewhere)`);
  console.log(`  三长: ${c.pian_zhang} 片长, ${c.zu_zhang} 组长, ${c.lin_zhang} 邻长`);
  console.log(JSON.stringify(c));
  console.log(`Demo accounts: ${r.accounts.map((a) => a.username).join(', ')} (password ${DEMO_PASSWORD})`);
} catch (err) {
  if (!(err instanceof AlreadySeededError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
