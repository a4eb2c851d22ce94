// npm run seed -- --scale demo|district [--seed N]
import { parseArgs } from 'node:util';
import { boot } from '../src/bootstrap';
import { seedDistrict, DEMO_PASSWORD } from '../src/seed/index';

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
const r = await seedDistrict(database, { scale: values.scale, seed, pii, passwordCost: config.passwordCost, onProgress: (m) => console.log(m) });
console.log(`Seeded ${r.districtName} (${r.scale}, seed ${r.seed}) into ${database.kind}: ${r.rows} rows in ${r.seconds.toFixed(1)} s`);
console.log(JSON.stringify(r.counts));
console.log(`Demo accounts: ${r.accounts.map((a) => a.username).join(', ')} (password ${DEMO_PASSWORD})`);
await database.close();
