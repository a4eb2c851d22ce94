// Test harness: a real database per test file (in-memory PGlite, or a private schema on the
// PostgreSQL named by TEST_DATABASE_URL), migrated and seeded with the demo district, and the
// app built on it. Requests go through app.inject, so every hook and schema runs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../core/config';
import { openDatabase, type Database } from '../core/db/client';
import { migrate } from '../core/db/migrate';
import { PiiCipher } from '../core/people/pii';
import { buildApp } from '../server';
import type { App, AppContext } from '../core/manifest';
import { seedDistrict, DEMO_PASSWORD } from '../seed/index';

export const TEST_PII_KEY = Buffer.alloc(32, 7);

export interface TestEnv {
  app: App;
  ctx: AppContext;
  database: Database;
  config: Config;
  /** Log in and return a client that sends the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  /** Log in with an initial password and change it (until then the account may do nothing else). */
  loginChanged(username: string, initialPassword: string): Promise<Client>;
  /** A client with no session. */
  anon: Client;
  close(): Promise<void>;
}

export interface Client {
  cookie: string | null;
  csrf: string | null;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Open a fresh database: PGlite in memory, or a new schema on TEST_DATABASE_URL. */
export async function freshDatabase(): Promise<{ database: Database; dropSchema: () => Promise<void>; url?: string; schema?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { database: await openDatabase({}), dropSchema: async () => undefined };
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 10 });
  return {
    database,
    url,
    schema,
    dropSchema: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export function makeClient(app: App, cookie: string | null, csrf: string | null): Client {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      payload: body === undefined ? undefined : (body as object),
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...headers,
      },
    });
  return {
    cookie,
    csrf,
    get: (url, h) => send('GET', url, undefined, h),
    post: (url, b, h) => send('POST', url, b ?? {}, h),
    patch: (url, b, h) => send('PATCH', url, b ?? {}, h),
    put: (url, b, h) => send('PUT', url, b ?? {}, h),
    delete: (url, h) => send('DELETE', url, undefined, h),
  };
}

export async function createTestEnv(overrides: Partial<Config> = {}, opts: { seed?: boolean } = {}): Promise<TestEnv> {
  const { database, dropSchema } = await freshDatabase();
  await migrate(database);
  const pii = new PiiCipher(TEST_PII_KEY);
  const config = loadConfig({ passwordCost: 10, loginMaxFailures: 5, loginLockMinutes: 15, sweepIntervalSeconds: 3600, ...overrides });
  if (opts.seed !== false) await seedDistrict(database, { scale: 'demo', pii, passwordCost: 10, requests: false });
  const { app, ctx } = await buildApp({ config, database, pii });
  await app.ready();
  const login = async (username: string, password = DEMO_PASSWORD): Promise<Client> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.cookies.find((c) => c.name === 'gz_sid');
    return makeClient(app, `gz_sid=${setCookie!.value}`, res.json().csrfToken);
  };
  return {
    app,
    ctx,
    database,
    config,
    anon: makeClient(app, null, null),
    login,
    async loginChanged(username, initialPassword) {
      const client = await login(username, initialPassword);
      const res = await client.post('/api/auth/password', { current: initialPassword, next: `Nw#${initialPassword}` });
      if (res.statusCode !== 200) throw new Error(`password change for ${username} failed: ${res.statusCode} ${res.body}`);
      return client;
    },
    async close() {
      await app.close();
      await database.close();
      await dropSchema();
    },
  };
}

/** Find a seeded place id by kind (the first one, or the nth). */
export async function placeId(env: TestEnv, kind: string, nth = 0): Promise<number> {
  const r = await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = $1 ORDER BY id OFFSET $2 LIMIT 1`, [kind, nth]);
  return Number(r[0].id);
}

export function expectError(res: LightMyRequestResponse, status: number, code?: string): void {
  if (res.statusCode !== status) throw new Error(`expected ${status}${code ? ' ' + code : ''}, got ${res.statusCode}: ${res.body}`);
  const body = res.json();
  if (!body.error?.code || !body.error?.messages?.['zh-CN'] || !body.error?.messages?.en) throw new Error(`error body malformed: ${res.body}`);
  if (code && body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}`);
}
