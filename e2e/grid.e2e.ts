// Journey: the 三长 grid (三长制, DOMAIN.md §7). The demo 邻长 opens 网格走访 on the phone, finds the
// household of unit 101 (the demo resident's, in the 邻 the seed gives linzhang), logs a visit and
// reports a leaking roof on the resident's behalf; the visit and its request are linked both ways;
// the community worker finds the request in the console (with the visit it came from) and the
// resident finds it in their own list on the phone; the 邻长's points grow by the visit and the
// report. Then the console's grid and points pages are looked at in both languages.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESK, PHONE, launch, screenshot } from './browser';

const PASSWORD = 'Gongzhi@2026';
const base = inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];

// what the journey hands from one step to the next
let resident: { personId: number; name: string };
let filed: { visitId: number; requestId: number; refNo: string; householdId: number };
let pointsBefore = 0;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

/** A fresh browser context (its own cookies) for one user, logged in through the form. */
async function open(username: string, viewport: typeof DESK, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
  const phone = viewport === PHONE;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone });
  contexts.push(context);
  await context.addInitScript((l) => localStorage.setItem('gongzhi.lang', l), lang);
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  return { context, page };
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(base + url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** Wait until no table or card is still loading (a screenshot of a spinner shows nothing). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(async () => page.locator('.ant-spin-spinning, .ant-skeleton').count(), { timeout: 20_000 }).toBe(0);
}

/** The viewport as the user sees it, and the whole page beside it (to review long phone pages). */
async function snap(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.screenshot({ path: path.resolve('e2e/screenshots', `${name}-full.png`), fullPage: true });
}

describe('a 邻长 visits a household and reports for the resident', () => {
  it('a) the resident of unit 101 is who the visit will be about', async () => {
    const { page } = await open('resident', PHONE);
    const me = await getJson<{ user: { personId: number | null; displayName: string } }>(page, '/api/me');
    const home = await getJson<{ person: { id: number; name: string } | null }>(page, '/api/me/household');
    expect(me.user.personId).not.toBeNull();
    expect(home.person?.id).toBe(me.user.personId);
    resident = { personId: home.person!.id, name: home.person!.name };
  });

  it('b) 网格走访 lists the 邻长’s households; 101 is found by its number', async () => {
    const { page } = await open('linzhang', PHONE);
    pointsBefore = (await getJson<{ total: number }>(page, '/api/grid/points/mine')).total;
    await page.locator('nav a', { hasText: '网格走访' }).click();
    await page.waitForURL(/\/m\/grid$/);
    await expect.poll(async () => page.locator('#mg-cells').innerText(), { timeout: 20_000 }).toContain('邻长');
    const rows = page.locator('#mg-households a.gz-mg-household');
    await expect.poll(async () => rows.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    // the list is exactly the server's list of my households
    const mine = await getJson<{ households: { householdId: number; address: string }[] }>(page, '/api/grid/mine');
    expect(await rows.count()).toBe(mine.households.length);
    await snap(page, 'm-grid');

    await page.locator('#mg-search').fill('101');
    await expect.poll(async () => rows.count(), { timeout: 10_000 }).toBe(mine.households.filter((h) => h.address.includes('101')).length);
    const row = rows.filter({ hasText: '101' }).first();
    const householdId = Number(await row.getAttribute('data-household-id'));
    await row.click();
    await page.waitForURL(new RegExp(`/m/grid/households/${householdId}$`));
    await expect.poll(async () => page.locator('#mg-household').innerText(), { timeout: 20_000 }).toContain(resident.name);
    // phones are masked on the 邻长's phone; ID numbers are not there at all
    const card = await page.locator('#mg-household').innerText();
    expect(card).toMatch(/\d{3}\*{4}\d{4}/);
    expect(card).not.toMatch(/\d{11}/);
    await snap(page, 'm-grid-household');

    // the visit with a concern: a leaking roof (屋面渗漏), for the resident of 101
    await page.locator('#mg-notes').fill('上门走访，老人身体尚好；反映顶楼屋面渗漏，下雨天卧室天花板滴水。');
    await page.locator('#mg-concern').click();
    await expect.poll(async () => page.locator('[data-code=roof_leak]').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('[data-code=roof_leak]').click();
    await page.locator('#mg-description').fill('顶楼屋面防水层老化，连续下雨后 101 室卧室天花板滴水，墙皮脱落。');
    await page.locator('#mg-person').getByText(resident.name, { exact: true }).click();
    await snap(page, 'm-grid-visit-filled');
    await page.locator('#mg-save').click();
    await expect.poll(async () => page.locator('#mg-visit-saved').count(), { timeout: 30_000 }).toBe(1);
    const saved = await page.locator('#mg-visit-saved').innerText();
    expect(saved).toContain('走访已记录，并已代为反映');
    const link = page.locator('#mg-visit-request');
    const requestId = Number((await link.getAttribute('href'))!.split('/').pop());
    await snap(page, 'm-grid-visit-saved');

    // linked both ways: the visit names the request, the request finds the visit
    const visits = await getJson<{ items: { id: number; requestId: number | null; requestRefNo: string | null; householdId: number }[] }>(page, `/api/grid/visits?requestId=${requestId}`);
    expect(visits.items).toHaveLength(1);
    expect(visits.items[0]).toMatchObject({ requestId, householdId });
    filed = { visitId: visits.items[0].id, requestId, refNo: visits.items[0].requestRefNo!, householdId };
    const req = await getJson<{ channel: string; requesterName: string | null; categoryCode?: string }>(page, `/api/requests/${requestId}`);
    expect(req.channel).toBe('grid');
    expect(req.requesterName).toBe(resident.name);
    expect(saved).toContain(filed.refNo);

    // the visit is in the household's history, marked as reported
    await page.reload();
    await expect.poll(async () => page.locator(`#mg-visits [data-visit-id="${filed.visitId}"]`).innerText(), { timeout: 20_000 }).toContain(filed.refNo);

    // and the request page opens from the saved visit
    await page.goto(`${base}/m/requests/${requestId}`);
    await expect.poll(async () => page.locator('#m-ref-no').innerText(), { timeout: 20_000 }).toContain(filed.refNo);
    await snap(page, 'm-grid-request');
  });

  it('c) the visit and the report count towards the 邻长’s points', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('linzhang', PHONE);
    const after = await getJson<{ total: number; entries: { kind: string; refId: number | null }[] }>(page, '/api/grid/points/mine');
    const earned = after.entries.filter((e) => (e.kind === 'visit' || e.kind === 'report') && e.refId !== null);
    expect(after.total).toBeGreaterThan(pointsBefore);
    expect(earned.length).toBeGreaterThanOrEqual(2);
    await page.goto(base + '/m/grid/points');
    await expect.poll(async () => page.locator('#mg-points-total').innerText(), { timeout: 20_000 }).toContain(String(after.total));
    await snap(page, 'm-grid-points');
  });

  it('d) the community worker finds the request in the console, with the visit it came from', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('community', DESK);
    // 屋面渗漏 goes to the estate's property company (the catalogue's route), so the community finds
    // it in 辖区诉求 (its area), where it follows every request of the community
    await page.goto(base + '/requests?view=scope');
    const search = page.locator('input#requests-search');
    await search.fill(filed.refNo);
    await search.press('Enter');
    const row = page.locator(`#requests-table tr[data-row-key="${filed.requestId}"]`);
    await expect.poll(async () => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.innerText()).toContain(resident.name);
    await screenshot(page, 'grid-request-inbox');
    await row.click();
    await page.waitForURL(new RegExp(`/requests/${filed.requestId}(\\?.*)?$`));
    await expect.poll(async () => page.locator('#request-visit-origin').innerText(), { timeout: 20_000 }).toContain('来自走访');
    await screenshot(page, 'grid-request-detail');
  });

  it('e) the resident sees it in their own list on the phone', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('resident', PHONE);
    await page.goto(base + '/m/requests');
    const card = page.locator(`a.gz-mr-card[data-request-id="${filed.requestId}"]`);
    await expect.poll(async () => card.count(), { timeout: 20_000 }).toBe(1);
    await snap(page, 'm-grid-resident-requests');
  });
});

