// The catalogue, a street's rules and the local settings: reading what applies at a place and
// changing it (district and street admins).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { assertInScope, scopePaths } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { onUnique } from '../../core/db/errors';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { DEFAULT_CATEGORIES } from './catalogue';
import { mergeSettings, type RequestSettings, type SettingsPatch } from './settings';
import type { CategoryT, SettingsPatchBody, SettingsT } from './schemas';
import './errors';

/** Insert the default catalogue entries that are missing (safe on many nodes at once). */
export async function ensureDefaultCategories(db: Db): Promise<void> {
  const values = DEFAULT_CATEGORIES.map(
    (c, i) =>
      sql`(${c.code}, ${c.zh}, ${c.en}, ${c.kind}, ${c.route.to}, ${c.route.to === 'department' ? c.route.department : null}, ${c.deadline}, ${(i + 1) * 10})`,
  );
  await db.execute(sql`INSERT INTO request_categories (code, name_zh, name_en, kind, route_to, department_name, deadline_class, sort)
                       VALUES ${sql.join(values, sql`, `)} ON CONFLICT (code) DO NOTHING`);
}

interface PlaceRow {
  id: number;
  kind: string;
  name: string;
  path: string;
}

async function placeRow(db: Db, id: number): Promise<PlaceRow> {
  const p = await one<PlaceRow>(db, sql`SELECT id::int AS id, kind, name, path FROM places WHERE id = ${id}`);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id });
  return p;
}

/** The street id on a path ('/1/5/…' → 5), or null for a district. */
export function streetOfPath(path: string): number | null {
  const s = path.split('/')[2];
  return s ? Number(s) : null;
}
export function districtOfPath(path: string): number {
  return Number(path.split('/')[1]);
}

const categoryColumns = (streetId: number | null) => sql`
  c.id, c.code, c.name_zh AS "nameZh", c.name_en AS "nameEn", c.kind,
  coalesce(r.route_to, c.route_to) AS "routeTo", c.department_name AS "departmentName",
  r.department_org_id::int AS "departmentOrgId",
  coalesce(r.deadline_class, c.deadline_class) AS "deadlineClass", c.sort,
  (c.active AND coalesce(r.active, true)) AS active, (r.street_id IS NOT NULL) AS "streetRule"
  FROM request_categories c
  LEFT JOIN request_category_rules r ON r.category_id = c.id AND r.street_id = ${streetId ?? 0}`;

/** The catalogue as it applies on a street (or the district's own catalogue with streetId null). */
export async function categoriesFor(db: Db, streetId: number | null, activeOnly: boolean): Promise<CategoryT[]> {
  const list = await rows<CategoryT>(db, sql`SELECT ${categoryColumns(streetId)} ORDER BY c.sort, c.id`);
  return activeOnly ? list.filter((c) => c.active) : list;
}

/** The categories a user can file under at a place (any signed-in user: the report form). */
export async function categoriesAt(ctx: AppContext, placeId: number | undefined): Promise<CategoryT[]> {
  if (!placeId) return categoriesFor(ctx.db, null, true);
  const p = await placeRow(ctx.db, placeId);
  return categoriesFor(ctx.db, streetOfPath(p.path), true);
}

/** For the settings page: the catalogue with a street's rules (street admins) or bare (district). */
export async function categoriesForAdmin(ctx: AppContext, actor: Actor, streetId: number | undefined): Promise<CategoryT[]> {
  if (streetId) {
    const p = await placeRow(ctx.db, streetId);
    if (p.kind !== 'street') throw new AppError('REQUEST_SETTINGS_PLACE');
    assertInScope(actor, 'requests.configure', p.path);
    return categoriesFor(ctx.db, p.id, false);
  }
  if (!scopePaths(actor, 'requests.configure').length) throw new AppError('FORBIDDEN');
  return categoriesFor(ctx.db, null, false);
}

function assertDistrictConfigurer(actor: Actor): void {
  // the catalogue is shared by the install: only a district admin changes it
  if (!actor.grants.some((g) => g.role === 'district_admin')) throw new AppError('FORBIDDEN', { permission: 'requests.configure' });
}

