// POST /api/party/import/grid: 三长 from a sheet. New cells are created under the named parent
// (also one made by an earlier row), existing cells found by name at their place get the new leader,
// a person with an account gets the post's role; bad rows write nothing unless skipBad; places
// outside the caller's community are refused per row; two imports creating one cell race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHead, auditSince, scalar, xlsxBuffer, type Cell } from '../../src/test/fixtures';
import { firstCommunities, newPerson, reasonsByRow, reportOf, upload, type TestPerson } from './import-support';

const HEADER = ['姓名', '身份证号', '手机号', '职务', '网格名称', '所在地点', '上级网格'];

let env: TestEnv;
let community: Client;
let mine: { mine: number; other: number; mineName: string };
let estate: string, entrance: string, otherEstate: string;
const p: Record<string, TestPerson> = {};

const row = (who: TestPerson, post: string, cell: string, place: string, parent: string | null = null, byPhone = false): Cell[] => [
  who.name,
  byPhone ? null : who.idNumber,
  byPhone ? who.phone : null,
  post,
  cell,
  place,
  parent,
];
interface Cell3 {
  id: number;
  level: string;
  parent: string | null;
  leader: number | null;
  path_ok: boolean;
}
const cell = async (name: string): Promise<Cell3[]> =>
  env.database.query<Cell3>(
    `SELECT c.id::int AS id, c.level, p.name AS parent, c.leader_person_id::int AS leader,
            c.cell_path = COALESCE(p.cell_path, '/') || c.id || '/' AND c.place_path = (SELECT path FROM places WHERE id = c.place_id) AS path_ok
       FROM grid_cells c LEFT JOIN grid_cells p ON p.id = c.parent_id WHERE c.name = $1 AND c.retired_at IS NULL`,
    [name],
  );

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  mine = await firstCommunities(env);
  const names = await env.database.query<{ estate: string; entrance: string; other: string }>(
    `SELECT e.name AS estate, e.name || '/' || b.name || '/' || en.name AS entrance,
            (SELECT name FROM places WHERE kind = 'estate' AND parent_id = $2 ORDER BY id LIMIT 1) AS other
       FROM places e JOIN places b ON b.parent_id = e.id JOIN places en ON en.parent_id = b.id
      WHERE e.kind = 'estate' AND e.parent_id = $1 ORDER BY e.id, b.id, en.id LIMIT 1`,
    [mine.mine, mine.other],
  );
  ({ estate, entrance } = names[0]);
  otherEstate = names[0].other;
  for (const n of ['一', '二', '三', '四', '五', '六', '七']) p[n] = await newPerson(env, `三长测试${n}`);
});
afterAll(async () => env?.close());

