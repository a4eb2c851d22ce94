// Reading and saving the assembly settings of a district, street or estate.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one, rows, type Db } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { mergeAssemblySettings, validSettings, type AssemblySettings } from './settings';

/** The ids on a path from the district down to the estate (the settings apply in that order). */
function chainIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export async function effectiveAssemblySettings(db: Db, path: string): Promise<AssemblySettings> {
  const ids = chainIds(path);
  const found = await rows<{ place_id: number; settings: Partial<AssemblySettings> }>(
    db,
    sql`SELECT place_id::int AS place_id, settings FROM assembly_settings WHERE place_id IN (${sql.join(ids, sql`, `)})`,
  );
  return mergeAssemblySettings(...ids.map((id) => found.find((f) => f.place_id === id)?.settings));
}

const SETTINGS_KINDS = ['district', 'street', 'estate'];

export async function viewAssemblySettings(ctx: AppContext, actor: Actor, placeId: number) {
  const p = await getPlace(ctx.db, placeId);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
  if (!SETTINGS_KINDS.includes(p.kind)) throw new AppError('ASSEMBLY_SETTINGS_PLACE');
  assertInScope(actor, 'assemblies.configure', p.path);
  const own = await one<{ settings: Partial<AssemblySettings>; version: number }>(ctx.db, sql`SELECT settings, version FROM assembly_settings WHERE place_id = ${p.id}`);
  return { place: { id: p.id, name: p.name, kind: p.kind }, own: own?.settings ?? {}, effective: await effectiveAssemblySettings(ctx.db, p.path), version: own?.version ?? 0 };
}

export async function saveAssemblySettings(ctx: AppContext, actor: Actor, placeId: number, patch: Partial<AssemblySettings>, version: number) {
  await ctx.db.transaction(async (tx) => {
    const p = await getPlace(tx, placeId);
    if (!p) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
    if (!SETTINGS_KINDS.includes(p.kind)) throw new AppError('ASSEMBLY_SETTINGS_PLACE');
    assertInScope(actor, 'assemblies.configure', p.path);
    // the covenant's clause belongs to one estate
    if (patch.deemedVotes !== undefined && p.kind !== 'estate') throw new AppError('ASSEMBLY_SETTINGS_INVALID', { field: 'deemedVotes', reason: 'an estate’s covenant' });
    const merged = mergeAssemblySettings(await effectiveAssemblySettings(tx, p.path), patch);
    if (!validSettings(merged)) throw new AppError('ASSEMBLY_SETTINGS_INVALID');
    const before = await one<{ settings: unknown; version: number }>(tx, sql`SELECT settings, version FROM assembly_settings WHERE place_id = ${p.id} FOR UPDATE`);
    if ((before?.version ?? 0) !== version) throw new AppError('CONFLICT', { version: before?.version ?? 0 });
    await tx.execute(sql`INSERT INTO assembly_settings (place_id, settings, updated_by) VALUES (${p.id}, ${JSON.stringify(patch)}::jsonb, ${actor.userId})
                         ON CONFLICT (place_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now(),
                           version = assembly_settings.version + 1`);
    await recordAudit(tx, auditActor(actor), { action: 'assembly.settings.save', entity: 'assembly_settings', entityId: p.id, placePath: p.path, before: before?.settings ?? null, after: patch });
  });
  return viewAssemblySettings(ctx, actor, placeId);
}
