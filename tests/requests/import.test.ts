// Hotline (12345) order import: access, a row-level report that refuses the file whole, routing and
// deadlines from the call time, the order number kept and never imported twice, and a dry run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { fileForm, scalar, xlsxBuffer, type Cell } from '../../src/test/fixtures';
import { parseLocalTime } from '../../src/modules/requests/import';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER: Cell[] = ['工单编号', '来电时间', '诉求类别', '社区', '小区', '楼栋', '诉求内容', '来电人', '联系电话'];

let env: TestEnv;
let community: Client;
let street: Client;
let resident: Client;
let communityId: number;
let communityName: string;
let estateName: string;
let streetId: number;
let otherStreetId: number;

function upload(c: Client, placeId: number, file: Buffer, query = ''): Promise<LightMyRequestResponse> {
  return c.post(`/api/requests/import?placeId=${placeId}${query}`, fileForm('orders.xlsx', file, XLSX));
}

beforeAll(async () => {
  env = await createTestEnv();
  [community, street, resident] = await Promise.all([env.login('community'), env.login('street'), env.login('resident')]);
  const [c] = await env.database.query<{ id: number; name: string; street: number }>(
    `SELECT p.id::int AS id, p.name, p.parent_id::int AS street FROM places p JOIN role_assignments ra ON ra.place_id = p.id
     JOIN users u ON u.id = ra.user_id WHERE u.username = 'community'`,
  );
  communityId = c.id;
  communityName = c.name;
  streetId = c.street;
  const [e] = await env.database.query<{ name: string }>(`SELECT name FROM places WHERE parent_id = $1 AND kind = 'estate' ORDER BY id LIMIT 1`, [communityId]);
  estateName = e.name;
  otherStreetId = await scalar(env, `SELECT id FROM places WHERE kind = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [streetId]);
});
afterAll(async () => env?.close());

describe('parseLocalTime', () => {
  it('reads China local time and refuses impossible dates', () => {
    expect(parseLocalTime('2026-11-20 09:30')?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(parseLocalTime('2026/2/3 0:05:09')?.toISOString()).toBe('2026-02-02T16:05:09.000Z');
    expect(parseLocalTime('2026-02-30 10:00')).toBeNull();
    expect(parseLocalTime('2026-11-20 24:10')).toBeNull();
    expect(parseLocalTime('yesterday')).toBeNull();
  });
});

describe('POST /api/requests/import', () => {
  it('needs requests.import on the place', async () => {
    const file = await xlsxBuffer([HEADER, ['H-1', '2026-11-20 09:30', '噪音扰民', communityName, '', '', '夜间噪音', '王先生', '13800000001']]);
    expectError(await upload(env.anon, communityId, file), 401, 'UNAUTHENTICATED');
    expectError(await upload(resident, communityId, file), 403, 'FORBIDDEN');
    expectError(await upload(street, otherStreetId, file), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM requests WHERE external_ref = 'H-1'`)).toBe(0);
  });

  it('refuses the whole file with a row-level report when a row is wrong', async () => {
    const file = await xlsxBuffer([
      HEADER,
      ['H-2', '2026-11-20 09:30', '噪音扰民', communityName, estateName, '', '楼上噪音', '李女士', '13800000002'],
      ['H-2', '2026-11-20 10:30', '噪音扰民', communityName, '', '', '重复编号', '李女士', '13800000002'],
      ['H-3', '2099-01-01 10:00', '没有的类别', '没有的社区', '', '', '', '赵', 'abc'],
    ]);
    const res = await upload(community, communityId, file);
    expectError(res, 422, 'IMPORT_INVALID');
    const problems = res.json<{ error: { details: { problems: { row: number; column: string; reason: string }[] } } }>().error.details.problems;
    expect(problems).toContainEqual(expect.objectContaining({ row: 3, column: 'orderNo', reason: 'duplicate_in_file' }));
    expect(problems).toContainEqual(expect.objectContaining({ row: 4, column: 'description', reason: 'required' }));
    expect(await scalar(env, `SELECT count(*) FROM requests WHERE external_ref IN ('H-2','H-3')`)).toBe(0);
    const dry = await upload(community, communityId, await xlsxBuffer([HEADER, ['H-4', '2099-01-01 10:00', '没有的类别', '没有的社区', '', '', '内容', '赵', 'abc']]), '&dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json().problems.map((p: { reason: string }) => p.reason).sort()).toEqual(['bad_phone', 'bad_time', 'not_found', 'unknown_category']);
  });

  it('files each order as a hotline request, timed from the call, and never twice', async () => {
    const file = await xlsxBuffer([
      HEADER,
      ['H-10', '2026-11-20 09:30', '噪音扰民', communityName, estateName, '', '夜间装修噪音', '王先生', '13800000010'],
      ['H-11', '2026-11-21 08:00', 'parking', communityName, '', '', '小区门口乱停车', '钱先生', '13800000011'],
    ]);
    const res = await upload(community, communityId, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totalRows: 2, validRows: 2, committed: true, created: { requests: 2 } });
    const [r] = await env.database.query<{ channel: string; submitted_at: Date; accept_due_at: Date; requester_name: string; owner_kind: string; entered_by: number }>(
      `SELECT channel, submitted_at, accept_due_at, requester_name, owner_kind, entered_by::int AS entered_by FROM requests WHERE external_ref = 'H-10'`,
    );
    expect(r.channel).toBe('hotline');
    expect(new Date(r.submitted_at).toISOString()).toBe('2026-11-20T01:30:00.000Z');
    // 噪音扰民 is ordinary: accepted within 24 h of the call (settings default)
    expect(new Date(r.accept_due_at).toISOString()).toBe('2026-11-21T01:30:00.000Z');
    expect(r.requester_name).toBe('王先生');
    expect(r.owner_kind).toBe('community');
    // the community worker sees it in the inbox
    const inbox = (await community.get('/api/requests?view=inbox&channel=hotline')).json<{ items: { refNo: string }[] }>();
    expect(inbox.items.length).toBe(2);
    // one audit entry per request and one for the file
    expect(await scalar(env, `SELECT count(*) FROM audit_log WHERE action = 'request.import'`)).toBe(1);
    // the same order again is refused
    const again = await upload(community, communityId, await xlsxBuffer([HEADER, ['H-10', '2026-11-20 09:30', '噪音扰民', communityName, '', '', '再次导入', '王先生', '13800000010']]));
    expectError(again, 422, 'IMPORT_INVALID');
    expect(again.json().error.details.problems[0]).toMatchObject({ column: 'orderNo', reason: 'exists' });
    expect(await scalar(env, `SELECT count(*) FROM requests WHERE external_ref = 'H-10'`)).toBe(1);
  });

  it('serves a template with the headers', async () => {
    const res = await community.get('/api/requests/import/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expectError(await resident.get('/api/requests/import/template'), 403, 'FORBIDDEN');
  });
});