describe('POST /api/party/import/grid', () => {
  it('creates 片, 组 and 邻 down the file, each under its parent, and makes each person the leader', async () => {
    const before = await auditHead(env);
    const file = await xlsxBuffer([
      HEADER,
      row(p.一, '片长', '导入测试片', mine.mineName),
      row(p.二, '组长', '导入测试组', `${mine.mineName}/${estate}`, '导入测试片', true),
      row(p.三, '邻长', '导入测试邻', entrance, '导入测试组'),
    ]);
    const r = reportOf(await upload(community, 'grid', file));
    expect(r).toMatchObject({ total: 3, imported: 3, skipped: 0, committed: true, created: { cells: 3, leaders: 3, roles: 0 } });
    expect(await cell('导入测试片')).toMatchObject([{ level: 'pian', parent: null, leader: p.一.id, path_ok: true }]);
    expect(await cell('导入测试组')).toMatchObject([{ level: 'zu', parent: '导入测试片', leader: p.二.id, path_ok: true }]);
    expect(await cell('导入测试邻')).toMatchObject([{ level: 'lin', parent: '导入测试组', leader: p.三.id, path_ok: true }]);
    const audit = await auditSince(env, before, 'party.import.grid');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ rows: 3, imported: 3, cells: 3 });
  });

  it('finds an existing cell by name at its place and hands it to the new leader; an account gets the role', async () => {
    // the demo resident has an account: as a 邻长 they get lin_zhang on the entrance
    const resident = await env.database.query<{ person_id: number; name: string; enc: string; user_id: number }>(
      `SELECT p.id::int AS person_id, p.name, p.id_number_enc AS enc, u.id::int AS user_id FROM users u JOIN persons p ON p.id = u.person_id WHERE u.username = 'resident'`,
    );
    const who = { id: resident[0].person_id, name: resident[0].name, idNumber: env.ctx.pii.decrypt(resident[0].enc), phone: '' };
    const r = reportOf(await upload(community, 'grid', await xlsxBuffer([HEADER, row(who, '邻长', '导入测试邻', entrance)])));
    expect(r.created).toEqual({ cells: 0, leaders: 1, roles: 1 });
    const cells = await cell('导入测试邻');
    expect(cells).toHaveLength(1);
    expect(cells[0].leader).toBe(who.id);
    expect(await scalar(env, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'lin_zhang' AND revoked_at IS NULL`, [resident[0].user_id])).toBe(1);
  });

  it('writes nothing from a file with bad rows; skipBad writes the good ones', async () => {
    const [cells, before] = [await scalar(env, `SELECT count(*) FROM grid_cells`), await auditHead(env)];
    const file = await xlsxBuffer([
      HEADER,
      row(p.四, '邻长', '导入测试邻二', entrance, '导入测试组'), // 2: good
      row(p.五, '楼长', '导入测试邻三', entrance, '导入测试组'), // 3: no such post
      row(p.五, '邻长', '导入测试邻四', mine.mineName, '导入测试组'), // 4: a 邻 on a community
      row(p.六, '组长', '导入测试组二', otherEstate, '导入测试片'), // 5: outside the caller's community
      row(p.六, '邻长', '导入测试邻五', entrance, '没有这个组'), // 6: unknown parent
      row({ ...p.七, phone: '13000000000' }, '邻长', '导入测试邻六', entrance, '导入测试组', true), // 7: no such person
      row(p.七, '邻长', '导入测试邻二', entrance, '导入测试组'), // 8: the cell of row 2 again
      row(p.七, '邻长', '导入测试邻七', `${estate}/99号楼`, '导入测试组'), // 9: no such place
    ]);
    const r = reportOf(await upload(community, 'grid', file), 422);
    expect(reasonsByRow(r)).toEqual({
      3: ['bad_post'],
      4: ['wrong_place_level'],
      5: ['not_in_scope'],
      6: ['unknown_parent'],
      7: ['unknown_person'],
      8: ['duplicate_in_file'],
      9: ['place_not_found'],
    });
    expect(await scalar(env, `SELECT count(*) FROM grid_cells`)).toBe(cells);
    expect(await auditSince(env, before)).toHaveLength(0);
    const dry = reportOf(await upload(community, 'grid', file, '?dryRun=true&skipBad=true'));
    expect(dry).toMatchObject({ imported: 0, skipped: 7, committed: false });
    expect(await scalar(env, `SELECT count(*) FROM grid_cells`)).toBe(cells);
    const ok = reportOf(await upload(community, 'grid', file, '?skipBad=true'));
    expect(ok).toMatchObject({ total: 8, imported: 1, skipped: 7, committed: true, created: { cells: 1, leaders: 1 } });
    expect(await cell('导入测试邻二')).toMatchObject([{ level: 'lin', parent: '导入测试组', leader: p.四.id, path_ok: true }]);
  });

  it('creates a cell once when two imports race to create it', async () => {
    const file = await xlsxBuffer([HEADER, row(p.五, '邻长', '并发测试邻', entrance, '导入测试组')]);
    const res = await Promise.all([upload(community, 'grid', file), upload(community, 'grid', file)]);
    expect(res.map((r) => r.statusCode)).toEqual([200, 200]);
    const made = res.map((r) => reportOf(r).created.cells).sort();
    expect(made).toEqual([0, 1]);
    expect(await cell('并发测试邻')).toHaveLength(1);
  });

  it('answers 401 without a session and 403 to the 三长, the secretary and residents', async () => {
    const file = await xlsxBuffer([HEADER, row(p.六, '邻长', '权限测试邻', entrance, '导入测试组')]);
    expectError(await upload(env.anon, 'grid', file), 401);
    for (const user of ['linzhang', 'shuji', 'resident']) expectError(await upload(await env.login(user), 'grid', file), 403, 'FORBIDDEN');
    expect(await cell('权限测试邻')).toHaveLength(0);
    const t = await community.get('/api/party/import/template/grid.xlsx');
    expect(t.statusCode).toBe(200);
    expect(reportOf(await upload(community, 'grid', t.rawPayload, '?dryRun=true'))).toMatchObject({ total: 0, errors: [] });
  });
});
