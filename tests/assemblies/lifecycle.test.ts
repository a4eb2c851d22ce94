// An owners' assembly from draft to archive through the API, on a small estate built in SQL so
// that every figure is exact: create and edit (draft only), matters, the dates, the announcement
// (15 days' notice by default, a street's or an estate's own setting; no matters, unapproved
// candidates or an empty roll refused), the frozen roll with its ledger entry, notifications (the
// residents' committee copied, owners with accounts) and audit, roll corrections before voting,
// open and close at their times, the count by 民法典 第二百七十八条 第二款 (refused while paper
// ballots await confirmation), publication and its publicity period, the archive, and the sweep
// that opens, closes and archives what is due. Time is moved by setting the assembly's times in SQL.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, type Client, type TestEnv } from '../../src/test/harness';
import { assemblyRow, sweepAssemblies } from '../../src/modules/assemblies/service';
import { castBallot, confirmPaper, type Channel } from '../../src/modules/assemblies/ballots';
import { checkChain, readLedger } from '../../src/modules/assemblies/ledger';
import type { Choice } from '../../src/modules/assemblies/rule';
import { auditHeadSeq, auditSince, count, grantPlaceOf, userIdOf } from '../helpers';
import { draftAssembly, newAccount, newEstate, setTimes, votingDates, type Estate } from './estate-fixture';

let env: TestEnv;
let community: Client;
let street: Client;
let communityId: number;
let streetId: number;
let communityUser: number;
let streetUser: number;
let estate: Estate;
const owner: Record<string, { person: number; unit: number; user?: number }> = {};

beforeAll(async () => {
  env = await createTestEnv();
  community = await env.login('community');
  street = await env.login('street');
  communityId = await grantPlaceOf(env, 'community');
  streetId = await grantPlaceOf(env, 'street');
  communityUser = await userIdOf(env, 'community');
  streetUser = await userIdOf(env, 'street');
  estate = await newEstate(env, communityId, '流程测试小区');
  // six owners, 600.00 m² in all
  const spec: [string, number, string | null][] = [
    ['张一', 12000, 'lc_owner_one'],
    ['李二', 11000, 'lc_owner_two'],
    ['王三', 10000, null],
    ['赵四', 9000, null],
    ['孙五', 8000, null],
    ['周六', 10000, null],
  ];
  let n = 0;
  for (const [name, area, username] of spec) {
    const unit = await estate.unit('1', '1', String(101 + n++), { registry: area });
    const person = await estate.person(name, '13900000000');
    await estate.own(unit, person);
    owner[name] = { person, unit };
    if (username) owner[name].user = await newAccount(env, username, 'resident', unit, person);
  }
});
afterAll(async () => env?.close());

async function voterId(assemblyId: number, name: string): Promise<number> {
  const r = await env.database.query<{ id: string }>(`SELECT v.id FROM assembly_voters v WHERE v.assembly_id = $1 AND v.delegate_person_id = $2`, [assemblyId, owner[name].person]);
  return Number(r[0].id);
}

/** Record a ballot the way every channel does: in a transaction holding the assembly row. */
async function cast(assemblyId: number, name: string, channel: Channel, choices: [number, Choice][], meta: Parameters<typeof castBallot>[5] = { castByUser: owner[name].user ?? null }) {
  const voter = await voterId(assemblyId, name);
  return env.ctx.db.transaction(async (tx) => {
    const a = await assemblyRow(tx, assemblyId, true);
    return castBallot(tx, a, voter, channel, choices.map(([matterId, choice]) => ({ matterId, choice })), meta);
  });
}

async function scanFile(assemblyId: number): Promise<number> {
  const r = await env.database.query<{ id: string }>(
    `INSERT INTO assembly_files (assembly_id, kind, filename, mime, bytes, sha256, size, uploaded_by)
     VALUES ($1, 'scan', 'ballot.jpg', 'image/jpeg', decode('ffd8ffe0', 'hex'), repeat('a', 64), 4, $2) RETURNING id`,
    [assemblyId, communityUser],
  );
  return Number(r[0].id);
}

const ledgerKinds = async (id: number) => (await readLedger(env.ctx.db, id)).map((e) => e.kind);

