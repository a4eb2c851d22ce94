// /api/audit: the ledger, filtered to the viewer's subtree, and a chain check.
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import type { App, AppContext } from '../manifest';
import { actorOf } from '../http';
import { errors } from '../schemas';
import { rows, one } from '../db/client';
import { isoTime } from '../db/sql';
import { getPlace } from '../places/repository';
import { AppError } from '../errors';
import { holdsAtRoot, scopeCondition, scopePaths } from '../access/policy';
import { verifyAuditChain } from './ledger';
import { AuditPageDto, AuditVerifyDto } from './schemas';

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/audit',
    {
      config: { access: { permission: 'audit.view' } },
      schema: {
        tags: ['audit'],
        summary: 'Ledger entries about places inside my scope (newest first)',
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 60 })),
          entity: Type.Optional(Type.String({ maxLength: 40 })),
          entityId: Type.Optional(Type.String({ maxLength: 40 })),
          actorUserId: Type.Optional(Type.Integer({ minimum: 1 })),
          placeId: Type.Optional(Type.Integer({ minimum: 1 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: AuditPageDto, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const actor = actorOf(req);
      const scope = scopePaths(actor, 'audit.view');
      // entries tied to no place (sign-ins of unassigned accounts, seeding) are for the district level
      const conds = [holdsAtRoot(actor, 'audit.view') ? sql`(${scopeCondition(sql`place_path`, scope)} OR place_path IS NULL)` : scopeCondition(sql`place_path`, scope)];
      if (q.placeId) {
        const place = await getPlace(ctx.db, q.placeId);
        if (!place) throw new AppError('PLACE_NOT_FOUND', { id: q.placeId });
        if (!scope.some((s) => place.path.startsWith(s) || s.startsWith(place.path))) throw new AppError('NOT_IN_SCOPE');
        conds.push(sql`place_path LIKE ${place.path + '%'}`);
      }
      if (q.action) conds.push(sql`action LIKE ${q.action.replace(/[%_\\]/g, '\\$&') + '%'}`);
      if (q.entity) conds.push(sql`entity = ${q.entity}`);
      if (q.entityId) conds.push(sql`entity_id = ${q.entityId}`);
      if (q.actorUserId) conds.push(sql`actor_user_id = ${q.actorUserId}`);
      if (q.from) conds.push(sql`at >= ${q.from}`);
      if (q.to) conds.push(sql`at < ${q.to}`);
      if (q.beforeSeq) conds.push(sql`seq < ${q.beforeSeq}`);
      const items = await rows<{ seq: number; at: string; actorUserId: number | null; actorName: string | null; action: string; entity: string; entityId: string | null; placePath: string | null; before: unknown; after: unknown; ip: string | null; hash: string }>(
        ctx.db,
        sql`SELECT seq, ${isoTime(sql`at`)} AS at, actor_user_id AS "actorUserId", actor_name AS "actorName", action, entity, entity_id AS "entityId",
              place_path AS "placePath", before, after, ip, hash
            FROM audit_log WHERE ${sql.join(conds, sql` AND `)} ORDER BY seq DESC LIMIT ${q.limit}`,
      );
      const last = items.at(-1);
      return { items, nextBeforeSeq: items.length === q.limit && last ? Number(last.seq) : null };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { access: { permission: 'audit.view' } },
      schema: {
        tags: ['audit'],
        summary: 'Re-check the whole hash chain',
        response: { 200: AuditVerifyDto, ...errors },
      },
    },
    async () => verifyAuditChain(ctx.db),
  );

  app.get(
    '/audit/head',
    { config: { access: { permission: 'audit.view' } }, schema: { tags: ['audit'], response: { 200: Type.Object({ seq: Type.Integer(), hash: Type.String() }), ...errors } } },
    async () => (await one<{ seq: number; hash: string }>(ctx.db, sql`SELECT seq, hash FROM audit_head WHERE id = 1`))!,
  );
}
