// Use cases of the place tree: view, create, edit, move, retire, each checked against the
// actor's subtree and written in one transaction with its audit entry.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../manifest';
import { AppError } from '../errors';
import { assertInScope, inScope, scopePaths, type Actor } from '../access/policy';
import { recordAudit } from '../audit/ledger';
import { auditActor } from '../http';
import { one } from '../db/client';
import { onUnique } from '../db/errors';
import type { PlaceKind } from '../db/schema';
import { childKind, idsOnPath, moveProblem } from './tree';
import * as repo from './repository';

export async function requirePlace(ctx: AppContext, id: number): Promise<repo.PlaceRow> {
  const p = await repo.getPlace(ctx.db, id);
  if (!p) throw new AppError('PLACE_NOT_FOUND', { id });
  return p;
}

/** A place inside the actor's scope, with the names of its ancestors for the breadcrumb. */
export async function viewPlace(ctx: AppContext, actor: Actor, id: number, permission = 'places.view') {
  const place = await requirePlace(ctx, id);
  const scope = scopePaths(actor, permission);
  if (!scope.some((s) => place.path.startsWith(s))) throw new AppError('NOT_IN_SCOPE');
  const ancestors = await repo.getPlacesByIds(ctx.db, idsOnPath(place.path).filter((x) => x !== id));
  const counts = await repo.subtreeCounts(ctx.db, place.path);
  const company = place.kind === 'estate'
    ? await one<{ id: number; name: string }>(ctx.db, sql`SELECT o.id, o.name FROM estate_property ep JOIN orgs o ON o.id = ep.company_id WHERE ep.estate_id = ${id}`)
    : undefined;
  return { place, ancestors, counts, propertyCompany: company ? { id: Number(company.id), name: company.name } : null };
}

export async function scopeRoots(ctx: AppContext, actor: Actor) {
  const paths = scopePaths(actor, 'places.view');
  const ids = paths.map((p) => idsOnPath(p).at(-1)!).filter(Boolean);
  return repo.getPlacesByIds(ctx.db, ids);
}

export async function children(ctx: AppContext, actor: Actor, id: number, opts: { includeRetired: boolean; limit: number; offset: number; q?: string }) {
  const place = await requirePlace(ctx, id);
  if (!inScope(actor, 'places.view', place.path)) throw new AppError('NOT_IN_SCOPE');
  return repo.listChildren(ctx.db, id, opts);
}

export async function search(ctx: AppContext, actor: Actor, q: string, kind: PlaceKind | undefined, limit: number) {
  return repo.searchPlaces(ctx.db, scopePaths(actor, 'places.view'), { q, kind, limit });
}

const nameTaken = onUnique({ places_sibling_name_idx: 'PLACE_NAME_TAKEN' });

export async function createPlace(ctx: AppContext, actor: Actor, input: { parentId: number; name: string; code?: string | null; attrs?: Record<string, unknown> }) {
  return ctx.db.transaction(async (tx) => {
    const parent = await repo.getPlace(tx, input.parentId, true);
    if (!parent) throw new AppError('PLACE_NOT_FOUND', { id: input.parentId });
    assertInScope(actor, 'places.manage', parent.path);
    if (parent.retiredAt) throw new AppError('PLACE_RETIRED');
    const kind = childKind(parent.kind);
    if (!kind) throw new AppError('PLACE_WRONG_KIND', { parentKind: parent.kind });
    const created = await repo
      .insertPlace(tx, { parentId: parent.id, parentPath: parent.path, kind, name: input.name.trim(), code: input.code, attrs: input.attrs })
      .catch(nameTaken);
    await recordAudit(tx, auditActor(actor), { action: 'place.create', entity: 'place', entityId: created.id, placePath: created.path, after: created });
    return created;
  });
}

export async function editPlace(ctx: AppContext, actor: Actor, id: number, input: { version: number; name?: string; code?: string | null; attrs?: Record<string, unknown> }) {
  return ctx.db.transaction(async (tx) => {
    const before = await repo.getPlace(tx, id, true);
    if (!before) throw new AppError('PLACE_NOT_FOUND', { id });
    assertInScope(actor, 'places.manage', before.path);
    if (before.retiredAt) throw new AppError('PLACE_RETIRED');
    const after = await repo.updatePlace(tx, id, input.version, { ...input, name: input.name?.trim() }).catch(nameTaken);
    if (!after) throw new AppError('PLACE_VERSION_CONFLICT', { current: before.version });
    await recordAudit(tx, auditActor(actor), { action: 'place.edit', entity: 'place', entityId: id, placePath: after.path, before, after });
    return after;
  });
}

/** The actor may restructure a node only strictly inside their subtree, never their own root. */
function assertStrictlyInside(actor: Actor, path: string) {
  assertInScope(actor, 'places.manage', path);
  if (!scopePaths(actor, 'places.manage').some((s) => path.startsWith(s) && path !== s)) throw new AppError('NOT_IN_SCOPE', { reason: 'own_root' });
}

export async function movePlace(ctx: AppContext, actor: Actor, id: number, input: { newParentId: number; version: number }) {
  return ctx.db.transaction(async (tx) => {
    const node = await repo.getPlace(tx, id, true);
    if (!node) throw new AppError('PLACE_NOT_FOUND', { id });
    const parent = await repo.getPlace(tx, input.newParentId, true);
    if (!parent) throw new AppError('PLACE_NOT_FOUND', { id: input.newParentId });
    assertStrictlyInside(actor, node.path);
    assertInScope(actor, 'places.manage', parent.path);
    if (node.retiredAt || parent.retiredAt) throw new AppError('PLACE_RETIRED');
    if (node.version !== input.version) throw new AppError('PLACE_VERSION_CONFLICT', { current: node.version });
    const oldParentPath = node.parentId === null ? null : node.path.slice(0, node.path.length - String(node.id).length - 1);
    const problem = moveProblem({ kind: node.kind, path: node.path, parentPath: oldParentPath }, parent);
    if (problem) throw new AppError('PLACE_MOVE_INVALID', { reason: problem });
    const newPath = `${parent.path}${node.id}/`;
    const moved = await repo.moveSubtree(tx, node.id, parent.id, node.path, newPath).catch(nameTaken);
    const after = (await repo.getPlace(tx, id))!;
    await recordAudit(tx, auditActor(actor), {
      action: 'place.move',
      entity: 'place',
      entityId: id,
      placePath: newPath,
      before: { parentId: node.parentId, path: node.path },
      after: { parentId: parent.id, path: newPath, nodesMoved: moved },
    });
    return { place: after, nodesMoved: moved };
  });
}

export async function retirePlace(ctx: AppContext, actor: Actor, id: number, input: { reason: string; version: number }) {
  return ctx.db.transaction(async (tx) => {
    const node = await repo.getPlace(tx, id, true);
    if (!node) throw new AppError('PLACE_NOT_FOUND', { id });
    assertStrictlyInside(actor, node.path);
    if (node.retiredAt) throw new AppError('PLACE_RETIRED');
    if (node.version !== input.version) throw new AppError('PLACE_VERSION_CONFLICT', { current: node.version });
    const retired = await repo.retireSubtree(tx, node.path);
    await recordAudit(tx, auditActor(actor), { action: 'place.retire', entity: 'place', entityId: id, placePath: node.path, before: node, after: { reason: input.reason, nodesRetired: retired } });
    return { nodesRetired: retired };
  });
}
