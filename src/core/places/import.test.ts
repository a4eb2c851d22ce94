// POST /api/places/:id/import: XLSX and CSV (UTF-8 with BOM, GBK) built here, row-level reports,
// all-or-nothing by default, dry runs, skipping bad rows, and one audit entry per import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../test/harness';
import { auditHead, auditSince, csvText, encodeGbk, fileForm, scalar, userId, withoutLedger, xlsxBuffer, type Cell } from '../../test/fixtures';

interface Problem {
  row: number;
  field: string;
  value: string;
  reason: string;
  message: string;
}
interface Report {
  totalRows: number;
  validRows: number;
  committed: boolean;
  created: Record<string, number>;
  problems: Problem[];
}

const HEADER = ['街道', '社区', '小区', '楼栋', '单元', '房号', '楼层', '登记面积', '测绘面积', '合同面积', '物业公司'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let env: TestEnv;
let admin: Client, street: Client, community: Client, pian: Client, property: Client, resident: Client;
let street1: number, community1: number, community1b: number, community2: number;
let community1Name: string;
let companyName: string;
let companyId: number;

const placeCount = () => scalar(env, `SELECT count(*) FROM places`);
const auditCount = () => scalar(env, `SELECT count(*) FROM audit_log`);

/** A row of the template: estate, building, entrance, unit, floor, registry/surveyed/contract area, company. */
function row(estate: string | null, building: string | null, entrance: string | null, unit: string | null, floor: Cell = null, areas: [Cell, Cell, Cell] = [null, null, null], company: string | null = null, communityName: string | null = null): Cell[] {
  return [null, communityName, estate, building, entrance, unit, floor, ...areas, company];
}

function upload(client: Client, anchor: number, filename: string, content: Buffer | string, query = '', type = XLSX): Promise<LightMyRequestResponse> {
  return client.post(`/api/places/${anchor}/import${query}`, fileForm(filename, content, type));
}

function report(res: LightMyRequestResponse, status = 200): Report {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (status === 200) return res.json<Report>();
  return res.json<{ error: { details: Report } }>().error.details;
}

async function childrenByName(parentId: number): Promise<Map<string, { id: number; kind: string; path: string; attrs: Record<string, unknown> }>> {
  const r = await env.database.query<{ id: number; kind: string; name: string; path: string; attrs: Record<string, unknown> }>(
    `SELECT id, kind, name, path, attrs FROM places WHERE parent_id = $1 AND retired_at IS NULL`,
    [parentId],
  );
  return new Map(r.map((x) => [x.name, { id: Number(x.id), kind: x.kind, path: x.path, attrs: x.attrs }]));
}

/** The id of the node reached from `from` by following child names. */
async function walk(from: number, ...names: string[]): Promise<number> {
  let id = from;
  for (const n of names) {
    const child = (await childrenByName(id)).get(n);
    if (!child) throw new Error(`no ${n} under ${id}`);
    id = child.id;
  }
  return id;
}

async function areasOf(unitId: number): Promise<Record<string, number>> {
  const r = await env.database.query<{ source: string; area_centi: number }>(`SELECT source, area_centi FROM unit_areas WHERE unit_id = $1`, [unitId]);
  return Object.fromEntries(r.map((a) => [a.source, Number(a.area_centi)]));
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, street, community, pian, property, resident] = await Promise.all(['admin', 'street', 'community', 'pianzhang', 'property', 'resident'].map((u) => env.login(u)));
  street1 = await placeId(env, 'street', 0);
  community1 = await scalar(env, `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'community'`);
  community1b = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, [street1, community1]);
  community2 = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 ORDER BY id LIMIT 1`, [await placeId(env, 'street', 1)]);
  community1Name = (await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [community1]))[0].name;
  const company = await env.database.query<{ id: number; name: string }>(`SELECT id, name FROM orgs WHERE kind = 'property_company' ORDER BY id LIMIT 1`);
  companyId = Number(company[0].id);
  companyName = company[0].name;
});
afterAll(async () => env?.close());

describe('access', () => {
  it('needs a session and places.import, and writes nothing for anyone refused', async () => {
    const file = await xlsxBuffer([HEADER, row('越权花园', '1号楼', '1单元', '101')]);
    const [places, audits] = [await placeCount(), await auditCount()];
    expectError(await upload(env.anon, community1, 'a.xlsx', file), 401, 'UNAUTHENTICATED');
    for (const c of [pian, property, resident]) expectError(await upload(c, community1, 'a.xlsx', file), 403, 'FORBIDDEN');
    expectError(await upload(street, community2, 'a.xlsx', file), 403, 'NOT_IN_SCOPE');
    expectError(await upload(community, community1b, 'a.xlsx', file), 403, 'NOT_IN_SCOPE');
    expectError(await upload(community, street1, 'a.xlsx', file), 403, 'NOT_IN_SCOPE');
    // even a dry run reports nothing outside the scope
    const dry = await upload(street, community2, 'a.xlsx', file, '?dryRun=true');
    expectError(dry, 403, 'NOT_IN_SCOPE');
    expect(dry.body).not.toContain('totalRows');
    expect([await placeCount(), await auditCount()]).toEqual([places, audits]);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '越权花园'`)).toBe(0);
  });
});

