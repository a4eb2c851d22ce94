// 双报到 hours, evaluations and letters over HTTP: a member's own hours wait for the community's
// confirmation and only confirmed minutes count (exactly, in minutes, by Beijing calendar year);
// the yearly grade; the feedback letter to the employer as a PDF (its text read back) and the
// year's results as XLSX; every route refuses callers outside the community.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince } from '../helpers';
import { ok, q } from '../assemblies/support';
import { dualWorld, makeMember, pdfText, postInSql, registerInSql, type DualWorld, type Member } from './fixtures-dual';

let env: TestEnv;
let w: DualWorld;
let community: Client;
let today: string;
let year: number;
let m: Member;
let reg: number;
let postId: number;

beforeAll(async () => {
  env = await createTestEnv();
  w = await dualWorld(env);
  community = w.worker;
  const t = await q<{ d: string }>(env, `SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text AS d`);
  today = t[0].d;
  year = Number(today.slice(0, 4));
  m = await makeMember(env, w, '陈时长', { account: true, employer: '嘉川中学' });
  reg = await registerInSql(env, w.communityId, m.memberId);
  postId = await postInSql(env, w.communityId, '文明交通劝导', 10);
  ok(await m.client!.post(`/api/dual/mine/posts/${postId}/claims`));
}, 300_000);

afterAll(async () => {
  await env?.close();
});

const totals = async () => {
  const list = ok(await community.get(`/api/dual/registrations?year=${year}&limit=200`));
  return list.items.find((r: { id: number }) => r.id === reg) as { confirmedMinutes: number; pendingMinutes: number };
};

describe('hours', () => {
  it('401, 403, 400 on logging and deciding', async () => {
    expectError(await env.anon.post('/api/dual/mine/hours', { servedOn: today, minutes: 60 }), 401, 'UNAUTHENTICATED');
    expectError(await community.post('/api/dual/mine/hours', { servedOn: today, minutes: 60 }), 403, 'FORBIDDEN');
    expectError(await m.client!.post('/api/dual/hours', { registrationId: reg, servedOn: today, minutes: 60 }), 403, 'FORBIDDEN');
    expectError(await w.other.worker.post('/api/dual/hours', { registrationId: reg, servedOn: today, minutes: 60 }), 403, 'NOT_IN_SCOPE');
    expectError(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 0 }), 400, 'VALIDATION_FAILED');
    expectError(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 1441 }), 400, 'VALIDATION_FAILED');
    expectError(await m.client!.post('/api/dual/mine/hours', { servedOn: 'yesterday', minutes: 30 }), 400, 'VALIDATION_FAILED');
    expectError(await m.client!.post('/api/dual/mine/hours', { servedOn: `${year + 1}-12-31`, minutes: 30 }), 400, 'DUAL_SERVED_IN_FUTURE');
    const elsewhere = await postInSql(env, w.other.communityId, '外社区岗', 2);
    expectError(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 30, postId: elsewhere }), 400, 'DUAL_POST_OTHER_COMMUNITY');
    expectError(await env.anon.post('/api/dual/hours/1/decision', { decision: 'confirm' }), 401, 'UNAUTHENTICATED');
    expectError(await community.post('/api/dual/hours/1/decision', { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/dual/hours/99999999/decision', { decision: 'confirm' }), 404, 'DUAL_HOURS_NOT_FOUND');
  });

  it('member hours are pending; confirm and reject; totals count confirmed minutes only, exactly', async () => {
    const a = ok(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 95, postId, note: '早高峰劝导' }));
    const b = ok(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 40 }));
    const c = ok(await m.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 7 }));
    expect([a.status, b.status, c.status]).toEqual(['pending', 'pending', 'pending']);
    expect(a).toMatchObject({ minutes: 95, postTitle: '文明交通劝导', name: '陈时长', servedOn: today });
    expect(await totals()).toMatchObject({ confirmedMinutes: 0, pendingMinutes: 142 });
    const queue = ok(await community.get('/api/dual/hours?status=pending'));
    expect(queue.items.map((h: { id: number }) => h.id)).toEqual([a.id, b.id, c.id]);
    expect(ok(await w.other.worker.get('/api/dual/hours?status=pending'))).toEqual({ items: [], total: 0 });
    expectError(await w.other.worker.post(`/api/dual/hours/${a.id}/decision`, { decision: 'confirm' }), 403, 'NOT_IN_SCOPE');

    const seq = await auditHeadSeq(env);
    expect(ok(await community.post(`/api/dual/hours/${a.id}/decision`, { decision: 'confirm' })).status).toBe('confirmed');
    expect(ok(await community.post(`/api/dual/hours/${b.id}/decision`, { decision: 'reject' })).status).toBe('rejected');
    expect((await auditSince(env, seq)).map((e) => e.action)).toEqual(['dual.hours.confirm', 'dual.hours.reject']);
    expectError(await community.post(`/api/dual/hours/${a.id}/decision`, { decision: 'reject' }), 409, 'DUAL_HOURS_DECIDED');
    expect(await totals()).toMatchObject({ confirmedMinutes: 95, pendingMinutes: 7 });

    // the office's own entry is confirmed at once; last year's hours do not count this year
    const d = ok(await community.post('/api/dual/hours', { registrationId: reg, servedOn: today, minutes: 1440 }));
    expect(d.status).toBe('confirmed');
    ok(await community.post('/api/dual/hours', { registrationId: reg, servedOn: `${year - 1}-06-01`, minutes: 300 }));
    expect(await totals()).toMatchObject({ confirmedMinutes: 1535, pendingMinutes: 7 });
    const last = ok(await community.get(`/api/dual/registrations?year=${year - 1}&limit=200`));
    expect(last.items.find((r: { id: number }) => r.id === reg).confirmedMinutes).toBe(300);

    const mine = ok(await m.client!.get('/api/dual/mine'));
    expect(mine.registration.confirmedMinutes).toBe(1535);
    expect(mine.hours.map((h: { status: string }) => h.status).sort()).toEqual(['confirmed', 'confirmed', 'confirmed', 'pending', 'rejected']);
  });

  it('an unregistered member cannot log hours', async () => {
    const other = await makeMember(env, w, '林未报', { account: true });
    expectError(await other.client!.post('/api/dual/mine/hours', { servedOn: today, minutes: 30 }), 409, 'DUAL_NOT_REGISTERED');
  });
});

