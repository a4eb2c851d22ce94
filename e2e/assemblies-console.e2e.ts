// Journey: the organiser's console for an owners' assembly (业主大会, DOMAIN.md §4), tab by tab. The
// community worker creates the assembly on the demo estate with a matter of 民法典 第278条 item (6)
// (¾ needed) and an owners' committee election with one candidate, records the party review and
// announces; corrects the frozen roll after an objection (with a reason) and records paper delivery
// of the notice; once the opening is back-dated, enters a signed paper ballot with its scan, which
// the street admin confirms as the second staff member (the one who entered it may not); the other
// ballots come in through the ballot service; after closing, counting and publishing, the results
// tab shows the failed ¾ test with its figures and the article, in Chinese and in English.
//
// Like assemblies.e2e.ts it runs its own server on the test harness's database (assemblies-server.ts;
// the shared e2e server's embedded database cannot be back-dated from here).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assemblyRow } from '../src/modules/assemblies/service';
import { castBallot } from '../src/modules/assemblies/ballots';
import type { Choice } from '../src/modules/assemblies/rule';
import { beijingDay, pickOption, useAssemblyServer, type LifecycleStep } from './assemblies-server';

const server = useAssemblyServer('asm-organiser-');
const { q, open, snap } = server;

// what the journey hands from one step to the next
let organiser: Page;
let estate: { id: number; name: string };
let assemblyId = 0;

/** A tab of the assembly, with the estate as the console's scope. */
async function tab(page: Page, name: string): Promise<void> {
  await page.goto(`${server.base}/assemblies/${assemblyId}?scope=${estate.id}&tab=${name}`);
  await page.locator(`[data-assembly-id="${assemblyId}"]`).waitFor();
}

const step = (name: LifecycleStep, expectState: string) => server.step(organiser, assemblyId, name, expectState);