describe('an XLSX with one bad row among good ones', () => {
  let file: Buffer;
  beforeAll(async () => {
    file = await xlsxBuffer([
      HEADER,
      row('导入花园', '1号楼', '1单元', '101', 1, [89.55, null, null], companyName, community1Name),
      row('导入花园', '1号楼', '1单元', '102', 1, [null, 90.1, null]),
      row('导入花园', '1号楼', '2单元', '201', 2, [null, null, '95.00']),
      row('导入花园', '1号楼', '1单元', '103', 1, [89.555, null, null]),
    ]);
  });

  it('is refused whole with 422 and a row-level report; nothing is imported', async () => {
    const [places, audits] = [await placeCount(), await auditCount()];
    const res = await upload(community, community1, 'estate.xlsx', file);
    expectError(res, 422, 'IMPORT_INVALID');
    const r = report(res, 422);
    expect(r).toMatchObject({ totalRows: 4, validRows: 3, committed: false, created: {} });
    expect(r.problems).toEqual([
      {
        row: 5,
        field: '登记面积',
        column: 'areaRegistry',
        value: '89.555',
        reason: 'bad_area',
        message: '面积须为大于 0 的数字，最多两位小数',
        messages: { 'zh-CN': '面积须为大于 0 的数字，最多两位小数', en: 'Area must be a positive number with at most two decimals' },
      },
    ]);
    expect([await placeCount(), await auditCount()]).toEqual([places, audits]);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '导入花园'`)).toBe(0);
  });

  it('with dryRun=true returns the same report and writes nothing', async () => {
    const [places, audits] = [await placeCount(), await auditCount()];
    const r = report(await upload(community, community1, 'estate.xlsx', file, '?dryRun=true'));
    expect(r).toMatchObject({ totalRows: 4, validRows: 3, committed: false, created: {} });
    expect(r.problems.map((p) => [p.row, p.field, p.reason])).toEqual([[5, '登记面积', 'bad_area']]);
    expect([await placeCount(), await auditCount()]).toEqual([places, audits]);
  });

  it('with skipBadRows=true imports the good rows exactly, in one audited transaction', async () => {
    const places = await placeCount();
    const seq = await auditHead(env);
    const r = report(await upload(community, community1, 'estate.xlsx', file, '?skipBadRows=true'));
    expect(r).toMatchObject({ totalRows: 4, validRows: 3, committed: true, created: { estate: 1, building: 1, entrance: 2, unit: 3 } });
    expect(r.problems.map((p) => p.row)).toEqual([5]);
    expect(await placeCount()).toBe(places + 7);

    const estate = (await childrenByName(community1)).get('导入花园')!;
    expect(estate.kind).toBe('estate');
    const c1path = (await env.database.query<{ path: string }>(`SELECT path FROM places WHERE id = $1`, [community1]))[0].path;
    expect(estate.path).toBe(`${c1path}${estate.id}/`);
    const building = (await childrenByName(estate.id)).get('1号楼')!;
    expect(building.kind).toBe('building');
    const entrances = await childrenByName(building.id);
    expect([...entrances.keys()].sort()).toEqual(['1单元', '2单元']);
    const units1 = await childrenByName(entrances.get('1单元')!.id);
    expect([...units1.keys()].sort()).toEqual(['101', '102']);
    const u101 = units1.get('101')!;
    expect(u101).toMatchObject({ kind: 'unit', attrs: { floor: 1 } });
    expect(u101.path).toBe(`${entrances.get('1单元')!.path}${u101.id}/`);
    expect(await areasOf(u101.id)).toEqual({ registry: 8955 });
    expect(await areasOf(units1.get('102')!.id)).toEqual({ surveyed: 9010 });
    const u201 = (await childrenByName(entrances.get('2单元')!.id)).get('201')!;
    expect(u201.attrs).toEqual({ floor: 2 });
    expect(await areasOf(u201.id)).toEqual({ contract: 9500 });
    expect(await scalar(env, `SELECT company_id FROM estate_property WHERE estate_id = $1`, [estate.id])).toBe(companyId);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '103'  AND parent_id = $1`, [entrances.get('1单元')!.id])).toBe(0);

    const audit = await auditSince(env, seq);
    // the new estate's property company gets its own entry, then the import's summary
    expect(audit.map((a) => a.action)).toEqual(['estate.property_company.set', 'place.import']);
    expect(audit[0]).toMatchObject({ entity_id: String(estate.id), after: { companyId, via: 'import' } });
    expect(audit[1]).toMatchObject({
      action: 'place.import',
      entity: 'place',
      entity_id: String(community1),
      place_path: c1path,
      actor_user_id: await userId(env, 'community'),
      after: { file: 'estate.xlsx', rows: 4, imported: 3, skipped: [5], created: { estate: 1, building: 1, entrance: 2, unit: 3 } },
    });
    // and the community worker sees the new units in the subtree counts
    const counts = (await community.get(`/api/places/${estate.id}`)).json<{ counts: { byKind: Record<string, number> } }>().counts.byKind;
    expect(counts).toEqual({ estate: 1, building: 1, entrance: 2, unit: 3 });
  });

  it('writes the places and the audit entry in one transaction: a failing ledger leaves nothing', async () => {
    const places = await placeCount();
    const file = await xlsxBuffer([HEADER, row('账本花园', '1号楼', '1单元', '101', 1, [50, null, null]), row('账本花园', '1号楼', '1单元', '102', 1)]);
    expectError(await withoutLedger(env, () => upload(community, community1, 'ledger.xlsx', file)), 500, 'INTERNAL');
    expect(await placeCount()).toBe(places);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '账本花园'`)).toBe(0);
  });

  it('adds to the existing estate on a later import and refuses units that already exist', async () => {
    const more = await xlsxBuffer([HEADER, row('导入花园', '1号楼', '1单元', '104', 1), row('导入花园', '1号楼', '1单元', '101', 1)]);
    const res = await upload(community, community1, 'more.xlsx', more);
    expect(report(res, 422).problems).toEqual([
      { row: 3, field: '房号', column: 'unit', value: '101', reason: 'exists', message: '该房屋已存在', messages: { 'zh-CN': '该房屋已存在', en: 'This unit already exists' } },
    ]);
    const r = report(await upload(community, community1, 'more.xlsx', await xlsxBuffer([HEADER, row('导入花园', '1号楼', '1单元', '104', 1)])));
    expect(r).toMatchObject({ committed: true, created: { unit: 1 } });
    expect((await childrenByName(await walk(community1, '导入花园', '1号楼', '1单元'))).has('104')).toBe(true);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE parent_id = $1 AND name = '导入花园'`, [community1])).toBe(1);
  });
});

