// POST /api/party/import/members: XLSX and CSV built here with exceljs; a good file is written with
// one audit entry, a file with bad rows writes nothing (each reason reported at its row), skipBad
// writes the good rows, dryRun nothing; organisations and homes outside the caller's community are
// refused per row; ID numbers never come back unmasked; two imports of one person race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHead, auditSince, csvText, makeIdNumber, scalar, xlsxBuffer, type Cell } from '../../src/test/fixtures';
import { firstCommunities, newPerson, orgUnder, reasonsByRow, reportOf, unitAddress, upload, type TestPerson } from './import-support';

const HEADER = ['姓名', '身份证号', '手机号', '党员类别', '入党日期', '转正日期', '所属党组织', '人员类别', '工作单位', '机关党员干部', '居住房屋'];

let env: TestEnv;
let community: Client;
let ourOrg: string, otherOrg: string, ourOrgId: number;
let ourHome: { id: number; address: string; estateId: number }, otherHome: { address: string };
const people: Record<string, TestPerson> = {};

/** A full member's row, by ID number unless `byPhone`. */
function row(p: TestPerson, over: Partial<Record<(typeof HEADER)[number], Cell>> = {}, byPhone = false): Cell[] {
  const base: Record<string, Cell> = {
    姓名: p.name,
    身份证号: byPhone ? null : p.idNumber,
    手机号: byPhone ? p.phone : null,
    党员类别: '正式党员',
    入党日期: '2001-07-01',
    转正日期: '2002-07-01',
    所属党组织: ourOrg,
    人员类别: '在职',
    工作单位: '区教育局',
    机关党员干部: '是',
    居住房屋: ourHome.address,
    ...over,
  };
  return HEADER.map((h) => base[h] ?? null);
}
const memberCount = () => scalar(env, `SELECT count(*) FROM party_members`);

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  const c = await firstCommunities(env);
  const ours = await orgUnder(env, 'branch', c.mine);
  ourOrg = ours.name;
  ourOrgId = ours.id;
  otherOrg = (await orgUnder(env, 'branch', c.other)).name;
  ourHome = await unitAddress(env, c.mine, 3);
  otherHome = await unitAddress(env, c.other, 0);
  for (const n of ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']) people[n] = await newPerson(env, `导入测试${n}`);
});
afterAll(async () => env?.close());

