// Ballots through HTTP (DOMAIN.md §4): files (scans, mandates, materials), paper and proxy ballots
// with a second staff member's confirmation, the list of ballot papers, the owner's pages (my
// assemblies, the one-time code, the online ballot and its change), the public receipts after the
// close, and the SMS outbox. Every route: 401 without a session, 403 outside one's scope (a worker
// of another community; a resident who is not on the roll), 400 for bad input, and the effects of
// success in the database: ballot papers, ballots, the hash-chained ledger, the audit log.
//
// law / local — 业主大会和业主委员会指导规则: written votes are signed by the owner (a scan is kept),
// proxies need a written mandate; one ballot per owner per matter (司法解释 第9条: one voter per owner).
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, count, userIdOf } from '../helpers';
import { checkChain, readLedger } from '../../src/modules/assemblies/ledger';
import { deliverSms, afterQueued, queueSms, MAX_ATTEMPTS } from '../../src/modules/assemblies/sms';
import {
  announce,
  closeVoting,
  codeFromOutbox,
  createAssembly,
  demoEstate,
  endVoting,
  giveCode,
  num,
  ok,
  outsider,
  ownerAccounts,
  q,
  rollOf,
  staffAccount,
  votingAssembly,
  type MadeAssembly,
  type Owner,
  type VoterRow,
} from './support';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF-scan-of-a-ballot')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png-mandate')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let env: TestEnv;
let community: Client; // the demo community worker: organiser, enters paper ballots
let second: { userId: number; client: Client }; // a second worker of the same community: confirms
let foreign: { userId: number; client: Client }; // a community worker of another community
let resident: Client; // the demo resident: the voting delegate of TWO voters (own flat, co-owned flat)
let residentUser: number;
let stranger: Owner; // a person with an account, on no roll
let A: MadeAssembly; // voting
let roll: VoterRow[];
let singles: VoterRow[]; // voters whose delegate votes for them alone (not the demo resident)
let owners: Map<number, Owner>; // accounts of those delegates, by person id
let residentVoters: VoterRow[];

function form(kind: string | null, name: string | null, bytes?: Buffer, type = 'application/octet-stream'): FormData {
  const f = new FormData();
  if (kind !== null) f.append('kind', kind);
  if (name !== null && bytes) f.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return f;
}
const upload = (c: Client, id: number, kind: string, bytes: Buffer, name = 'scan.jpg') => c.post(`/api/assemblies/${id}/files`, form(kind, name, bytes));
async function scan(id: number, bytes: Buffer = Buffer.concat([JPEG, Buffer.from(String(Math.random()))])): Promise<number> {
  return ok(await upload(community, id, 'scan', bytes)).id;
}
const owner = (v: VoterRow) => owners.get(v.delegatePersonId!)!;
const choicesAll = (m: MadeAssembly, choice = 'agree') => m.matterIds.map((matterId) => ({ matterId, choice }));
async function ledgerOf(id: number) {
  const entries = await readLedger(env.ctx.db, id);
  expect(checkChain(entries)).toBeNull();
  return entries;
}
async function submission(id: number) {
  return (await q(env, `SELECT status, channel, entered_by, confirmed_by, cast_by_user, scan_id, mandate_id, proxy_name, reject_reason, receipt FROM assembly_submissions WHERE id = $1`, [id]))[0];
}
async function ballotsOf(assemblyId: number, voterId: number) {
  return q<{ matter_id: number; choice: string; counted: boolean; submission_id: number }>(
    env,
    `SELECT matter_id::int AS matter_id, choice, counted, submission_id::int AS submission_id FROM assembly_ballots WHERE assembly_id = $1 AND voter_id = $2 ORDER BY matter_id`,
    [assemblyId, voterId],
  );
}
async function turnoutOf(id: number) {
  return ok(await community.get(`/api/assemblies/${id}`)).turnout as { voted: { persons: number; areaCenti: string }; pending: number };
}
/** a fresh code for an owner: the newest code is back-dated so the 60 s rule lets a new one through */
async function freshCode(o: Owner, id: number): Promise<string> {
  await q(env, `UPDATE assembly_otps SET created_at = created_at - interval '2 minutes' WHERE user_id = $1 AND assembly_id = $2`, [o.userId, id]);
  return giveCode(env, o.userId, id, String(100000 + Math.floor(Math.random() * 899999)));
}

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  resident = await env.login('resident');
  residentUser = await userIdOf(env, 'resident');
  const demo = await demoEstate(env);
  second = await staffAccount(env, 'community_worker', demo.communityId, '社工乙');
  const otherCommunity = await num(env, `SELECT id FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`, [demo.communityId]);
  foreign = await staffAccount(env, 'community_worker', otherCommunity, '外社区社工');
  stranger = await outsider(env);
  A = await votingAssembly(env, community, { title: '2026年度业主大会' });
  roll = await rollOf(env, A.id);
  const residentPerson = await num(env, `SELECT person_id FROM users WHERE id = $1`, [residentUser]);
  residentVoters = roll.filter((v) => v.delegatePersonId === residentPerson);
  const counts = new Map<number, number>();
  for (const v of roll) if (v.delegatePersonId) counts.set(v.delegatePersonId, (counts.get(v.delegatePersonId) ?? 0) + 1);
  singles = roll.filter((v) => v.delegatePersonId && counts.get(v.delegatePersonId) === 1);
  owners = await ownerAccounts(env, singles.map((v) => v.delegatePersonId!));
});
afterAll(async () => env?.close());

describe('the fixture', () => {
  it('has a voting assembly, a resident voting for two owners, and owners voting for one', () => {
    expect(roll.length).toBeGreaterThan(20);
    expect(residentVoters).toHaveLength(2);
    expect(singles.length).toBeGreaterThan(15);
  });
});

