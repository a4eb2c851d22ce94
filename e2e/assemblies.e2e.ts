// Journey: an owners' assembly (业主大会, DOMAIN.md §4) from the organiser's console to the owners'
// phones and back. The community worker creates the assembly and its two matters in the console
// (民法典 第278条 item (5), a simple double majority, and item (8), which needs ¾), announces it
// (the roll is frozen); the opening is back-dated in the database and voting opened; three owners
// log in on their phones and vote with the one-time code read from the SMS outbox, each getting a
// receipt; the other owners' ballots go through the same ballot service; voting is closed (back-
// dated), counted and published in the console; an owner reads the result in plain words and finds
// their receipt in the public list.
//
// It runs its own server on the test harness's database (assemblies-server.ts).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assemblyRow } from '../src/modules/assemblies/service';
import { castBallot } from '../src/modules/assemblies/ballots';
import type { Choice } from '../src/modules/assemblies/rule';
import { DESK, PHONE } from './browser';
import { beijingDay, pickOption, useAssemblyServer, type LifecycleStep } from './assemblies-server';

const OWNERS = ['owner1', 'owner2', 'owner3'] as const;
// what each owner taps on the phone, matter by matter
const PHONE_CHOICES: Record<(typeof OWNERS)[number], [Choice, Choice]> = {
  owner1: ['agree', 'agree'],
  owner2: ['agree', 'oppose'],
  owner3: ['oppose', 'abstain'],
};

const server = useAssemblyServer('masm-');
const { q, open, snap } = server;

// what the journey hands from one step to the next
let organiser: Page;
let assemblyId = 0;
let matterIds: number[] = [];
const receipts = new Map<string, string>();
const expected = new Map<number, Choice[]>(); // voter id → choices on matter 1 and 2

/** Run a lifecycle step from the console's step bar, and look at the page. */
async function step(name: LifecycleStep, expectState: string): Promise<void> {
  await server.step(organiser, assemblyId, name, expectState);
  await snap(organiser, `console-${name}`);
}

async function latestCode(userId: number): Promise<string> {
  const rows = await q<{ body: string }>(`SELECT body FROM sms_outbox WHERE user_id = $1 AND purpose = 'assembly_otp' ORDER BY id DESC LIMIT 1`, [userId]);
  const code = /\d{6}/.exec(rows[0]?.body ?? '')?.[0];
  if (!code) throw new Error(`no one-time code in the SMS outbox for user ${userId}`);
  return code;
}

