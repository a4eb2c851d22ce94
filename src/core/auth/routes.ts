// /api/health, /api/auth/*, /api/me: who am I, what may I open.
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import type { App, AppContext, MenuItem } from '../manifest';
import { actorOf } from '../http';
import { errors, Ok } from '../schemas';
import { hasPermission, heldPermissions, scopePaths, type Actor } from '../access/policy';
import { MOBILE_ROLES, ROLE_LABELS } from '../access/roles';
import { LoginResponse, MeResponse } from './schemas';
import { SESSION_COOKIE } from './sessions';
import { changePassword, login, logout } from './service';

export function menuFor(actor: Actor, ctx: AppContext): MenuItem[] {
  return ctx.modules
    .flatMap((m) => m.menu ?? [])
    .filter((item) => hasPermission(actor, item.permission))
    .sort((a, b) => a.order - b.order);
}

async function onDemoData(ctx: AppContext, a: Actor): Promise<boolean> {
  if (a.grants.length === 0) return false;
  const ids = a.grants.map((g) => g.placeId);
  const r = await ctx.database.query<{ demo: boolean }>('SELECT bool_or(is_demo) AS demo FROM places WHERE id = ANY($1::bigint[])', [ids]);
  return r[0]?.demo === true;
}

function frameFor(actor: Actor): 'console' | 'mobile' {
  return actor.grants.length > 0 && actor.grants.every((g) => MOBILE_ROLES.includes(g.role)) ? 'mobile' : 'console';
}

export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/health',
    {
      config: { access: { public: true } },
      schema: { tags: ['system'], response: { 200: Type.Object({ status: Type.String(), db: Type.String() }) } },
    },
    async () => {
      await ctx.db.execute(sql`SELECT 1`);
      return { status: 'ok', db: ctx.database.kind };
    },
  );

  app.post(
    '/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: Number(process.env.LOGIN_RATE_PER_MINUTE ?? 30), timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (req, reply) => {
      const s = await login(ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      void reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: ctx.config.secureCookies,
        expires: s.expiresAt,
      });
      return { csrfToken: s.csrfToken, mustChangePassword: s.mustChangePassword };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: { authenticated: true } }, schema: { tags: ['auth'], response: { 200: Ok, ...errors } } },
    async (req, reply) => {
      await logout(ctx, actorOf(req));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (other sessions are ended)',
        body: Type.Object(
          { current: Type.String({ minLength: 1, maxLength: 200 }), next: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      await changePassword(ctx, actorOf(req), req.body.current, req.body.next);
      return { ok: true };
    },
  );

  app.get(
    '/me',
    { config: { access: { authenticated: true } }, schema: { tags: ['auth'], summary: 'The current user, grants, scopes and menu', response: { 200: MeResponse, ...errors } } },
    async (req) => {
      const a = actorOf(req);
      return {
        user: { id: a.userId, username: a.username, displayName: a.displayName, personId: a.personId, locale: a.locale, mustChangePassword: a.mustChangePassword },
        csrfToken: a.csrfToken,
        frame: frameFor(a),
        grants: a.grants.map((g) => ({ role: g.role, roleLabel: ROLE_LABELS[g.role], placeId: g.placeId, placeName: g.placeName, placeKind: g.placeKind, path: g.path, orgId: g.orgId })),
        scopes: scopePaths(a, 'places.view').length ? scopePaths(a, 'places.view') : a.grants.map((g) => g.path),
        permissions: heldPermissions(a),
        demo: await onDemoData(ctx, a),
        menu: menuFor(a, ctx),
      };
    },
  );
}
