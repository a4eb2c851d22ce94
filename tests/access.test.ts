// The HTTP surface as a whole: every API route declares who may call it (start-up refuses one that
// does not), every non-public route refuses an anonymous caller with the bilingual error body, and
// the edges every route shares: unknown routes, oversized, mistyped and malformed bodies, the login
// rate limit and the language of error messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, type TestEnv } from '../src/test/harness';
import { buildApp } from '../src/server';
import type { App } from '../src/core/manifest';

// read when the login route is registered; small so the limit is reached quickly
const LOGIN_LIMIT = 5;
process.env.LOGIN_RATE_PER_MINUTE = String(LOGIN_LIMIT);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface RouteRef {
  method: Method;
  url: string;
}

/** Every route Fastify registered, read back from its route tree (HEAD twins left out). */
function registeredRoutes(app: App): RouteRef[] {
  const out: RouteRef[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2];
    stack.push(url);
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method && method !== 'HEAD') out.push({ method: method as Method, url });
    }
  }
  return out;
}

const key = (r: RouteRef) => `${r.method} ${r.url}`;
const isOwnedByDocs = (url: string) => url === '/api/openapi.json' || url === '/api/docs' || url.startsWith('/api/docs/');
// a catch-all that only answers 404 in a standard's error shape (Open311) is not an operation
const isCatchAll = (url: string) => url.endsWith('/*');

let env: TestEnv;
let routes: RouteRef[];
let operations: Map<string, string>; // "METHOD /api/path/:param" → OpenAPI description

beforeAll(async () => {
  env = await createTestEnv({}, { seed: false });
  routes = registeredRoutes(env.app).filter((r) => r.url.startsWith('/api') || r.url.startsWith('/open311/'));
  const doc = (await env.anon.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { description?: string }>> };
  operations = new Map();
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      operations.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, op.description ?? '');
    }
  }
});
afterAll(async () => env?.close());

describe('access declarations', () => {
  it('finds the routes (the route tree is read correctly)', () => {
    const keys = routes.map(key);
    for (const k of ['POST /api/auth/login', 'GET /api/me', 'DELETE /api/users/:id/roles/:grantId', 'PUT /api/places/:id/property-company', 'GET /api/openapi.json']) {
      expect(keys).toContain(k);
    }
    expect(routes.length).toBeGreaterThan(30);
  });

  it('documents every API route in the OpenAPI document, each with its access rule', () => {
    const api = routes.filter((r) => !isOwnedByDocs(r.url) && !isCatchAll(r.url)).map(key).sort();
    expect([...operations.keys()].sort()).toEqual(api);
    for (const [op, description] of operations) {
      expect(description, op).toMatch(/Access: (public\.|any logged-in user|permission `[a-z0-9_]+(\.[a-z0-9_]+)+`)/);
    }
  });

  it('keeps the public surface to health, login, the API documentation, Open311 and closed assemblies\' receipts and record', () => {
    const open = [...operations].filter(([, d]) => d.includes('Access: public.')).map(([op]) => op).sort();
    // and the Open311 standard API (reading shows no personal data; filing needs an API key);
    // an assembly's receipts (after close) and public record (after the count) carry no names
    expect(open).toEqual([
      'GET /api/assemblies/:id/receipts',
      'GET /api/assemblies/:id/receipts/:receipt',
      'GET /api/assemblies/:id/record',
      'GET /api/health',
      'GET /open311/v2/requests.json',
      'GET /open311/v2/requests/:service_request_id.json',
      'GET /open311/v2/services.json',
      'GET /open311/v2/services/:service_code.json',
      'POST /api/auth/login',
      'POST /open311/v2/requests.json',
    ]);
  });

  it('refuses to start with a route that declares no access rule', async () => {
    const careless = {
      name: 'careless',
      routes: async (app: App) => {
        app.get('/careless', async () => ({ ok: true }));
      },
    };
    await expect(buildApp({ config: env.config, database: env.database, pii: env.ctx.pii, modules: [careless] })).rejects.toThrow(
      'route GET /api/careless declares no access rule',
    );
  });

  it('starts with the same route once it declares one (control for the test above)', async () => {
    const careful = {
      name: 'careful',
      routes: async (app: App) => {
        app.get('/careful', { config: { access: { authenticated: true } } }, async () => ({ ok: true }));
      },
    };
    const { app } = await buildApp({ config: env.config, database: env.database, pii: env.ctx.pii, modules: [careful] });
    try {
      await app.ready();
      expectError(await app.inject({ method: 'GET', url: '/api/careful' }), 401, 'UNAUTHENTICATED');
    } finally {
      await app.close();
    }
  });
});

