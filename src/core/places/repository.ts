// SQL for the place tree. Subtree queries are prefix scans on the materialised path.
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../db/client';
import type { PlaceKind } from '../db/schema';
import { scopeCondition } from '../access/policy';
import { isoTime } from '../db/sql';

export interface PlaceRow {
  id: number;
  parentId: number | null;
  kind: PlaceKind;
  name: string;
  code: string | null;
  path: string;
  depth: number;
  attrs: Record<string, unknown>;
  isDemo: boolean;
  retiredAt: Date | null;
  version: number;
  childCount?: number;
}

const COLS = sql`p.id, p.parent_id AS "parentId", p.kind, p.name, p.code, p.path, p.depth, p.attrs,
  p.is_demo AS "isDemo", ${isoTime(sql`p.retired_at`)} AS "retiredAt", p.version`;

function norm(r: PlaceRow): PlaceRow {
  return { ...r, id: Number(r.id), parentId: r.parentId === null ? null : Number(r.parentId), depth: Number(r.depth), childCount: r.childCount === undefined ? undefined : Number(r.childCount) };
}

export async function getPlace(db: Db, id: number, forUpdate = false): Promise<PlaceRow | undefined> {
  const r = await one<PlaceRow>(db, sql`SELECT ${COLS} FROM places p WHERE p.id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  return r && norm(r);
}

export async function getPlacesByIds(db: Db, ids: number[]): Promise<PlaceRow[]> {
  if (ids.length === 0) return [];
  const list = await rows<PlaceRow>(db, sql`SELECT ${COLS} FROM places p WHERE p.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) ORDER BY p.depth`);
  return list.map(norm);
}

export async function listChildren(db: Db, parentId: number, opts: { includeRetired: boolean; limit: number; offset: number; q?: string }) {
  const conds = [sql`p.parent_id = ${parentId}`];
  if (!opts.includeRetired) conds.push(sql`p.retired_at IS NULL`);
  if (opts.q) conds.push(sql`p.name LIKE ${'%' + escapeLike(opts.q) + '%'}`);
  const where = sql.join(conds, sql` AND `);
  const items = await rows<PlaceRow>(
    db,
    sql`SELECT ${COLS},
          (SELECT count(*) FROM places c WHERE c.parent_id = p.id AND c.retired_at IS NULL) AS "childCount"
        FROM places p WHERE ${where}
        ORDER BY p.retired_at IS NOT NULL, length(p.name), p.name, p.id LIMIT ${opts.limit} OFFSET ${opts.offset}`,
  );
  const total = await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM places p WHERE ${where}`);
  return { items: items.map(norm), total: Number(total?.n ?? 0) };
}

export async function searchPlaces(db: Db, scope: string[], opts: { q: string; kind?: PlaceKind; limit: number }) {
  const conds = [scopeCondition(sql`p.path`, scope), sql`p.retired_at IS NULL`, sql`p.name LIKE ${'%' + escapeLike(opts.q) + '%'}`];
  if (opts.kind) conds.push(sql`p.kind = ${opts.kind}`);
  const list = await rows<PlaceRow>(db, sql`SELECT ${COLS} FROM places p WHERE ${sql.join(conds, sql` AND `)} ORDER BY p.depth, p.name LIMIT ${opts.limit}`);
  return list.map(norm);
}

export async function insertPlace(
  tx: Db,
  p: { parentId: number | null; parentPath: string | null; kind: PlaceKind; name: string; code?: string | null; attrs?: Record<string, unknown>; isDemo?: boolean },
): Promise<PlaceRow> {
  const r = await one<PlaceRow>(
    tx,
    sql`WITH n AS (SELECT nextval('places_id_seq') AS id)
        INSERT INTO places AS p (id, parent_id, kind, name, code, path, depth, attrs, is_demo)
        SELECT n.id, ${p.parentId}, ${p.kind}, ${p.name}, ${p.code ?? null},
               ${p.parentPath ?? '/'} || n.id || '/', ${p.parentPath ? p.parentPath.split('/').length - 2 : 0},
               ${JSON.stringify(p.attrs ?? {})}::jsonb, ${p.isDemo ?? false}
        FROM n RETURNING ${COLS}`,
  );
  return norm(r!);
}

