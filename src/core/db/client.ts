// Database access: one Drizzle instance over either embedded PGlite or a PostgreSQL pool.
// The same SQL runs on both; `kind` is reported by /api/health.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database handle or an open transaction: both offer the same query builder. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The underlying pg pool (PostgreSQL only), for COPY and session-level tools. */
  pool?: pg.Pool;
  /** Run a multi-statement SQL script on one connection, holding `lockKey` as a session advisory lock. */
  /** Raw parameterised query on the driver (bulk loads pass whole arrays as one parameter). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** One transaction on one connection, driven with raw queries (seeding, bulk loads). */
  rawTransaction<R>(work: (q: RawQuery) => Promise<R>): Promise<R>;
  runScripts(lockKey: number, work: (exec: (script: string) => Promise<Record<string, unknown>[]>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

// pg returns int8 and numeric as strings by default; bigint ids stay below 2^53 here.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves in one). */
  searchPath?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      // timestamps come back as text through Drizzle: pin the format whatever the server's defaults
      options: ['-c datestyle=ISO,MDY', '-c timezone=UTC', opts.searchPath ? `-c search_path=${opts.searchPath}` : ''].filter(Boolean).join(' '),
    });
    pool.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    const runScripts: Database['runScripts'] = async (lockKey, work) => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
        await work(async (script) => {
          const res = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(res) ? res[res.length - 1] : res;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
        client.release();
      }
    };
    const query: Database['query'] = async (text, params) => (await pool.query(text, params as unknown[])).rows;
    const rawTransaction: Database['rawTransaction'] = async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await work(async (text, params) => (await client.query(text, params as unknown[])).rows);
        await client.query('COMMIT');
        return r;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    };
    return { kind: 'postgres', db, pool, query, rawTransaction, runScripts, close: () => pool.end() };
  }
  let client: PGlite;
  if (opts.dataDir) {
    const dir = path.join(opts.dataDir, 'pglite');
    const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
    fs.mkdirSync(dir, { recursive: true });
    if (fresh) {
      // creating the cluster (initdb) leaves ~400 MB of WASM memory behind: create, close, reopen
      const init = new PGlite(dir);
      await init.waitReady;
      await init.close();
    }
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const runScripts: Database['runScripts'] = async (_lockKey, work) => {
    // one process owns an embedded database, so no lock is needed
    await work(async (script) => {
      const res = await client.exec(script);
      return (res[res.length - 1]?.rows ?? []) as Record<string, unknown>[];
    });
  };
  const query: Database['query'] = async <T,>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows;
  const rawTransaction: Database['rawTransaction'] = (work) =>
    client.transaction((tx) => work(async (text, params) => (await tx.query(text, params)).rows as never));
  return { kind: 'pglite', db, query, rawTransaction, runScripts, close: () => client.close() };
}

/** Run raw SQL and return its rows, whichever driver is underneath. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export async function one<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T | undefined> {
  const r = await rows<T>(db, query);
  return r[0];
}

export { sql };
