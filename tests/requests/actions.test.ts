// POST /api/requests/:id/actions through HTTP: the state graph of states.ts (DOMAIN.md §3:
// submitted → accepted → in progress → resolved → closed; deferred, declined and escalated on the
// side; a resident may reopen), who may take each action (access.ts capacities), the reasons the
// rules demand, 首接负责 after a transfer, co-handlers, internal notes and follow-up checks kept from
// the requester, optimistic versions — and every effect checked in the database: state, outcomes,
// timeline, the audit entry in the same transaction, and who was told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../src/test/harness';
import { withoutLedger } from '../../src/test/fixtures';
import { auditHeadSeq, auditSince, count, grantPlaceOf, pathOf, placeUnder, userIdOf } from '../helpers';
import { act, eventRows, fileAsResident, fileOnBehalf, listIds, loginAll, notesAbout, requestRow, type DemoUser, type RequestDetail } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let env: TestEnv;
let c: Record<DemoUser, Client>;
let residentId: number;
let communityId: number; // the demo community worker's user id
let streetAdminId: number;
let deptId: number;
let communityPlace: number;
let streetPlace: number;
let company: number; // the resident's estate's property company (the demo 'property' user's)
let deptOrg: number; // the demo 'dept' user's department

const newNoise = () => fileAsResident(env, c.resident, 'noise'); // routed to the community
const post = (who: Client, id: number, body: Record<string, unknown>) => who.post(`/api/requests/${id}/actions`, body);

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  residentId = await userIdOf(env, 'resident');
  communityId = await userIdOf(env, 'community');
  streetAdminId = await userIdOf(env, 'street');
  deptId = await userIdOf(env, 'dept');
  communityPlace = await grantPlaceOf(env, 'community');
  streetPlace = await grantPlaceOf(env, 'street');
  company = Number((await env.database.query<{ org_id: number }>(`SELECT org_id FROM role_assignments WHERE user_id = $1`, [await userIdOf(env, 'property')]))[0].org_id);
  deptOrg = Number((await env.database.query<{ org_id: number }>(`SELECT org_id FROM role_assignments WHERE user_id = $1`, [deptId]))[0].org_id);
});
afterAll(async () => env?.close());