describe('an owners’ assembly, from the console to the owners’ phones', () => {
  it('the community worker creates the assembly and its matters in the console', async () => {
    organiser = await open('community', DESK);
    const estate = (await q<{ id: number; name: string }>(`SELECT id::int AS id, name FROM places WHERE kind = 'estate' ORDER BY id LIMIT 1`))[0];
    await organiser.goto(server.base + '/assemblies');
    await organiser.locator('#asm-new').click();
    await organiser.locator('#asm-form-title').waitFor();
    // the estate: open the community in the tree and pick the estate
    await organiser.locator('#asm-form-estate').click();
    await organiser.locator('.ant-select-tree-switcher').first().click();
    await organiser.locator('.ant-select-tree-title', { hasText: estate.name }).first().click();
    await organiser.locator('#asm-form-title').fill('2026年第二次业主大会（演示）');
    await organiser.locator('#asm-form-organiser-name').fill(`${estate.name}业主委员会`);
    // voting from 16 days ahead (the notice needs 15) for two weeks, Beijing time
    await organiser.locator('#asm-form-period').click();
    await organiser.locator('#asm-form-period').fill(`${beijingDay(16)} 09:00`);
    await organiser.keyboard.press('Enter');
    await organiser.locator('.ant-picker-range input').nth(1).fill(`${beijingDay(30)} 18:00`);
    await organiser.keyboard.press('Enter');
    await organiser.locator('#asm-form-notice').fill('各位业主：本次会议表决维修资金的使用和公共墙面的经营。请在投票期间通过手机或纸质选票投票。');
    await snap(organiser, 'console-create');
    await organiser.locator('#asm-form-submit').click();
    await organiser.waitForURL(/\/assemblies\/\d+/);
    assemblyId = Number(/\/assemblies\/(\d+)/.exec(organiser.url())![1]);
    const row = (await q<{ state: string; estate_id: number; title: string }>('SELECT state, estate_id::int AS estate_id, title FROM assemblies WHERE id = $1', [assemblyId]))[0];
    expect(row).toEqual({ state: 'draft', estate_id: estate.id, title: '2026年第二次业主大会（演示）' });

    // two matters, each under its 278 item
    const addMatter = async (itemLabel: string, title: string, description: string) => {
      await organiser.locator('#asm-add-matter').click();
      await pickOption(organiser, '#asm-matter-item', itemLabel, '#asm-matter-threshold');
      await organiser.locator('#asm-matter-title').fill(title);
      await organiser.locator('#asm-matter-description').fill(description);
      await organiser.locator('#asm-matter-submit').click();
      await organiser.locator('#asm-matter-title').waitFor({ state: 'detached' });
    };
    await addMatter('使用建筑物及其附属设施的维修资金', '使用专项维修资金更换单元门禁（演示）', '预算约6万元，从专项维修资金中列支。');
    await addMatter('改变共有部分的用途或者利用共有部分从事经营活动', '在小区东门墙面设置广告位（演示）', '收益全部纳入业主共有资金。');
    const matters = await q<{ id: number; item: number; seq: number }>('SELECT id::int AS id, item, seq FROM assembly_matters WHERE assembly_id = $1 ORDER BY seq', [assemblyId]);
    expect(matters.map((m) => [m.seq, m.item])).toEqual([
      [1, 5],
      [2, 8],
    ]);
    matterIds = matters.map((m) => m.id);
    await snap(organiser, 'console-matters');
  });

  it('announces it (the roll is frozen) and, once the opening is back-dated, opens voting', async () => {
    await step('announce', 'announced');
    const a = (await q<{ persons: number; voters: number }>(
      'SELECT roll_persons AS persons, (SELECT count(*)::int FROM assembly_voters v WHERE v.assembly_id = a.id) AS voters FROM assemblies a WHERE id = $1',
      [assemblyId],
    ))[0];
    expect(a.persons).toBeGreaterThan(10);
    expect(a.voters).toBe(a.persons);
    expect((await q(`SELECT 1 FROM assembly_ledger WHERE assembly_id = $1 AND kind = 'roll_frozen'`, [assemblyId])).length).toBe(1);
    // an owner reads the notice on the phone before voting opens
    const early = await open('owner3', PHONE);
    await early.goto(`${server.base}/m/assemblies/${assemblyId}`);
    await early.locator('#m-status').waitFor();
    expect(await early.locator('#m-status').innerText()).toContain('投票将于');
    expect(await early.locator('#m-vote').count()).toBe(0);
    // each matter says its 278 item in plain words and what it needs to pass (item 8: three quarters)
    expect(await early.locator('.gz-ma-rule.special').count()).toBe(1);
    await snap(early, 'owner3-0-notice');
    // the frozen roll is published to the owners for objections: every voter, names masked, by flat number
    await early.locator('#m-roll-toggle').click();
    await early.locator('#m-roll-list li').first().waitFor();
    expect(await early.locator('#m-roll-list li').count()).toBe(Math.min(a.persons, 50));
    const fullNames = (await q<{ name: string }>(`SELECT name FROM assembly_voters WHERE assembly_id = $1 AND kind = 'person'`, [assemblyId])).map((r) => r.name);
    const shown = await early.locator('#m-roll-list .gz-ma-roll-name').allInnerTexts();
    expect(shown.some((n) => fullNames.includes(n))).toBe(false);
    await early.locator('#m-roll-search').fill('101');
    await early.locator('#m-roll-search').press('Enter');
    await early.waitForFunction(() => [...document.querySelectorAll('#m-roll-list .gz-ma-roll-units')].every((e) => e.textContent!.includes('101')));
    await snap(early, 'owner3-0-roll');
    // the notice period has passed
    await q(`UPDATE assemblies SET voting_opens_at = now() - interval '10 minutes' WHERE id = $1`, [assemblyId]);
    await step('open', 'voting');
  });

  for (const owner of OWNERS) {
    it(`${owner} votes on the phone with the one-time code and gets a receipt`, async () => {
      const page = await open(owner, PHONE);
      const user = (await q<{ id: number; person_id: number }>('SELECT id::int AS id, person_id::int AS person_id FROM users WHERE username = $1', [owner]))[0];
      await page.goto(server.base + '/m/assemblies');
      const card = page.locator(`[data-assembly-id="${assemblyId}"]`);
      await card.waitFor();
      await snap(page, `${owner}-1-list`);
      await card.getByRole('button', { name: '去投票' }).click();
      await page.waitForURL(/\/vote$/);
      // owner1 votes for their own flat and a flat shared with a relative: they pick the home first
      const cards = page.locator('.gz-ma-vote-card');
      await page.locator('.gz-ma-voter, .gz-ma-vote-card').first().waitFor();
      const homes = await page.locator('.gz-ma-voter').count();
      if (owner === 'owner1') expect(homes).toBe(2);
      if (homes > 0) {
        await snap(page, `${owner}-2-pick-home`);
        await page.locator('.gz-ma-voter').first().click();
      }
      await cards.first().waitFor();
      await snap(page, `${owner}-3-matters`);
      const choices = PHONE_CHOICES[owner];
      for (let i = 0; i < choices.length; i++) await cards.nth(i).locator(`[data-choice=${choices[i]}]`).click();
      await page.locator('#m-next').click();
      await page.locator('#m-check').waitFor();
      await expect.poll(() => page.locator('#m-check').innerText()).toContain('您的选择');
      await snap(page, `${owner}-4-check`);
      await page.locator('#m-confirm').click();
      await page.locator('#m-send-code').click();
      await page.locator('#m-code-sent').waitFor();
      expect(await page.locator('#m-code-sent').innerText()).toMatch(/验证码已发送至 1\d\d\*\*\*\*\d{4}/);
      await page.locator('#m-code').fill(await latestCode(user.id));
      await snap(page, `${owner}-5-code`);
      await page.locator('#m-submit-vote').click();
      await page.locator('#m-vote-done').waitFor();
      const receipt = (await page.locator('.gz-ma-receipt-code').first().getAttribute('data-receipt'))!;
      expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await snap(page, `${owner}-6-receipt`);
      receipts.set(owner, receipt);
      // the ballot is in: counted, cast by this owner, for a voter they stand for, with their choices
      const sub = (await q<{ status: string; channel: string; cast_by_user: number; voter_id: number; delegate: number }>(
        `SELECT s.status, s.channel, s.cast_by_user::int AS cast_by_user, s.voter_id::int AS voter_id, v.delegate_person_id::int AS delegate
           FROM assembly_submissions s JOIN assembly_voters v ON v.id = s.voter_id WHERE s.receipt = $1`,
        [receipt],
      ))[0];
      expect(sub).toMatchObject({ status: 'counted', channel: 'online', cast_by_user: user.id, delegate: user.person_id });
      const ballots = await q<{ matter_id: number; choice: string }>('SELECT matter_id::int AS matter_id, choice FROM assembly_ballots WHERE voter_id = $1 ORDER BY matter_id', [sub.voter_id]);
      expect(ballots.map((b) => b.choice)).toEqual(choices);
      expected.set(sub.voter_id, choices);
      // the code is spent: the ledger holds the ballot under its receipt
      expect((await q(`SELECT 1 FROM assembly_ledger WHERE assembly_id = $1 AND kind = 'ballot' AND payload->>'receipt' = $2`, [assemblyId, receipt])).length).toBe(1);
      await page.locator('#m-back-assembly').click();
      await page.locator('#m-status').waitFor();
      expect(await page.locator('#m-status').innerText()).toContain(receipt);
      await snap(page, `${owner}-7-assembly`);
    });
  }

  it('the other owners’ ballots come in through the same ballot service', async () => {
    // every voter whose delegate has no demo account, except every eighth (some never vote)
    const others = await q<{ id: number }>(
      `SELECT v.id::int AS id FROM assembly_voters v WHERE v.assembly_id = $1 AND v.active
          AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = v.delegate_person_id AND u.username IN ('owner1','owner2','owner3'))
        ORDER BY v.voter_no`,
      [assemblyId],
    );
    await server.env.ctx.db.transaction(async (tx) => {
      const a = await assemblyRow(tx, assemblyId, true);
      for (let i = 0; i < others.length; i++) {
        if (i % 8 === 7) continue;
        const choices: Choice[] = [i % 5 === 0 ? 'oppose' : 'agree', i % 2 === 0 ? 'agree' : i % 3 === 0 ? 'abstain' : 'oppose'];
        await castBallot(tx, a, others[i].id, 'online', matterIds.map((matterId, k) => ({ matterId, choice: choices[k] })), { castByUser: null });
        expected.set(others[i].id, choices);
      }
    });
  });

  it('closes voting once its time is back-dated, counts and publishes in the console', async () => {
    await q(`UPDATE assemblies SET voting_closes_at = now() - interval '1 second' WHERE id = $1`, [assemblyId]);
    await step('close', 'closed');
    await step('count', 'counted');
    await step('publish', 'published');

    // the result against the ballots cast, recomputed here from the roll's areas (民法典 第278条)
    const areas = new Map((await q<{ id: number; area: string }>('SELECT id::int AS id, area_centi::text AS area FROM assembly_voters WHERE assembly_id = $1', [assemblyId])).map((v) => [v.id, BigInt(v.area)]));
    const totals = (await q<{ area: string; persons: number }>('SELECT roll_area_centi::text AS area, roll_persons AS persons FROM assemblies WHERE id = $1', [assemblyId]))[0];
    const results = (await q<{ results: { matters: { seq: number; passed: boolean; failed: string[]; agree: { persons: number; areaCenti: string }; participating: { persons: number; areaCenti: string } }[] } }>(
      'SELECT results FROM assemblies WHERE id = $1',
      [assemblyId],
    ))[0].results;
    for (const k of [0, 1]) {
      let agreeArea = 0n;
      let agreePersons = 0;
      let partArea = 0n;
      for (const [voter, choices] of expected) {
        partArea += areas.get(voter)!;
        if (choices[k] === 'agree') {
          agreeArea += areas.get(voter)!;
          agreePersons++;
        }
      }
      const m = results.matters[k];
      expect(m.agree).toEqual({ persons: agreePersons, areaCenti: agreeArea.toString() });
      expect(m.participating).toEqual({ persons: expected.size, areaCenti: partArea.toString() });
      // quorum: ≥ 2/3 of the area and of the owners took part
      expect(partArea * 3n >= BigInt(totals.area) * 2n && expected.size * 3 >= totals.persons * 2).toBe(true);
      // item (5): more than half of both; item (8): at least three quarters of both
      const passes = k === 0 ? agreeArea * 2n > partArea && agreePersons * 2 > expected.size : agreeArea * 4n >= partArea * 3n && agreePersons * 4 >= expected.size * 3;
      expect(m.passed).toBe(passes);
    }
    expect(results.matters[0].passed).toBe(true);
    expect(results.matters[1].passed).toBe(false);
    expect(results.matters[1].failed).toContain('agree_persons');
  });

  it('an owner reads the published result and finds their receipt in the public list', async () => {
    const page = await open('owner2', PHONE);
    await page.goto(`${server.base}/m/assemblies/${assemblyId}`);
    await page.locator('#m-results').waitFor();
    const outcomes = page.locator('#m-results .gz-ma-outcome');
    expect(await outcomes.count()).toBe(2);
    expect(await outcomes.nth(0).getAttribute('data-passed')).toBe('true');
    expect(await outcomes.nth(1).getAttribute('data-passed')).toBe('false');
    expect(await outcomes.nth(0).innerText()).toContain('通过');
    // the failed matter says why, with its figures: fewer than three quarters agreed
    expect(await outcomes.nth(1).innerText()).toMatch(/没有通过的原因：.*要求四分之三以上/s);
    await snap(page, 'owner2-8-result');
    // the same in English
    await page.evaluate(() => localStorage.setItem('gongzhi.lang', 'en'));
    await page.reload();
    await page.locator('#m-results').waitFor();
    expect(await outcomes.nth(1).innerText()).toContain('Not passed');
    await snap(page, 'owner2-8-result-en');
    await page.evaluate(() => localStorage.setItem('gongzhi.lang', 'zh-CN'));
    await page.reload();
    await page.locator('#m-results').waitFor();

    await page.locator('#m-receipts-link').click();
    await page.locator('#m-receipts').waitFor();
    const mine = receipts.get('owner2')!;
    await page.locator(`[data-look="${mine}"]`).click();
    await page.locator('#m-found').waitFor();
    const found = page.locator(`#m-found [data-receipt="${mine}"]`);
    expect(await found.getAttribute('data-status')).toBe('counted');
    expect(await found.innerText()).toContain('已计入');
    await snap(page, 'owner2-9-receipt-found');

    // the public list (no login) holds every ballot, the three phones' among them
    const list = (await (await fetch(`${server.base}/api/assemblies/${assemblyId}/receipts`)).json()) as { items: { receipt: string; status: string; choices: Record<string, string> }[]; total: number };
    expect(list.total).toBe(expected.size);
    for (const owner of OWNERS) {
      const r = list.items.find((x) => x.receipt === receipts.get(owner));
      expect(r?.status).toBe('counted');
      expect(r?.choices).toEqual({ '1': PHONE_CHOICES[owner][0], '2': PHONE_CHOICES[owner][1] });
    }
  });
});