describe('anonymous callers', () => {
  it('get 401 with the bilingual error body from every route that is not public', async () => {
    const guarded = routes.filter((r) => !isOwnedByDocs(r.url) && !operations.get(key(r))!.includes('Access: public.'));
    expect(guarded.length).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const r of guarded) {
      const url = r.url.replace(/:\w+/g, '1');
      const res: LightMyRequestResponse = await env.app.inject({ method: r.method, url, ...(r.method === 'GET' ? {} : { payload: {} }) });
      const body = res.json() as { error?: { code?: string; message?: string; messages?: Record<string, string> } };
      const ok =
        res.statusCode === 401 &&
        body.error?.code === 'UNAUTHENTICATED' &&
        body.error.messages?.['zh-CN'] === '请先登录' &&
        body.error.messages?.en === 'Please log in' &&
        body.error.message === '请先登录';
      if (!ok) failures.push(`${key(r)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('may read the public routes', async () => {
    expect((await env.anon.get('/api/health')).statusCode).toBe(200);
    expect((await env.anon.get('/api/openapi.json')).json().openapi).toMatch(/^3\./);
  });
});

describe('shared edges', () => {
  it('answers an unknown API route with a 404 JSON error', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await env.app.inject({ method, url: '/api/no-such-thing/42' });
      expectError(res, 404, 'NOT_FOUND');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('refuses a JSON body over 1 MiB with 413', async () => {
    const payload = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024) });
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload, remoteAddress: '10.0.0.1' });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    // just under the limit is parsed (and then judged on its content)
    const fits = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 - 100) });
    expectError(await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: fits, remoteAddress: '10.0.0.1' }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a content type it does not read with 415', async () => {
    for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'image/png']) {
      const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type }, payload: 'username=admin', remoteAddress: '10.0.0.2' });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    // plain text is read as a string, which then fails the body schema
    const text = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'username=admin', remoteAddress: '10.0.0.2' });
    expectError(text, 400, 'VALIDATION_FAILED');
  });

  it('refuses malformed JSON with 400 BAD_JSON', async () => {
    for (const payload of ['{"username":', '{username: "admin"}', '']) {
      const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload, remoteAddress: '10.0.0.3' });
      expectError(res, 400, 'BAD_JSON');
    }
  });

  it(`rate-limits logins from one address after ${LOGIN_LIMIT} attempts a minute`, async () => {
    const attempt = (ip: string) =>
      env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-pass1' }, remoteAddress: ip });
    for (let i = 0; i < LOGIN_LIMIT; i++) expectError(await attempt('10.9.8.7'), 401, 'LOGIN_FAILED');
    const limited = await attempt('10.9.8.7');
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.messages).toEqual({ 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' });
    // another address is not held back
    expectError(await attempt('10.9.8.8'), 401, 'LOGIN_FAILED');
  });

  it('speaks English to a caller who asks for it, Chinese otherwise', async () => {
    const en = await env.app.inject({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' } });
    expectError(en, 401, 'UNAUTHENTICATED');
    expect(en.json().error.message).toBe('Please log in');
    const zh = await env.app.inject({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    expect(zh.json().error.message).toBe('请先登录');
    expect((await env.app.inject({ method: 'GET', url: '/api/me' })).json().error.message).toBe('请先登录');
    const notFound = await env.app.inject({ method: 'GET', url: '/api/nowhere', headers: { 'accept-language': 'en' } });
    expect(notFound.json().error.message).toBe('Not found');
  });
});