// ---------------------------------------------------------------------------------------------
describe('POST /api/assemblies/:id/files', () => {
  it('needs a session, the organise permission and the estate in scope', async () => {
    const before = await count(env, `SELECT count(*) AS n FROM assembly_files`);
    expectError(await upload(env.anon, A.id, 'scan', JPEG), 401, 'UNAUTHENTICATED');
    expectError(await upload(resident, A.id, 'scan', JPEG), 403, 'FORBIDDEN');
    expectError(await upload(foreign.client, A.id, 'scan', JPEG), 403, 'NOT_IN_SCOPE');
    expectError(await upload(community, 987654, 'scan', JPEG), 404, 'ASSEMBLY_NOT_FOUND');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_files`)).toBe(before);
  });

  it('refuses a missing or unknown kind, a missing file, a body that is not multipart', async () => {
    expectError(await community.post(`/api/assemblies/${A.id}/files`, form(null, 'a.jpg', JPEG)), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${A.id}/files`, form('photo', 'a.jpg', JPEG)), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${A.id}/files`, form('scan', null)), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/assemblies/${A.id}/files`, { kind: 'scan' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await community.post('/api/assemblies/abc/files', form('scan', 'a.jpg', JPEG)), 400, 'VALIDATION_FAILED');
  });

  it('sniffs the bytes: no GIF, text, HTML or empty file whatever its name, nothing over 10 MB', async () => {
    const before = await count(env, `SELECT count(*) AS n FROM assembly_files`);
    expectError(await upload(community, A.id, 'scan', Buffer.from('GIF89a....'), 'x.jpg'), 400, 'ASSEMBLY_FILE_INVALID');
    expectError(await upload(community, A.id, 'scan', Buffer.from('just text, named as a PDF'), 'x.pdf'), 400, 'ASSEMBLY_FILE_INVALID');
    expectError(await upload(community, A.id, 'material', Buffer.from('<html><script>alert(1)</script>'), 'x.png'), 400, 'ASSEMBLY_FILE_INVALID');
    expectError(await upload(community, A.id, 'scan', Buffer.alloc(0), 'x.jpg'), 400, 'ASSEMBLY_FILE_INVALID');
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    expectError(await upload(community, A.id, 'scan', big, 'big.jpg'), 400, 'ASSEMBLY_FILE_INVALID');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_files`)).toBe(before);
  });

  it('stores JPEG, PNG and PDF typed from their bytes, with their sha256, and audits the upload', async () => {
    const seq = await auditHeadSeq(env);
    for (const [kind, bytes, mime, name] of [
      ['scan', JPEG, 'image/jpeg', '选票.png'],
      ['mandate', PNG, 'image/png', '委托书.pdf'],
      ['material', PDF, 'application/pdf', '../../etc/维修方案.pdf'],
    ] as const) {
      const res = ok(await upload(community, A.id, kind, bytes, name));
      expect(res).toMatchObject({ kind, mime, size: bytes.length, sha256: sha(bytes) });
      const row = (await q(env, `SELECT assembly_id, kind, filename, mime, bytes, sha256, used, uploaded_by FROM assembly_files WHERE id = $1`, [res.id]))[0];
      expect(Number(row.assembly_id)).toBe(A.id);
      expect(Buffer.from(row.bytes).equals(bytes)).toBe(true);
      expect({ kind: row.kind, mime: row.mime, sha256: row.sha256, used: row.used, by: Number(row.uploaded_by) }).toEqual({ kind, mime, sha256: sha(bytes), used: false, by: await userIdOf(env, 'community') });
      expect(row.filename).not.toContain('/');
    }
    const audit = await auditSince(env, seq, 'assembly.file.upload');
    expect(audit).toHaveLength(3);
    expect(audit[2]).toMatchObject({ entity: 'assembly', entity_id: String(A.id), after: { kind: 'material', filename: '维修方案.pdf', mime: 'application/pdf' } });
  });

  it('takes scans and mandates only while voting, materials from the draft on', async () => {
    const draft = await createAssembly(env, community, { title: '草稿大会' });
    expectError(await upload(community, draft.id, 'scan', JPEG), 409, 'ASSEMBLY_STATE_CONFLICT');
    expect(ok(await upload(community, draft.id, 'material', PDF, '会议材料.pdf')).kind).toBe('material');
  });
});

describe('GET /api/assemblies/:id/files/:fileId', () => {
  let scanId: number;
  let materialId: number;
  beforeAll(async () => {
    scanId = ok(await upload(community, A.id, 'scan', JPEG, 'scan.jpg')).id;
    materialId = ok(await upload(community, A.id, 'material', PDF, '维修方案 (2026).pdf')).id;
  });

  it('needs a session', async () => {
    expectError(await env.anon.get(`/api/assemblies/${A.id}/files/${scanId}`), 401, 'UNAUTHENTICATED');
  });

  it('gives scans and mandates to the organisers of the estate only', async () => {
    for (const c of [community, second.client]) {
      const res = await c.get(`/api/assemblies/${A.id}/files/${scanId}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(Buffer.from(res.rawPayload).equals(JPEG)).toBe(true);
    }
    expectError(await resident.get(`/api/assemblies/${A.id}/files/${scanId}`), 403, 'FORBIDDEN'); // an owner on the roll
    expectError(await foreign.client.get(`/api/assemblies/${A.id}/files/${scanId}`), 403, 'NOT_IN_SCOPE');
  });

  it('gives materials also to the owners on the roll, to nobody else', async () => {
    const res = await resident.get(`/api/assemblies/${A.id}/files/${materialId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('维修方案 (2026).pdf'));
    expect(Buffer.from(res.rawPayload).equals(PDF)).toBe(true);
    expectError(await stranger.client.get(`/api/assemblies/${A.id}/files/${materialId}`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await foreign.client.get(`/api/assemblies/${A.id}/files/${materialId}`), 403, 'NOT_IN_SCOPE');
  });

  it('answers 404 for a file of another assembly, 400 for a bad id', async () => {
    const other = await createAssembly(env, community, { title: '另一次大会' });
    const theirs = ok(await upload(community, other.id, 'material', PDF)).id;
    expectError(await community.get(`/api/assemblies/${A.id}/files/${theirs}`), 404, 'NOT_FOUND');
    expectError(await community.get(`/api/assemblies/${A.id}/files/x`), 400, 'VALIDATION_FAILED');
  });
});

// ---------------------------------------------------------------------------------------------
describe('POST /api/assemblies/:id/paper-ballots, confirm and reject', () => {
  const paper = (c: Client, body: Record<string, unknown>, id = A.id) => c.post(`/api/assemblies/${id}/paper-ballots`, body);

  it('needs a session, the organise permission and the estate in scope', async () => {
    const s = await scan(A.id);
    const body = { voterId: singles[0].id, channel: 'paper', choices: choicesAll(A), scanId: s };
    expectError(await paper(env.anon, body), 401, 'UNAUTHENTICATED');
    expectError(await paper(resident, body), 403, 'FORBIDDEN');
    expectError(await paper(foreign.client, body), 403, 'NOT_IN_SCOPE');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [singles[0].id])).toBe(0);
    expect((await q(env, `SELECT used FROM assembly_files WHERE id = $1`, [s]))[0].used).toBe(false);
  });

  it('refuses bad input', async () => {
    const s = await scan(A.id);
    const v = singles[0].id;
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: [{ matterId: A.matterIds[0], choice: 'maybe' }], scanId: s }), 400, 'VALIDATION_FAILED');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: [], scanId: s }), 400, 'VALIDATION_FAILED');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: choicesAll(A) }), 400, 'VALIDATION_FAILED');
    expectError(await paper(community, { voterId: v, channel: 'online', choices: choicesAll(A), scanId: s }), 400, 'VALIDATION_FAILED');
    // a proxy needs the written mandate and the proxy's name; a plain paper ballot has neither
    expectError(await paper(community, { voterId: v, channel: 'proxy', choices: choicesAll(A), scanId: s, proxyName: '王五' }), 400, 'VALIDATION_FAILED');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: choicesAll(A), scanId: s, proxyName: '王五' }), 400, 'VALIDATION_FAILED');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [v])).toBe(0);
  });

  it('a paper ballot waits for a second staff member, then counts (entered → confirmed by another)', async () => {
    const v = singles[0];
    const bytes = Buffer.concat([JPEG, Buffer.from('signed-paper-ballot-1')]);
    const s = await scan(A.id, bytes);
    const before = await turnoutOf(A.id);
    const seq = await auditHeadSeq(env);
    const choices = [
      { matterId: A.matterIds[0], choice: 'agree' },
      { matterId: A.matterIds[1], choice: 'oppose' },
      { matterId: A.matterIds[2], choice: 'abstain' },
    ];
    const entered = ok(await paper(community, { voterId: v.id, channel: 'paper', choices, scanId: s }));
    expect(entered).toMatchObject({ status: 'pending' });
    expect(entered.receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const communityUser = await userIdOf(env, 'community');
    expect(await submission(entered.submissionId)).toMatchObject({ status: 'pending', channel: 'paper', scan_id: s, confirmed_by: null, cast_by_user: null });
    expect(Number((await submission(entered.submissionId)).entered_by)).toBe(communityUser);
    expect((await q(env, `SELECT used FROM assembly_files WHERE id = $1`, [s]))[0].used).toBe(true);
    expect((await ballotsOf(A.id, v.id)).map((b) => [b.choice, b.counted])).toEqual([
      ['agree', false],
      ['oppose', false],
      ['abstain', false],
    ]);
    // pending: not in the turnout yet
    const mid = await turnoutOf(A.id);
    expect(mid.voted).toEqual(before.voted);
    expect(mid.pending).toBe(before.pending + 1);
    let ledger = await ledgerOf(A.id);
    expect(ledger.at(-1)).toMatchObject({
      kind: 'ballot',
      payload: { receipt: entered.receipt, voterNo: v.voterNo, channel: 'paper', status: 'pending', choices: { '1': 'agree', '2': 'oppose', '3': 'abstain' }, supersedes: null, scanSha256: sha(bytes), mandateSha256: null },
    });
    expect(await auditSince(env, seq, 'assembly.ballot.enter')).toMatchObject([{ entity_id: String(A.id), actor_user_id: communityUser, after: { submissionId: entered.submissionId, channel: 'paper', scanId: s } }]);

    // the same staff member cannot confirm
    const confirmUrl = `/api/assemblies/${A.id}/submissions/${entered.submissionId}/confirm`;
    expectError(await community.post(confirmUrl), 409, 'ASSEMBLY_SECOND_STAFF');
    expect((await submission(entered.submissionId)).status).toBe('pending');

    const confirmed = ok(await second.client.post(confirmUrl));
    expect(confirmed).toEqual({ submissionId: entered.submissionId, receipt: entered.receipt, status: 'counted' });
    expect(await submission(entered.submissionId)).toMatchObject({ status: 'counted' });
    expect(Number((await submission(entered.submissionId)).confirmed_by)).toBe(second.userId);
    expect((await ballotsOf(A.id, v.id)).every((b) => b.counted)).toBe(true);
    ledger = await ledgerOf(A.id);
    expect(ledger.at(-1)).toMatchObject({ kind: 'ballot_confirmed', payload: { receipt: entered.receipt } });
    expect(await auditSince(env, seq, 'assembly.ballot.confirm')).toMatchObject([{ actor_user_id: second.userId, after: { submissionId: entered.submissionId, receipt: entered.receipt } }]);
    // counted in the live turnout: one more owner, their area
    const after = await turnoutOf(A.id);
    expect(after.voted.persons).toBe(before.voted.persons + 1);
    expect(BigInt(after.voted.areaCenti) - BigInt(before.voted.areaCenti)).toBe(BigInt(v.areaCenti));
    expect(after.pending).toBe(before.pending);
    // the owner is told
    expect(await count(env, `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'assembly.ballot'`, [owner(v).userId])).toBe(1);
    // final: no second confirmation, no online change (a confirmed paper ballot is the record), no second paper
    expectError(await second.client.post(confirmUrl), 409, 'ASSEMBLY_STATE_CONFLICT');
    const code = await giveCode(env, owner(v).userId, A.id);
    expectError(await owner(v).client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A, 'oppose'), code }), 409, 'ASSEMBLY_CHANGE_NOT_ALLOWED');
    expect((await q(env, `SELECT used_at FROM assembly_otps WHERE user_id = $1 AND assembly_id = $2`, [owner(v).userId, A.id]))[0].used_at).toBeNull();
    expectError(await paper(community, { voterId: v.id, channel: 'paper', choices: choicesAll(A), scanId: await scan(A.id) }), 409, 'ASSEMBLY_CHANGE_NOT_ALLOWED');
    expect((await ballotsOf(A.id, v.id)).map((b) => b.choice)).toEqual(['agree', 'oppose', 'abstain']);
  });

  it('a proxy ballot carries the mandate; a rejected one never counts, and the owner may then vote again', async () => {
    const v = singles[1];
    const mandateBytes = Buffer.concat([PNG, Buffer.from('mandate-of-owner-2')]);
    const s = await scan(A.id);
    const m = ok(await upload(community, A.id, 'mandate', mandateBytes, '委托书.png')).id;
    const before = await turnoutOf(A.id);
    const entered = ok(await paper(community, { voterId: v.id, channel: 'proxy', choices: choicesAll(A), scanId: s, mandateId: m, proxyName: '王五' }));
    expect(await submission(entered.submissionId)).toMatchObject({ status: 'pending', channel: 'proxy', mandate_id: m, proxy_name: '王五' });
    expect((await ledgerOf(A.id)).at(-1)).toMatchObject({ kind: 'ballot', payload: { channel: 'proxy', mandateSha256: sha(mandateBytes) } });
    const rejectUrl = `/api/assemblies/${A.id}/submissions/${entered.submissionId}/reject`;
    expectError(await second.client.post(rejectUrl, {}), 400, 'VALIDATION_FAILED');
    expectError(await second.client.post(rejectUrl, { reason: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(rejectUrl, { reason: '委托书未签字' }), 409, 'ASSEMBLY_SECOND_STAFF');
    const seq = await auditHeadSeq(env);
    expect(ok(await second.client.post(rejectUrl, { reason: '委托书未签字' }))).toMatchObject({ status: 'rejected', receipt: entered.receipt });
    expect(await submission(entered.submissionId)).toMatchObject({ status: 'rejected', reject_reason: '委托书未签字' });
    expect(await ballotsOf(A.id, v.id)).toEqual([]);
    expect((await ledgerOf(A.id)).at(-1)).toMatchObject({ kind: 'ballot_rejected', payload: { receipt: entered.receipt, reasonSha256: createHash('sha256').update('委托书未签字').digest('hex') } });
    // the public ledger never holds the free text (it may name people); the submission keeps it
    expect(await auditSince(env, seq, 'assembly.ballot.reject')).toHaveLength(1);
    expect((await turnoutOf(A.id)).voted).toEqual(before.voted);
    expectError(await second.client.post(rejectUrl, { reason: '再次退回' }), 409, 'ASSEMBLY_STATE_CONFLICT');
    expectError(await second.client.post(`/api/assemblies/${A.id}/submissions/${entered.submissionId}/confirm`), 409, 'ASSEMBLY_STATE_CONFLICT');
    // the owner votes online afterwards: counted
    const code = await giveCode(env, owner(v).userId, A.id);
    expect(ok(await owner(v).client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code }))).toMatchObject({ status: 'counted', changed: false });
  });

  it('refuses an unknown voter, a scan of another assembly, a used scan, a mandate as a scan, a foreign or repeated matter', async () => {
    const v = singles[2].id;
    const s = await scan(A.id);
    const other = await votingAssembly(env, community, { title: '另一次投票' });
    const otherScan = ok(await upload(community, other.id, 'scan', JPEG)).id;
    const usedScan = Number((await q(env, `SELECT id FROM assembly_files WHERE assembly_id = $1 AND kind = 'scan' AND used LIMIT 1`, [A.id]))[0].id);
    const aMandate = ok(await upload(community, A.id, 'mandate', PNG)).id;
    expectError(await paper(community, { voterId: 987654, channel: 'paper', choices: choicesAll(A), scanId: s }), 404, 'ASSEMBLY_VOTER_NOT_FOUND');
    const otherVoter = (await rollOf(env, other.id))[0].id;
    expectError(await paper(community, { voterId: otherVoter, channel: 'paper', choices: choicesAll(A), scanId: s }), 404, 'ASSEMBLY_VOTER_NOT_FOUND');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: choicesAll(A), scanId: otherScan }), 400, 'ASSEMBLY_FILE_UNKNOWN');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: choicesAll(A), scanId: usedScan }), 400, 'ASSEMBLY_FILE_UNKNOWN');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: choicesAll(A), scanId: aMandate }), 400, 'ASSEMBLY_FILE_UNKNOWN');
    expectError(await paper(community, { voterId: v, channel: 'proxy', choices: choicesAll(A), scanId: s, mandateId: s, proxyName: '赵六' }), 400, 'ASSEMBLY_FILE_UNKNOWN');
    expectError(await paper(community, { voterId: v, channel: 'paper', choices: [{ matterId: other.matterIds[0], choice: 'agree' }], scanId: s }), 400, 'ASSEMBLY_MATTER_NOT_IN_ASSEMBLY');
    expectError(
      await paper(community, { voterId: v, channel: 'paper', choices: [{ matterId: A.matterIds[0], choice: 'agree' }, { matterId: A.matterIds[0], choice: 'oppose' }], scanId: s }),
      400,
      'ASSEMBLY_CHOICES_INVALID',
    );
    // nothing recorded, the scan still free (each refusal rolled back its transaction)
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [v])).toBe(0);
    expect((await q(env, `SELECT used FROM assembly_files WHERE id = $1`, [s]))[0].used).toBe(false);
  });

  it('refuses paper for an owner who voted online, and anything while a paper ballot is pending', async () => {
    const online = singles[3];
    const code = await giveCode(env, owner(online).userId, A.id);
    ok(await owner(online).client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code }));
    expectError(await paper(community, { voterId: online.id, channel: 'paper', choices: choicesAll(A), scanId: await scan(A.id) }), 409, 'ASSEMBLY_ALREADY_VOTED');

    const pending = singles[4];
    ok(await paper(community, { voterId: pending.id, channel: 'paper', choices: choicesAll(A), scanId: await scan(A.id) }));
    expectError(await paper(community, { voterId: pending.id, channel: 'paper', choices: choicesAll(A), scanId: await scan(A.id) }), 409, 'ASSEMBLY_PAPER_PENDING');
    const c2 = await giveCode(env, owner(pending).userId, A.id);
    expectError(await owner(pending).client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code: c2 }), 409, 'ASSEMBLY_PAPER_PENDING');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [pending.id])).toBe(1);
  });

  it('confirm and reject: 401, 403 outside the estate, 404 for a ballot of another assembly, 400 for a bad id', async () => {
    const v = singles[5];
    const entered = ok(await paper(community, { voterId: v.id, channel: 'paper', choices: choicesAll(A), scanId: await scan(A.id) }));
    const url = (what: string, id: number = entered.submissionId, a = A.id) => `/api/assemblies/${a}/submissions/${id}/${what}`;
    expectError(await env.anon.post(url('confirm')), 401, 'UNAUTHENTICATED');
    expectError(await resident.post(url('confirm')), 403, 'FORBIDDEN');
    expectError(await foreign.client.post(url('confirm')), 403, 'NOT_IN_SCOPE');
    expectError(await foreign.client.post(url('reject'), { reason: '无效选票' }), 403, 'NOT_IN_SCOPE');
    const other = await createAssembly(env, community, { title: '第三次大会' });
    expectError(await second.client.post(url('confirm', entered.submissionId, other.id)), 409, 'ASSEMBLY_STATE_CONFLICT'); // a draft takes no confirmations
    expectError(await second.client.post(url('confirm', 987654)), 404, 'ASSEMBLY_SUBMISSION_NOT_FOUND');
    expectError(await second.client.post(`/api/assemblies/${A.id}/submissions/abc/confirm`), 400, 'VALIDATION_FAILED');
    expect((await submission(entered.submissionId)).status).toBe('pending');
    ok(await second.client.post(url('confirm')));
  });
});

describe('GET /api/assemblies/:id/submissions', () => {
  it('needs a session and the estate in scope', async () => {
    expectError(await env.anon.get(`/api/assemblies/${A.id}/submissions`), 401, 'UNAUTHENTICATED');
    expectError(await resident.get(`/api/assemblies/${A.id}/submissions`), 403, 'FORBIDDEN');
    expectError(await foreign.client.get(`/api/assemblies/${A.id}/submissions`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get(`/api/assemblies/${A.id}/submissions?status=lost`), 400, 'VALIDATION_FAILED');
    expectError(await community.get(`/api/assemblies/${A.id}/submissions?limit=0`), 400, 'VALIDATION_FAILED');
  });

  it('lists the ballot papers with masked names, who entered and confirmed, and the choices', async () => {
    const all = ok(await community.get(`/api/assemblies/${A.id}/submissions?limit=500`));
    const rows = await q(env, `SELECT id, status FROM assembly_submissions WHERE assembly_id = $1 ORDER BY id`, [A.id]);
    expect(all.total).toBe(rows.length);
    expect(all.items.map((i: { id: number }) => i.id)).toEqual(rows.map((r) => Number(r.id)));
    const confirmed = all.items.find((i: { voterId: number; status: string }) => i.voterId === singles[0].id && i.status === 'counted');
    expect(confirmed).toMatchObject({ channel: 'paper', enteredByName: expect.stringContaining('社工'), confirmedBy: second.userId, confirmedByName: '社工乙' });
    expect(confirmed.choices).toEqual([
      { matterId: A.matterIds[0], seq: 1, choice: 'agree' },
      { matterId: A.matterIds[1], seq: 2, choice: 'oppose' },
      { matterId: A.matterIds[2], seq: 3, choice: 'abstain' },
    ]);
    const name = (await q(env, `SELECT name FROM assembly_voters WHERE id = $1`, [singles[0].id]))[0].name as string;
    expect(confirmed.name).not.toBe(name);
    expect(confirmed.name.startsWith([...name][0])).toBe(true);
    expect(JSON.stringify(all)).not.toContain(name);
    const rejected = ok(await community.get(`/api/assemblies/${A.id}/submissions?status=rejected`));
    expect(rejected.items.map((i: { status: string }) => i.status)).toEqual(['rejected']);
    expect(rejected.items[0]).toMatchObject({ channel: 'proxy', proxyName: '王五', rejectReason: '委托书未签字' });
    expect(rejected.items[0].choices).toHaveLength(3); // from the ledger: a rejected paper keeps its record
  });
});

// ---------------------------------------------------------------------------------------------
describe('GET /api/my/assemblies and /api/my/assemblies/:id', () => {
  it('need a session', async () => {
    expectError(await env.anon.get('/api/my/assemblies'), 401, 'UNAUTHENTICATED');
    expectError(await env.anon.get(`/api/my/assemblies/${A.id}`), 401, 'UNAUTHENTICATED');
  });

  it('list the assemblies where I vote; nothing for someone on no roll', async () => {
    expect(ok(await stranger.client.get('/api/my/assemblies')).items).toEqual([]);
    expect(ok(await community.get('/api/my/assemblies')).items).toEqual([]); // staff without a person
    const mine = ok(await resident.get('/api/my/assemblies')).items.find((i: { id: number }) => i.id === A.id);
    expect(mine).toMatchObject({ title: '2026年度业主大会', state: 'voting', voters: 2, votedVoters: 0, voted: false });
    const voted = ok(await owner(singles[0]).client.get('/api/my/assemblies')).items.find((i: { id: number }) => i.id === A.id);
    expect(voted).toMatchObject({ voters: 1, votedVoters: 1, voted: true });
  });

  it('show nothing to someone not on the roll', async () => {
    expectError(await stranger.client.get(`/api/my/assemblies/${A.id}`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await community.get(`/api/my/assemblies/${A.id}`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await resident.get('/api/my/assemblies/987654'), 404, 'ASSEMBLY_NOT_FOUND');
    expectError(await resident.get('/api/my/assemblies/abc'), 400, 'VALIDATION_FAILED');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_deliveries WHERE assembly_id = $1`, [A.id])).toBe(0);
  });

  it('show my voters with their units and ballots, and record the delivery (app_read) on the first view only', async () => {
    const seq = await auditHeadSeq(env);
    const d = ok(await resident.get(`/api/my/assemblies/${A.id}`));
    expect(d).toMatchObject({ id: A.id, state: 'voting', votingOpen: true, turnout: null, results: null, election: null });
    expect(d.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(d.matters.map((m: { id: number }) => m.id)).toEqual(A.matterIds);
    expect(d.voters.map((v: { voterId: number }) => v.voterId)).toEqual(residentVoters.map((v) => v.id));
    for (const v of d.voters) {
      expect(v.units.length).toBeGreaterThan(0);
      expect(v.ballot).toBeNull();
    }
    expect(d.materials.length).toBeGreaterThan(0);
    const deliveries = await q(env, `SELECT voter_id::int AS voter_id, method FROM assembly_deliveries WHERE assembly_id = $1 ORDER BY voter_id`, [A.id]);
    expect(deliveries).toEqual(residentVoters.map((v) => ({ voter_id: v.id, method: 'app_read' })));
    ok(await resident.get(`/api/my/assemblies/${A.id}`));
    expect(await count(env, `SELECT count(*) AS n FROM assembly_deliveries WHERE assembly_id = $1`, [A.id])).toBe(2);
    expect(await auditSince(env, seq, 'assembly.delivery.app_read')).toMatchObject([{ actor_user_id: residentUser, after: { voterIds: residentVoters.map((v) => v.id) } }]);
    // the organisers' roll shows it
    const rollView = ok(await community.get(`/api/assemblies/${A.id}/roll?limit=500`));
    expect(rollView.items.filter((i: { delivery: string | null }) => i.delivery === 'app_read').map((i: { id: number }) => i.id).sort()).toEqual(residentVoters.map((v) => v.id).sort());
  });

  it('the organisers’ detail shows the live turnout, the owner’s does not while voting', async () => {
    const counted = await count(env, `SELECT count(DISTINCT voter_id) AS n FROM assembly_ballots WHERE assembly_id = $1 AND counted`, [A.id]);
    expect((await turnoutOf(A.id)).voted.persons).toBe(counted);
    expect(ok(await owner(singles[0]).client.get(`/api/my/assemblies/${A.id}`)).turnout).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
describe('POST /api/my/assemblies/:id/otp', () => {
  it('needs a session and a place on the roll', async () => {
    expectError(await env.anon.post(`/api/my/assemblies/${A.id}/otp`), 401, 'UNAUTHENTICATED');
    expectError(await stranger.client.post(`/api/my/assemblies/${A.id}/otp`), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await resident.post('/api/my/assemblies/abc/otp'), 400, 'VALIDATION_FAILED');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_otps WHERE user_id = $1`, [stranger.userId])).toBe(0);
  });

  it('needs a phone on record', async () => {
    const v = singles[6];
    const phone = (await q(env, `SELECT phone FROM persons WHERE id = $1`, [v.delegatePersonId]))[0].phone;
    await q(env, `UPDATE persons SET phone = NULL WHERE id = $1`, [v.delegatePersonId]);
    try {
      expectError(await owner(v).client.post(`/api/my/assemblies/${A.id}/otp`), 409, 'ASSEMBLY_OTP_NO_PHONE');
      expect(await count(env, `SELECT count(*) AS n FROM assembly_otps WHERE user_id = $1`, [owner(v).userId])).toBe(0);
      expect(await count(env, `SELECT count(*) AS n FROM sms_outbox WHERE user_id = $1`, [owner(v).userId])).toBe(0);
    } finally {
      await q(env, `UPDATE persons SET phone = $2 WHERE id = $1`, [v.delegatePersonId, phone]);
    }
  });

  it('is only for an assembly taking ballots', async () => {
    const announced = await createAssembly(env, community, { title: '已公告未投票' });
    await announce(community, announced.id);
    expectError(await resident.post(`/api/my/assemblies/${announced.id}/otp`), 409, 'ASSEMBLY_NOT_VOTING');
  });

  it('queues a six-digit code (stored only as a hash), logs it without a gateway, phone masked, and audits the sending', async () => {
    const v = singles[7];
    const o = owner(v);
    const phone = (await q(env, `SELECT phone FROM persons WHERE id = $1`, [v.delegatePersonId]))[0].phone as string;
    const seq = await auditHeadSeq(env);
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    let res;
    let logged: string;
    try {
      res = ok(await o.client.post(`/api/my/assemblies/${A.id}/otp`));
      logged = spy.mock.calls.map((c) => String(c[0])).join('\n');
    } finally {
      spy.mockRestore();
    }
    expect(res.sentTo).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(Date.parse(res.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(res.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const sms = (await q(env, `SELECT phone, body, purpose, sent_at FROM sms_outbox WHERE user_id = $1`, [o.userId]))[0];
    expect(sms).toMatchObject({ phone, purpose: 'assembly_otp', sent_at: null });
    const code = sms.body.match(/\d{6}/)![0];
    const otp = (await q(env, `SELECT code_hash, attempts, used_at FROM assembly_otps WHERE user_id = $1 AND assembly_id = $2`, [o.userId, A.id]))[0];
    expect(otp.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(otp.code_hash).not.toContain(code);
    expect(otp).toMatchObject({ attempts: 0, used_at: null });
    // without a gateway the server log carries the message (the demo operator reads the code there), never the full phone
    expect(logged).toContain(code);
    expect(logged).toContain(res.sentTo);
    expect(logged).not.toContain(phone);
    const audit = await auditSince(env, seq, 'assembly.otp.send');
    expect(audit).toMatchObject([{ actor_user_id: o.userId, entity_id: String(A.id), after: { sentTo: res.sentTo } }]);
    expect(JSON.stringify(audit)).not.toContain(code);
    expect(JSON.stringify(audit)).not.toContain(phone);
    // the code works
    expect(ok(await o.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code })).status).toBe('counted');
  });

  it('sends at most one code a minute; a new code replaces the old one', async () => {
    const o = owner(singles[8]);
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      ok(await o.client.post(`/api/my/assemblies/${A.id}/otp`));
      const first = await codeFromOutbox(env, o.userId);
      const tooSoon = await o.client.post(`/api/my/assemblies/${A.id}/otp`);
      expectError(tooSoon, 429, 'ASSEMBLY_OTP_TOO_SOON');
      expect(tooSoon.json().error.details.retryAfterSeconds).toBeGreaterThan(50);
      expect(await count(env, `SELECT count(*) AS n FROM assembly_otps WHERE user_id = $1`, [o.userId])).toBe(1);
      expect(await count(env, `SELECT count(*) AS n FROM sms_outbox WHERE user_id = $1`, [o.userId])).toBe(1);
      // a minute later
      await q(env, `UPDATE assembly_otps SET created_at = created_at - interval '61 seconds' WHERE user_id = $1`, [o.userId]);
      ok(await o.client.post(`/api/my/assemblies/${A.id}/otp`));
      const next = await codeFromOutbox(env, o.userId);
      expect(await count(env, `SELECT count(*) AS n FROM assembly_otps WHERE user_id = $1`, [o.userId])).toBe(2);
      if (first !== next) {
        const old = await o.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code: first });
        expectError(old, 403, 'ASSEMBLY_OTP_INVALID');
        expect(old.json().error.details).toMatchObject({ reason: 'wrong' });
      }
      expect(ok(await o.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code: next })).status).toBe('counted');
    } finally {
      vi.restoreAllMocks();
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('POST /api/my/assemblies/:id/ballot', () => {
  const vote = (c: Client, body: Record<string, unknown>, id = A.id) => c.post(`/api/my/assemblies/${id}/ballot`, body);

  it('needs a session and a place on the roll', async () => {
    expectError(await vote(env.anon, { choices: choicesAll(A), code: '123456' }), 401, 'UNAUTHENTICATED');
    const code = await giveCode(env, stranger.userId, A.id);
    expectError(await vote(stranger.client, { choices: choicesAll(A), code }), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expectError(await vote(community, { choices: choicesAll(A), code }), 403, 'ASSEMBLY_NOT_ON_ROLL');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE cast_by_user = $1`, [stranger.userId])).toBe(0);
  });

  it('refuses bad input without spending the code', async () => {
    const v = singles[9];
    const o = owner(v);
    const code = await giveCode(env, o.userId, A.id);
    expectError(await vote(o.client, { choices: [{ matterId: A.matterIds[0], choice: 'yes' }], code }), 400, 'VALIDATION_FAILED');
    expectError(await vote(o.client, { choices: [], code }), 400, 'VALIDATION_FAILED');
    expectError(await vote(o.client, { choices: choicesAll(A), code: '12ab56' }), 400, 'VALIDATION_FAILED');
    expectError(await vote(o.client, { choices: choicesAll(A), code: 123456 }), 400, 'VALIDATION_FAILED');
    expectError(await vote(o.client, { choices: choicesAll(A) }), 400, 'ASSEMBLY_OTP_REQUIRED');
    // a matter twice in one ballot; a matter of another assembly
    expectError(await vote(o.client, { choices: [{ matterId: A.matterIds[0], choice: 'agree' }, { matterId: A.matterIds[0], choice: 'oppose' }], code }), 400, 'ASSEMBLY_CHOICES_INVALID');
    const other = await createAssembly(env, community, { title: '别的大会' });
    expectError(await vote(o.client, { choices: [{ matterId: other.matterIds[0], choice: 'agree' }], code }), 400, 'ASSEMBLY_MATTER_NOT_IN_ASSEMBLY');
    expect((await q(env, `SELECT attempts, used_at FROM assembly_otps WHERE user_id = $1`, [o.userId]))[0]).toEqual({ attempts: 0, used_at: null });
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [v.id])).toBe(0);
    expect(ok(await vote(o.client, { choices: choicesAll(A), code })).status).toBe('counted');
  });

  it('asks which owner when I vote for more than one, and only mine', async () => {
    const code = await giveCode(env, residentUser, A.id);
    const ambiguous = await vote(resident, { choices: choicesAll(A), code });
    expectError(ambiguous, 400, 'ASSEMBLY_VOTER_REQUIRED');
    expect(ambiguous.json().error.details.voterIds).toEqual(residentVoters.map((v) => v.id));
    expectError(await vote(resident, { voterId: singles[10].id, choices: choicesAll(A), code }), 403, 'ASSEMBLY_NOT_ON_ROLL');
    const [first, other] = residentVoters;
    const r1 = ok(await vote(resident, { voterId: first.id, choices: choicesAll(A, 'agree'), code }));
    expect(r1).toMatchObject({ voterId: first.id, voterNo: first.voterNo, changed: false, status: 'counted' });
    const code2 = await freshCode({ userId: residentUser } as Owner, A.id);
    const r2 = ok(await vote(resident, { voterId: other.id, choices: choicesAll(A, 'oppose'), code: code2 }));
    expect(r2).toMatchObject({ voterId: other.id, changed: false });
    expect((await ballotsOf(A.id, first.id)).map((b) => b.choice)).toEqual(['agree', 'agree', 'agree']);
    expect((await ballotsOf(A.id, other.id)).map((b) => b.choice)).toEqual(['oppose', 'oppose', 'oppose']);
    const listed = ok(await resident.get('/api/my/assemblies')).items.find((i: { id: number }) => i.id === A.id);
    expect(listed).toMatchObject({ voters: 2, votedVoters: 2, voted: true });
  });

  it('records a ballot (papers, ballots, ledger, audit); a second one replaces it, the last counts, both stay in the ledger', async () => {
    const v = singles[11];
    const o = owner(v);
    const before = await turnoutOf(A.id);
    const seq = await auditHeadSeq(env);
    const code = await giveCode(env, o.userId, A.id);
    const first = ok(await vote(o.client, { choices: [{ matterId: A.matterIds[0], choice: 'agree' }, { matterId: A.matterIds[1], choice: 'agree' }, { matterId: A.matterIds[2], choice: 'agree' }], code }));
    expect(first).toMatchObject({ changed: false, status: 'counted', voterId: v.id, voterNo: v.voterNo });
    expect(await submission(first.submissionId)).toMatchObject({ status: 'counted', channel: 'online', scan_id: null, entered_by: null });
    expect(Number((await submission(first.submissionId)).cast_by_user)).toBe(o.userId);
    expect((await ballotsOf(A.id, v.id)).map((b) => [b.choice, b.counted, b.submission_id])).toEqual(A.matterIds.map(() => ['agree', true, first.submissionId]));
    expect((await q(env, `SELECT used_at FROM assembly_otps WHERE user_id = $1`, [o.userId]))[0].used_at).not.toBeNull();
    expect((await turnoutOf(A.id)).voted.persons).toBe(before.voted.persons + 1);
    expect((await ledgerOf(A.id)).at(-1)).toMatchObject({
      kind: 'ballot',
      payload: { receipt: first.receipt, voterNo: v.voterNo, channel: 'online', status: 'counted', choices: { '1': 'agree', '2': 'agree', '3': 'agree' }, supersedes: null },
    });
    // single use
    const reused = await vote(o.client, { choices: choicesAll(A, 'oppose'), code });
    expectError(reused, 403, 'ASSEMBLY_OTP_INVALID');
    expect(reused.json().error.details.reason).toBe('used');

    // the change: a whole new paper (here on two matters only) replaces the first
    const code2 = await freshCode(o, A.id);
    const second_ = ok(await vote(o.client, { choices: [{ matterId: A.matterIds[0], choice: 'oppose' }, { matterId: A.matterIds[2], choice: 'abstain' }], code: code2 }));
    expect(second_).toMatchObject({ changed: true, status: 'counted' });
    expect((await submission(first.submissionId)).status).toBe('superseded');
    expect((await submission(second_.submissionId)).status).toBe('counted');
    expect((await ballotsOf(A.id, v.id)).map((b) => [b.matter_id, b.choice, b.submission_id])).toEqual([
      [A.matterIds[0], 'oppose', second_.submissionId],
      [A.matterIds[2], 'abstain', second_.submissionId],
    ]);
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1 AND status = 'counted'`, [v.id])).toBe(1);
    expect((await turnoutOf(A.id)).voted.persons).toBe(before.voted.persons + 1); // still one owner
    const ledger = await ledgerOf(A.id);
    const mine = ledger.filter((e) => e.kind === 'ballot' && (e.payload as { voterNo: number }).voterNo === v.voterNo);
    expect(mine.map((e) => (e.payload as { receipt: string; supersedes: string | null }).receipt)).toEqual([first.receipt, second_.receipt]);
    expect(mine[1].payload).toMatchObject({ supersedes: first.receipt, choices: { '1': 'oppose', '3': 'abstain' } });
    expect((await auditSince(env, seq, 'assembly.ballot.online')).map((e) => (e.after as { changed: boolean }).changed)).toEqual([false, true]);
    // the owner sees both receipts, the first marked superseded, and the current ballot
    const d = ok(await o.client.get(`/api/my/assemblies/${A.id}`));
    expect(d.receipts.map((r: { receipt: string; superseded: boolean }) => [r.receipt, r.superseded])).toEqual([
      [first.receipt, true],
      [second_.receipt, false],
    ]);
    expect(d.receipts[0].choices).toEqual(A.matterIds.map((matterId, i) => ({ matterId, seq: i + 1, choice: 'agree' })));
    expect(d.voters[0].ballot).toMatchObject({ receipt: second_.receipt, status: 'counted', channel: 'online' });
    expect(d.voters[0].ballot.choices).toEqual([
      { matterId: A.matterIds[0], seq: 1, choice: 'oppose' },
      { matterId: A.matterIds[2], seq: 3, choice: 'abstain' },
    ]);
  });

  it('refuses a wrong code (and counts the try), an expired code, and a code after five wrong tries', async () => {
    const v = singles[12];
    const o = owner(v);
    const code = await giveCode(env, o.userId, A.id, '135790');
    for (let i = 1; i <= 5; i++) {
      const res = await vote(o.client, { choices: choicesAll(A), code: '000000' });
      expectError(res, 403, 'ASSEMBLY_OTP_INVALID');
      expect(res.json().error.details).toEqual({ reason: 'wrong', attemptsLeft: 5 - i });
      expect((await q(env, `SELECT attempts FROM assembly_otps WHERE user_id = $1`, [o.userId]))[0].attempts).toBe(i);
    }
    expectError(await vote(o.client, { choices: choicesAll(A), code }), 429, 'ASSEMBLY_OTP_EXHAUSTED');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [v.id])).toBe(0);
    expect((await auditSince(env, 0, 'assembly.otp.wrong')).filter((e) => e.actor_user_id === o.userId)).toHaveLength(5);

    const fresh = await freshCode(o, A.id);
    await q(env, `UPDATE assembly_otps SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL AND attempts = 0`, [o.userId]);
    const expired = await vote(o.client, { choices: choicesAll(A), code: fresh });
    expectError(expired, 403, 'ASSEMBLY_OTP_INVALID');
    expect(expired.json().error.details.reason).toBe('expired');
    const none = singles[13];
    const noCode = await vote(owner(none).client, { choices: choicesAll(A), code: '123456' });
    expectError(noCode, 403, 'ASSEMBLY_OTP_INVALID');
    expect(noCode.json().error.details.reason).toBe('none');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id IN ($1, $2)`, [v.id, none.id])).toBe(0);
  });

  it('refuses a ballot before voting opens', async () => {
    const announced = await createAssembly(env, community, { title: '尚未开始投票' });
    await announce(community, announced.id);
    const code = await giveCode(env, residentUser, announced.id);
    const r = await vote(resident, { voterId: (await rollOf(env, announced.id)).find((x) => x.delegatePersonId === residentVoters[0].delegatePersonId)!.id, choices: choicesAll(announced), code }, announced.id);
    expectError(r, 409, 'ASSEMBLY_NOT_VOTING');
  });
});

