// Login, lockout, sessions, CSRF, password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, makeClient, type TestEnv } from '../../test/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ loginMaxFailures: 3, loginLockMinutes: 15 });
});
afterAll(async () => env?.close());

describe('login', () => {
  it('logs in, sets an httpOnly session cookie and returns a CSRF token', async () => {
    const res = await env.anon.post('/api/auth/login', { username: 'admin', password: 'Gongzhi@2026' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gz_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('refuses a wrong password with a bilingual message', async () => {
    const res = await env.anon.post('/api/auth/login', { username: 'street', password: 'nope-nope' });
    expectError(res, 401, 'LOGIN_FAILED');
  });

  it('answers an unknown user the same way as a wrong password', async () => {
    expectError(await env.anon.post('/api/auth/login', { username: 'nobody', password: 'whatever1' }), 401, 'LOGIN_FAILED');
  });

  it('rejects bad input with 400', async () => {
    expectError(await env.anon.post('/api/auth/login', { username: '' }), 400, 'VALIDATION_FAILED');
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expectError(res, 400, 'BAD_JSON');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 2; i++) expectError(await env.anon.post('/api/auth/login', { username: 'dept', password: 'wrong-pass1' }), 401, 'LOGIN_FAILED');
    const third = await env.anon.post('/api/auth/login', { username: 'dept', password: 'wrong-pass1' });
    expectError(third, 423, 'ACCOUNT_LOCKED');
    expect(third.json().error.details.until).toBeTruthy();
    expectError(await env.anon.post('/api/auth/login', { username: 'dept', password: 'Gongzhi@2026' }), 423, 'ACCOUNT_LOCKED');
    const audit = await env.database.query(`SELECT action FROM audit_log WHERE action = 'auth.lockout'`);
    expect(audit.length).toBe(1);
  });

  it('lets the account in again once the lock has passed', async () => {
    await env.database.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'dept'`);
    const res = await env.anon.post('/api/auth/login', { username: 'dept', password: 'Gongzhi@2026' });
    expect(res.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('answers /api/me with 401 without a session', async () => {
    expectError(await env.anon.get('/api/me'), 401, 'UNAUTHENTICATED');
  });

  it('ignores a forged cookie', async () => {
    const forged = makeClient(env.app, 'gz_sid=' + 'A'.repeat(43), null);
    expectError(await forged.get('/api/me'), 401, 'UNAUTHENTICATED');
  });

  it('reports an expired session as such, and removes it', async () => {
    const c = await env.login('community');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    await env.database.query(`UPDATE sessions SET expires_at = now() - interval '1 minute'`);
    expectError(await c.get('/api/me'), 401, 'SESSION_EXPIRED');
    expectError(await c.get('/api/me'), 401, 'UNAUTHENTICATED');
  });

  it('logs out: the cookie no longer works', async () => {
    const c = await env.login('street');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expectError(await c.get('/api/me'), 401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token', async () => {
    const c = await env.login('admin');
    const noToken = makeClient(env.app, c.cookie, null);
    expectError(await noToken.post('/api/notifications/read', { ids: 'all' }), 403, 'CSRF_INVALID');
    const wrong = makeClient(env.app, c.cookie, 'x'.repeat(32));
    expectError(await wrong.post('/api/notifications/read', { ids: 'all' }), 403, 'CSRF_INVALID');
    expect((await c.post('/api/notifications/read', { ids: 'all' })).statusCode).toBe(200);
  });
});

describe('change password', () => {
  it('needs the current password, refuses a weak one, and ends other sessions', async () => {
    const a = await env.login('zuzhang');
    const b = await env.login('zuzhang');
    expectError(await a.post('/api/auth/password', { current: 'wrong', next: 'NewPass#2026' }), 400, 'WRONG_PASSWORD');
    expectError(await a.post('/api/auth/password', { current: 'Gongzhi@2026', next: 'short' }), 400, 'WEAK_PASSWORD');
    expectError(await a.post('/api/auth/password', { current: 'Gongzhi@2026', next: 'alllowercaseletters' }), 400, 'WEAK_PASSWORD');
    expect((await a.post('/api/auth/password', { current: 'Gongzhi@2026', next: 'NewPass#2026' })).statusCode).toBe(200);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expectError(await b.get('/api/me'), 401);
    await env.login('zuzhang', 'NewPass#2026');
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff and frame protection', async () => {
    const res = await env.anon.get('/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.json()).toEqual({ status: 'ok', db: env.database.kind });
  });
});
