// Journey: the request loop (接诉即办, DOMAIN.md §3) across its people. A resident reports noise on
// the phone with a photo; the community (噪音扰民 routes to the community) accepts, records the
// contact and resolves it in the console; the resident rates 满意 and the request closes; the
// community's three-rate figures move by exactly that request; a 组长 files one for a resident and
// the community finds it in its inbox as a grid-channel request.
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESK, PHONE, launch, screenshot } from './browser';

const PASSWORD = 'Gongzhi@2026';
const base = inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];

interface Rates {
  submitted: number;
  rated: number;
  satisfied: number;
}
interface Detail {
  id: number;
  refNo: string;
  state: string;
  channel: string;
  placeId: number;
  owner: { kind: string; placeId: number; name: string };
  photoIds: number[];
  rating: string | null;
  requesterName: string | null;
  requesterPhone: string | null;
  actions: string[];
}

// what the journey hands from one step to the next
let communityId = 0;
let before: Rates;
let filed: { id: number; refNo: string };

beforeAll(async () => {
  browser = await launch();
  const { page } = await open('community', DESK);
  communityId = (await me(page)).grants[0].placeId;
  before = await stats(page);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

/** A fresh browser context (its own cookies) for one user, logged in through the form. */
async function open(username: string, viewport: typeof DESK): Promise<{ context: BrowserContext; page: Page }> {
  const phone = viewport === PHONE;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  return { context, page };
}

async function me(page: Page): Promise<{ grants: { placeId: number; placeName: string }[] }> {
  const res = await page.request.get(base + '/api/me');
  expect(res.status()).toBe(200);
  return res.json();
}

/** The community's figures for this year (the worker's own session). */
async function stats(page: Page): Promise<Rates> {
  const res = await page.request.get(`${base}/api/requests-stats?placeId=${communityId}&step=month`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: Rates }).total;
}

async function detail(page: Page, id: number): Promise<Detail> {
  const res = await page.request.get(`${base}/api/requests/${id}`);
  expect(res.status()).toBe(200);
  return res.json();
}

/** The viewport as the user sees it, and the whole page beside it (to review long phone pages). */
async function snap(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.screenshot({ path: path.resolve('e2e/screenshots', `${name}-full.png`), fullPage: true });
}

/** A small real PNG (a 32×32 red square with a white stripe), built here rather than read from disk. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const size = 32;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      const white = y >= 14 && y < 18;
      raw.set(white ? [255, 255, 255] : [200, 30, 40], row + 1 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('the request loop, resident → community → resident', () => {
  it('a) a resident reports noise on the phone with a photo and finds it in 我的诉求', async () => {
    const { page } = await open('resident', PHONE);
    await page.locator('nav a', { hasText: '我要反映' }).click();
    await page.waitForURL(/\/m\/report$/);
    // the resident's home is the default place; the building and the estate's shared areas are offered
    const places = page.locator('[role=radiogroup] [role=radio][data-kind]');
    await expect.poll(async () => places.count(), { timeout: 20_000 }).toBe(3);
    expect(await page.locator('[role=radio][data-kind=home]').getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => page.locator('[data-code=noise]').count(), { timeout: 20_000 }).toBe(1);
    await snap(page, 'm-report-empty');

    // submitting empty says what is missing and sends nothing
    await page.locator('#report-submit').click();
    await expect.poll(async () => page.locator('.ant-form-item-explain-error').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['请选择问题类别', '请描述问题']));

    await page.locator('[data-code=noise]').click();
    await page.locator('#report-description').fill('楼上每晚十点后装修，电钻声很大，已经持续一周。');
    await page.locator('#report-location').fill('1单元 2 楼');
    await page.locator('[data-testid=photo-album]').setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(async () => page.locator('.gz-mr-thumb.done').count(), { timeout: 20_000 }).toBe(1);
    await snap(page, 'm-report-filled');

    await page.locator('#report-submit').click();
    await page.waitForURL(/\/m\/requests\/\d+$/, { timeout: 30_000 });
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const refNo = (await page.locator('#m-ref-no').innerText()).trim();
    expect(refNo).toMatch(/^GZ\d{8}$/);
    expect(await page.locator('#m-created').innerText()).toContain(refNo);
    expect(await page.locator('#m-state').innerText()).toBe('待受理');
    // the photo is shown from the server
    await expect.poll(async () => page.locator('.gz-mr-gallery img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)), { timeout: 20_000 }).toEqual([32]);
    await snap(page, 'm-request-submitted');

    // the server filed it at the home, routed to the community (噪音扰民 → 社区), with the photo
    const d = await detail(page, id);
    expect(d.refNo).toBe(refNo);
    expect(d.channel).toBe('resident');
    expect(d.owner).toMatchObject({ kind: 'community', placeId: communityId });
    expect(d.photoIds).toHaveLength(1);
    filed = { id, refNo };

    await page.locator('nav a', { hasText: '我的诉求' }).click();
    await page.waitForURL(/\/m\/requests$/);
    const card = page.locator(`[data-ref-no="${refNo}"]`);
    await expect.poll(async () => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await card.innerText()).toContain('待受理');
    expect(await card.innerText()).toContain('噪音扰民');
    await snap(page, 'm-requests-list');
  });

  it('b) the community worker accepts, records the contact and resolves it in the console', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('community', DESK);
    await page.goto(base + '/requests');
    const search = page.locator('input#requests-search');
    await search.fill(filed.refNo);
    await search.press('Enter');
    const row = page.locator(`#requests-table tr[data-row-key="${filed.id}"]`);
    // the demo history fills the inbox: wait until the search has narrowed it to this one request
    const rows = page.locator('#requests-table tbody tr.ant-table-row');
    await expect.poll(async () => rows.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.count()).toBe(1);
    await row.click();
    await page.waitForURL(new RegExp(`/requests/${filed.id}(\\?.*)?$`));

    const act = async (action: string, fill?: () => Promise<void>) => {
      await page.locator(`#action-${action}`).click();
      const modal = page.locator('.ant-modal').filter({ has: page.locator('#action-submit') });
      await expect.poll(async () => modal.isVisible(), { timeout: 10_000 }).toBe(true);
      if (fill) await fill();
      await modal.locator('#action-submit').click();
      await expect.poll(async () => page.locator('#action-submit').count(), { timeout: 20_000 }).toBe(0);
    };
    await act('accept');
    await expect.poll(async () => (await detail(page, filed.id)).state, { timeout: 20_000 }).toBe('accepted');
    await act('contact', async () => {
      await page.locator('#action-method input[value="phone"]').check();
    });
    await expect.poll(async () => page.locator('#action-contact').count(), { timeout: 20_000 }).toBe(0);
    await act('resolve', async () => {
      await page.locator('#action-text').fill('已上门协调，施工方承诺晚上八点后停止作业。');
    });
    await expect.poll(async () => (await detail(page, filed.id)).state, { timeout: 20_000 }).toBe('resolved');
    await screenshot(page, 'requests-console-resolved');
  });

  it('c) the resident rates 满意 on the phone and the request closes', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('resident', PHONE);
    await page.goto(base + '/m/requests');
    const card = page.locator(`[data-ref-no="${filed.refNo}"]`);
    await expect.poll(async () => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await card.innerText()).toContain('待评价');
    // the notifications of acceptance and resolution mark the card as news
    await expect.poll(async () => card.locator('.gz-mr-dot').count(), { timeout: 20_000 }).toBe(1);
    await snap(page, 'm-requests-news');
    await card.click();
    await page.waitForURL(new RegExp(`/m/requests/${filed.id}$`));
    await expect.poll(async () => page.locator('#m-rate').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('.gz-mr-resolution').innerText()).toContain('已上门协调');
    await snap(page, 'm-request-to-rate');

    // 不满意 needs at least one reason: without one nothing is sent
    await page.locator('#rate-unsatisfied').click();
    await page.locator('#rate-submit').click();
    await expect.poll(async () => page.locator('#m-rate [role=alert]').innerText(), { timeout: 10_000 }).toBe('请至少选择一个不满意的原因');
    await snap(page, 'm-request-unsatisfied-reasons');
    expect((await detail(page, filed.id)).state).toBe('resolved');

    await page.locator('#rate-satisfied').click();
    await page.locator('#rate-submit').click();
    await expect.poll(async () => page.locator('#m-state').innerText(), { timeout: 20_000 }).toBe('已结案');
    expect(await page.locator('#m-rating').innerText()).toContain('满意');
    expect(await page.locator('#m-rate').count()).toBe(0);
    const d = await detail(page, filed.id);
    expect(d.state).toBe('closed');
    expect(d.rating).toBe('satisfied');
    await snap(page, 'm-request-closed');

    // opening it read the news
    await page.goto(base + '/m/requests');
    await expect.poll(async () => page.locator(`[data-ref-no="${filed.refNo}"]`).innerText(), { timeout: 20_000 }).toContain('已结案');
    expect(await page.locator(`[data-ref-no="${filed.refNo}"] .gz-mr-dot`).count()).toBe(0);
  });

  it('d) the community dashboard counts the request: submitted +1, rated +1, satisfied +1', async () => {
    expect(filed).toBeDefined();
    const { page } = await open('community', DESK);
    const after = await stats(page);
    expect(after.submitted - before.submitted).toBe(1);
    expect(after.rated - before.rated).toBe(1);
    expect(after.satisfied - before.satisfied).toBe(1);
    await page.goto(base + '/requests/dashboard');
    await expect.poll(async () => page.locator('#gz-main').innerText(), { timeout: 20_000 }).toContain('满意率');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'requests-dashboard');
  });
});

describe('a 组长 files for a resident', () => {
  it('e) reports on a resident’s behalf from /m/report; the community inbox shows it as a grid request', async () => {
    const { page } = await open('zuzhang', PHONE);
    await page.locator('nav a', { hasText: '我要反映' }).click();
    await page.waitForURL(/\/m\/report$/);
    await expect.poll(async () => page.locator('.gz-mr-report .ant-alert').innerText(), { timeout: 20_000 }).toContain('代居民反映');
    await snap(page, 'm-report-proxy-empty');

    // the place: open the volunteer's building, its entrance, then a unit
    await page.locator('#report-place').click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.locator('button.gz-m-row', { hasText: '1单元' }).click();
    const unit = drawer.getByRole('button', { name: '102', exact: true });
    await unit.waitFor({ timeout: 20_000 });
    await snap(page, 'm-report-proxy-place');
    await unit.click();
    await expect.poll(async () => page.locator('#report-place').innerText(), { timeout: 10_000 }).toContain('102');

    await page.locator('[data-code=neighbour_dispute]').click();
    await page.locator('#report-description').fill('102 室与楼上因漏水产生纠纷，老人不会用手机，由组长代为反映。');
    await page.locator('#report-name').fill('王桂兰');
    await page.locator('#report-phone').fill('13800001234');
    await snap(page, 'm-report-proxy-filled');
    await page.locator('#report-submit').click();
    await page.waitForURL(/\/m\/requests\/\d+$/, { timeout: 30_000 });
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await snap(page, 'm-request-proxy-submitted');
    const d = await detail(page, id);
    expect(d.channel).toBe('grid');
    expect(d.requesterName).toBe('王桂兰');
    expect(d.requesterPhone).toBe('13800001234');
    expect(d.owner).toMatchObject({ kind: 'community', placeId: communityId });

    // 我的诉求 of a volunteer lists what they filed for others
    await page.locator('nav a', { hasText: '我的诉求' }).click();
    await page.waitForURL(/\/m\/requests$/);
    await expect.poll(async () => page.locator(`a.gz-mr-card[data-request-id="${id}"]`).innerText(), { timeout: 20_000 }).toContain('王桂兰');
    await snap(page, 'm-requests-entered');

    const worker = await open('community', DESK);
    await worker.page.goto(`${base}/requests?view=inbox&channel=grid`);
    const row = worker.page.locator(`#requests-table tr[data-row-key="${id}"]`);
    await expect.poll(async () => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.innerText()).toContain('王桂兰');
    const inbox = await worker.page.request.get(`${base}/api/requests?view=inbox&channel=grid`);
    expect(((await inbox.json()) as { items: { id: number }[] }).items.map((r) => r.id)).toContain(id);
    await screenshot(worker.page, 'requests-inbox-grid');
  });
});

describe('in English', () => {
  it('f) the resident’s pages speak English when English is chosen', async () => {
    expect(filed).toBeDefined();
    const { context, page } = await open('resident', PHONE);
    await context.addInitScript(() => localStorage.setItem('gongzhi.lang', 'en'));
    await page.goto(base + '/m/report');
    await expect.poll(async () => page.locator('.gz-mr-report').innerText(), { timeout: 20_000 }).toContain('What is the problem');
    expect(await page.locator('[data-code=noise]').innerText()).toContain('Noise');
    await snap(page, 'm-report-en');
    await page.goto(`${base}/m/requests/${filed.id}`);
    await expect.poll(async () => page.locator('#m-state').innerText(), { timeout: 20_000 }).toBe('Closed');
    expect(await page.locator('.gz-mr-detail').innerText()).toContain('My rating');
    await snap(page, 'm-request-en');
  });
});

describe('the estate’s shared areas', () => {
  it('g) a resident reports about the estate (not their flat); it is filed at the estate', async () => {
    const { page } = await open('resident', PHONE);
    await page.goto(base + '/m/report');
    const estate = page.locator('[role=radio][data-kind=estate]');
    await estate.waitFor({ timeout: 20_000 });
    await estate.click();
    await expect.poll(async () => estate.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('true');
    await page.locator('[data-code=parking]').click();
    await page.locator('#report-description').fill('小区东门通道常被车辆堵住，老人出行不便。');
    await page.locator('#report-submit').click();
    await page.waitForURL(/\/m\/requests\/\d+$/, { timeout: 30_000 });
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const d = await detail(page, id);
    // the estate is the fourth level of the home's path (district, street, community, estate, …)
    const me = (await (await page.request.get(base + '/api/me')).json()) as { grants: { role: string; path: string }[] };
    const estateId = Number(me.grants.find((g) => g.role === 'resident')!.path.split('/').filter(Boolean)[3]);
    expect(d.placeId).toBe(estateId);
    expect(d.owner).toMatchObject({ kind: 'community', placeId: communityId });
  });
});