export async function createCategory(
  ctx: AppContext,
  actor: Actor,
  input: { code: string; nameZh: string; nameEn: string; kind: string; routeTo: string; departmentName?: string; deadlineClass: string; sort?: number },
) {
  assertDistrictConfigurer(actor);
  if ((input.routeTo === 'department') !== !!input.departmentName) throw new AppError('VALIDATION_FAILED', { field: 'departmentName' });
  return ctx.db.transaction(async (tx) => {
    const created = await one<{ id: number }>(
      tx,
      sql`INSERT INTO request_categories (code, name_zh, name_en, kind, route_to, department_name, deadline_class, sort)
          VALUES (${input.code}, ${input.nameZh.trim()}, ${input.nameEn.trim()}, ${input.kind}, ${input.routeTo}, ${input.departmentName ?? null}, ${input.deadlineClass}, ${input.sort ?? 1000})
          RETURNING id`,
    ).catch(onUnique({ request_categories_code_idx: 'REQUEST_CATEGORY_CODE_TAKEN' }));
    await recordAudit(tx, auditActor(actor), { action: 'request.category.create', entity: 'request_category', entityId: created!.id, after: input });
    return (await categoriesFor(tx, null, false)).find((c) => c.id === created!.id)!;
  });
}

export async function editCategory(ctx: AppContext, actor: Actor, id: number, patch: Record<string, unknown>) {
  assertDistrictConfigurer(actor);
  return ctx.db.transaction(async (tx) => {
    const before = await one<Record<string, unknown>>(tx, sql`SELECT * FROM request_categories WHERE id = ${id} FOR UPDATE`);
    if (!before) throw new AppError('REQUEST_CATEGORY_UNKNOWN', { id });
    const next = {
      name_zh: (patch.nameZh as string | undefined)?.trim() ?? before.name_zh,
      name_en: (patch.nameEn as string | undefined)?.trim() ?? before.name_en,
      kind: patch.kind ?? before.kind,
      route_to: patch.routeTo ?? before.route_to,
      department_name: patch.departmentName !== undefined ? patch.departmentName : before.department_name,
      deadline_class: patch.deadlineClass ?? before.deadline_class,
      sort: patch.sort ?? before.sort,
      active: patch.active ?? before.active,
    };
    if (next.route_to !== 'department') next.department_name = null;
    if (next.route_to === 'department' && !next.department_name) throw new AppError('VALIDATION_FAILED', { field: 'departmentName' });
    await tx.execute(sql`UPDATE request_categories SET name_zh = ${next.name_zh}, name_en = ${next.name_en}, kind = ${next.kind}, route_to = ${next.route_to},
                         department_name = ${next.department_name}, deadline_class = ${next.deadline_class}, sort = ${next.sort}, active = ${next.active}
                         WHERE id = ${id}`);
    await recordAudit(tx, auditActor(actor), { action: 'request.category.edit', entity: 'request_category', entityId: id, before, after: next });
    return (await categoriesFor(tx, null, false)).find((c) => c.id === id)!;
  });
}

export async function setCategoryRule(
  ctx: AppContext,
  actor: Actor,
  streetId: number,
  categoryId: number,
  rule: { routeTo: string | null; departmentOrgId: number | null; deadlineClass: string | null; active: boolean | null },
) {
  return ctx.db.transaction(async (tx) => {
    const street = await placeRow(tx, streetId);
    if (street.kind !== 'street') throw new AppError('REQUEST_SETTINGS_PLACE');
    assertInScope(actor, 'requests.configure', street.path);
    const cat = await one(tx, sql`SELECT id FROM request_categories WHERE id = ${categoryId}`);
    if (!cat) throw new AppError('REQUEST_CATEGORY_UNKNOWN', { id: categoryId });
    if ((rule.routeTo === 'department') !== (rule.departmentOrgId !== null)) throw new AppError('VALIDATION_FAILED', { field: 'departmentOrgId' });
    if (rule.departmentOrgId !== null) {
      const dept = await one(
        tx,
        sql`SELECT o.id FROM orgs o JOIN places p ON p.id = o.place_id
            WHERE o.id = ${rule.departmentOrgId} AND o.kind = 'department' AND o.retired_at IS NULL AND ${street.path} LIKE p.path || '%'`,
      );
      if (!dept) throw new AppError('REQUEST_TARGET_INVALID', { departmentOrgId: rule.departmentOrgId });
    }
    const before = await one(tx, sql`SELECT * FROM request_category_rules WHERE street_id = ${streetId} AND category_id = ${categoryId}`);
    const empty = rule.routeTo === null && rule.deadlineClass === null && rule.active === null;
    if (empty) {
      await tx.execute(sql`DELETE FROM request_category_rules WHERE street_id = ${streetId} AND category_id = ${categoryId}`);
    } else {
      await tx.execute(sql`INSERT INTO request_category_rules (street_id, category_id, route_to, department_org_id, deadline_class, active, updated_by)
                           VALUES (${streetId}, ${categoryId}, ${rule.routeTo}, ${rule.departmentOrgId}, ${rule.deadlineClass}, ${rule.active}, ${actor.userId})
                           ON CONFLICT (street_id, category_id) DO UPDATE SET route_to = excluded.route_to, department_org_id = excluded.department_org_id,
                             deadline_class = excluded.deadline_class, active = excluded.active, updated_by = excluded.updated_by, updated_at = now()`);
    }
    await recordAudit(tx, auditActor(actor), {
      action: empty ? 'request.category.rule.clear' : 'request.category.rule.set',
      entity: 'request_category',
      entityId: categoryId,
      placePath: street.path,
      before: before ?? null,
      after: empty ? null : rule,
    });
    return (await categoriesFor(tx, streetId, false)).find((c) => c.id === categoryId)!;
  });
}

