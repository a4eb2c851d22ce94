// Route-level access declarations and request helpers shared by every route file.
import type { FastifyRequest } from 'fastify';
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