describe('evaluations, summary, letters', () => {
  it('PUT an evaluation (400, 401, 403, future year), then change it (audited before and after)', async () => {
    expectError(await env.anon.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'good' }), 401, 'UNAUTHENTICATED');
    expectError(await m.client!.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'excellent' }), 403, 'FORBIDDEN');
    expectError(await w.other.worker.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'good' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'superb' }), 400, 'VALIDATION_FAILED');
    expectError(await community.put(`/api/dual/registrations/${reg}/evaluations/${year + 1}`, { grade: 'good' }), 400, 'DUAL_YEAR_IN_FUTURE');
    ok(await community.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'good', comment: '积极参加' }));
    const seq = await auditHeadSeq(env);
    const e = ok(await community.put(`/api/dual/registrations/${reg}/evaluations/${year}`, { grade: 'excellent', comment: '全年坚持文明交通劝导，表现突出' }));
    expect(e).toMatchObject({ registrationId: reg, year, grade: 'excellent', comment: '全年坚持文明交通劝导，表现突出' });
    const audit = await auditSince(env, seq, 'dual.evaluation.save');
    expect(audit[0].before).toEqual({ grade: 'good', comment: '积极参加' });
    expect(await q(env, `SELECT grade FROM dual_evaluations WHERE registration_id = $1`, [reg])).toEqual([{ grade: 'excellent' }]);
  });

  it('the summary gives each registration its minutes, posts and grade; outside the area nothing', async () => {
    const s = ok(await community.get(`/api/dual/summary?year=${year}&communityId=${w.communityId}`));
    const row = s.items.find((i: { registrationId: number }) => i.registrationId === reg);
    expect(row).toMatchObject({ name: '陈时长', employer: '嘉川中学', confirmedMinutes: 1535, posts: ['文明交通劝导'], grade: 'excellent' });
    expect(ok(await w.other.worker.get(`/api/dual/summary?year=${year}`)).items).toEqual([]);
    expectError(await w.other.worker.get(`/api/dual/summary?year=${year}&communityId=${w.communityId}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get('/api/dual/summary'), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/dual/summary?year=${year}`), 401, 'UNAUTHENTICATED');
  });

  it('the letter PDF is addressed to the employer with the name, posts, confirmed hours and grade; its download is audited', async () => {
    const seq = await auditHeadSeq(env);
    const res = await community.get(`/api/dual/registrations/${reg}/letter?year=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''.*\.pdf$/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain(`${year}年度双报到情况反馈函`);
    expect(text).toContain('嘉川中学：');
    expect(text).toContain('陈时长同志');
    expect(text).toContain('文明交通劝导');
    expect(text).toContain('服务时长（时:分）25:35（经社区确认，共1535分钟）');
    expect(text).toContain('优秀');
    expect(text).toContain('全年坚持文明交通劝导，表现突出');
    const communityName = (await q<{ name: string }>(env, `SELECT name FROM places WHERE id = $1`, [w.communityId]))[0].name;
    expect(text).toContain(communityName.replace(/\s+/g, ''));
    const audit = await auditSince(env, seq, 'dual.letter.download');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toEqual({ year, addressee: '嘉川中学' });
  });

  it('the letter: 409 before the evaluation, 403 outside the area, 400 without a year, 401 anonymous', async () => {
    expectError(await community.get(`/api/dual/registrations/${reg}/letter?year=${year - 1}`), 409, 'DUAL_NOT_EVALUATED');
    expectError(await w.other.worker.get(`/api/dual/registrations/${reg}/letter?year=${year}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/dual/registrations/${reg}/letter`), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/dual/registrations/${reg}/letter?year=${year}`), 401, 'UNAUTHENTICATED');
    expectError(await m.client!.get(`/api/dual/registrations/${reg}/letter?year=${year}`), 403, 'FORBIDDEN');
  });

  it('an organisation’s letter is addressed to the organisation itself', async () => {
    const org = ok(await community.post('/api/dual/registrations', { communityId: w.communityId, kind: 'organisation', orgName: '市自来水公司党委' }));
    ok(await community.post('/api/dual/hours', { registrationId: org.id, servedOn: today, minutes: 480 }));
    ok(await community.put(`/api/dual/registrations/${org.id}/evaluations/${year}`, { grade: 'good' }));
    const text = pdfText((await community.get(`/api/dual/registrations/${org.id}/letter?year=${year}`)).rawPayload).replace(/\s+/g, '');
    expect(text).toContain('市自来水公司党委：');
    expect(text).toContain('8:00（经社区确认，共480分钟）');
    expect(text).toContain('良好');
  });

  it('letters.xlsx lists the year’s results of the community', async () => {
    const res = await community.get(`/api/dual/letters.xlsx?communityId=${w.communityId}&year=${year}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rowsOut: unknown[][] = [];
    ws.eachRow((r, i) => {
      if (i > 1) rowsOut.push((r.values as unknown[]).slice(1));
    });
    const mine = rowsOut.find((r) => r[0] === reg)!;
    expect(mine).toEqual([reg, '党员', '陈时长', '嘉川中学', '文明交通劝导', '25:35', 1535, '优秀', '全年坚持文明交通劝导，表现突出']);
    expect(rowsOut.some((r) => r[2] === '市自来水公司党委' && r[5] === '8:00' && r[6] === 480)).toBe(true);
    expectError(await w.other.worker.get(`/api/dual/letters.xlsx?communityId=${w.communityId}&year=${year}`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/dual/letters.xlsx?year=${year}`), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/dual/letters.xlsx?communityId=${w.communityId}&year=${year}`), 401, 'UNAUTHENTICATED');
  });
});