/** A small real PNG (a grey 16×16 square), as the scan of a signed ballot. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFElEQVR4nGPYQiJgGNUwqmH4agAAE4UcH7xKE4UAAAAASUVORK5CYII=', 'base64');

describe('the organiser console of an owners’ assembly', () => {
  it('creates the assembly with a ¾ matter and an election, records the party review and announces', async () => {
    organiser = await open('community');
    estate = (await q<{ id: number; name: string }>(`SELECT id::int AS id, name FROM places WHERE kind = 'estate' ORDER BY id LIMIT 1`))[0];
    // with the estate as the scope, the drawer starts on it
    await organiser.goto(`${server.base}/assemblies?scope=${estate.id}`);
    await organiser.locator('#asm-new').click();
    await organiser.locator('#asm-form-title').fill('2026年第三次业主大会（控制台演示）');
    await organiser.locator('#asm-form-organiser-name').fill('阳光社区居民委员会');
    await organiser.locator('#asm-form-period').click();
    await organiser.locator('#asm-form-period').fill(`${beijingDay(17)} 09:00`);
    await organiser.keyboard.press('Enter');
    await organiser.locator('.ant-picker-range input').nth(1).fill(`${beijingDay(24)} 18:00`);
    await organiser.keyboard.press('Enter');
    // the notice the estate's settings require, with the earliest opening if announced today
    expect(await organiser.locator('#asm-form-notice-hint').innerText()).toContain('15 天');
    await organiser.locator('#asm-form-notice').fill('各位业主：定于下列时间以书面和网上投票方式召开业主大会。');
    await organiser.locator('#asm-form-submit').click();
    await organiser.waitForURL(/\/assemblies\/\d+/);
    assemblyId = Number(/\/assemblies\/(\d+)/.exec(organiser.url())![1]);
    const row = (await q<{ estate_id: number; opens: string }>(`SELECT estate_id::int AS estate_id, to_char(voting_opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS opens FROM assemblies WHERE id = $1`, [assemblyId]))[0];
    // the picker's time is Beijing time
    expect(row).toEqual({ estate_id: estate.id, opens: `${beijingDay(17)} 09:00` });
    // announcing needs a matter first
    expect(await organiser.locator('#asm-step-announce').isDisabled()).toBe(true);
    expect(await organiser.locator('#asm-step-announce-reason').innerText()).toContain('至少添加一项表决事项');

    await organiser.locator('#asm-add-matter').click();
    await pickOption(organiser, '#asm-matter-item', '筹集建筑物及其附属设施的维修资金', '#asm-matter-threshold');
    // item (6) needs three quarters (民法典 第278条 第2款)
    expect(await organiser.locator('#asm-matter-threshold').innerText()).toContain('3/4');
    await organiser.locator('#asm-matter-title').fill('补充筹集专项维修资金（控制台演示）');
    await organiser.locator('#asm-matter-submit').click();
    await organiser.locator('#asm-matter-title').waitFor({ state: 'detached' });
    expect(await organiser.locator('#asm-matters [data-item="6"]').innerText()).toContain('3/4');
    await snap(organiser, 'matters');

    // the election and one candidate picked from the estate's owners
    await tab(organiser, 'election');
    await organiser.locator('#asm-election-create').click();
    await organiser.locator('#asm-election-submit').click();
    await organiser.locator('#asm-election-submit').waitFor({ state: 'detached' });
    await organiser.locator('#asm-candidate-add').click();
    await organiser.locator('#asm-candidate-person').click();
    await organiser.locator('.ant-select-item-option:not(.ant-select-item-option-disabled)').first().click();
    await organiser.locator('#asm-candidate-statement').fill('愿意为大家服务，账目按季度公开。');
    await organiser.locator('#asm-candidate-submit').click();
    await organiser.locator('#asm-candidate-submit').waitFor({ state: 'detached' });
    await organiser.reload();
    expect(await organiser.locator('#asm-step-announce-reason').innerText()).toContain('未通过党组织审核');
    await snap(organiser, 'election-pending');
    await organiser.locator('.asm-review-open').first().click();
    await organiser.locator('#asm-review-party-member').check();
    await organiser.locator('#asm-review-note').fill('经社区党委审核，符合候选人条件');
    await organiser.locator('#asm-review-submit').click();
    await organiser.locator('#asm-review-submit').waitFor({ state: 'detached' });
    const cand = (await q<{ party_review: string; party_member: boolean; reviewer: number }>(
      `SELECT c.party_review, c.party_member, c.party_reviewed_by::int AS reviewer FROM assembly_candidates c JOIN assembly_elections e ON e.id = c.election_id WHERE e.assembly_id = $1`,
      [assemblyId],
    ))[0];
    const community = (await q<{ id: number }>(`SELECT id::int AS id FROM users WHERE username = 'community'`))[0].id;
    expect(cand).toEqual({ party_review: 'approved', party_member: true, reviewer: community });
    await snap(organiser, 'election-approved');

    await step('announce', 'announced');
    expect((await q(`SELECT 1 FROM assembly_ledger WHERE assembly_id = $1 AND kind = 'roll_frozen'`, [assemblyId])).length).toBe(1);
  });

  it('corrects the frozen roll with a reason and records paper delivery', async () => {
    await tab(organiser, 'roll');
    const before = (await q<{ area: string; voter: number; voter_area: string }>(
      `SELECT a.roll_area_centi::text AS area, v.id::int AS voter, v.area_centi::text AS voter_area FROM assemblies a JOIN assembly_voters v ON v.assembly_id = a.id WHERE a.id = $1 AND v.voter_no = 1`,
      [assemblyId],
    ))[0];
    await organiser.locator('.asm-correct-open').first().click();
    // 17 hundredths of a m² more than the registered area, typed as text: no floating point on the way
    const corrected = BigInt(before.voter_area) + 17n;
    await organiser.locator('#asm-correction-area').fill(`${corrected / 100n}.${String(corrected % 100n).padStart(2, '0')}`);
    await organiser.locator('#asm-correction-submit').click();
    await expect.poll(() => organiser.locator('.ant-form-item-explain-error').first().innerText()).toContain('理由');
    await organiser.locator('#asm-correction-reason').fill('业主提交不动产权证书，登记面积有误');
    await organiser.locator('#asm-correction-submit').click();
    await organiser.locator('#asm-correction-submit').waitFor({ state: 'detached' });
    await expect.poll(() => organiser.locator('#asm-corrections tbody tr').first().innerText()).toContain('不动产权证书');
    const after = (await q<{ area: string; voter_area: string }>(`SELECT a.roll_area_centi::text AS area, v.area_centi::text AS voter_area FROM assemblies a JOIN assembly_voters v ON v.assembly_id = a.id WHERE a.id = $1 AND v.id = $2`, [assemblyId, before.voter]))[0];
    expect(after).toEqual({ area: (BigInt(before.area) + 17n).toString(), voter_area: corrected.toString() });
    expect((await q(`SELECT 1 FROM assembly_ledger WHERE assembly_id = $1 AND kind = 'roll_corrected' AND payload->>'reasonSha256' = $2`, [assemblyId, createHash('sha256').update('业主提交不动产权证书，登记面积有误').digest('hex')])).length).toBe(1);
    await snap(organiser, 'roll-corrected');

    await tab(organiser, 'delivery');
    const boxes = organiser.locator('#asm-deliveries tbody .ant-checkbox-input');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await organiser.locator('#asm-delivery-paper').click();
    await organiser.locator('#asm-delivery-note').fill('楼栋长逐户送达');
    await organiser.locator('#asm-delivery-submit').click();
    await organiser.locator('#asm-delivery-submit').waitFor({ state: 'detached' });
    const paper = await q<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_deliveries WHERE assembly_id = $1 AND method = 'paper' AND note = '楼栋长逐户送达'`, [assemblyId]);
    expect(paper[0].n).toBe(2);
    await snap(organiser, 'delivery');
  });

  it('enters a paper ballot with its scan; a second staff member confirms it', async () => {
    await q(`UPDATE assemblies SET voting_opens_at = now() - interval '1 minute' WHERE id = $1`, [assemblyId]);
    await step('open', 'voting');
    await tab(organiser, 'paper');
    const voter = (await q<{ id: number; no: number }>(`SELECT id::int AS id, voter_no AS no FROM assembly_voters WHERE assembly_id = $1 AND voter_no = 2`, [assemblyId]))[0];
    await organiser.locator('#asm-paper-voter').click();
    await organiser.locator(`.ant-select-item-option`, { hasText: `第 ${voter.no} 号` }).first().click();
    const rows = organiser.locator('.gz-asm-choice-row');
    for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).getByText('同意', { exact: true }).click();
    await organiser.locator('#asm-paper-scan').setInputFiles({ name: 'ballot.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM assembly_files WHERE assembly_id = $1 AND kind = 'scan'`, [assemblyId]))[0].n).toBe(1);
    await organiser.locator('#asm-paper-submit').click();
    await organiser.locator('#asm-paper-entered').waitFor();
    const sub = (await q<{ id: number; status: string; receipt: string }>(`SELECT id::int AS id, status, receipt FROM assembly_submissions WHERE assembly_id = $1 AND voter_id = $2`, [assemblyId, voter.id]))[0];
    expect(sub.status).toBe('pending');
    expect(await organiser.locator('#asm-paper-entered').innerText()).toContain(sub.receipt);
    // whoever entered it sees it in the queue but cannot confirm it
    const mine = organiser.locator('#asm-paper-queue tbody tr', { hasText: sub.receipt });
    expect(await mine.locator('.asm-paper-confirm').isDisabled()).toBe(true);
    expect(await mine.locator('.asm-paper-own').innerText()).toContain('另一名工作人员');
    await snap(organiser, 'paper-own-entry');

    const second = await open('street');
    await second.goto(`${server.base}/assemblies/${assemblyId}?scope=${estate.id}&tab=paper`);
    const row = second.locator('#asm-paper-queue tbody tr', { hasText: sub.receipt });
    await row.locator('.asm-paper-confirm').click();
    await expect.poll(async () => (await q<{ status: string; confirmed_by: number }>(`SELECT status, confirmed_by::int AS confirmed_by FROM assembly_submissions WHERE id = $1`, [sub.id]))[0]).toEqual({
      status: 'counted',
      confirmed_by: (await q<{ id: number }>(`SELECT id::int AS id FROM users WHERE username = 'street'`))[0].id,
    });
    await snap(second, 'paper-confirmed');
  });

  it('counts and shows each matter with its tests, the failed ¾ test highlighted, in both languages', async () => {
    // the other owners, nine in ten of them, agree on every matter, except that one in three
    // opposes item (6): more than half agree, fewer than the three quarters item (6) needs
    const matters = await q<{ id: number; item: number }>('SELECT id::int AS id, item FROM assembly_matters WHERE assembly_id = $1 ORDER BY seq', [assemblyId]);
    const others = await q<{ id: number }>(`SELECT v.id::int AS id FROM assembly_voters v WHERE v.assembly_id = $1 AND v.active AND v.voter_no <> 2 ORDER BY v.voter_no`, [assemblyId]);
    await server.env.ctx.db.transaction(async (tx) => {
      const a = await assemblyRow(tx, assemblyId, true);
      for (let i = 0; i < others.length; i++) {
        if (i % 10 === 9) continue;
        const choice = (item: number): Choice => (item === 6 && i % 3 === 0 ? 'oppose' : 'agree');
        await castBallot(tx, a, others[i].id, 'online', matters.map((m) => ({ matterId: m.id, choice: choice(m.item) })), { castByUser: null });
      }
    });
    await tab(organiser, 'turnout');
    expect(await organiser.locator('#asm-turnout').innerText()).toContain('已达 2/3');
    await snap(organiser, 'turnout');

    await q(`UPDATE assemblies SET voting_closes_at = now() - interval '1 minute' WHERE id = $1`, [assemblyId]);
    await step('close', 'closed');
    await step('count', 'counted');
    await step('publish', 'published');
    await tab(organiser, 'results');
    const special = (await q<{ results: { matters: { item: number; passed: boolean; failed: string[] }[] } }>('SELECT results FROM assemblies WHERE id = $1', [assemblyId]))[0].results.matters.find((m) => m.item === 6)!;
    expect(special.passed).toBe(false);
    expect(special.failed).toContain('agree_persons');
    // the failed matter is open, its failed tests highlighted with figures and the article
    const failedRows = organiser.locator('.gz-asm-test-failed');
    await failedRows.first().waitFor();
    expect(await failedRows.first().innerText()).toMatch(/≥ 3\/4/);
    expect(await organiser.locator('#asm-results').innerText()).toContain('民法典 第二百七十八条');
    expect(await organiser.locator('#asm-results-overview .gz-asm-row-failed').count()).toBe(1);
    await snap(organiser, 'results-zh');

    await organiser.locator('button[lang=en]').click();
    await expect.poll(() => organiser.locator('#asm-results').innerText()).toContain('Not met');
    await snap(organiser, 'results-en');
  });
});
