// The notice delivery log (送达记录): how the notice of an assembly reached each voter on the frozen
// roll — read in the app (recorded by the owner's own pages), a paper copy delivered, a delivery that
// failed, or a public notice posted where delivery failed.
//
// law / local — 业主大会和业主委员会指导规则, 物业管理条例 第十四条: the notice goes to every owner 15
// days ahead; written votes reach every owner, with a public notice where delivery fails. A voter
// counts as reached once any delivery other than a failed one is on record; "not yet reached" is a
// voter with no delivery, or only failed ones without a public notice.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { isoTime } from '../../core/db/sql';
import { one, rows, type Db } from '../../core/db/client';
import type { Actor } from '../../core/access/policy';
import { assemblyFor, toArr, type AssemblyRow } from './service';
import { maskName } from './roll';
import './errors';

export const DELIVERY_METHODS = ['app_read', 'paper', 'failed', 'public_notice'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
/** What staff record; `app_read` is written by the owner's own view of the notice. */
export const STAFF_METHODS = ['paper', 'failed', 'public_notice'] as const;
export type StaffMethod = (typeof STAFF_METHODS)[number];
export const DELIVERY_FILTERS = [...DELIVERY_METHODS, 'none', 'not_reached'] as const;
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];
export const MAX_DELIVERY_BATCH = 1000;

export interface DeliverySummary {
  voters: number;
  app_read: number;
  paper: number;
  failed: number;
  public_notice: number;
  none: number;
  reached: number;
  notReached: number;
}

function requireAnnounced(a: AssemblyRow) {
  if (a.state === 'draft') throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state, reason: 'the notice has not been announced' });
}

const LATEST = (v: SQL) => sql`(SELECT d.method FROM assembly_deliveries d WHERE d.assembly_id = ${v}.assembly_id AND d.voter_id = ${v}.id ORDER BY d.id DESC LIMIT 1)`;
const REACHED = (v: SQL) =>
  sql`EXISTS (SELECT 1 FROM assembly_deliveries d WHERE d.assembly_id = ${v}.assembly_id AND d.voter_id = ${v}.id AND d.method IN ('app_read','paper','public_notice'))`;

/** Counts per latest method and reached / not reached, over the active voters of the roll. */
export async function deliverySummary(db: Db, assemblyId: number): Promise<DeliverySummary> {
  const v = sql`v`;
  const r = await one<Record<keyof DeliverySummary, number>>(
    db,
    sql`SELECT count(*)::int AS voters,
               count(*) FILTER (WHERE x.latest = 'app_read')::int AS app_read,
               count(*) FILTER (WHERE x.latest = 'paper')::int AS paper,
               count(*) FILTER (WHERE x.latest = 'failed')::int AS failed,
               count(*) FILTER (WHERE x.latest = 'public_notice')::int AS public_notice,
               count(*) FILTER (WHERE x.latest IS NULL)::int AS none,
               count(*) FILTER (WHERE x.reached)::int AS reached,
               count(*) FILTER (WHERE NOT x.reached)::int AS "notReached"
          FROM (SELECT ${LATEST(v)} AS latest, ${REACHED(v)} AS reached FROM assembly_voters v WHERE v.assembly_id = ${assemblyId} AND v.active) x`,
  );
  return r!;
}

export interface DeliveryQuery {
  method?: DeliveryFilter;
  limit: number;
  offset: number;
}

