// Route-level access declarations and request helpers shared by every route file.
import type { FastifyError, FastifyRequest } from 'fastify';
import { pgError } from './db/errors';
import { AppError } from './errors';
import type { Actor } from './access/policy';
import type { AuditActor } from './audit/ledger';

/**
 * Every route declares who may call it:
 * - public: anyone, logged in or not
 * - authenticated: any logged-in user (the service narrows further)
 * - a permission: a logged-in user holding it somewhere; the service then checks the subtree
 */
export type Access = { public: true } | { authenticated: true } | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Writes from non-cookie clients (API keys) opt out of the CSRF check. */
    csrf?: false;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export function auditActor(actor: Actor): AuditActor {
  return { userId: actor.userId, name: actor.displayName, ip: actor.ip };
}

export function describeAccess(access: Access): string {
  if ('public' in access) return 'Access: public.';
  if ('authenticated' in access) return 'Access: any logged-in user; results limited to their own records or scope.';
  return `Access: permission \`${access.permission}\`, limited to the caller's subtree of the place tree.`;
}

/** Any error a route throws, as the AppError the client receives (framework, validation and database errors mapped to 4xx codes). */
export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: unknown }[] };
  if (fe.validation) {
    return new AppError(
      'VALIDATION_FAILED',
      fe.validation.map((v) => ({ field: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '', message: v.message, params: v.params })),
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  const pg = pgError(err)?.code;
  if (pg === '23505') return new AppError('CONFLICT', { reason: 'duplicate' });
  if (pg === '23503') return new AppError('CONFLICT', { reason: 'referenced' });
  if (pg === '40001' || pg === '40P01') return new AppError('CONFLICT', { reason: 'concurrent_update' });
  if (pg && (pg.startsWith('22') || pg === '23514' || pg === '23502')) return new AppError('VALIDATION_FAILED', { reason: 'database_rejected' });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
    if (fe.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
    if (fe.statusCode === 404) return new AppError('NOT_FOUND');
    if (fe.statusCode === 405) return new AppError('METHOD_NOT_ALLOWED');
    return new AppError('VALIDATION_FAILED', { reason: fe.code ?? 'bad_request' });
  }
  return new AppError('INTERNAL');
}