describe('POST /api/party/import/members', () => {
  it('imports a good file: by ID number or name and phone, with home, organisation and history, one audit entry', async () => {
    const before = await auditHead(env);
    const file = await xlsxBuffer([
      HEADER,
      row(people.甲),
      row(people.乙, { 人员类别: '退休', 工作单位: null, 机关党员干部: '否' }, true),
      row(people.丙, { 党员类别: '预备党员', 入党日期: '2026-03-01', 转正日期: null, 居住房屋: null, 人员类别: '其他', 工作单位: null, 机关党员干部: null }),
    ]);
    const r = reportOf(await upload(community, 'members', file));
    expect(r).toMatchObject({ total: 3, imported: 3, skipped: 0, committed: true, errors: [] });
    const rows = await env.database.query<Record<string, unknown>>(
      `SELECT m.person_id::int AS person, m.org_id::int AS org, m.status, m.joined_on::text AS joined, m.full_on::text AS full_on, m.category,
              m.employer, m.organ_cadre, m.unit_id::int AS unit, m.estate_id::int AS estate, m.is_demo,
              (SELECT count(*)::int FROM party_member_transfers t WHERE t.member_id = m.id AND t.direction = 'in' AND t.to_org_id = m.org_id) AS transfers
         FROM party_members m WHERE m.person_id IN ($1, $2, $3) ORDER BY m.person_id`,
      [people.甲.id, people.乙.id, people.丙.id],
    );
    expect(rows).toEqual([
      { person: people.甲.id, org: ourOrgId, status: 'full', joined: '2001-07-01', full_on: '2002-07-01', category: 'in_service', employer: '区教育局', organ_cadre: true, unit: ourHome.id, estate: ourHome.estateId, is_demo: false, transfers: 1 },
      { person: people.乙.id, org: ourOrgId, status: 'full', joined: '2001-07-01', full_on: '2002-07-01', category: 'retired', employer: null, organ_cadre: false, unit: ourHome.id, estate: ourHome.estateId, is_demo: false, transfers: 1 },
      { person: people.丙.id, org: ourOrgId, status: 'probationary', joined: '2026-03-01', full_on: null, category: 'other', employer: null, organ_cadre: false, unit: null, estate: null, is_demo: false, transfers: 1 },
    ]);
    const audit = await auditSince(env, before, 'party.import.members');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ rows: 3, imported: 3 });
  });

  it('writes nothing from a file with bad rows, and names row, column and reason for each', async () => {
    const [members, before] = [await memberCount(), await auditHead(env)];
    const stranger = makeIdNumber('19700101', 901, '511303');
    const file = await xlsxBuffer([
      HEADER,
      row(people.丁), // 2: good
      row({ ...people.戊, idNumber: stranger }), // 3: unknown person
      row(people.戊, { 人员类别: '退伍' }), // 4: bad category
      row(people.己, { 所属党组织: '不存在的党支部' }), // 5: unknown organisation
      row(people.庚, { 所属党组织: otherOrg }), // 6: organisation outside the caller's community
      row(people.辛, { 入党日期: '2020-13-45' }), // 7: bad date
      row(people.丁), // 8: the same person again
      row(people.壬, { 居住房屋: '无此小区/1号楼/1单元/101' }), // 9: unit not found
      row(people.癸, { 居住房屋: otherHome.address }), // 10: home outside the community
      row(people.甲), // 11: already a member
    ]);
    const r = reportOf(await upload(community, 'members', file), 422);
    expect(reasonsByRow(r)).toEqual({
      3: ['unknown_person'],
      4: ['bad_category'],
      5: ['unknown_org'],
      6: ['not_in_scope'],
      7: ['bad_date'],
      8: ['duplicate_in_file'],
      9: ['unit_not_found'],
      10: ['not_in_scope'],
      11: ['already_member'],
    });
    expect(r).toMatchObject({ total: 10, imported: 0, skipped: 9, committed: false });
    const org = r.errors.find((e) => e.row === 6)!;
    expect(org).toMatchObject({ field: '所属党组织', column: 'org', value: otherOrg, message: '不在您的辖区内' });
    expect(org.messages.en).toBe('Outside your area');
    // the ID numbers come back masked only
    expect(JSON.stringify(r)).not.toContain(stranger);
    expect(r.errors.find((e) => e.row === 3)!.value).toBe(`${stranger.slice(0, 3)}${'*'.repeat(11)}${stranger.slice(14)}`);
    expect(await memberCount()).toBe(members);
    expect(await auditSince(env, before)).toHaveLength(0);

    // skipBad: the good row is written, the rest reported
    const skipped = reportOf(await upload(community, 'members', file, '?skipBad=true'));
    expect(skipped).toMatchObject({ total: 10, imported: 1, skipped: 9, committed: true });
    expect(await memberCount()).toBe(members + 1);
    expect(await scalar(env, `SELECT count(*) FROM party_members WHERE person_id = $1`, [people.丁.id])).toBe(1);
    expect((await auditSince(env, before, 'party.import.members'))[0].after).toMatchObject({ imported: 1, skippedRows: [3, 4, 5, 6, 7, 8, 9, 10, 11] });
  });

  it('checks only on a dry run, and reads CSV too', async () => {
    const members = await memberCount();
    const csv = csvText([HEADER, row(people.戊, {}, true)]);
    const dry = reportOf(await upload(community, 'members', csv, '?dryRun=true', 'members.csv', 'text/csv'));
    expect(dry).toMatchObject({ total: 1, imported: 0, skipped: 0, committed: false, errors: [] });
    expect(await memberCount()).toBe(members);
    const real = reportOf(await upload(community, 'members', csv, '', 'members.csv', 'text/csv'));
    expect(real).toMatchObject({ imported: 1, committed: true });
    expect(await memberCount()).toBe(members + 1);
  });

  it('lets one of two simultaneous imports of the same person through', async () => {
    const file = await xlsxBuffer([HEADER, row(people.己)]);
    const res = await Promise.all([upload(community, 'members', file), upload(community, 'members', file)]);
    const codes = res.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([409, 422]).toContain(codes[1]);
    expect(await scalar(env, `SELECT count(*) FROM party_members WHERE person_id = $1`, [people.己.id])).toBe(1);
  });

  it('answers 401 without a session, 403 without party.import, 400 for what is not a sheet, 413 beyond the limits', async () => {
    const file = await xlsxBuffer([HEADER, row(people.庚)]);
    expectError(await upload(env.anon, 'members', file), 401);
    for (const user of ['pianzhang', 'resident', 'shuji']) expectError(await upload(await env.login(user), 'members', file), 403, 'FORBIDDEN');
    expectError(await upload(community, 'members', 'just text', '', 'notes.txt', 'text/plain'), 400, 'IMPORT_FILE_UNREADABLE');
    expectError(await upload(community, 'members', await xlsxBuffer([['名字', '电话'], ['x', 'y']])), 400, 'IMPORT_FILE_UNREADABLE');
    expectError(await upload(community, 'members', file, '?dryRun=perhaps'), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/party/import/members', { file: 'x' }), 415);
    const many = csvText([HEADER, ...Array.from({ length: 5_001 }, () => row(people.庚))]);
    expectError(await upload(community, 'members', many, '', 'many.csv', 'text/csv'), 413, 'IMPORT_TOO_MANY_ROWS');
    expectError(await upload(community, 'members', Buffer.alloc(5 * 1024 * 1024 + 10, 65), '', 'big.csv', 'text/csv'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await scalar(env, `SELECT count(*) FROM party_members WHERE person_id = $1`, [people.庚.id])).toBe(0);
  });

  it('serves the template: the header row and one example row marked 示例, which an import ignores', async () => {
    const res = await community.get('/api/party/import/template/members.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as string[]).slice(1).map((v) => v.replace('*', ''))).toEqual(HEADER);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^示例/);
    expect(reportOf(await upload(community, 'members', res.rawPayload, '?dryRun=true'))).toMatchObject({ total: 0, errors: [] });
    expectError(await env.anon.get('/api/party/import/template/members.xlsx'), 401);
    expectError(await community.get('/api/party/import/template/other.xlsx'), 400);
  });
});
