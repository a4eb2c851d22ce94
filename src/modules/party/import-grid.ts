// Import 三长 (片长, 组长, 邻长) from XLSX or CSV: each row names a person, the post, the grid cell
// (found by name at its place, or created under the named parent cell, possibly one created by an
// earlier row of the file) and makes the person the cell's leader. Checked first, one transaction,
// one audit entry; the cell's place row is locked so two imports never create the same cell twice.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { one, rows, type Db } from '../../core/db/client';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { districtsOf, importScope, matchPersons, Problems, readSheetRows, report, resolveAddresses, templateXlsx, type Column, type SheetRow } from './import';
import type { PartyImportReport } from './schemas-import';
import './errors-import';

export const GRID_COLUMNS = [
  { key: 'name', zh: '姓名', required: true, example: '李四' },
  { key: 'idNumber', zh: '身份证号', required: false, example: '511303197005051234' },
  { key: 'phone', zh: '手机号', required: false, example: '13900000000' },
  { key: 'post', zh: '职务', required: true, example: '邻长' },
  { key: 'cell', zh: '网格名称', required: true, example: '3号楼1单元邻' },
  { key: 'place', zh: '所在地点', required: true, example: '翠堤里/3号楼/1单元' },
  { key: 'parent', zh: '上级网格', required: false, example: '翠堤里组' },
] as const satisfies readonly Column<string>[];
type Key = (typeof GRID_COLUMNS)[number]['key'];
type Level = 'pian' | 'zu' | 'lin';

const POST: Record<string, Level> = { 片长: 'pian', 组长: 'zu', 邻长: 'lin' };
const ROLE: Record<Level, string> = { pian: 'pian_zhang', zu: 'zu_zhang', lin: 'lin_zhang' };
const UP: Record<Level, Level | null> = { pian: null, zu: 'pian', lin: 'zu' };
// 片 on a community, 组 on an estate, 邻 on a building or an entrance
const PLACE_KINDS: Record<Level, string[]> = { pian: ['community'], zu: ['estate'], lin: ['building', 'entrance'] };

interface CellRow {
  id: number;
  level: Level;
  name: string;
  place_id: number;
  place_path: string;
}
/** Where a row's parent cell comes from: an existing cell, or the cell of an earlier row. */
type ParentRef = { cellId: number } | { fileRow: number } | null;
interface Good {
  row: number;
  personId: number;
  level: Level;
  cell: string;
  placeId: number;
  placePath: string;
  existing: number | null;
  parent: ParentRef;
}

