// Builds the Fastify app from the core and the list of business modules.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { timingSafeEqual } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Config } from './core/config';
import type { Database } from './core/db/client';
import { AppError, errorBody, pickLang, CoreErrors } from './core/errors';
import { AuthErrors } from './core/auth/errors';
import { describeAccess, toAppError, type Access } from './core/http';
import { hasPermission, registerPermissions } from './core/access/policy';
import { findSession, loadActor, SESSION_COOKIE } from './core/auth/sessions';
import { databaseRateStore } from './core/auth/rate-store';
import { Notifier } from './core/notifications/service';
import type { PiiCipher } from './core/people/pii';
import type { App, AppContext, ModuleManifest } from './core/manifest';
import { coreManifests } from './core/index';
import { businessModules } from './modules/index';

export interface BuildOptions {
  config: Config;
  database: Database;
  modules?: ModuleManifest[];
  logger?: boolean;
  pii: PiiCipher;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PASSWORD_CHANGE_ROUTES = new Set(['/api/me', '/api/auth/password', '/api/auth/logout']);

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export async function buildApp(opts: BuildOptions): Promise<{ app: App; ctx: AppContext }> {
  const { config, database } = opts;
  const modules = [...coreManifests, ...(opts.modules ?? businessModules)];
  for (const m of modules) if (m.permissions) registerPermissions(m.permissions);

  const app = Fastify({
    logger: opts.logger ? { level: config.logLevel } : false,
    trustProxy: process.env.TRUST_PROXY === 'true',
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and path params arrive as text and are coerced to their schema types; JSON
  // bodies are not, so {"ids": 5} or {"flag": "yes"} is refused instead of quietly converted.
  const ajvOptions = { removeAdditional: true, useDefaults: true, allErrors: true, allowUnionTypes: true } as const;
  const bodyAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

  const ctx: AppContext = { database, db: database.db, config, notifier: new Notifier(), modules, pii: opts.pii };
  void CoreErrors;
  void AuthErrors;

  // Every API route must say who may call it; a route without a declaration fails start-up.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/open311/')) return;
    if (route.url.startsWith('/api/docs')) {
      // the browsable API documentation is public, like the OpenAPI document
      route.config = { ...(route.config ?? {}), access: { public: true } };
      return;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    const rule = describeAccess(access);
    // GET routes also register HEAD with the same schema object: add the rule once
    if (route.schema && !route.schema.description?.includes(rule)) {
      route.schema.description = [route.schema.description, rule].filter(Boolean).join('\n\n');
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // counters live in the database: limits hold across app nodes
    store: databaseRateStore(database.db),
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9, fields: 20, parts: 40 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gongzhi 共治 API', version: '0.1.0', description: 'Party-building-led residential community governance. Cookie session auth; writes need the x-csrf-token header.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.decorateRequest('actor', null);

  // Who is calling: a valid session cookie gives an actor; an expired one is remembered to say so.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await findSession(ctx.db, token, { ttlHours: config.sessionTtlHours, idleHours: config.sessionIdleHours });
    if (found.state === 'ok') req.actor = await loadActor(ctx.db, found.userId, found, req.ip);
    else if (found.state === 'expired') (req as FastifyRequest & { sessionExpired?: boolean }).sessionExpired = true;
  });

  // Enforce the route's access rule, then CSRF for cookie-authenticated writes.
  app.addHook('preValidation', async (req) => {
    const cfg = req.routeOptions.config as { access?: Access; csrf?: false };
    const access = cfg.access;
    if (!access || 'public' in access) return;
    if (!req.actor) {
      throw new AppError((req as FastifyRequest & { sessionExpired?: boolean }).sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    if (UNSAFE.has(req.method) && cfg.csrf !== false) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, req.actor.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    // a temporary password (set by whoever created or reset the account) opens nothing but the change
    if (req.actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url ?? '')) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    if ('permission' in access && !hasPermission(req.actor, access.permission)) {
      throw new AppError('FORBIDDEN', { permission: access.permission });
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err as FastifyError);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    const lang = req.actor?.locale ?? pickLang(req.headers['accept-language']);
    const headers: Record<string, string> = {};
    if (e.code === 'RATE_LIMITED' && reply.getHeader('retry-after')) headers['retry-after'] = String(reply.getHeader('retry-after'));
    void reply.code(e.status).headers(headers).send(errorBody(e.code, lang, e.details));
  });

  for (const m of modules) if (m.init) await m.init(ctx);
  await app.register(
    async (api) => {
      for (const m of modules) if (m.routes) await m.routes(api as App, ctx);
    },
    { prefix: '/api' },
  );
  for (const m of modules) if (m.rootRoutes) await m.rootRoutes(app as unknown as App, ctx);

  app.get('/api/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());

  // The web app: static files, and index.html for any other GET that is not an API call.
  const indexFile = path.join(config.webDir, 'index.html');
  const hasWeb = fs.existsSync(indexFile);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app needs no restart
    await app.register(fastifyStatic, { root: config.webDir, prefix: '/', wildcard: true, index: false });
  }
  const sendIndex = (reply: import('fastify').FastifyReply) => reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(indexFile));
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/open311/');
    // a missing script or image is a 404, not the app page (which would fail as a script)
    const isFile = req.url.startsWith('/assets/') || /\.[a-z0-9]{2,5}(\?|$)/i.test(req.url);
    if (!isApi && !isFile && req.method === 'GET' && hasWeb) return sendIndex(reply);
    const lang = pickLang(req.headers['accept-language']);
    return reply.code(404).send(errorBody('NOT_FOUND', lang));
  });

  return { app: app as unknown as App, ctx };
}