// ---------------------------------------------------------------------------------------------
describe('after the close', () => {
  it('receipts are not public while voting', async () => {
    expectError(await env.anon.get(`/api/assemblies/${A.id}/receipts`), 409, 'ASSEMBLY_STATE_CONFLICT');
    const any = (await q(env, `SELECT receipt FROM assembly_submissions WHERE assembly_id = $1 LIMIT 1`, [A.id]))[0].receipt;
    expectError(await env.anon.get(`/api/assemblies/${A.id}/receipts/${any}`), 409, 'ASSEMBLY_STATE_CONFLICT');
  });

  it('refuses ballots once the closing time has passed, even before the state changes, and after the close', async () => {
    const v = singles[14];
    const o = owner(v);
    const s = await scan(A.id);
    await endVoting(env, A.id);
    expect((await q(env, `SELECT state FROM assemblies WHERE id = $1`, [A.id]))[0].state).toBe('voting');
    const code = await giveCode(env, o.userId, A.id);
    expectError(await o.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code }), 409, 'ASSEMBLY_VOTING_CLOSED');
    expectError(await o.client.post(`/api/my/assemblies/${A.id}/otp`), 409, 'ASSEMBLY_VOTING_CLOSED');
    expectError(await community.post(`/api/assemblies/${A.id}/paper-ballots`, { voterId: v.id, channel: 'paper', choices: choicesAll(A), scanId: s }), 409, 'ASSEMBLY_VOTING_CLOSED');
    await closeVoting(env, community, A.id);
    expectError(await o.client.post(`/api/my/assemblies/${A.id}/ballot`, { choices: choicesAll(A), code }), 409, 'ASSEMBLY_VOTING_CLOSED');
    expectError(await community.post(`/api/assemblies/${A.id}/paper-ballots`, { voterId: v.id, channel: 'paper', choices: choicesAll(A), scanId: s }), 409, 'ASSEMBLY_VOTING_CLOSED');
    expect(await count(env, `SELECT count(*) AS n FROM assembly_submissions WHERE voter_id = $1`, [v.id])).toBe(0);
    expect((await q(env, `SELECT used_at FROM assembly_otps WHERE user_id = $1`, [o.userId]))[0].used_at).toBeNull();
  });

  it('a pending paper ballot can still be confirmed after the close; the owner then sees the turnout', async () => {
    const pending = (await q(env, `SELECT id FROM assembly_submissions WHERE assembly_id = $1 AND status = 'pending'`, [A.id])).map((r) => Number(r.id));
    expect(pending).toHaveLength(1);
    ok(await second.client.post(`/api/assemblies/${A.id}/submissions/${pending[0]}/confirm`));
    const d = ok(await owner(singles[0]).client.get(`/api/my/assemblies/${A.id}`));
    expect(d.state).toBe('closed');
    expect(d.votingOpen).toBe(false);
    expect(d.turnout.voted.persons).toBe(await count(env, `SELECT count(DISTINCT voter_id) AS n FROM assembly_ballots WHERE assembly_id = $1 AND counted`, [A.id]));
    expect(d.results).toBeNull();
  });

  it('publishes every receipt without names: voter number, channel, status, choices by matter number', async () => {
    const res = ok(await env.anon.get(`/api/assemblies/${A.id}/receipts`));
    const subs = await q(env, `SELECT s.receipt, s.status, s.channel, v.voter_no FROM assembly_submissions s JOIN assembly_voters v ON v.id = s.voter_id WHERE s.assembly_id = $1 ORDER BY s.id`, [A.id]);
    expect(res.total).toBe(subs.length);
    expect(res.state).toBe('closed');
    expect(res.ledgerHead).toBe((await q(env, `SELECT ledger_head FROM assemblies WHERE id = $1`, [A.id]))[0].ledger_head);
    const byReceipt = new Map(res.items.map((i: { receipt: string }) => [i.receipt, i]));
    for (const s of subs) expect(byReceipt.get(s.receipt)).toMatchObject({ status: s.status, channel: s.channel, voterNo: Number(s.voter_no) });
    expect(new Set(res.items.map((i: { status: string }) => i.status))).toEqual(new Set(['counted', 'superseded', 'rejected']));
    for (const i of res.items) expect(Object.keys(i).sort()).toEqual(['channel', 'choices', 'ledgerSeq', 'receipt', 'status', 'supersedes', 'voterNo']);
    const names = (await q(env, `SELECT name FROM assembly_voters WHERE assembly_id = $1`, [A.id])).flatMap((r) => (r.name as string).split('、'));
    const text = JSON.stringify(res);
    for (const n of names) expect(text).not.toContain(n);
    // the tally can be re-run from the receipts: counted ones, by matter number
    const counted = res.items.filter((i: { status: string }) => i.status === 'counted');
    const agreeOn1 = counted.filter((i: { choices: Record<string, string> }) => i.choices['1'] === 'agree').length;
    expect(agreeOn1).toBe(await count(env, `SELECT count(*) AS n FROM assembly_ballots WHERE matter_id = $1 AND counted AND choice = 'agree'`, [A.matterIds[0]]));
  });

  it('shows one receipt (any case), 404 for an unknown one, 400 for a malformed one', async () => {
    const [s] = await q(env, `SELECT s.receipt, v.voter_no FROM assembly_submissions s JOIN assembly_voters v ON v.id = s.voter_id WHERE s.assembly_id = $1 AND s.status = 'superseded' LIMIT 1`, [A.id]);
    const one = ok(await env.anon.get(`/api/assemblies/${A.id}/receipts/${s.receipt.toLowerCase()}`));
    expect(one).toMatchObject({ receipt: s.receipt, voterNo: Number(s.voter_no), status: 'superseded', channel: 'online' });
    expectError(await env.anon.get(`/api/assemblies/${A.id}/receipts/AAAA-BBBB-CCCC`), 404, 'ASSEMBLY_RECEIPT_NOT_FOUND');
    expectError(await env.anon.get(`/api/assemblies/${A.id}/receipts/not-a-receipt`), 400, 'VALIDATION_FAILED');
    expectError(await env.anon.get(`/api/assemblies/987654/receipts`), 404, 'ASSEMBLY_NOT_FOUND');
  });

  it('the ledger of the whole assembly verifies and holds every ballot paper', async () => {
    const ledger = await ledgerOf(A.id);
    const ballots = ledger.filter((e) => e.kind === 'ballot').map((e) => (e.payload as { receipt: string }).receipt).sort();
    const subs = (await q(env, `SELECT receipt FROM assembly_submissions WHERE assembly_id = $1`, [A.id])).map((r) => r.receipt as string).sort();
    expect(ballots).toEqual(subs);
    expect(ledger.at(-1)!.kind).toBe('ballot_confirmed');
    expect(ledger.filter((e) => e.kind === 'closed')).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
describe('the SMS outbox and the sweep sms.deliver', () => {
  let server: http.Server;
  let url: string;
  let answer = 200;
  const received: { id: number; phone: string; body: string; purpose: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.statusCode = answer;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));
  const gateway = () => ({ ...env.ctx, config: { ...env.ctx.config, smsWebhookUrl: url } });
  const row = async (id: number) => (await q(env, `SELECT body, sent_at, attempts, last_error FROM sms_outbox WHERE id = $1`, [id]))[0];

  it('without a gateway, leaves messages in the outbox', async () => {
    const r = await deliverSms(env.ctx);
    expect(r).toMatchObject({ gateway: false });
    expect(r.pending).toBe(await count(env, `SELECT count(*) AS n FROM sms_outbox WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}`));
  });

  it('posts pending messages to the gateway, retries a failure, keeps the error, and blanks a sent code', async () => {
    // the codes queued by the tests above are done with
    await q(env, `UPDATE sms_outbox SET sent_at = now() WHERE sent_at IS NULL`);
    const id = await env.ctx.db.transaction((tx) => queueSms(tx, { phone: '13912345678', body: '【共治】验证码 482913，10 分钟内有效。', purpose: 'assembly_otp', userId: null }));
    answer = 500;
    const failed = await deliverSms(gateway());
    expect(failed).toMatchObject({ gateway: true, sent: 0 });
    expect(await row(id)).toMatchObject({ sent_at: null, attempts: 1, last_error: expect.stringContaining('HTTP 500') });
    answer = 200;
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const sent = await deliverSms(gateway());
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    const after = await row(id);
    expect(after.sent_at).not.toBeNull();
    expect(after).toMatchObject({ attempts: 2, last_error: null, body: '【共治】验证码 ******，10 分钟内有效。' });
    expect(received.filter((m) => m.id === id).map((m) => [m.phone, m.body, m.purpose])).toEqual([
      ['13912345678', '【共治】验证码 482913，10 分钟内有效。', 'assembly_otp'],
      ['13912345678', '【共治】验证码 482913，10 分钟内有效。', 'assembly_otp'],
    ]);
    // with a gateway nothing of a message goes to the log
    const logged = spy.mock.calls.map((c) => String(c[0])).join('');
    spy.mockRestore();
    expect(logged).not.toContain('482913');
    // sent: not sent again
    const n = received.length;
    await deliverSms(gateway());
    expect(received.filter((m) => m.id === id)).toHaveLength(2);
    expect(received.length).toBeGreaterThanOrEqual(n);
  });

  it('a queued code goes out at once when a gateway is set, and never to the log', async () => {
    const msg = { phone: '13900001111', body: '【共治】验证码 771199。', purpose: 'assembly_otp', userId: null };
    const id = await env.ctx.db.transaction((tx) => queueSms(tx, msg));
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    await afterQueued(gateway(), id, msg);
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    expect(calls).toBe(0);
    expect((await row(id)).sent_at).not.toBeNull();
    expect(received.some((m) => m.id === id)).toBe(true);
  });

  it('stops a run after three failures in a row (the gateway is down) and leaves the rest for the next run', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await env.ctx.db.transaction((tx) => queueSms(tx, { phone: '13900003333', body: `通知 ${i}`, purpose: 'notice', userId: null })));
    answer = 503;
    expect(await deliverSms(gateway())).toMatchObject({ sent: 0, failed: 3 });
    expect((await Promise.all(ids.map(row))).map((r) => r.attempts)).toEqual([1, 1, 1, 0, 0]);
    answer = 200;
    expect(await deliverSms(gateway())).toMatchObject({ sent: 5, failed: 0 });
    // a message that is not a code keeps its body
    expect((await row(ids[4])).body).toBe('通知 4');
  });

  it('gives up on a code that expired before delivery, blanking it, without posting it', async () => {
    const [r] = await q(env, `INSERT INTO sms_outbox (phone, body, purpose, created_at) VALUES ('13900002222', '验证码 123789', 'assembly_otp', now() - interval '11 minutes') RETURNING id`);
    const id = Number(r.id);
    const res = await deliverSms(gateway());
    expect(res.expired).toBeGreaterThanOrEqual(1);
    expect(await row(id)).toMatchObject({ sent_at: null, attempts: MAX_ATTEMPTS, last_error: 'expired before delivery', body: '验证码 ******' });
    expect(received.some((m) => m.id === id)).toBe(false);
  });
});
