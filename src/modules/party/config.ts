// Reading and saving the party settings of a district, street or community (own and effective).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import { AppError } from '../../core/errors';
import { assertInScope, type Actor } from '../../core/access/policy';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { one } from '../../core/db/client';
import { getPlace } from '../../core/places/repository';
import { effectivePartySettings, mergePartySettings, validPartySettings, type PartySettings } from './settings';
import type { PartySettingsPatchT, PartySettingsView } from './schemas-meetings';
import './errors';
import './errors-meetings';

// settings live where the merge reads them: the first three levels of the place tree
const SETTINGS_KINDS = ['district', 'street', 'community'];

async function settingsPlace(db: AppContext["db"], actor: Actor, placeId: number) {
  const p = await getPlace(db, placeId);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id: placeId });
  if (!SETTINGS_KINDS.includes(p.kind)) throw new AppError('PARTY_SETTINGS_PLACE', { kind: p.kind });
  assertInScope(actor, 'party.configure', p.path);
  return p;
}

export async function viewPartySettings(ctx: AppContext, actor: Actor, placeId: number): Promise<PartySettingsView> {
  const p = await settingsPlace(ctx.db, actor, placeId);
  const own = await one<{ settings: PartySettingsPatchT; version: number }>(ctx.db, sql`SELECT settings, version FROM party_settings WHERE place_id = ${p.id}`);
  return { place: { id: p.id, name: p.name, kind: p.kind }, own: own?.settings ?? {}, effective: await effectivePartySettings(ctx.db, p.path), version: own?.version ?? 0 };
}

/** Replace the place's own settings (what is left out inherits again); version 0 for a place with none yet. */
export async function savePartySettings(ctx: AppContext, actor: Actor, placeId: number, patch: PartySettingsPatchT, version: number): Promise<PartySettingsView> {
  await ctx.db.transaction(async (tx) => {
    const p = await settingsPlace(tx, actor, placeId);
    // the row is locked before the check, so two saves of one version cannot both pass
    const before = await one<{ settings: unknown; version: number }>(tx, sql`SELECT settings, version FROM party_settings WHERE place_id = ${p.id} FOR UPDATE`);
    if ((before?.version ?? 0) !== version) throw new AppError('CONFLICT', { version: before?.version ?? 0 });
    // what the places above set, with this place's new settings on top, must hold together
    const ids = p.path.split('/').filter(Boolean).map(Number);
    const above = ids.length > 1 ? await effectivePartySettings(tx, '/' + ids.slice(0, -1).join('/') + '/') : mergePartySettings();
    const merged = mergePartySettings(above, patch as Partial<PartySettings>);
    if (!validPartySettings(merged)) throw new AppError('PARTY_SETTINGS_INVALID', { effective: merged });
    if (before) {
      await tx.execute(sql`UPDATE party_settings SET settings = ${JSON.stringify(patch)}::jsonb, updated_by = ${actor.userId}, updated_at = now(), version = version + 1 WHERE place_id = ${p.id}`);
    } else {
      // a concurrent first save of the same place hits the primary key and is told CONFLICT
      await tx.execute(sql`INSERT INTO party_settings (place_id, settings, updated_by) VALUES (${p.id}, ${JSON.stringify(patch)}::jsonb, ${actor.userId})`);
    }
    await recordAudit(tx, auditActor(actor), { action: 'party.settings.save', entity: 'party_settings', entityId: p.id, placePath: p.path, before: before?.settings ?? null, after: patch });
  });
  return viewPartySettings(ctx, actor, placeId);
}
