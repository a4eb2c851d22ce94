// Import party members from XLSX or CSV: each row names an existing person (ID number, or name and
// phone), their status, dates, organisation (in the caller's area) and home. Every row is checked
// first; nothing is written while any row is wrong unless skipBad. One transaction, one audit entry.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../core/manifest';
import type { Actor } from '../../core/access/policy';
import { AppError } from '../../core/errors';
import { rows, type Db } from '../../core/db/client';
import { arrayLiteral } from '../../core/db/sql';
import { recordAudit } from '../../core/audit/ledger';
import { auditActor } from '../../core/http';
import { districtsOf, importScope, matchPersons, parseDay, Problems, readSheetRows, report, resolveAddresses, templateXlsx, type Column, type SheetRow } from './import';
import type { PartyImportReport } from './schemas-import';
import './errors-import';

export const MEMBER_COLUMNS = [
  { key: 'name', zh: '姓名', required: true, example: '张三' },
  { key: 'idNumber', zh: '身份证号', required: false, example: '511303198001011234' },
  { key: 'phone', zh: '手机号', required: false, example: '13800000000' },
  { key: 'status', zh: '党员类别', required: true, example: '正式党员' },
  { key: 'joinedOn', zh: '入党日期', required: true, example: '2005-07-01' },
  { key: 'fullOn', zh: '转正日期', required: false, example: '2006-07-01' },
  { key: 'org', zh: '所属党组织', required: true, example: '翠堤里党支部' },
  { key: 'category', zh: '人员类别', required: true, example: '在职' },
  { key: 'employer', zh: '工作单位', required: false, example: '区教育局' },
  { key: 'organCadre', zh: '机关党员干部', required: false, example: '是' },
  { key: 'address', zh: '居住房屋', required: false, example: '翠堤里/3号楼/1单元/1201' },
] as const satisfies readonly Column<string>[];
type Key = (typeof MEMBER_COLUMNS)[number]['key'];

const STATUS: Record<string, 'full' | 'probationary'> = { 正式党员: 'full', 预备党员: 'probationary', 正式: 'full', 预备: 'probationary' };
const CATEGORY: Record<string, 'in_service' | 'retired' | 'other'> = { 在职: 'in_service', 退休: 'retired', 其他: 'other' };
const YES_NO: Record<string, boolean> = { 是: true, 否: false };

interface Good {
  row: number;
  personId: number;
  orgId: number;
  orgPlacePath: string;
  status: 'full' | 'probationary';
  joinedOn: string;
  fullOn: string | null;
  category: 'in_service' | 'retired' | 'other';
  employer: string | null;
  organCadre: boolean;
  unitId: number | null;
  unitPath: string | null;
}

