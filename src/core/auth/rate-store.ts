// A store for @fastify/rate-limit that keeps its counters in the database: with several app
// nodes on one PostgreSQL, an address gets the same number of tries however its requests are
// spread. One upsert per counted request; old windows are swept.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import { one, type Db } from '../db/client';

export function databaseRateStore(db: Db): FastifyRateLimitStoreCtor {
  class DatabaseRateStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const seconds = timeWindow / 1000;
      one<{ hits: number; ttl_ms: number }>(
        db,
        sql`INSERT INTO rate_limits AS r (key, window_start, hits) VALUES (${this.prefix + key}, now(), 1)
            ON CONFLICT (key) DO UPDATE SET
              hits = CASE WHEN r.window_start <= now() - make_interval(secs => ${seconds}) THEN 1 ELSE r.hits + 1 END,
              window_start = CASE WHEN r.window_start <= now() - make_interval(secs => ${seconds}) THEN now() ELSE r.window_start END
            RETURNING hits, (extract(epoch FROM (window_start + make_interval(secs => ${seconds}) - now())) * 1000)::int AS ttl_ms`,
      ).then(
        (r) => callback(null, { current: Number(r?.hits ?? 1), ttl: Math.max(0, Number(r?.ttl_ms ?? timeWindow)) }),
        (err: Error) => callback(err),
      );
    }

    // the plugin passes its merged options with the route under routeInfo: each route counts apart
    child(options: object): FastifyRateLimitStore {
      const route = (options as { routeInfo?: { url?: string; method?: string | string[] } }).routeInfo;
      return new DatabaseRateStore(`${String(route?.method)} ${route?.url ?? ''}|`);
    }
  }
  return DatabaseRateStore as unknown as FastifyRateLimitStoreCtor;
}

export async function sweepRateLimits(db: Db): Promise<number> {
  const r = await db.execute(sql`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day' RETURNING key`);
  return (r as unknown as { rows: unknown[] }).rows.length;
}