/** Per voter the latest delivery (names masked, as on the roll) and the summary. */
export async function listDeliveries(ctx: AppContext, actor: Actor, assemblyId: number, q: DeliveryQuery) {
  const a = await assemblyFor(ctx.db, actor, assemblyId, 'assemblies.view');
  requireAnnounced(a);
  const v = sql`v`;
  const filter =
    q.method === undefined
      ? sql``
      : q.method === 'none'
        ? sql`AND ${LATEST(v)} IS NULL`
        : q.method === 'not_reached'
          ? sql`AND v.active AND NOT ${REACHED(v)}`
          : sql`AND ${LATEST(v)} = ${q.method}`;
  const list = await rows<{
    id: number;
    voter_no: number;
    kind: 'person' | 'developer';
    name: string;
    active: boolean;
    units: string[] | null;
    method: DeliveryMethod | null;
    at: string | null;
    note: string | null;
    by: string | null;
    reached: boolean;
    deliveries: number;
  }>(
    ctx.db,
    sql`SELECT v.id::int AS id, v.voter_no, v.kind, v.name, v.active,
               (SELECT array_agg(b.name || '-' || e.name || '-' || u.name ORDER BY u.id) FROM assembly_voter_units vu
                  JOIN places u ON u.id = vu.unit_id JOIN places e ON e.id = u.parent_id JOIN places b ON b.id = e.parent_id
                 WHERE vu.voter_id = v.id) AS units,
               l.method, ${isoTime(sql`l.at`)} AS at, l.note, l.by,
               ${REACHED(v)} AS reached,
               (SELECT count(*)::int FROM assembly_deliveries d WHERE d.assembly_id = v.assembly_id AND d.voter_id = v.id) AS deliveries
          FROM assembly_voters v
          LEFT JOIN LATERAL (
            SELECT d.method, d.at, d.note, us.display_name AS by FROM assembly_deliveries d LEFT JOIN users us ON us.id = d.by_user
             WHERE d.assembly_id = v.assembly_id AND d.voter_id = v.id ORDER BY d.id DESC LIMIT 1
          ) l ON true
         WHERE v.assembly_id = ${assemblyId} ${filter}
         ORDER BY v.voter_no LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const total = await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM assembly_voters v WHERE v.assembly_id = ${assemblyId} ${filter}`);
  return {
    summary: await deliverySummary(ctx.db, assemblyId),
    items: list.map((r) => ({
      voterId: r.id,
      voterNo: r.voter_no,
      kind: r.kind,
      name: maskName(r.name, r.kind),
      units: r.units ?? [],
      active: r.active,
      method: r.method,
      at: r.at,
      note: r.note,
      by: r.by,
      reached: r.reached,
      deliveries: r.deliveries,
    })),
    total: total!.n,
  };
}

export interface DeliveryInput {
  voterIds: number[];
  method: StaffMethod;
  note?: string;
}

/** Record a paper delivery, a failed delivery or a public notice for one or many voters (≤ 1000). */
export async function recordDeliveries(ctx: AppContext, actor: Actor, assemblyId: number, input: DeliveryInput): Promise<{ recorded: number; summary: DeliverySummary }> {
  const ids = [...new Set(input.voterIds)];
  if (ids.length !== input.voterIds.length) throw new AppError('VALIDATION_FAILED', { field: 'voterIds', reason: 'repeated' });
  if (ids.length === 0 || ids.length > MAX_DELIVERY_BATCH) throw new AppError('VALIDATION_FAILED', { field: 'voterIds', max: MAX_DELIVERY_BATCH });
  const note = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const a = await assemblyFor(tx, actor, assemblyId, 'assemblies.organise', true);
    requireAnnounced(a);
    // an archived assembly is a closed record
    if (a.state === 'archived') throw new AppError('ASSEMBLY_STATE_CONFLICT', { state: a.state, reason: 'archived assemblies are read-only' });
    const found = await rows<{ id: number; voter_no: number }>(
      tx,
      sql`SELECT id::int AS id, voter_no FROM assembly_voters WHERE assembly_id = ${assemblyId} AND id = ANY(${toArr(ids)}::bigint[])`,
    );
    if (found.length !== ids.length) {
      const known = new Set(found.map((f) => f.id));
      throw new AppError('ASSEMBLY_VOTER_NOT_FOUND', { voterIds: ids.filter((i) => !known.has(i)) });
    }
    await tx.execute(sql`INSERT INTO assembly_deliveries (assembly_id, voter_id, method, note, by_user)
                         SELECT ${assemblyId}, x, ${input.method}, ${note}, ${actor.userId} FROM unnest(${toArr(ids)}::bigint[]) AS x`);
    await recordAudit(tx, auditActor(actor), {
      action: 'assembly.delivery.record',
      entity: 'assembly',
      entityId: a.id,
      placePath: a.estatePath,
      after: { method: input.method, note, voters: found.map((f) => f.voter_no).sort((x, y) => x - y) },
    });
    return { recorded: ids.length, summary: await deliverySummary(tx, assemblyId) };
  });
}