/** The settings patches on a path: the district's, then the street's. */
export async function settingsPatches(db: Db, path: string): Promise<SettingsPatch[]> {
  const ids = [districtOfPath(path), streetOfPath(path)].filter((x): x is number => !!x);
  const found = await rows<{ place_id: number; settings: SettingsPatch }>(db, sql`SELECT place_id::int AS place_id, settings FROM request_settings WHERE place_id IN (${sql.join(ids, sql`, `)})`);
  return ids.map((id) => found.find((f) => f.place_id === id)?.settings ?? null).filter((s): s is SettingsPatch => !!s);
}

export async function effectiveSettings(db: Db, path: string): Promise<RequestSettings> {
  return mergeSettings(...(await settingsPatches(db, path)));
}

export async function viewSettings(ctx: AppContext, actor: Actor, placeId: number): Promise<SettingsT> {
  const p = await placeRow(ctx.db, placeId);
  if (p.kind !== 'district' && p.kind !== 'street') throw new AppError('REQUEST_SETTINGS_PLACE');
  assertInScope(actor, 'requests.configure', p.path);
  const own = await one<{ settings: SettingsPatch; version: number }>(ctx.db, sql`SELECT settings, version FROM request_settings WHERE place_id = ${p.id}`);
  return { place: { id: p.id, name: p.name, kind: p.kind }, own: own?.settings ?? {}, effective: await effectiveSettings(ctx.db, p.path), version: own?.version ?? 0 };
}

export async function saveSettings(ctx: AppContext, actor: Actor, placeId: number, patch: SettingsPatchBody, version: number): Promise<SettingsT> {
  if (patch.weights && patch.weights.response + patch.weights.resolution + patch.weights.satisfaction === 0) {
    throw new AppError('REQUEST_SETTINGS_INVALID', { field: 'weights', reason: 'all zero' });
  }
  await ctx.db.transaction(async (tx) => {
    const p = await placeRow(tx, placeId);
    if (p.kind !== 'district' && p.kind !== 'street') throw new AppError('REQUEST_SETTINGS_PLACE');
    assertInScope(actor, 'requests.configure', p.path);
    const before = await one<{ settings: unknown; version: number }>(tx, sql`SELECT settings, version FROM request_settings WHERE place_id = ${p.id} FOR UPDATE`);
    if ((before?.version ?? 0) !== version) throw new AppError('CONFLICT', { version: before?.version ?? 0 });
    await tx.execute(sql`INSERT INTO request_settings (place_id, settings, updated_by) VALUES (${p.id}, ${JSON.stringify(patch)}::jsonb, ${actor.userId})
                         ON CONFLICT (place_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now(),
                           version = request_settings.version + 1`);
    await recordAudit(tx, auditActor(actor), { action: 'request.settings.save', entity: 'request_settings', entityId: p.id, placePath: p.path, before: before?.settings ?? null, after: patch });
  });
  return viewSettings(ctx, actor, placeId);
}