describe('the console pages of the grid', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`f) 三长网格 and 三长积分 (${lang})`, async () => {
      const { page } = await open('community', DESK, lang);
      await page.goto(base + '/grid');
      await expect.poll(async () => page.locator('#grid-coverage tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const nodes = page.locator('.gz-grid-tree .gz-grid-node');
      await expect.poll(async () => nodes.count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await settled(page);
      // open the first 片, then choose its first 组
      await page.locator('.gz-grid-tree .ant-tree-switcher').first().click();
      const zu = page.locator('.gz-grid-tree .gz-grid-node[data-level=zu]').first();
      await zu.waitFor({ timeout: 20_000 });
      // a click during the tree's opening animation can miss the node: click until the cell shows
      await expect
        .poll(
          async () => {
            if ((await page.locator('#grid-cell').count()) === 0) await zu.click({ timeout: 5_000 }).catch(() => undefined);
            return page.locator('#grid-cell').count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(1);
      expect(await page.locator('#grid-cell').getAttribute('data-cell-id')).toBe(await zu.getAttribute('data-cell-id'));
      expect(new URL(page.url()).searchParams.get('cell')).toBe(await page.locator('#grid-cell').getAttribute('data-cell-id'));
      await settled(page);
      await screenshot(page, `grid-console-${lang}`);

      await page.goto(base + '/grid/points');
      await expect.poll(async () => page.locator('#grid-ranking tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await settled(page);
      await screenshot(page, `grid-points-${lang}`);
      await page.getByRole('tab', { name: lang === 'en' ? 'Officials as leaders' : '机关干部任三长' }).click();
      await settled(page);
      // every official's fee status is the honest "no data yet", never a figure
      const cadres = await getJson<{ items: { name: string; feeStatus: string }[] }>(page, '/api/grid/cadres');
      expect(cadres.items.length).toBeGreaterThan(0);
      const cadreRows = page.locator('#grid-cadres tbody tr.ant-table-row');
      await expect.poll(async () => cadreRows.count(), { timeout: 20_000 }).toBe(cadres.items.length);
      for (const text of await cadreRows.allInnerTexts()) expect(text).toContain(lang === 'en' ? 'No property fee data yet' : '暂无物业费数据');
      await screenshot(page, `grid-cadres-${lang}`);
    });
  }
});
