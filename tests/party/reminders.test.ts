// The reminder sweep: a period due soon (ends within remindDays, not held) is reminded once — the
// secretary's account and the community's workers get one notification — even when two sweeps race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../src/test/harness';
import { remindDueMeetings, reminderSweep } from '../../src/modules/party/reminders';
import { runSweep } from '../../src/core/sweeps';
import { newPlace } from '../assemblies/support';
import { makeCommittee, makeMembers, makeOrg, num, q, secretaryAccount, staffAccount, type Org } from './fixtures-meetings';

let env: TestEnv;
let X: Org;
let community: Org;
let secUser: number;
let workerUser: number;
let foreignUser: number;

const notes = async (userId: number) => q<{ title: string; body: string; link: string }>(env, `SELECT title, body, link FROM notifications WHERE user_id = $1 AND kind = 'party.meeting.due' ORDER BY id`, [userId]);

beforeAll(async () => {
  env = await createTestEnv();
  const streetId = Number((await q(env, `SELECT id FROM places WHERE kind = 'street' ORDER BY id LIMIT 1`))[0].id);
  const c = await newPlace(env, streetId, 'community', '提醒测试社区');
  const e = await newPlace(env, c.id, 'estate', '提醒测试小区');
  const street = await makeOrg(env, { kind: 'working_committee', placeId: streetId });
  community = await makeOrg(env, { kind: 'community_committee', placeId: c.id, parent: street });
  X = await makeOrg(env, { kind: 'branch', placeId: e.id, parent: community, name: '提醒测试党支部' });
  const m = await makeMembers(env, X, 8);
  await makeCommittee(env, X, m.personIds.slice(0, 3));
  secUser = (await secretaryAccount(env, m.personIds[0], c.id)).userId;
  workerUser = (await staffAccount(env, 'community_worker', c.id)).userId;
  const elsewhere = await newPlace(env, streetId, 'community', '别的社区');
  foreignUser = (await staffAccount(env, 'community_worker', elsewhere.id)).userId;
  // June's 主题党日 was held; the quarter's 党员大会 and 党课 and June's 支委会 were not
  await q(env, `INSERT INTO party_meetings (org_id, kind, held_on, topic) VALUES ($1, 'theme_day', '2023-06-05', '主题党日')`, [X.id]);
}, 300_000);
afterAll(async () => env?.close());

describe('remindDueMeetings', () => {
  it('nothing while the periods are still open (10 June, 7 reminder days)', async () => {
    await remindDueMeetings(env.ctx, '2023-06-10');
    expect(await num(env, `SELECT count(*) FROM party_reminders WHERE org_id = $1`, [X.id])).toBe(0);
    expect(await notes(secUser)).toEqual([]);
  });

  it('on 25 June: the due periods once each, one notification per organisation to its secretary and to the community worker, even with two sweeps racing', async () => {
    const run = () => env.ctx.db.transaction((tx) => remindDueMeetings({ ...env.ctx, db: tx }, '2023-06-25'));
    const [a, b] = await Promise.all([run(), run()]);
    const rows = await q<{ kind: string; period_start: string }>(env, `SELECT kind, period_start::text FROM party_reminders WHERE org_id = $1 ORDER BY kind`, [X.id]);
    expect(rows).toEqual([
      { kind: 'committee', period_start: '2023-06-01' },
      { kind: 'lecture', period_start: '2023-04-01' },
      { kind: 'members', period_start: '2023-04-01' },
    ]);
    // together the two runs claimed each period once
    expect(a.reminders + b.reminders).toBeGreaterThanOrEqual(3);
    const sec = await notes(secUser);
    expect(sec).toHaveLength(1);
    expect(sec[0].title).toBe('三会一课提醒：提醒测试党支部');
    expect(sec[0].body).toContain('党员大会（2023-06-30前）');
    expect(sec[0].body).toContain('支委会（2023-06-30前）');
    expect(sec[0].body).not.toContain('主题党日');
    expect(sec[0].link).toBe(`/party/calendar?orgId=${X.id}`);
    // the community worker hears of every organisation of the community with periods due: the branch and the community committee
    expect((await notes(workerUser)).map((n) => n.link).sort()).toEqual([`/party/calendar?orgId=${X.id}`, `/party/calendar?orgId=${community.id}`].sort());
    expect(await notes(foreignUser)).toEqual([]);
  });

  it('a later sweep in the same periods sends nothing again', async () => {
    await remindDueMeetings(env.ctx, '2023-06-28');
    expect(await notes(secUser)).toHaveLength(1);
    expect(await num(env, `SELECT count(*) FROM party_reminders WHERE org_id = $1`, [X.id])).toBe(3);
  });

  it('the next period is reminded afresh', async () => {
    await remindDueMeetings(env.ctx, '2023-07-27');
    expect(await num(env, `SELECT count(*) FROM party_reminders WHERE org_id = $1 AND period_start = '2023-07-01'`, [X.id])).toBe(2);
    expect(await notes(secUser)).toHaveLength(2);
  });
});

describe('the sweep', () => {
  it('runs through the sweeper (one node at a time) and reports its counts', async () => {
    const r = await runSweep(env.ctx, reminderSweep);
    expect(r).toMatchObject({ orgs: expect.any(Number), reminders: expect.any(Number), notifications: expect.any(Number) });
    expect(await num(env, `SELECT count(*) FROM sweep_runs WHERE name = 'party.reminders'`)).toBe(1);
  });
});