describe('create and edit a draft', () => {
  it('creates a draft on an estate, with its audit entry', async () => {
    const seq = await auditHeadSeq(env);
    const res = await community.post('/api/assemblies', {
      estateId: estate.id,
      title: '流程测试大会',
      kind: 'regular',
      organiserKind: 'owners_committee',
      organiserName: '流程测试小区业主委员会',
      ...votingDates(16),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ state: 'draft', estateId: estate.id, estateName: '流程测试小区', title: '流程测试大会', version: 1, matters: [], turnout: null, results: null, rollAreaCenti: null });
    expect(await count(env, `SELECT count(*) AS n FROM assemblies WHERE id = $1 AND state = 'draft' AND estate_path = $2`, [body.id, estate.path])).toBe(1);
    const audit = await auditSince(env, seq, 'assembly.create');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'assembly', entity_id: String(body.id), place_path: estate.path, actor_user_id: communityUser });
  });

  it('refuses a place that is not an estate', async () => {
    expectError(await community.post('/api/assemblies', { estateId: communityId, title: '不对的地点', kind: 'regular', organiserKind: 'street', organiserName: '街道办', ...votingDates(16) }), 400, 'ASSEMBLY_PLACE_INVALID');
    expectError(await community.post('/api/assemblies', { estateId: owner['张一'].unit, title: '不对的地点', kind: 'regular', organiserKind: 'street', organiserName: '街道办', ...votingDates(16) }), 400, 'ASSEMBLY_PLACE_INVALID');
  });

  it('validates the voting period: it must end after it opens, last at most 90 days, and be real times', async () => {
    const base = { estateId: estate.id, title: '日期测试', kind: 'regular', organiserKind: 'street', organiserName: '街道办' };
    const d = votingDates(16);
    const before = await count(env, `SELECT count(*) AS n FROM assemblies`);
    expectError(await community.post('/api/assemblies', { ...base, votingOpensAt: d.votingClosesAt, votingClosesAt: d.votingOpensAt }), 400, 'ASSEMBLY_DATES_INVALID');
    expectError(await community.post('/api/assemblies', { ...base, votingOpensAt: d.votingOpensAt, votingClosesAt: d.votingOpensAt }), 400, 'ASSEMBLY_DATES_INVALID');
    expectError(await community.post('/api/assemblies', { ...base, ...votingDates(16, 91) }), 400, 'ASSEMBLY_DATES_INVALID');
    expectError(await community.post('/api/assemblies', { ...base, votingOpensAt: '下个月', votingClosesAt: d.votingClosesAt }), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/assemblies', { ...base, kind: 'annual', ...d }), 400, 'VALIDATION_FAILED');
    expect(await count(env, `SELECT count(*) AS n FROM assemblies`)).toBe(before);
  });

  it('an extraordinary meeting convened on an owners’ petition: the petition is marked convened, and convenes only once', async () => {
    const petition = async (estateId: number, path: string, state: string) =>
      Number(
        (
          await env.database.query<{ id: string }>(
            `INSERT INTO assembly_petitions (estate_id, estate_path, title, reason, state, created_by) VALUES ($1, $2, '提议召开临时会议', '更换物业', $3, $4) RETURNING id`,
            [estateId, path, state, owner['张一'].user],
          )
        )[0].id,
      );
    const body = (petitionId: number) => ({ estateId: estate.id, title: '临时业主大会', kind: 'extraordinary', organiserKind: 'owners_committee', organiserName: '业主委员会', petitionId, ...votingDates(16) });
    const reached = await petition(estate.id, estate.path, 'reached');
    const res = await community.post('/api/assemblies', body(reached));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'extraordinary', petitionId: reached });
    const row = await env.database.query<{ state: string; assembly_id: string }>(`SELECT state, assembly_id FROM assembly_petitions WHERE id = $1`, [reached]);
    expect([row[0].state, Number(row[0].assembly_id)]).toEqual(['convened', res.json().id]);
    expectError(await community.post('/api/assemblies', body(reached)), 409, 'ASSEMBLY_STATE_CONFLICT');
    expectError(await community.post('/api/assemblies', body(await petition(estate.id, estate.path, 'withdrawn'))), 409, 'ASSEMBLY_STATE_CONFLICT');
    const elsewhere = await newEstate(env, communityId, '提议测试小区');
    expectError(await community.post('/api/assemblies', body(await petition(elsewhere.id, elsewhere.path, 'reached'))), 404, 'ASSEMBLY_PETITION_NOT_FOUND');
  });

  let id: number;
  let matters: { id: number; seq: number; item: number; title: string }[];

  it('edits a draft with its version; a stale version conflicts; the dates are checked again', async () => {
    id = (await draftAssembly(community, estate.id, [])).id;
    const seq = await auditHeadSeq(env);
    const res = await community.patch(`/api/assemblies/${id}`, { version: 1, title: '2025年度业主大会', notice: '请各位业主按时投票' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: '2025年度业主大会', notice: '请各位业主按时投票', version: 2 });
    expect((await auditSince(env, seq, 'assembly.update'))[0]).toMatchObject({ entity_id: String(id), before: expect.objectContaining({ title: '2025年第一次业主大会' }) });
    expectError(await community.patch(`/api/assemblies/${id}`, { version: 1, title: '过期的版本' }), 409, 'CONFLICT');
    const d = votingDates(16);
    expectError(await community.patch(`/api/assemblies/${id}`, { version: 2, votingClosesAt: new Date(Date.parse(d.votingOpensAt) - 1000).toISOString() }), 400, 'ASSEMBLY_DATES_INVALID');
  });

  it('adds, edits and removes matters (each with its 第278条 item), keeping the numbering dense', async () => {
    let r = await community.post(`/api/assemblies/${id}/matters`, { item: 4, title: '续聘物业服务企业', description: '续聘三年' });
    expect(r.statusCode).toBe(200);
    r = await community.post(`/api/assemblies/${id}/matters`, { item: 9, title: '待删除的事项' });
    r = await community.post(`/api/assemblies/${id}/matters`, { item: 6, title: '筹集维修资金' });
    expect(r.json().matters.map((m: { seq: number; item: number; special: boolean }) => [m.seq, m.item, m.special])).toEqual([[1, 4, false], [2, 9, false], [3, 6, true]]);
    expect(r.json().matters[2].itemLabel.zh).toBe('筹集建筑物及其附属设施的维修资金');
    const [m1, m2, m3] = r.json().matters;
    expectError(await community.post(`/api/assemblies/${id}/matters`, { item: 10, title: '没有这一项' }), 400, 'VALIDATION_FAILED');
    const seq = await auditHeadSeq(env);
    r = await community.delete(`/api/assemblies/${id}/matters/${m2.id}`);
    expect(r.statusCode).toBe(200);
    r = await community.patch(`/api/assemblies/${id}/matters/${m3.id}`, { title: '续筹专项维修资金' });
    matters = r.json().matters;
    expect(matters.map((m) => [m.id, m.seq, m.item, m.title])).toEqual([[m1.id, 1, 4, '续聘物业服务企业'], [m3.id, 2, 6, '续筹专项维修资金']]);
    expect((await auditSince(env, seq)).map((a) => a.action)).toEqual(['assembly.matter.remove', 'assembly.matter.update']);
    expectError(await community.patch(`/api/assemblies/${id}/matters/${m2.id}`, { title: '已删除' }), 404, 'ASSEMBLY_MATTER_NOT_FOUND');
  });

  describe('announce', () => {
    it('needs at least one matter', async () => {
      const empty = await draftAssembly(community, estate.id, []);
      expectError(await community.post(`/api/assemblies/${empty.id}/announce`), 409, 'ASSEMBLY_NO_MATTERS');
      expect(await count(env, `SELECT count(*) AS n FROM assembly_voters WHERE assembly_id = $1`, [empty.id])).toBe(0);
    });

    it('needs 15 days’ notice by default (业主大会和业主委员会指导规则)', async () => {
      const soon = await draftAssembly(community, estate.id, undefined, votingDates(14));
      const res = await community.post(`/api/assemblies/${soon.id}/announce`);
      expectError(res, 409, 'ASSEMBLY_NOTICE_TOO_SHORT');
      expect(res.json().error.details.noticeDays).toBe(15);
      expect((await assemblyRow(env.ctx.db, soon.id)).state).toBe('draft');
    });

    it('refuses while a candidate has not passed the party organisation’s review', async () => {
      const a = await draftAssembly(community, estate.id);
      const e = await env.database.query<{ id: string }>(`INSERT INTO assembly_elections (assembly_id, title, seats, term_years) VALUES ($1, '第一届业委会选举', 5, 5) RETURNING id`, [a.id]);
      const m = await env.database.query<{ id: string }>(`INSERT INTO assembly_matters (assembly_id, seq, item, title, election_id) VALUES ($1, 2, 3, '选举张一为业主委员会委员', $2) RETURNING id`, [a.id, e[0].id]);
      await env.database.query(`INSERT INTO assembly_candidates (matter_id, election_id, person_id, is_owner) VALUES ($1, $2, $3, true)`, [m[0].id, e[0].id, owner['张一'].person]);
      const res = await community.post(`/api/assemblies/${a.id}/announce`);
      expectError(res, 409, 'ASSEMBLY_CANDIDATE_NOT_APPROVED');
      expect(res.json().error.details.matterIds).toEqual([Number(m[0].id)]);
      await env.database.query(`UPDATE assembly_candidates SET party_review = 'rejected' WHERE matter_id = $1`, [m[0].id]);
      expectError(await community.post(`/api/assemblies/${a.id}/announce`), 409, 'ASSEMBLY_CANDIDATE_NOT_APPROVED');
      await env.database.query(`UPDATE assembly_candidates SET party_review = 'approved' WHERE matter_id = $1`, [m[0].id]);
      expect((await community.post(`/api/assemblies/${a.id}/announce`)).statusCode).toBe(200);
    });

    it('refuses an estate with no owners on record (the roll would be empty)', async () => {
      const bare = await newEstate(env, communityId, '空置测试小区');
      await bare.unit('1', '1', '101', { registry: 9000 });
      const a = await draftAssembly(community, bare.id);
      expectError(await community.post(`/api/assemblies/${a.id}/announce`), 409, 'ASSEMBLY_EMPTY_ROLL');
      expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('draft');
    });

    it('freezes the roll, fixes the settings, writes the ledger and the audit, tells the residents’ committee and the owners', async () => {
      const seq = await auditHeadSeq(env);
      const notesBefore = await count(env, `SELECT coalesce(max(id), 0) AS n FROM notifications`);
      const res = await community.post(`/api/assemblies/${id}/announce`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ state: 'announced', rollAreaCenti: '60000', rollPersons: 6, noticeDays: 15, publicityDays: 7, deemedVotes: false });
      expect(res.json().announcedAt).toBeTruthy();
      expect(await count(env, `SELECT count(*) AS n FROM assembly_voters WHERE assembly_id = $1 AND active`, [id])).toBe(6);
      expect(await count(env, `SELECT count(*) AS n FROM assembly_voter_units vu JOIN assembly_voters v ON v.id = vu.voter_id WHERE v.assembly_id = $1`, [id])).toBe(6);
      expect(await count(env, `SELECT count(*) AS n FROM assembly_voter_owners vo JOIN assembly_voters v ON v.id = vo.voter_id WHERE v.assembly_id = $1`, [id])).toBe(6);
      expect(await count(env, `SELECT sum(area_centi) AS n FROM assembly_voters WHERE assembly_id = $1`, [id])).toBe(60000);
      const ledger = await readLedger(env.ctx.db, id);
      expect(ledger.map((e) => e.kind)).toEqual(['roll_frozen']);
      expect(ledger[0].payload).toMatchObject({ totals: { areaCenti: '60000', persons: 6 }, matters: [{ seq: 1, item: 4 }, { seq: 2, item: 6 }] });
      const audit = await auditSince(env, seq, 'assembly.announce');
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ voters: 6, areaCenti: '60000', warnings: { unownedUnits: 0, unitsWithoutArea: 0, coOwnedWithoutDelegate: 0 } });
      const notes = await env.database.query<{ user_id: string; kind: string; title: string; link: string }>(
        `SELECT user_id, kind, title, link FROM notifications WHERE id > $1 ORDER BY id`,
        [notesBefore],
      );
      // the residents' committee: every community worker of the estate's community, and nobody else at /assemblies
      const workers = (await env.database.query<{ user_id: string }>(`SELECT user_id FROM role_assignments WHERE place_id = $1 AND role = 'community_worker' AND revoked_at IS NULL`, [communityId])).map((w) => Number(w.user_id));
      const copies = notes.filter((x) => x.link === `/assemblies/${id}`);
      expect(copies.map((x) => Number(x.user_id)).sort()).toEqual(workers.sort());
      expect(copies.map((x) => Number(x.user_id))).toContain(communityUser);
      expect(copies.every((x) => x.kind === 'assembly.announced' && x.title.includes('抄送居委会') && x.title.includes('2025年度业主大会'))).toBe(true);
      // the owners with accounts (the two of six who have one)
      const toOwners = notes.filter((x) => x.link === `/m/assemblies/${id}`);
      expect(toOwners.map((x) => Number(x.user_id)).sort()).toEqual([owner['张一'].user!, owner['李二'].user!].sort());
      expect(toOwners.every((x) => x.kind === 'assembly.announced')).toBe(true);
    });

    it('cannot be announced twice, and the draft can no longer be edited', async () => {
      expectError(await community.post(`/api/assemblies/${id}/announce`), 409, 'ASSEMBLY_STATE_CONFLICT');
      expectError(await community.patch(`/api/assemblies/${id}`, { version: 3, title: '公告后修改' }), 409, 'ASSEMBLY_NOT_EDITABLE');
      expectError(await community.post(`/api/assemblies/${id}/matters`, { item: 9, title: '公告后加事项' }), 409, 'ASSEMBLY_NOT_EDITABLE');
      expectError(await community.patch(`/api/assemblies/${id}/matters/${matters[0].id}`, { title: '公告后改事项' }), 409, 'ASSEMBLY_NOT_EDITABLE');
      expectError(await community.delete(`/api/assemblies/${id}/matters/${matters[0].id}`), 409, 'ASSEMBLY_NOT_EDITABLE');
      expect(await count(env, `SELECT count(*) AS n FROM assembly_matters WHERE assembly_id = $1`, [id])).toBe(2);
    });
  });

  describe('the roll after the announcement: masked, corrected with reasons before voting', () => {
    it('shows the frozen roll with names masked', async () => {
      const body = (await community.get(`/api/assemblies/${id}/roll`)).json();
      expect(body.frozen).toBe(true);
      expect(body.items.map((v: { name: string }) => v.name)).toEqual(['张*', '李*', '王*', '赵*', '孙*', '周*']);
      expect(JSON.stringify(body)).not.toMatch(/张一|李二/);
    });

    it('needs a reason and the figure it corrects', async () => {
      const v = await voterId(id, '周六');
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'area', areaCenti: 9500 }), 400, 'VALIDATION_FAILED');
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'area', areaCenti: 9500, reason: '错' }), 400, 'VALIDATION_FAILED');
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'area', reason: '缺少面积' }), 400, 'VALIDATION_FAILED');
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'delegate', delegatePersonId: owner['张一'].person, reason: '不是共有人' }), 400, 'VALIDATION_FAILED');
      expectError(await community.post(`/api/assemblies/${id}/roll/999999/corrections`, { action: 'remove', reason: '没有此人' }), 404, 'ASSEMBLY_VOTER_NOT_FOUND');
      expect(await count(env, `SELECT count(*) AS n FROM assembly_roll_corrections WHERE assembly_id = $1`, [id])).toBe(0);
    });

    it('corrects an area: the voter, the totals, the correction row, the ledger and the audit', async () => {
      const v = await voterId(id, '周六');
      const seq = await auditHeadSeq(env);
      const res = await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'area', areaCenti: 9500, reason: '不动产登记证面积为95.00平方米' });
      expect(res.statusCode).toBe(200);
      expect(await count(env, `SELECT area_centi AS n FROM assembly_voters WHERE id = $1`, [v])).toBe(9500);
      const a = await assemblyRow(env.ctx.db, id);
      expect([a.rollAreaCenti, a.rollPersons]).toEqual(['59500', 6]);
      const ledger = await readLedger(env.ctx.db, id);
      expect(ledger.at(-1)).toMatchObject({ kind: 'roll_corrected', payload: { voterNo: 6, action: 'area', after: { areaCenti: '9500' }, reasonSha256: createHash('sha256').update('不动产登记证面积为95.00平方米').digest('hex'), totals: { areaCenti: '59500', persons: 6 } } });
      expect((await auditSince(env, seq, 'assembly.roll.correct'))[0]).toMatchObject({ before: { areaCenti: '10000' }, after: expect.objectContaining({ areaCenti: '9500' }) });
    });

    it('removes and restores a voter, the totals following', async () => {
      const v = await voterId(id, '孙五');
      expect((await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'remove', reason: '已于公告前出售' })).statusCode).toBe(200);
      let a = await assemblyRow(env.ctx.db, id);
      expect([a.rollAreaCenti, a.rollPersons]).toEqual(['51500', 5]);
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'remove', reason: '重复移除' }), 409, 'ASSEMBLY_STATE_CONFLICT');
      expect((await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'restore', reason: '出售未过户，恢复' })).statusCode).toBe(200);
      a = await assemblyRow(env.ctx.db, id);
      expect([a.rollAreaCenti, a.rollPersons]).toEqual(['59500', 6]);
      const list = (await community.get(`/api/assemblies/${id}/roll-corrections`)).json().items;
      expect(list.map((c: { voterNo: number; action: string; reason: string }) => [c.voterNo, c.action, c.reason])).toEqual([
        [6, 'area', '不动产登记证面积为95.00平方米'],
        [5, 'remove', '已于公告前出售'],
        [5, 'restore', '出售未过户，恢复'],
      ]);
      expect(await ledgerKinds(id)).toEqual(['roll_frozen', 'roll_corrected', 'roll_corrected', 'roll_corrected']);
    });

    it('a draft has no frozen roll to correct', async () => {
      const d = await draftAssembly(community, estate.id);
      const other = await voterId(id, '张一');
      expectError(await community.post(`/api/assemblies/${d.id}/roll/${other}/corrections`, { action: 'remove', reason: '草稿' }), 409, 'ASSEMBLY_STATE_CONFLICT');
    });
  });

  describe('voting, counting, publication, archive', () => {
    it('opens only at or after the announced opening time', async () => {
      expectError(await community.post(`/api/assemblies/${id}/open`), 409, 'ASSEMBLY_NOT_YET_OPEN');
      expect((await assemblyRow(env.ctx.db, id)).state).toBe('announced');
      await setTimes(env, id, { opens: -60, closes: 86_400 });
      const seq = await auditHeadSeq(env);
      const res = await community.post(`/api/assemblies/${id}/open`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ state: 'voting' });
      expect(res.json().openedAt).toBeTruthy();
      expect((await ledgerKinds(id)).at(-1)).toBe('voting_opened');
      expect(await auditSince(env, seq, 'assembly.open')).toHaveLength(1);
      expectError(await community.post(`/api/assemblies/${id}/open`), 409, 'ASSEMBLY_STATE_CONFLICT');
    });

    it('the roll can no longer be corrected once voting has opened', async () => {
      const v = await voterId(id, '周六');
      expectError(await community.post(`/api/assemblies/${id}/roll/${v}/corrections`, { action: 'area', areaCenti: 10000, reason: '投票开始后更正' }), 409, 'ASSEMBLY_ROLL_FROZEN');
      expect(await count(env, `SELECT area_centi AS n FROM assembly_voters WHERE id = $1`, [v])).toBe(9500);
    });

    it('takes ballots; live turnout counts only counted ballots', async () => {
      const [m1, m2] = matters.map((m) => m.id);
      await cast(id, '张一', 'online', [[m1, 'agree'], [m2, 'agree']]);
      await cast(id, '李二', 'online', [[m1, 'agree'], [m2, 'agree']]);
      await cast(id, '王三', 'online', [[m1, 'agree'], [m2, 'abstain']]);
      // a paper ballot entered by the community worker: pending until a second staff member confirms it
      const paper = await cast(id, '赵四', 'paper', [[m1, 'oppose'], [m2, 'oppose']], { castByUser: null, enteredBy: communityUser, scanId: await scanFile(id) });
      expect(paper.status).toBe('pending');
      const t = (await community.get(`/api/assemblies/${id}`)).json().turnout;
      expect(t).toMatchObject({ totals: { areaCenti: '59500', persons: 6 }, voted: { areaCenti: '33000', persons: 3 }, pending: 1, quorum: { area: false, persons: false } });
    });

    it('closes only at or after the announced closing time', async () => {
      expectError(await community.post(`/api/assemblies/${id}/close`), 409, 'ASSEMBLY_NOT_YET_CLOSED');
      await setTimes(env, id, { closes: -1 });
      const res = await community.post(`/api/assemblies/${id}/close`);
      expect(res.statusCode).toBe(200);
      expect(res.json().state).toBe('closed');
      expect((await ledgerKinds(id)).at(-1)).toBe('closed');
    });

    it('refuses to count while a paper ballot awaits confirmation', async () => {
      const res = await community.post(`/api/assemblies/${id}/count`);
      expectError(res, 409, 'ASSEMBLY_STATE_CONFLICT');
      expect(res.json().error.details).toMatchObject({ pending: 1 });
      expect((await assemblyRow(env.ctx.db, id)).results).toBeNull();
    });

    it('counts by 民法典 第二百七十八条 第二款 once the paper ballot is confirmed: the four tests, the figures, the article', async () => {
      const sub = await env.database.query<{ id: string }>(`SELECT id FROM assembly_submissions WHERE assembly_id = $1 AND status = 'pending'`, [id]);
      await env.ctx.db.transaction(async (tx) => confirmPaper(tx, await assemblyRow(tx, id, true), Number(sub[0].id), streetUser));
      const seq = await auditHeadSeq(env);
      const res = await community.post(`/api/assemblies/${id}/count`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.state).toBe('counted');
      const r = body.results;
      expect(r.totals).toEqual({ areaCenti: '59500', persons: 6 });
      // 4 of 6 owners (exactly 2/3) holding 420.00 of 595.00 m² took part
      const [hire, fund] = r.matters;
      expect(hire).toMatchObject({
        seq: 1,
        item: 4,
        rule: 'double_majority',
        passed: true,
        failed: [],
        effective: 'real',
        agree: { areaCenti: '33000', persons: 3 },
        oppose: { areaCenti: '9000', persons: 1 },
        abstain: { areaCenti: '0', persons: 0 },
        participating: { areaCenti: '42000', persons: 4 },
        deemed: null,
      });
      expect(hire.tests.map((t: { name: string; passed: boolean; value: string; of: string; required: string; percent: string }) => [t.name, t.passed, t.value, t.of, t.required, t.percent])).toEqual([
        ['quorum_area', true, '42000', '59500', '≥ 2/3', '70.58'],
        ['quorum_persons', true, '4', '6', '≥ 2/3', '66.66'],
        ['agree_area', true, '33000', '42000', '> 1/2', '78.57'],
        ['agree_persons', true, '3', '4', '> 1/2', '75.00'],
      ]);
      expect(hire.tests.every((t: { article: string }) => t.article.includes('民法典 第二百七十八条 第二款'))).toBe(true);
      // item (6) needs 3/4 of the participants: 2 of 4 owners and 230.00 of 420.00 m² agreed (the abstention counts)
      expect(fund).toMatchObject({ seq: 2, item: 6, rule: 'double_three_quarters', passed: false, failed: ['agree_area', 'agree_persons'], abstain: { areaCenti: '10000', persons: 1 } });
      expect(fund.tests[2]).toMatchObject({ name: 'agree_area', value: '23000', of: '42000', required: '≥ 3/4', passed: false, article: expect.stringContaining('第六至八项') });
      const ledger = await readLedger(env.ctx.db, id);
      const counted = ledger.at(-1)!;
      expect(counted.kind).toBe('counted');
      expect(counted.payload).toMatchObject({ totals: { areaCenti: '59500', persons: 6 }, matters: [{ seq: 1, passed: true, failed: [] }, { seq: 2, passed: false, failed: ['agree_area', 'agree_persons'] }], elected: null });
      expect(r.ledgerHead).toBe(counted.hash);
      expect(r.ledgerSeq).toBe(counted.seq);
      expect((await auditSince(env, seq, 'assembly.count'))[0].after).toMatchObject({ matters: [{ seq: 1, passed: true }, { seq: 2, passed: false }], ledgerHead: counted.hash });
      expectError(await community.post(`/api/assemblies/${id}/count`), 409, 'ASSEMBLY_STATE_CONFLICT');
    });

    it('publishes: the publicity period runs publicityDays from now, the owners are told', async () => {
      expectError(await community.post(`/api/assemblies/${id}/archive`), 409, 'ASSEMBLY_STATE_CONFLICT');
      const notesBefore = await count(env, `SELECT coalesce(max(id), 0) AS n FROM notifications`);
      const res = await community.post(`/api/assemblies/${id}/publish`);
      expect(res.statusCode).toBe(200);
      expect(res.json().state).toBe('published');
      expect(await count(env, `SELECT extract(epoch FROM publicity_ends_at - published_at) AS n FROM assemblies WHERE id = $1`, [id])).toBe(7 * 86_400);
      expect(await count(env, `SELECT abs(extract(epoch FROM published_at - now())) < 60 AS n FROM assemblies WHERE id = $1`, [id])).toBe(1);
      expect((await ledgerKinds(id)).at(-1)).toBe('published');
      const notes = await env.database.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE id > $1 AND kind = 'assembly.published' AND link = $2`, [notesBefore, `/m/assemblies/${id}`]);
      expect(notes.map((x) => Number(x.user_id)).sort()).toEqual([owner['张一'].user!, owner['李二'].user!].sort());
    });

    it('archives only after the publicity period', async () => {
      const res = await community.post(`/api/assemblies/${id}/archive`);
      expectError(res, 409, 'ASSEMBLY_STATE_CONFLICT');
      expect(res.json().error.details.reason).toMatch(/publicity/);
      await setTimes(env, id, { publicityEnds: -1 });
      const ok = await community.post(`/api/assemblies/${id}/archive`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'archived' });
      expect(ok.json().archivedAt).toBeTruthy();
    });

    it('leaves one unbroken ledger from the frozen roll to the publication', async () => {
      const ledger = await readLedger(env.ctx.db, id);
      expect(ledger.map((e) => e.kind)).toEqual([
        'roll_frozen',
        'roll_corrected',
        'roll_corrected',
        'roll_corrected',
        'voting_opened',
        'ballot',
        'ballot',
        'ballot',
        'ballot',
        'closed',
        'ballot_confirmed',
        'counted',
        'published',
      ]);
      expect(checkChain(ledger)).toBeNull();
      const a = await assemblyRow(env.ctx.db, id);
      expect([a.ledgerSeq, a.ledgerHead]).toEqual([ledger.length, ledger.at(-1)!.hash]);
    });
  });
});

describe('the sweep opens, closes and archives what is due', () => {
  it('moves an assembly through its timed steps; counting and publication stay with people', async () => {
    const a = await draftAssembly(community, estate.id, [{ item: 9, title: '设置电动车充电桩' }]);
    expect((await community.post(`/api/assemblies/${a.id}/announce`)).statusCode).toBe(200);
    let done = await sweepAssemblies(env.ctx);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('announced');
    await setTimes(env, a.id, { opens: -60 });
    const seq = await auditHeadSeq(env);
    done = await sweepAssemblies(env.ctx);
    expect(done.opened).toBeGreaterThanOrEqual(1);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('voting');
    expect((await auditSince(env, seq, 'assembly.open')).find((x) => x.entity_id === String(a.id))).toMatchObject({ actor_user_id: null, actor_name: 'sweep' });
    await cast(a.id, '张一', 'online', [[a.matters[0].id, 'agree']]);
    await setTimes(env, a.id, { closes: -1 });
    done = await sweepAssemblies(env.ctx);
    expect(done.closed).toBeGreaterThanOrEqual(1);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('closed');
    // the sweep does not count
    done = await sweepAssemblies(env.ctx);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('closed');
    const counted = (await community.post(`/api/assemblies/${a.id}/count`)).json();
    // 1 of 6 owners took part: the quorum fails
    expect(counted.results.matters[0]).toMatchObject({ passed: false, failed: ['quorum_area', 'quorum_persons'] });
    expect((await community.post(`/api/assemblies/${a.id}/publish`)).statusCode).toBe(200);
    done = await sweepAssemblies(env.ctx);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('published');
    await setTimes(env, a.id, { publicityEnds: -1 });
    done = await sweepAssemblies(env.ctx);
    expect(done.archived).toBeGreaterThanOrEqual(1);
    expect((await assemblyRow(env.ctx.db, a.id)).state).toBe('archived');
    expect(await ledgerKinds(a.id)).toEqual(['roll_frozen', 'voting_opened', 'ballot', 'closed', 'counted', 'published']);
  });
});

describe('notice days from the settings: a street’s setting applies to its estates, an estate’s own wins', () => {
  it('20 days set on the street refuses 16 days’ notice; 10 days set on the estate allows it', async () => {
    const other = await newEstate(env, communityId, '设置测试小区');
    const unit = await other.unit('1', '1', '101', { registry: 9000 });
    await other.own(unit, await other.person('钱七'));
    const a = await draftAssembly(community, other.id);
    const put = await street.put(`/api/assembly-settings/${streetId}`, { version: 0, settings: { noticeDays: 20 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ own: { noticeDays: 20 }, effective: { noticeDays: 20, publicityDays: 7 }, version: 1 });
    const refused = await community.post(`/api/assemblies/${a.id}/announce`);
    expectError(refused, 409, 'ASSEMBLY_NOTICE_TOO_SHORT');
    expect(refused.json().error.details.noticeDays).toBe(20);
    expect((await street.get(`/api/assembly-settings/${other.id}`)).json()).toMatchObject({ own: {}, effective: { noticeDays: 20 }, version: 0 });
    const own = await street.put(`/api/assembly-settings/${other.id}`, { version: 0, settings: { noticeDays: 10, publicityDays: 14 } });
    expect(own.json()).toMatchObject({ effective: { noticeDays: 10, publicityDays: 14 } });
    const ok = await community.post(`/api/assemblies/${a.id}/announce`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'announced', noticeDays: 10, publicityDays: 14 });
    // the street's setting still holds for the other estates of the street
    const b = await draftAssembly(community, estate.id);
    expectError(await community.post(`/api/assemblies/${b.id}/announce`), 409, 'ASSEMBLY_NOTICE_TOO_SHORT');
    // a setting saved later does not change an announced assembly
    await street.put(`/api/assembly-settings/${other.id}`, { version: 1, settings: { noticeDays: 30 } });
    expect((await assemblyRow(env.ctx.db, a.id)).noticeDays).toBe(10);
    // back to the defaults for the street
    expect((await street.put(`/api/assembly-settings/${streetId}`, { version: 1, settings: {} })).json().effective.noticeDays).toBe(15);
    expect((await community.post(`/api/assemblies/${b.id}/announce`)).statusCode).toBe(200);
  });

  it('a stale version of the settings conflicts', async () => {
    expectError(await street.put(`/api/assembly-settings/${streetId}`, { version: 0, settings: { noticeDays: 20 } }), 409, 'CONFLICT');
    expectError(await street.put(`/api/assembly-settings/${streetId}`, { version: 2, settings: { committeeSeats: 6 } }), 400, 'ASSEMBLY_SETTINGS_INVALID');
  });
});