describe('POST /api/requests/:id/actions: who and what', () => {
  it('needs a session, a good id and a known request', async () => {
    const r = await newNoise();
    expectError(await env.anon.post(`/api/requests/${r.id}/actions`, { action: 'accept' }), 401, 'UNAUTHENTICATED');
    expectError(await post(c.community, 0, { action: 'accept' }), 400, 'VALIDATION_FAILED');
    expectError(await c.community.post('/api/requests/abc/actions', { action: 'accept' }), 400, 'VALIDATION_FAILED');
    expectError(await post(c.community, 987654321, { action: 'accept' }), 404, 'REQUEST_NOT_FOUND');
  });

  it('refuses bodies that do not fit the action', async () => {
    const r = await newNoise();
    const bad: Record<string, unknown>[] = [
      {},
      { action: 'dance' },
      { action: 'defer' },
      { action: 'decline' },
      { action: 'escalate' },
      { action: 'transfer', text: '没有对象' },
      { action: 'transfer', text: '对象不对', target: { kind: 'nowhere' } },
      { action: 'reopen' },
      { action: 'resolve' },
      { action: 'contact' },
      { action: 'contact', method: 'telepathy' },
      { action: 'reply' },
      { action: 'reply', text: '   ' },
      { action: 'note', text: '注'.repeat(2001) },
      { action: 'defer', text: '长'.repeat(2001) },
      { action: 'cohandler' },
      { action: 'rate', rating: 'great' },
      { action: 'rate', rating: 'unsatisfied', reasons: ['weather'] },
      { action: 'followup', result: 'maybe' },
      { action: 'accept', version: 0 },
      { action: 'accept', version: 'one' },
    ];
    for (const body of bad) expectError(await post(c.community, r.id, body), 400, 'VALIDATION_FAILED');
    expect((await requestRow(env, r.id)).state).toBe('submitted');
  });

  it('shows nothing to, and lets nothing be done by, anybody outside the request', async () => {
    const farCommunity = await placeId(env, 'community', 2);
    expect((await pathOf(env, farCommunity)).startsWith(await pathOf(env, streetPlace))).toBe(false);
    const far = await fileOnBehalf(env, c.admin, 'noise', await placeUnder(env, 'unit', farCommunity));
    const mine = await newNoise();
    const cases: [DemoUser, number][] = [
      ['street', far.id],
      ['community', far.id],
      ['resident', far.id],
      ['pianzhang', far.id],
      ['dept', mine.id],
      ['property', mine.id], // the community's, not the company's
    ];
    const seq = await auditHeadSeq(env);
    for (const [who, id] of cases) {
      for (const body of [{ action: 'accept' }, { action: 'note', text: '越权备注' }, { action: 'reply', text: '越权回复' }, { action: 'decline', text: '越权退回' }]) {
        expectError(await post(c[who], id, body), 403, 'NOT_IN_SCOPE');
      }
    }
    expect(await auditSince(env, seq)).toEqual([]);
    expect((await eventRows(env, far.id)).map((e) => e.type)).toEqual(['submitted']);
    expect((await eventRows(env, mine.id)).map((e) => e.type)).toEqual(['submitted']);
  });

  it('refuses an action the person may never take (403) apart from one the state forbids now (409)', async () => {
    const r = await newNoise();
    expectError(await post(c.resident, r.id, { action: 'accept' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    expectError(await post(c.resident, r.id, { action: 'note', text: '居民写内部备注' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    expectError(await post(c.resident, r.id, { action: 'transfer', text: '居民转办', target: { kind: 'street' } }), 403, 'REQUEST_ACTION_FORBIDDEN');
    expectError(await post(c.pianzhang, r.id, { action: 'note', text: '片长只能看' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    expectError(await post(c.pianzhang, r.id, { action: 'reply', text: '片长只能看' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    expectError(await post(c.community, r.id, { action: 'rate', rating: 'satisfied' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    // in the graph for the person, not from this state (states.ts)
    expectError(await post(c.community, r.id, { action: 'start' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.community, r.id, { action: 'resolve', text: '未受理就办结' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.community, r.id, { action: 'resume' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.community, r.id, { action: 'contact', method: 'phone' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.resident, r.id, { action: 'reopen', text: '还没办就重办' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.resident, r.id, { action: 'rate', rating: 'satisfied' }), 409, 'REQUEST_STATE_CONFLICT');
    expect(await requestRow(env, r.id)).toMatchObject({ state: 'submitted', version: 1 });
  });

  it('guards against lost updates with the version', async () => {
    const r = await newNoise();
    expect(r.version).toBe(1);
    expectError(await post(c.community, r.id, { action: 'accept', version: 2 }), 409, 'CONFLICT');
    const accepted = await act(c.community, r.id, { action: 'accept', version: 1 });
    expect(accepted.version).toBe(2);
    expectError(await post(c.community, r.id, { action: 'note', text: '旧版本上的备注', version: 1 }), 409, 'CONFLICT');
    expect((await eventRows(env, r.id)).filter((e) => e.type === 'note')).toEqual([]);
  });

  it('writes each action and its audit entry in one transaction: no ledger, no change', async () => {
    const r = await newNoise();
    const res = await withoutLedger(env, () => post(c.community, r.id, { action: 'accept' }));
    expect(res.statusCode).toBe(500);
    expect(await requestRow(env, r.id)).toMatchObject({ state: 'submitted', version: 1, accepted_at: null });
    expect((await eventRows(env, r.id)).map((e) => e.type)).toEqual(['submitted']);
    expect(await notesAbout(env, residentId, r.id)).toBe(0);
  });
});

describe('the main line: accept, contact, start, resolve, rate', () => {
  it('runs with every effect recorded', async () => {
    const r = await newNoise();
    let seq = await auditHeadSeq(env);

    const accepted = await act(c.community, r.id, { action: 'accept' });
    expect(accepted.state).toBe('accepted');
    let row = await requestRow(env, r.id);
    expect(row.accepted_at).not.toBeNull();
    expect(row.contact_due_at!.getTime() - row.accepted_at!.getTime()).toBeLessThan(24 * HOUR + 5_000);
    expect(row.contact_due_at!.getTime() - row.accepted_at!.getTime()).toBeGreaterThan(24 * HOUR - 5_000);
    expect((await env.database.query<{ by: number }>(`SELECT accepted_by::int AS by FROM requests WHERE id = $1`, [r.id]))[0].by).toBe(communityId);
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'accept', actor_role: 'handler', from_state: 'submitted', to_state: 'accepted', internal: false });
    let audit = await auditSince(env, seq);
    expect(audit.map((a) => a.action)).toEqual(['request.accept']);
    expect(audit[0]).toMatchObject({ entity: 'request', entity_id: String(r.id), actor_user_id: communityId, before: { state: 'submitted', version: 1 }, after: { state: 'accepted' } });
    expect(await notesAbout(env, residentId, r.id)).toBe(1);

    seq = await auditHeadSeq(env);
    const contacted = await act(c.community, r.id, { action: 'contact', method: 'phone', text: '电话沟通' });
    expect(contacted.actions).not.toContain('contact');
    row = await requestRow(env, r.id);
    expect(row.contacted_at).not.toBeNull();
    expect(row.response_outcome).toBe('in_time');
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'contact', to_state: null, data: { method: 'phone' } });
    expectError(await post(c.community, r.id, { action: 'contact', method: 'visit' }), 409, 'REQUEST_STATE_CONFLICT');

    await act(c.community, r.id, { action: 'start' });
    expect((await requestRow(env, r.id)).state).toBe('in_progress');

    // resolving needs a description of what was done (states.ts: requires 'resolution')
    expectError(await post(c.community, r.id, { action: 'resolve', text: '' }), 400, 'REQUEST_RESOLUTION_REQUIRED');
    expectError(await post(c.community, r.id, { action: 'resolve', text: ' 好 ' }), 400, 'REQUEST_RESOLUTION_REQUIRED');
    const before = await notesAbout(env, residentId, r.id);
    const resolved = await act(c.community, r.id, { action: 'resolve', text: '已协调施工方调整时间' });
    expect(resolved.state).toBe('resolved');
    row = await requestRow(env, r.id);
    expect(row.resolved_at).not.toBeNull();
    expect(row.resolution_outcome).toBe('in_time');
    expect(await notesAbout(env, residentId, r.id)).toBe(before + 1);
    expect((await c.resident.get(`/api/requests/${r.id}`)).json().actions).toEqual(expect.arrayContaining(['rate', 'reopen', 'close']));

    // an unsatisfied rating names its reasons
    expectError(await post(c.resident, r.id, { action: 'rate', rating: 'unsatisfied' }), 400, 'REQUEST_REASON_REQUIRED');
    expectError(await post(c.resident, r.id, { action: 'rate', rating: 'unsatisfied', reasons: [] }), 400, 'REQUEST_REASON_REQUIRED');
    seq = await auditHeadSeq(env);
    const rated = await act(c.resident, r.id, { action: 'rate', rating: 'basic', text: '还行' });
    expect(rated.state).toBe('closed');
    row = await requestRow(env, r.id);
    expect(row).toMatchObject({ state: 'closed', rating: 'basic' });
    expect(row.closed_at).not.toBeNull();
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'rate', actor_role: 'requester', from_state: 'resolved', to_state: 'closed' });
    audit = await auditSince(env, seq);
    expect(audit).toMatchObject([{ action: 'request.rate', actor_user_id: residentId, after: { state: 'closed', rating: 'basic' } }]);
    // finished: nothing more to do in the graph, and no second rating
    expectError(await post(c.resident, r.id, { action: 'rate', rating: 'satisfied' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.community, r.id, { action: 'resolve', text: '再办一次' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.resident, r.id, { action: 'reopen', text: '已结案还想重办' }), 409, 'REQUEST_STATE_CONFLICT');
    expect((await eventRows(env, r.id)).map((e) => e.type)).toEqual(['submitted', 'accept', 'contact', 'start', 'resolve', 'rate']);
  });

  it('an unsatisfied rating keeps its reasons and tells the handling unit', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    await act(c.community, r.id, { action: 'resolve', text: '已处理完毕' }); // resolving counts as the contact
    expect((await requestRow(env, r.id)).response_outcome).toBe('in_time');
    const before = await notesAbout(env, communityId, r.id);
    await act(c.resident, r.id, { action: 'rate', rating: 'unsatisfied', reasons: ['slow', 'quality'], text: '太慢了' });
    const row = await requestRow(env, r.id);
    expect(row).toMatchObject({ state: 'closed', rating: 'unsatisfied' });
    expect([...row.rating_reasons!].sort()).toEqual(['quality', 'slow']);
    expect(await notesAbout(env, communityId, r.id)).toBe(before + 1);
  });
});

describe('defer and resume', () => {
  it('stops the resolution clock while deferred; resuming moves the due time by the time paused', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    // a reason is required (states.ts: requires 'reason')
    expectError(await post(c.community, r.id, { action: 'defer', text: '' }), 400, 'REQUEST_REASON_REQUIRED');
    expectError(await post(c.community, r.id, { action: 'defer', text: '等' }), 400, 'REQUEST_REASON_REQUIRED');
    const noticed = await notesAbout(env, residentId, r.id);
    const deferred = await act(c.community, r.id, { action: 'defer', text: '等待施工方回复' });
    expect(deferred.state).toBe('deferred');
    expect(deferred.clock.paused).toBe(true);
    expect(deferred.clock.resolveDueAt).toBeNull();
    expect(deferred.clock.resolveRemainingMs).toBeGreaterThan(7 * DAY - 60_000);
    expect(deferred.actions).toEqual(expect.arrayContaining(['resume']));
    expect(deferred.actions).not.toContain('resolve');
    expect(await notesAbout(env, residentId, r.id)).toBe(noticed + 1);
    expect((await requestRow(env, r.id)).resolve_due_at).toBeNull();
    expectError(await post(c.community, r.id, { action: 'resolve', text: '暂缓中办结' }), 409, 'REQUEST_STATE_CONFLICT');
    expectError(await post(c.community, r.id, { action: 'defer', text: '再次暂缓' }), 409, 'REQUEST_STATE_CONFLICT');

    // as if filed 10 hours ago and deferred 3 hours ago
    await env.database.query(`UPDATE requests SET submitted_at = submitted_at - interval '10 hours' WHERE id = $1`, [r.id]);
    await env.database.query(`UPDATE request_pauses SET from_at = from_at - interval '3 hours' WHERE request_id = $1`, [r.id]);
    const submittedAt = (await requestRow(env, r.id)).submitted_at.getTime();

    const resumed = await act(c.community, r.id, { action: 'resume' });
    expect(resumed.state).toBe('in_progress');
    expect(resumed.clock.paused).toBe(false);
    const pause = (await env.database.query<{ from_at: Date; to_at: Date }>(`SELECT from_at, to_at FROM request_pauses WHERE request_id = $1`, [r.id]))[0];
    const paused = new Date(pause.to_at).getTime() - new Date(pause.from_at).getTime();
    expect(paused).toBeGreaterThanOrEqual(3 * HOUR);
    const due = (await requestRow(env, r.id)).resolve_due_at!.getTime();
    expect(due).toBe(submittedAt + 7 * DAY + paused);
    expect(new Date(resumed.clock.resolveDueAt!).getTime()).toBe(due);
    expect((await eventRows(env, r.id)).slice(-2).map((e) => [e.type, e.from_state, e.to_state])).toEqual([
      ['defer', 'accepted', 'deferred'],
      ['resume', 'deferred', 'in_progress'],
    ]);
  });
});

describe('escalate and transfer', () => {
  it('a deferred request stays paused when transferred, and its clock runs again when escalated', async () => {
    const moved = await newNoise();
    await act(c.community, moved.id, { action: 'accept' });
    await act(c.community, moved.id, { action: 'defer', text: '等待业主回国' });
    const transferred = await act(c.community, moved.id, { action: 'transfer', text: '属物业服务范围', target: { kind: 'property', orgId: company } });
    expect(transferred.state).toBe('deferred');
    expect(transferred.clock).toMatchObject({ paused: true, resolveDueAt: null });
    expect((await requestRow(env, moved.id)).resolve_due_at).toBeNull();
    expect(await count(env, `SELECT count(*) AS n FROM request_pauses WHERE request_id = $1 AND to_at IS NULL`, [moved.id])).toBe(1);
    const resumed = await act(c.property, moved.id, { action: 'resume' });
    expect(resumed.clock.paused).toBe(false);
    expect(resumed.clock.resolveDueAt).not.toBeNull();

    const up = await newNoise();
    await act(c.community, up.id, { action: 'accept' });
    await act(c.community, up.id, { action: 'defer', text: '等待业主回国' });
    const escalated = await act(c.community, up.id, { action: 'escalate', text: '久拖不决，请街道协调' });
    expect(escalated.state).toBe('escalated');
    expect((await requestRow(env, up.id)).resolve_due_at).not.toBeNull();
    expect(await count(env, `SELECT count(*) AS n FROM request_pauses WHERE request_id = $1 AND to_at IS NULL`, [up.id])).toBe(0);
  });

  it('escalates one level up with a reason; the street takes it and the community stays first receiver', async () => {
    const r = await newNoise();
    expectError(await post(c.community, r.id, { action: 'escalate', text: '' }), 400, 'REQUEST_REASON_REQUIRED');
    const seq = await auditHeadSeq(env);
    const escalated = await act(c.community, r.id, { action: 'escalate', text: '涉及多个小区，需街道协调' });
    expect(escalated.state).toBe('escalated');
    const row = await requestRow(env, r.id);
    expect(row).toMatchObject({ owner_kind: 'street', owner_place_id: streetPlace, owner_org_id: null, first_owner_kind: 'community', first_owner_place_id: communityPlace });
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({
      type: 'escalate',
      from_state: 'submitted',
      to_state: 'escalated',
      body: '涉及多个小区，需街道协调',
      data: { from: { kind: 'community' }, to: { kind: 'street', placeId: streetPlace } },
    });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.escalate', before: { owner: { kind: 'community' } } }]);
    expect(await notesAbout(env, streetAdminId, r.id)).toBe(1);
    expect(await listIds(c.street, 'view=inbox')).toContain(r.id);
    expect(await listIds(c.community, 'view=inbox')).not.toContain(r.id);
    expect(await listIds(c.community, 'view=first')).toContain(r.id);
    // the street accepts from escalated
    const accepted = await act(c.street, r.id, { action: 'accept' });
    expect(accepted.state).toBe('accepted');
  });

  it('escalates to a department when named', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    const escalated = await act(c.community, r.id, { action: 'escalate', text: '需要房管部门处理', target: { kind: 'department', orgId: deptOrg } });
    expect(escalated.owner).toMatchObject({ kind: 'department', orgId: deptOrg });
    expect(await notesAbout(env, deptId, r.id)).toBe(1);
    expect(await listIds(c.dept, 'view=inbox')).toContain(r.id);
    const asDept = (await c.dept.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asDept.capacities).toEqual(['handler']);
    await act(c.dept, r.id, { action: 'accept' });
    // a department has nothing above it but the street
    await act(c.dept, r.id, { action: 'escalate', text: '超出部门职责' });
    expect(await requestRow(env, r.id)).toMatchObject({ owner_kind: 'street', owner_place_id: streetPlace, state: 'escalated' });
  });

  it('transfers with a reason to a valid unit; the first receiver keeps seeing it and may add notes (首接负责)', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    // a transfer needs a reason: nobody bounces a request without one
    expectError(await post(c.community, r.id, { action: 'transfer', text: '', target: { kind: 'property', orgId: company } }), 400, 'REQUEST_REASON_REQUIRED');
    expectError(await post(c.community, r.id, { action: 'transfer', text: '  ', target: { kind: 'property', orgId: company } }), 400, 'REQUEST_REASON_REQUIRED');
    const otherCompany = Number((await env.database.query<{ id: number }>(`SELECT id FROM orgs WHERE kind = 'property_company' AND id <> $1 ORDER BY id LIMIT 1`, [company]))[0].id);
    expectError(await post(c.community, r.id, { action: 'transfer', text: '转给别家物业', target: { kind: 'property', orgId: otherCompany } }), 400, 'REQUEST_TARGET_INVALID');
    expectError(await post(c.community, r.id, { action: 'transfer', text: '物业公司当部门', target: { kind: 'department', orgId: company } }), 400, 'REQUEST_TARGET_INVALID');
    expectError(await post(c.community, r.id, { action: 'transfer', text: '缺单位', target: { kind: 'property' } }), 400, 'REQUEST_TARGET_INVALID');
    expectError(await post(c.community, r.id, { action: 'transfer', text: '转给自己', target: { kind: 'community' } }), 400, 'REQUEST_TARGET_SAME');
    expect((await requestRow(env, r.id)).transfer_count).toBe(0);

    const seq = await auditHeadSeq(env);
    const transferred = await act(c.community, r.id, { action: 'transfer', text: '属物业服务范围', target: { kind: 'property', orgId: company } });
    expect(transferred.state).toBe('accepted'); // a transfer moves the owner, not the state
    const row = await requestRow(env, r.id);
    expect(row).toMatchObject({ owner_kind: 'property', owner_org_id: company, first_owner_kind: 'community', first_owner_place_id: communityPlace, first_owner_org_id: null, transfer_count: 1 });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.transfer', after: { text: '属物业服务范围', to: { kind: 'property', orgId: company } } }]);
    expect(await listIds(c.property, 'view=inbox')).toContain(r.id);
    expect(await count(env, `SELECT count(*) AS n FROM notifications WHERE link = $1 AND user_id = $2`, [`/requests/${r.id}`, await userIdOf(env, 'property')])).toBe(1);
    // the community: not the handler any more, still the first receiver
    expect(await listIds(c.community, 'view=inbox')).not.toContain(r.id);
    expect(await listIds(c.community, 'view=first')).toContain(r.id);
    const asFirst = (await c.community.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asFirst.capacities).toContain('first_owner');
    expect(asFirst.capacities).not.toContain('handler');
    expect(asFirst.firstOwner).toMatchObject({ kind: 'community', placeId: communityPlace });
    await act(c.community, r.id, { action: 'note', text: '首接单位跟进：已提醒物业' });
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'note', internal: true });
    // the property company handles it now; its second transfer counts too
    const byProperty = (await c.property.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(byProperty.capacities).toEqual(['handler']);
    // passed on: the answer shows what was done, and that nothing more is theirs to do
    const passed = await act(c.property, r.id, { action: 'transfer', text: '需社区协调邻里', target: { kind: 'community' } });
    expect(passed).toMatchObject({ capacities: [], actions: [], owner: { kind: 'community' } });
    expect(await requestRow(env, r.id)).toMatchObject({ owner_kind: 'community', transfer_count: 2 });
    expectError(await post(c.property, r.id, { action: 'note', text: '已不在手上' }), 403, 'NOT_IN_SCOPE');
  });
});

describe('decline and close', () => {
  it('declines with a reason, fixes the outcomes, tells the requester; the office then closes it', async () => {
    const r = await newNoise();
    expectError(await post(c.community, r.id, { action: 'decline', text: '' }), 400, 'REQUEST_REASON_REQUIRED');
    const declined = await act(c.community, r.id, { action: 'decline', text: '不属于受理范围，已告知诉求人' });
    expect(declined.state).toBe('declined');
    const row = await requestRow(env, r.id);
    expect(row).toMatchObject({ response_outcome: 'in_time', resolution_outcome: 'declined' });
    expect(await notesAbout(env, residentId, r.id)).toBe(1);
    expectError(await post(c.community, r.id, { action: 'accept' }), 409, 'REQUEST_STATE_CONFLICT');
    // the office (the community is both handler and office here) closes a declined request
    const closed = await act(c.community, r.id, { action: 'close' });
    expect(closed.state).toBe('closed');
    expect((await requestRow(env, r.id)).closed_at).not.toBeNull();
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'close', actor_role: 'office', from_state: 'declined', to_state: 'closed' });
  });

  it('lets the office close a resolved request the requester has not rated, who may still rate it', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    await act(c.community, r.id, { action: 'resolve', text: '已处理' });
    const closed = await act(c.street, r.id, { action: 'close', text: '电话确认已解决' });
    expect(closed.state).toBe('closed');
    const asResident = (await c.resident.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asResident.actions).toContain('rate');
    expect(asResident.actions).not.toContain('reopen');
    await act(c.resident, r.id, { action: 'rate', rating: 'satisfied' });
    expect(await requestRow(env, r.id)).toMatchObject({ state: 'closed', rating: 'satisfied' });
  });

  it('a declined request cannot be closed by someone who only watches', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'decline', text: '重复诉求' });
    expectError(await post(c.pianzhang, r.id, { action: 'close' }), 403, 'REQUEST_ACTION_FORBIDDEN');
  });
});

describe('reopen', () => {
  it('the requester reopens a resolved request with a reason: counted, outcome reopened, the handler told', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    await act(c.community, r.id, { action: 'resolve', text: '已处理' });
    expect((await requestRow(env, r.id)).resolution_outcome).toBe('in_time');
    expectError(await post(c.resident, r.id, { action: 'reopen', text: '' }), 400, 'REQUEST_REASON_REQUIRED');
    expectError(await post(c.community, r.id, { action: 'reopen', text: '办理方不能重办' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    const before = await notesAbout(env, communityId, r.id);
    const reopened = await act(c.resident, r.id, { action: 'reopen', text: '噪音仍然存在' });
    expect(reopened.state).toBe('in_progress');
    expect(reopened.reopenCount).toBe(1);
    let row = await requestRow(env, r.id);
    expect(row).toMatchObject({ reopen_count: 1, resolution_outcome: 'reopened', resolved_at: null });
    expect(row.resolve_due_at!.getTime()).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
    expect(await notesAbout(env, communityId, r.id)).toBe(before + 1);
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'reopen', actor_role: 'requester', from_state: 'resolved', to_state: 'in_progress' });
    // resolved again: the round that was reopened stays counted as reopened
    await act(c.community, r.id, { action: 'resolve', text: '再次上门，已解决' });
    await act(c.resident, r.id, { action: 'reopen', text: '还是有噪音' });
    row = await requestRow(env, r.id);
    expect(row).toMatchObject({ reopen_count: 2, resolution_outcome: 'reopened' });
    await act(c.community, r.id, { action: 'resolve', text: '第三次处理' });
    await act(c.resident, r.id, { action: 'rate', rating: 'satisfied' });
    expect(await requestRow(env, r.id)).toMatchObject({ state: 'closed', reopen_count: 2, resolution_outcome: 'reopened' });
  });
});

describe('notes, replies, follow-up and co-handlers', () => {
  it('keeps internal notes and the follow-up check from the requester and from 三长 who only watch', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    await act(c.community, r.id, { action: 'note', text: '内部：此户多次投诉' });
    const asResident = (await c.resident.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asResident.events.map((e) => e.type)).toEqual(['submitted', 'accept']);
    expect(JSON.stringify(asResident)).not.toContain('此户多次投诉');
    const asViewer = (await c.pianzhang.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asViewer.capacities).toEqual(['viewer']);
    expect(JSON.stringify(asViewer)).not.toContain('此户多次投诉');
    const asHandler = (await c.community.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asHandler.events.at(-1)).toMatchObject({ type: 'note', internal: true, body: '内部：此户多次投诉' });

    await act(c.community, r.id, { action: 'resolve', text: '已处理' });
    await act(c.resident, r.id, { action: 'rate', rating: 'satisfied' });
    expectError(await post(c.resident, r.id, { action: 'followup', result: 'satisfied' }), 403, 'REQUEST_ACTION_FORBIDDEN');
    const seq = await auditHeadSeq(env);
    const checked = await act(c.street, r.id, { action: 'followup', result: 'unreachable', text: '回访电话未接通' });
    expect(checked.followupResult).toBe('unreachable');
    expect(await requestRow(env, r.id)).toMatchObject({ followup_result: 'unreachable' });
    expect((await eventRows(env, r.id)).at(-1)).toMatchObject({ type: 'followup', internal: true, actor_role: 'office' });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.followup', actor_user_id: streetAdminId }]);
    const after = (await c.resident.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(after.followupResult).toBeNull();
    expect(after.followupNote).toBeNull();
    expect(after.events.map((e) => e.type)).not.toContain('followup');
    expect(JSON.stringify(after)).not.toContain('回访电话未接通');
  });

  it('replies go both ways and tell the other side', async () => {
    const r = await newNoise();
    const handlerBefore = await notesAbout(env, communityId, r.id);
    await act(c.resident, r.id, { action: 'reply', text: '补充：每晚十点以后' });
    expect(await notesAbout(env, communityId, r.id)).toBe(handlerBefore + 1);
    const residentBefore = await notesAbout(env, residentId, r.id);
    await act(c.community, r.id, { action: 'reply', text: '收到，明天上门' });
    expect(await notesAbout(env, residentId, r.id)).toBe(residentBefore + 1);
    const seen = (await c.resident.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(seen.events.filter((e) => e.type === 'reply').map((e) => [e.actorRole, e.body, e.internal])).toEqual([
      ['requester', '补充：每晚十点以后', false],
      ['handler', '收到，明天上门', false],
    ]);
  });

  it('co-handlers see it under view=cohandling and may reply and note, never resolve', async () => {
    const r = await newNoise();
    await act(c.community, r.id, { action: 'accept' });
    expectError(await post(c.community, r.id, { action: 'cohandler', target: { kind: 'community' } }), 400, 'REQUEST_TARGET_SAME');
    expectError(await post(c.community, r.id, { action: 'cohandler', target: { kind: 'department', orgId: company } }), 400, 'REQUEST_TARGET_INVALID');
    expect(await listIds(c.dept, 'view=cohandling')).not.toContain(r.id);
    const seq = await auditHeadSeq(env);
    const added = await act(c.community, r.id, { action: 'cohandler', target: { kind: 'department', orgId: deptOrg }, text: '请房管局协助' });
    expect(added.cohandlers).toEqual([expect.objectContaining({ kind: 'department', orgId: deptOrg })]);
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.cohandler' }]);
    expect(await count(env, `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'request.cohandle' AND link = $2`, [deptId, `/requests/${r.id}`])).toBe(1);
    expectError(await post(c.community, r.id, { action: 'cohandler', target: { kind: 'department', orgId: deptOrg } }), 409, 'REQUEST_COHANDLER_EXISTS');

    expect(await listIds(c.dept, 'view=cohandling')).toContain(r.id);
    expect(await listIds(c.dept, 'view=inbox')).not.toContain(r.id);
    const asCo = (await c.dept.get(`/api/requests/${r.id}`)).json() as RequestDetail;
    expect(asCo.capacities).toEqual(['cohandler']);
    expect(asCo.actions).toEqual(['reply', 'note']);
    await act(c.dept, r.id, { action: 'note', text: '房管局：已调取备案' });
    await act(c.dept, r.id, { action: 'reply', text: '房管局已介入' });
    expect((await eventRows(env, r.id)).slice(-2)).toMatchObject([
      { type: 'note', actor_role: 'cohandler', internal: true },
      { type: 'reply', actor_role: 'cohandler', internal: false },
    ]);
    for (const body of [{ action: 'resolve', text: '协办单位办结' }, { action: 'defer', text: '协办暂缓' }, { action: 'transfer', text: '协办转办', target: { kind: 'street' } }]) {
      expectError(await post(c.dept, r.id, body), 403, 'REQUEST_ACTION_FORBIDDEN');
    }
    expect((await requestRow(env, r.id)).state).toBe('accepted');
  });
});