async function validate(db: Db, ctx: AppContext, scopePaths: string[], input: SheetRow<Key>[]) {
  const p = new Problems<Key>(MEMBER_COLUMNS);
  const readable = input.filter((r) => p.basics(r));
  const persons = await matchPersons(db, ctx.pii, readable.map((r) => ({ row: r.__row, name: r.name!, idNumber: r.idNumber, phone: r.phone })));
  const orgNames = [...new Set(readable.map((r) => r.org!))];
  const orgs = orgNames.length
    ? await rows<{ id: number; name: string; place_path: string }>(
        db,
        sql`SELECT id::int AS id, name, place_path FROM party_orgs WHERE retired_at IS NULL AND kind <> 'group'
             AND name IN (${sql.join(orgNames.map((n) => sql`${n}`), sql`, `)})`,
      )
    : [];
  const addresses = await resolveAddresses(db, districtsOf(scopePaths), readable.map((r) => r.address).filter((a): a is string => !!a), ['unit'], scopePaths);
  const personIds = [...persons.values()].flatMap((m) => ('personId' in m ? [m.personId] : []));
  const members = new Set(
    personIds.length
      ? (await rows<{ person_id: number }>(db, sql`SELECT person_id::int AS person_id FROM party_members WHERE person_id IN (${sql.join(personIds.map((i) => sql`${i}`), sql`, `)})`)).map((m) => m.person_id)
      : [],
  );
  const seen = new Set<number>();
  const good: Good[] = [];
  for (const r of readable) {
    const row = r.__row;
    const m = persons.get(row)!;
    if ('reason' in m) p.add(row, m.field, m.field === 'idNumber' ? r.idNumber : m.field === 'phone' ? r.phone : r.name, m.reason);
    else if (seen.has(m.personId)) p.add(row, r.idNumber ? 'idNumber' : 'phone', r.idNumber ?? r.phone, 'duplicate_in_file');
    else if (members.has(m.personId)) p.add(row, r.idNumber ? 'idNumber' : 'phone', r.idNumber ?? r.phone, 'already_member');
    if ('personId' in m) seen.add(m.personId);
    const status = STATUS[r.status!];
    if (!status) p.add(row, 'status', r.status, 'bad_status');
    const category = CATEGORY[r.category!];
    if (!category) p.add(row, 'category', r.category, 'bad_category');
    const organCadre = r.organCadre ? YES_NO[r.organCadre] : false;
    if (organCadre === undefined) p.add(row, 'organCadre', r.organCadre, 'bad_bool');
    if ((r.employer?.length ?? 0) > 100) p.add(row, 'employer', r.employer, 'too_long');
    const joinedOn = parseDay(r.joinedOn!);
    if (!joinedOn) p.add(row, 'joinedOn', r.joinedOn, 'bad_date');
    const fullOn = r.fullOn ? parseDay(r.fullOn) : null;
    if (r.fullOn && !fullOn) p.add(row, 'fullOn', r.fullOn, 'bad_date');
    else if (fullOn && status === 'probationary') p.add(row, 'fullOn', r.fullOn, 'probationary_full_on');
    else if (fullOn && joinedOn && fullOn <= joinedOn) p.add(row, 'fullOn', r.fullOn, 'full_before_joined');
    const named = orgs.filter((o) => o.name === r.org);
    const mine = named.filter((o) => scopePaths.some((s) => o.place_path.startsWith(s)));
    if (mine.length !== 1) p.add(row, 'org', r.org, mine.length > 1 ? 'ambiguous_org' : named.length ? 'not_in_scope' : 'unknown_org');
    const home = r.address ? addresses.get(r.address)! : null;
    if (home && 'reason' in home) p.add(row, 'address', r.address, home.reason === 'not_in_scope' ? 'not_in_scope' : home.reason === 'ambiguous' ? 'ambiguous_place' : 'unit_not_found');
    if (p.has(row) || !('personId' in m)) continue;
    const unit = home && 'place' in home ? home.place : null;
    good.push({
      row,
      personId: m.personId,
      orgId: mine[0].id,
      orgPlacePath: mine[0].place_path,
      status: status!,
      joinedOn: joinedOn!,
      fullOn,
      category: category!,
      employer: r.employer ?? null,
      organCadre: organCadre!,
      unitId: unit?.id ?? null,
      unitPath: unit?.path ?? null,
    });
  }
  return { good, problems: p };
}

