// Periodic sweeps (expired sessions now; request deadlines later). Each app node ticks, but a
// sweep runs on one node at a time: it takes a transaction-level advisory lock and skips when
// another node holds it.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext, Sweep } from './manifest';
import { one } from './db/client';

export function sweepLockKey(name: string): number {
  return createHash('sha256').update('gongzhi-sweep:' + name).digest().readInt32BE(0);
}

/** Run one sweep if no other node is running it. Returns null when skipped. */
export async function runSweep(ctx: AppContext, sweep: Sweep): Promise<Record<string, unknown> | null> {
  return ctx.db.transaction(async (tx) => {
    const got = await one<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${sweepLockKey(sweep.name)}) AS ok`);
    if (!got?.ok) return null;
    const startedAt = new Date();
    const result = await sweep.run({ ...ctx, db: tx });
    await tx.execute(sql`INSERT INTO sweep_runs (name, node_id, started_at, finished_at, result)
                         VALUES (${sweep.name}, ${ctx.config.nodeId}, ${startedAt.toISOString()}, now(), ${JSON.stringify(result)}::jsonb)`);
    return result;
  });
}

export function startSweeper(ctx: AppContext, log: (msg: string, err?: unknown) => void): () => void {
  const sweeps = ctx.modules.flatMap((m) => m.sweeps ?? []);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    for (const s of sweeps) {
      try {
        await runSweep(ctx, s);
      } catch (err) {
        log(`sweep ${s.name} failed`, err);
      }
    }
    running = false;
  };
  const timer = setInterval(() => void tick(), ctx.config.sweepIntervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