export async function updatePlace(tx: Db, id: number, version: number, f: { name?: string; code?: string | null; attrs?: Record<string, unknown> }) {
  const r = await one<PlaceRow>(
    tx,
    sql`UPDATE places p SET
          name = COALESCE(${f.name ?? null}, p.name),
          code = CASE WHEN ${f.code === undefined} THEN p.code ELSE ${f.code ?? null} END,
          attrs = CASE WHEN ${f.attrs === undefined} THEN p.attrs ELSE ${JSON.stringify(f.attrs ?? {})}::jsonb END,
          version = p.version + 1
        WHERE p.id = ${id} AND p.version = ${version} RETURNING ${COLS}`,
  );
  return r && norm(r);
}

/** Move a whole subtree: every path under oldPrefix is rebased onto newPrefix in one statement. */
/**
 * Lock every row of a subtree before rewriting it. A child inserted by a transaction that held the
 * parent's lock is then visible to the UPDATE that follows (PostgreSQL re-reads after the wait).
 */
async function lockSubtree(tx: Db, prefix: string): Promise<void> {
  await tx.execute(sql`SELECT id FROM places WHERE path LIKE ${prefix + '%'} ORDER BY id FOR UPDATE`);
}

export async function moveSubtree(tx: Db, nodeId: number, newParentId: number, oldPrefix: string, newPrefix: string): Promise<number> {
  await lockSubtree(tx, oldPrefix);
  const depthDelta = newPrefix.split('/').length - oldPrefix.split('/').length;
  const moved = await rows<{ id: number }>(
    tx,
    sql`UPDATE places SET
          path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}),
          depth = depth + ${depthDelta},
          parent_id = CASE WHEN id = ${nodeId} THEN ${newParentId} ELSE parent_id END,
          version = CASE WHEN id = ${nodeId} THEN version + 1 ELSE version END
        WHERE path LIKE ${oldPrefix + '%'} RETURNING id`,
  );
  return moved.length;
}

export async function retireSubtree(tx: Db, path: string): Promise<number> {
  await lockSubtree(tx, path);
  const r = await rows<{ id: number }>(tx, sql`UPDATE places SET retired_at = now(), version = version + 1 WHERE path LIKE ${path + '%'} AND retired_at IS NULL RETURNING id`);
  return r.length;
}

export async function subtreeCounts(db: Db, path: string) {
  const byKind = await rows<{ kind: string; n: number }>(
    db,
    sql`SELECT kind, count(*)::int AS n FROM places WHERE path LIKE ${path + '%'} AND retired_at IS NULL GROUP BY kind`,
  );
  const hh = await one<{ households: number; residents: number }>(
    db,
    sql`SELECT count(DISTINCT h.id)::int AS households, count(m.person_id)::int AS residents
        FROM places u JOIN households h ON h.unit_id = u.id AND h.retired_at IS NULL
        LEFT JOIN household_members m ON m.household_id = h.id
        WHERE u.path LIKE ${path + '%'} AND u.kind = 'unit' AND u.retired_at IS NULL`,
  );
  return {
    byKind: Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)])),
    households: Number(hh?.households ?? 0),
    residents: Number(hh?.residents ?? 0),
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** "幸福里 3号楼 2单元 301" for each path: the names from the estate down. */
export async function addressLabels(db: Db, paths: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))];
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const names = new Map(
    (await rows<{ id: number; name: string; kind: string }>(db, sql`SELECT id, name, kind FROM places WHERE id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)).map((r) => [
      Number(r.id),
      r,
    ]),
  );
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean).map((id) => names.get(Number(id)));
    out.set(p, parts.filter((n) => n && ['estate', 'building', 'entrance', 'unit'].includes(n.kind)).map((n) => n!.name).join(' '));
  }
  return out;
}
