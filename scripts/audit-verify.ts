// npm run audit:verify: walk the audit hash chain and report the first broken link.
import { boot } from '../src/bootstrap';
import { verifyAuditChain } from '../src/core/audit/ledger';

const { database } = await boot();
const r = await verifyAuditChain(database.db);
if (r.ok) console.log(`audit chain intact: ${r.checked} entries, head at ${r.headSeq}`);
else console.log(`audit chain BROKEN at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (${r.checked} entries checked before it)`);
await database.close();
process.exit(r.ok ? 0 : 1);