export async function importMembers(ctx: AppContext, actor: Actor, input: { file: Buffer; filename: string; dryRun: boolean; skipBad: boolean }): Promise<PartyImportReport> {
  const scopePaths = await importScope(ctx.db, actor);
  const parsed = await readSheetRows<Key>(input.file, input.filename, MEMBER_COLUMNS);
  const { good, problems } = await validate(ctx.db, ctx, scopePaths, parsed);
  if (input.dryRun) return report(parsed.length, problems, 0, false);
  if (problems.rows && !input.skipBad) throw new AppError('IMPORT_INVALID', report(parsed.length, problems, 0, false));
  if (!good.length) return report(parsed.length, problems, 0, false);
  const who = auditActor(actor);
  const col = <T>(f: (g: Good) => T) => good.map(f);
  await ctx.db.transaction(async (tx) => {
    // the audit head is locked first: concurrent imports take turns, and the unique person index
    // refuses a member registered in between (the whole file is rolled back)
    await recordAudit(tx, who, {
      action: 'party.import.members',
      entity: 'party_member',
      entityId: null,
      placePath: scopePaths.length === 1 ? scopePaths[0] : null,
      after: { file: input.filename, rows: parsed.length, imported: good.length, skippedRows: [...new Set(problems.list.map((x) => x.row))] },
    });
    const inserted = await rows<{ id: number; org_id: number }>(
      tx,
      sql`INSERT INTO party_members (person_id, org_id, status, joined_on, full_on, category, employer, organ_cadre, unit_id, estate_id, place_path)
          SELECT person_id, org_id, status, joined_on, full_on, category, employer, organ_cadre, unit_id,
                 CASE WHEN unit_path IS NOT NULL THEN split_part(unit_path, '/', 5)::bigint END, COALESCE(unit_path, org_path)
            FROM unnest(${arrayLiteral(col((g) => g.personId), 'bigint')}::bigint[], ${arrayLiteral(col((g) => g.orgId), 'bigint')}::bigint[],
                        ${arrayLiteral(col((g) => g.status), 'text')}::text[], ${arrayLiteral(col((g) => g.joinedOn), 'date')}::date[],
                        ${arrayLiteral(col((g) => g.fullOn), 'date')}::date[], ${arrayLiteral(col((g) => g.category), 'text')}::text[],
                        ${arrayLiteral(col((g) => g.employer), 'text')}::text[], ${arrayLiteral(col((g) => g.organCadre), 'boolean')}::boolean[],
                        ${arrayLiteral(col((g) => g.unitId), 'bigint')}::bigint[], ${arrayLiteral(col((g) => g.unitPath), 'text')}::text[],
                        ${arrayLiteral(col((g) => g.orgPlacePath), 'text')}::text[])
                 AS t(person_id, org_id, status, joined_on, full_on, category, employer, organ_cadre, unit_id, unit_path, org_path)
          ON CONFLICT (person_id) DO NOTHING
          RETURNING id::int AS id, org_id::int AS org_id`,
    );
    if (inserted.length !== good.length) throw new AppError('PARTY_IMPORT_CONFLICT', { expected: good.length, inserted: inserted.length });
    // the history starts with the transfer in (组织关系转入) by import
    await rows(
      tx,
      sql`INSERT INTO party_member_transfers (member_id, direction, to_org_id, on_date, reason, created_by)
          SELECT id, 'in', org_id, CURRENT_DATE, '批量导入', ${actor.userId}
            FROM unnest(${arrayLiteral(inserted.map((i) => i.id), 'bigint')}::bigint[], ${arrayLiteral(inserted.map((i) => i.org_id), 'bigint')}::bigint[]) AS t(id, org_id)`,
    );
  });
  return report(parsed.length, problems, good.length, true, { members: good.length });
}

export function membersTemplate(): Promise<Buffer> {
  return templateXlsx('党员导入', MEMBER_COLUMNS, [
    '带 * 的列必填；第 2 行是示例（以“示例”开头），导入时忽略，可删除。',
    '身份证号或“姓名 + 手机号”用于查找已登记的居民；身份证号不会以明文保存或显示。',
    '党员类别：正式党员 / 预备党员；人员类别：在职 / 退休 / 其他；机关党员干部：是 / 否。',
    '日期格式：2020-07-01。所属党组织：填写您辖区内党组织的全称。',
    '居住房屋：小区/楼栋/单元/房号，例如 翠堤里/3号楼/1单元/1201（可在前面加社区名）。',
    '单个文件不超过 5 MB、5000 行。',
  ]);
}