describe('row-level report', () => {
  it('names row, column, value and reason for each problem; sheet row numbers survive blank rows', async () => {
    const long = '楼'.repeat(101);
    const file = await xlsxBuffer([
      HEADER,
      row(null, '1号楼', '1单元', '101'), // 2: estate missing
      row('报告花园', null, '1单元', '101'), // 3: entrance without building
      row('报告花园', long, '1单元', '101'), // 4: too long
      [], // 5: blank
      row('报告花园', '1号楼', '1单元', '101', 'abc'), // 6: floor not a number
      row('报告花园', '1号楼', '1单元', '102', 201), // 7: floor out of range
      row('报告花园', '1号楼', '1单元', '103', 1, ['-1', '0', '1e3']), // 8: three bad areas
      row('报告花园', '1号楼', '1单元', '104', 1, [null, null, null], '不存在物业公司'), // 9: unknown company
      row('报告花园', '1号楼', '1单元', '105', 1), // 10: good
      row('报告花园', '1号楼', '1单元', '105', 1), // 11: duplicate of row 10
    ]);
    const places = await placeCount();
    const r = report(await upload(community, community1, 'report.xlsx', file), 422);
    expect(r.totalRows).toBe(9); // the blank row is not counted
    expect(r.validRows).toBe(1);
    expect(r.problems.map((p) => [p.row, p.field, p.value, p.reason])).toEqual([
      [2, '小区', '', 'required'],
      [2, '楼栋', '1号楼', 'missing_parent'],
      [2, '单元', '1单元', 'missing_parent'],
      [2, '房号', '101', 'missing_parent'],
      [3, '单元', '1单元', 'missing_parent'],
      [3, '房号', '101', 'missing_parent'],
      [4, '楼栋', long, 'too_long'],
      [6, '楼层', 'abc', 'bad_floor'],
      [7, '楼层', '201', 'bad_floor'],
      [8, '登记面积', '-1', 'bad_area'],
      [8, '测绘面积', '0', 'bad_area'],
      [8, '合同面积', '1e3', 'bad_area'],
      [9, '物业公司', '不存在物业公司', 'no_company'],
      [11, '房号', '105', 'duplicate_in_file'],
    ]);
    expect(r.problems.every((p) => p.message.length > 0)).toBe(true);
    expect(await placeCount()).toBe(places);
  });

  it('refuses a 社区 column naming another community than the one imported into', async () => {
    const otherName = (await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [community1b]))[0].name;
    const file = await xlsxBuffer([HEADER, row('错社区花园', '1号楼', '1单元', '101', 1, [null, null, null], null, otherName)]);
    const places = await placeCount();
    const r = report(await upload(community, community1, 'wrong.xlsx', file), 422);
    expect(r.problems.map((p) => [p.row, p.field, p.value, p.reason])).toEqual([[2, '社区', otherName, 'outside_anchor']]);
    expect(await placeCount()).toBe(places);
  });

  it('from a street, wants the community to exist under it', async () => {
    const file = await xlsxBuffer([HEADER, row('街道花园', '1号楼', '1单元', '101', 1, [null, null, null], null, '没有这个社区'), row('街道花园', '1号楼', '1单元', '101', 1, [null, null, null], null, community1Name)]);
    const r = report(await upload(street, street1, 'street.xlsx', file, '?dryRun=true'));
    expect(r.problems.map((p) => [p.row, p.field, p.reason])).toEqual([[2, '社区', 'not_found']]);
    expect(r.validRows).toBe(1);
    const done = report(await upload(street, street1, 'street.xlsx', file, '?skipBadRows=true'));
    expect(done.created).toEqual({ estate: 1, building: 1, entrance: 1, unit: 1 });
    expect(await walk(community1, '街道花园', '1号楼', '1单元', '101')).toBeGreaterThan(0);
  });

  it('refuses rows under a retired place', async () => {
    const estate = await walk(community1, '导入花园');
    const version = await scalar(env, `SELECT version FROM places WHERE id = $1`, [estate]);
    expect((await community.post(`/api/places/${estate}/retire`, { reason: '测试停用', version })).statusCode).toBe(200);
    const r = report(await upload(community, community1, 'retired.xlsx', await xlsxBuffer([HEADER, row('导入花园', '1号楼', '1单元', '109', 1)])), 422);
    expect(r.problems.map((p) => [p.field, p.reason])).toContainEqual(['小区', 'retired']);
    expect(r.problems.every((p) => p.reason === 'retired')).toBe(true);
  });

  it('imports into a new estate that reuses a retired one’s name, not into the retired buildings', async () => {
    const retired = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 AND name = '导入花园' AND retired_at IS NOT NULL`, [community1]);
    const fresh = (await community.post('/api/places', { parentId: community1, name: '导入花园' })).json<{ id: number }>().id;
    const r = report(await upload(community, community1, 'again.xlsx', await xlsxBuffer([HEADER, row('导入花园', '1号楼', '1单元', '101', 1)])));
    expect(r).toMatchObject({ committed: true, created: { building: 1, entrance: 1, unit: 1 }, problems: [] });
    expect(await walk(fresh, '1号楼', '1单元', '101')).toBeGreaterThan(0);
    expect(await scalar(env, `SELECT count(*) FROM places WHERE parent_id = $1`, [retired])).toBe(1);
  });

  it('stores markup and SQL-looking names verbatim', async () => {
    const names = ['<script>alert(1)</script>', "x'); DELETE FROM places;--"];
    const r = report(await upload(community, community1, 'odd.xlsx', await xlsxBuffer([HEADER, row(names[0], names[1], '1单元', '1')])));
    expect(r.committed).toBe(true);
    const building = await walk(community1, names[0], names[1]);
    expect((await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [building]))[0].name).toBe(names[1]);
    expect(await placeCount()).toBeGreaterThan(400);
  });
});

describe('CSV', () => {
  const rows = (estate: string): Cell[][] => [HEADER, row(estate, '1号楼', '1单元', '0101', '1', ['89.55', '', '']), row(estate, '1号楼', '1单元', '0102', '1', ['', '', '90.10'])];

  it('reads UTF-8 with a BOM, keeping text as typed (0101 stays 0101)', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows('逗号花园')), 'utf8')]);
    const r = report(await upload(community, community1, 'units.csv', content, '', 'text/csv'));
    expect(r).toMatchObject({ totalRows: 2, validRows: 2, committed: true, created: { estate: 1, building: 1, entrance: 1, unit: 2 } });
    const units = await childrenByName(await walk(community1, '逗号花园', '1号楼', '1单元'));
    expect([...units.keys()].sort()).toEqual(['0101', '0102']);
    expect(await areasOf(units.get('0101')!.id)).toEqual({ registry: 8955 });
    expect(await areasOf(units.get('0102')!.id)).toEqual({ contract: 9010 });
  });

  it('refuses in CSV what it refuses as text: 1e3, 0x10 and 89.5500001 are not areas', async () => {
    const file = csvText([HEADER, row('严格花园', '1号楼', '1单元', '101', '1', ['1e3', '0x10', '89.5500001'])]);
    const r = report(await upload(community, community1, 'strict.csv', file, '', 'text/csv'), 422);
    expect(r.problems.map((p) => [p.field, p.value, p.reason])).toEqual([
      ['登记面积', '1e3', 'bad_area'],
      ['测绘面积', '0x10', 'bad_area'],
      ['合同面积', '89.5500001', 'bad_area'],
    ]);
  });

  it('reads GBK, as saved by spreadsheets on Chinese Windows', async () => {
    const content = encodeGbk(csvText(rows('国标花园')));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(content)).toThrow();
    const r = report(await upload(community, community1, 'gbk.csv', content, '', 'text/csv'));
    expect(r.created).toEqual({ estate: 1, building: 1, entrance: 1, unit: 2 });
    expect([...(await childrenByName(await walk(community1, '国标花园', '1号楼', '1单元'))).keys()].sort()).toEqual(['0101', '0102']);
  });

  it('refuses more than 20,000 rows with 413 and writes nothing', async () => {
    const lines = ['小区,楼栋,单元,房号'];
    for (let i = 0; i < 20_001; i++) lines.push(`巨量花园,1号楼,1单元,${i}`);
    const places = await placeCount();
    expectError(await upload(community, community1, 'big.csv', lines.join('\n'), '', 'text/csv'), 413, 'IMPORT_TOO_MANY_ROWS');
    expect(await placeCount()).toBe(places);
  });
});

describe('bad requests', () => {
  it('refuses a file that is not a spreadsheet', async () => {
    const places = await placeCount();
    expectError(await upload(community, community1, 'notes.txt', '小区,楼栋\n甲,乙\n', '', 'text/plain'), 400, 'IMPORT_FILE_UNREADABLE');
    expectError(await upload(community, community1, 'image.xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])), 400, 'IMPORT_FILE_UNREADABLE');
    expectError(await upload(community, community1, 'noext', await xlsxBuffer([HEADER])), 400, 'IMPORT_FILE_UNREADABLE');
    const noHeader = await upload(community, community1, 'nohead.csv', '名称,地址\n甲,乙\n', '', 'text/csv');
    expectError(noHeader, 400, 'IMPORT_FILE_UNREADABLE');
    expect(noHeader.json<{ error: { details: { reason: string; expected: string[] } } }>().error.details).toEqual({ reason: 'missing_header', expected: HEADER });
    expect(await placeCount()).toBe(places);
  });

  it('refuses a body that is not multipart, and a form without the file', async () => {
    expectError(await community.post(`/api/places/${community1}/import`, { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const form = new FormData();
    form.append('note', 'no file here');
    expectError(await community.post(`/api/places/${community1}/import`, form), 400, 'VALIDATION_FAILED');
  });

  it('refuses a file over 10 MB', async () => {
    const places = await placeCount();
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x41);
    expectError(await upload(community, community1, 'huge.csv', big, '', 'text/csv'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await placeCount()).toBe(places);
  });

  it('refuses bad ids and options, a missing anchor, and an anchor below the community', async () => {
    const file = await xlsxBuffer([HEADER, row('锚点花园', '1号楼', '1单元', '101')]);
    expectError(await upload(community, community1, 'a.xlsx', file, '?dryRun=maybe'), 400, 'VALIDATION_FAILED');
    expectError(await upload(admin, 0, 'a.xlsx', file), 400, 'VALIDATION_FAILED');
    expectError(await upload(admin, 98765432, 'a.xlsx', file), 404, 'PLACE_NOT_FOUND');
    const estate = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 AND kind = 'estate' ORDER BY id LIMIT 1`, [community1]);
    expectError(await upload(community, estate, 'a.xlsx', file), 400, 'PLACE_WRONG_KIND');
    expect(await scalar(env, `SELECT count(*) FROM places WHERE name = '锚点花园'`)).toBe(0);
  });
});