async function validate(db: Db, ctx: AppContext, scopePaths: string[], input: SheetRow<Key>[]) {
  const p = new Problems<Key>(GRID_COLUMNS);
  const readable = input.filter((r) => p.basics(r));
  const persons = await matchPersons(db, ctx.pii, readable.map((r) => ({ row: r.__row, name: r.name!, idNumber: r.idNumber, phone: r.phone })));
  const places = await resolveAddresses(db, districtsOf(scopePaths), readable.map((r) => r.place!), ['community', 'estate', 'building', 'entrance'], scopePaths);
  const names = [...new Set(readable.flatMap((r) => [r.cell!, r.parent].filter((x): x is string => !!x)))];
  const cells = names.length
    ? await rows<CellRow>(
        db,
        sql`SELECT id::int AS id, level, name, place_id::int AS place_id, place_path FROM grid_cells
             WHERE retired_at IS NULL AND name IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
      )
    : [];
  const good: Good[] = [];
  const seen = new Set<string>();
  for (const r of readable) {
    const row = r.__row;
    const m = persons.get(row)!;
    if ('reason' in m) p.add(row, m.field, m.field === 'idNumber' ? r.idNumber : m.field === 'phone' ? r.phone : r.name, m.reason);
    const level = POST[r.post!];
    if (!level) p.add(row, 'post', r.post, 'bad_post');
    if (r.cell!.length > 100) p.add(row, 'cell', r.cell, 'too_long');
    const hit = places.get(r.place!)!;
    if ('reason' in hit) p.add(row, 'place', r.place, hit.reason === 'not_in_scope' ? 'not_in_scope' : hit.reason === 'ambiguous' ? 'ambiguous_place' : 'place_not_found');
    else if (level && !PLACE_KINDS[level].includes(hit.place.kind)) p.add(row, 'place', r.place, 'wrong_place_level');
    if (p.has(row) || 'reason' in m || 'reason' in hit) continue;
    const key = `${level}\u0001${r.cell}\u0001${hit.place.id}`;
    if (seen.has(key)) {
      p.add(row, 'cell', r.cell, 'duplicate_in_file');
      continue;
    }
    seen.add(key);
    const existing = cells.find((c) => c.level === level && c.name === r.cell && c.place_id === hit.place.id);
    let parent: ParentRef = null;
    const up = UP[level];
    if (!existing) {
      if (!up && r.parent) p.add(row, 'parent', r.parent, 'parent_not_allowed');
      else if (up && !r.parent) p.add(row, 'parent', r.parent, 'parent_required');
      else if (up) {
        // the parent is one level up and its place contains this one: an existing cell, or one this file creates
        const fromDb = cells.find((c) => c.level === up && c.name === r.parent && hit.place.path.startsWith(c.place_path));
        const fromFile = good.find((g) => g.level === up && g.cell === r.parent && hit.place.path.startsWith(g.placePath));
        parent = fromDb ? { cellId: fromDb.id } : fromFile ? { fileRow: fromFile.row } : null;
        if (!parent) p.add(row, 'parent', r.parent, 'unknown_parent');
      }
    }
    if (p.has(row)) continue;
    good.push({ row, personId: m.personId, level, cell: r.cell!, placeId: hit.place.id, placePath: hit.place.path, existing: existing?.id ?? null, parent });
  }
  return { good, problems: p };
}

export async function importGrid(ctx: AppContext, actor: Actor, input: { file: Buffer; filename: string; dryRun: boolean; skipBad: boolean }): Promise<PartyImportReport> {
  const scopePaths = await importScope(ctx.db, actor);
  const parsed = await readSheetRows<Key>(input.file, input.filename, GRID_COLUMNS);
  const { good, problems } = await validate(ctx.db, ctx, scopePaths, parsed);
  if (input.dryRun) return report(parsed.length, problems, 0, false);
  if (problems.rows && !input.skipBad) throw new AppError('IMPORT_INVALID', report(parsed.length, problems, 0, false));
  if (!good.length) return report(parsed.length, problems, 0, false);
  const who = auditActor(actor);
  const created = { cells: 0, leaders: 0, roles: 0 };
  await ctx.db.transaction(async (tx) => {
    const cellOfRow = new Map<number, number>();
    for (const g of good) {
      // the place's row lock: a second import creating the same cell waits, then finds it
      await one(tx, sql`SELECT id FROM places WHERE id = ${g.placeId} FOR UPDATE`);
      const found = await one<{ id: number }>(
        tx,
        sql`SELECT id::int AS id FROM grid_cells WHERE level = ${g.level} AND name = ${g.cell} AND place_id = ${g.placeId} AND retired_at IS NULL ORDER BY id LIMIT 1`,
      );
      let cellId = found?.id ?? null;
      if (!cellId) {
        const parentId = !g.parent ? null : 'cellId' in g.parent ? g.parent.cellId : cellOfRow.get(g.parent.fileRow)!;
        const made = await one<{ id: number }>(
          tx,
          sql`INSERT INTO grid_cells (id, level, parent_id, name, place_id, place_path, cell_path)
              SELECT s.id, ${g.level}, ${parentId}::bigint, ${g.cell}, ${g.placeId}, ${g.placePath},
                     COALESCE((SELECT cell_path FROM grid_cells WHERE id = ${parentId}::bigint), '/') || s.id || '/'
                FROM (SELECT nextval('grid_cells_id_seq') AS id) s
              RETURNING id::int AS id`,
        );
        cellId = made!.id;
        created.cells++;
      }
      cellOfRow.set(g.row, cellId);
      await rows(
        tx,
        sql`UPDATE grid_cells SET leader_person_id = ${g.personId}, leader_since = CURRENT_DATE, version = version + 1
             WHERE id = ${cellId} AND leader_person_id IS DISTINCT FROM ${g.personId}`,
      );
      created.leaders++;
      // a person with an account gets the post's role on the cell's place (the phone pages follow it)
      const granted = await rows(
        tx,
        sql`INSERT INTO role_assignments (user_id, role, place_id, granted_by)
            SELECT u.id, ${ROLE[g.level]}, ${g.placeId}, ${actor.userId} FROM users u
             WHERE u.person_id = ${g.personId} AND u.disabled_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.role = ${ROLE[g.level]} AND r.place_id = ${g.placeId} AND r.revoked_at IS NULL)
            RETURNING id`,
      );
      created.roles += granted.length;
    }
    await recordAudit(tx, who, {
      action: 'party.import.grid',
      entity: 'grid_cell',
      entityId: null,
      placePath: scopePaths.length === 1 ? scopePaths[0] : null,
      after: { file: input.filename, rows: parsed.length, imported: good.length, ...created, skippedRows: [...new Set(problems.list.map((x) => x.row))] },
    });
  });
  return report(parsed.length, problems, good.length, true, created);
}

export function gridTemplate(): Promise<Buffer> {
  return templateXlsx('三长导入', GRID_COLUMNS, [
    '带 * 的列必填；第 2 行是示例（以“示例”开头），导入时忽略，可删除。',
    '身份证号或“姓名 + 手机号”用于查找已登记的居民；身份证号不会以明文保存或显示。',
    '职务：片长 / 组长 / 邻长。所在地点：片长填社区，组长填小区，邻长填楼栋或单元，写法如 翠堤里/3号楼/1单元（可在前面加社区名）。',
    '网格名称：该地点已有的网格按名称找到；没有则新建，新建的组、邻须填写上级网格（上一级网格的名称，可以是本文件前面的行新建的）。',
    '单个文件不超过 5 MB、5000 行。',
  ]);
}
