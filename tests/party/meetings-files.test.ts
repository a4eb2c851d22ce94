// Files of a meeting: typed from their bytes (PDF, JPEG, PNG, DOCX), at most 10 MB (413), stored in
// the database with their sha256, downloadable by whoever may see the meeting, audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { chinaToday } from '../../src/modules/party/calendar';
import { DOCX_MIME, sniffMeetingFile } from '../../src/modules/party/meeting-files';
import { auditHeadSeq, auditSince } from '../helpers';
import { attendance, makeMembers, makeWorld, num, ok, secretaryAccount, type World } from './fixtures-meetings';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF-photo-of-the-meeting')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png-sign-in-sheet')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
// a ZIP's local file headers carry the entry names uncompressed
const zipWith = (...names: string[]) =>
  Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(n, 'latin1'), Buffer.from('...data...')])));
const DOCX = zipWith('[Content_Types].xml', '_rels/.rels', 'word/document.xml');
const XLSX = zipWith('[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function form(name: string | null, bytes?: Buffer): FormData {
  const f = new FormData();
  if (name !== null && bytes) f.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), name);
  return f;
}

let env: TestEnv;
let w: World;
let community: Client;
let secY: Client;
let meetingId: number;
const upload = (c: Client, bytes: Buffer, name = 'x.bin', id = meetingId) => c.post(`/api/party/meetings/${id}/files`, form(name, bytes));

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeWorld(env);
  community = await env.login('community');
  const x = await makeMembers(env, w.branchX, 5);
  const y = await makeMembers(env, w.branchY, 3);
  await env.database.query(`INSERT INTO party_committee_members (org_id, person_id, post) VALUES ($1, $2, 'secretary')`, [w.branchY.id, y.personIds[0]]);
  secY = (await secretaryAccount(env, y.personIds[0], w.communityId)).client;
  meetingId = ok(await community.post('/api/party/meetings', { orgId: w.branchX.id, kind: 'theme_day', heldOn: chinaToday(), topic: '主题党日', attendance: attendance(x.memberIds, 4) })).id;
}, 300_000);
afterAll(async () => env?.close());

describe('sniffing', () => {
  it('knows PDF, JPEG, PNG and DOCX by their bytes, not an XLSX or text', () => {
    expect(sniffMeetingFile(PDF)).toBe('application/pdf');
    expect(sniffMeetingFile(JPEG)).toBe('image/jpeg');
    expect(sniffMeetingFile(PNG)).toBe('image/png');
    expect(sniffMeetingFile(DOCX)).toBe(DOCX_MIME);
    expect(sniffMeetingFile(XLSX)).toBeNull();
    expect(sniffMeetingFile(Buffer.from('word/document.xml'))).toBeNull();
  });
});

describe('POST /api/party/meetings/:id/files', () => {
  it('stores each type from its bytes whatever the name, with its sha256, audited; the detail lists them', async () => {
    const seq = await auditHeadSeq(env);
    for (const [bytes, mime, name] of [
      [PDF, 'application/pdf', '会议记录.docx'],
      [JPEG, 'image/jpeg', '现场照片.png'],
      [PNG, 'image/png', '签到表.png'],
      [DOCX, DOCX_MIME, '../../会议纪要.docx'],
    ] as const) {
      const f = ok(await upload(community, bytes, name));
      expect(f).toMatchObject({ mime, size: bytes.length, sha256: sha(bytes), filename: name.replace('../../', '') });
    }
    const audit = await auditSince(env, seq);
    expect(audit.map((a) => a.action)).toEqual(Array(4).fill('party.meeting.file.upload'));
    const d = ok(await community.get(`/api/party/meetings/${meetingId}`));
    expect(d.files).toBe(4);
    expect(d.fileList.map((f: { mime: string }) => f.mime)).toEqual(['application/pdf', 'image/jpeg', 'image/png', DOCX_MIME]);
  });

  it('refuses text, an XLSX, an empty file (400) and anything over 10 MB (413); nothing is stored', async () => {
    const before = await num(env, `SELECT count(*) FROM party_meeting_files`);
    expectError(await upload(community, Buffer.from('just text named as a PDF'), 'a.pdf'), 400, 'PARTY_MEETING_FILE_INVALID');
    expectError(await upload(community, XLSX, 'a.docx'), 400, 'PARTY_MEETING_FILE_INVALID');
    expectError(await upload(community, Buffer.alloc(0), 'a.pdf'), 400, 'PARTY_MEETING_FILE_INVALID');
    expectError(await upload(community, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'big.pdf'), 413, 'PARTY_MEETING_FILE_TOO_LARGE');
    expectError(await community.post(`/api/party/meetings/${meetingId}/files`, form(null)), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/party/meetings/${meetingId}/files`, { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await num(env, `SELECT count(*) FROM party_meeting_files`)).toBe(before);
  });

  it('only those who record the organisation’s meetings: another branch’s secretary 403, anonymous 401, unknown meeting 404', async () => {
    expectError(await upload(secY, PDF), 403, 'NOT_IN_SCOPE');
    expectError(await upload(env.anon, PDF), 401, 'UNAUTHENTICATED');
    expectError(await upload(community, PDF, 'a.pdf', 987654), 404, 'PARTY_MEETING_NOT_FOUND');
  });
});

describe('GET /api/party/meetings/:id/files/:fileId', () => {
  it('sends the stored bytes with their type and name', async () => {
    const f = ok(await upload(community, DOCX, '支部会议纪要.docx'));
    const res = await community.get(`/api/party/meetings/${meetingId}/files/${f.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_MIME);
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('支部会议纪要.docx')}`);
    expect(res.rawPayload.equals(DOCX)).toBe(true);
  });

  it('refuses those who may not see the meeting and files of another meeting', async () => {
    const f = ok(await upload(community, PNG, 'p.png'));
    expectError(await secY.get(`/api/party/meetings/${meetingId}/files/${f.id}`), 403, 'NOT_IN_SCOPE');
    expectError(await env.anon.get(`/api/party/meetings/${meetingId}/files/${f.id}`), 401, 'UNAUTHENTICATED');
    const other = ok(await community.post('/api/party/meetings', { orgId: w.branchY.id, kind: 'lecture', heldOn: chinaToday(), topic: '党课', attendance: [] })).id;
    expectError(await community.get(`/api/party/meetings/${other}/files/${f.id}`), 404, 'NOT_FOUND');
  });
});
