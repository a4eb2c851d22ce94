// Journey: each demo role logs in through the login page and sees its own menu, frame and scope.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESK, PHONE, launch, screenshot } from './browser';

const PASSWORD = 'Gongzhi@2026';
let browser: Browser;
const base = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

interface Me {
  frame: 'console' | 'mobile';
  grants: { placeName: string }[];
}

async function loginThroughForm(page: Page, username: string): Promise<void> {
  await page.goto(base + '/login');
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

async function me(page: Page): Promise<Me> {
  const res = await page.request.get(base + '/api/me');
  expect(res.status()).toBe(200);
  return (await res.json()) as Me;
}

// what each role's console menu must hold, from the core manifests, the request module's manifest
// (src/modules/requests/index.ts: 诉求办理 requests.console, 三率看板 requests.dashboard, 诉求设置
// requests.configure, 开放接口密钥 open311.manage; 我要反映 and 我的诉求 requests.mine on the phone), the
// assemblies module's (src/modules/assemblies/index.ts: 业主大会 / 业委会 / 联名提议 assemblies.view, 业主大会设置
// assemblies.configure; 业主表决 and 联名提议 assemblies.mine on the phone), the party module's
// (src/modules/party/index.ts: 党组织 … 组织生活日历 party.view, 应建尽建 party.coverage, 双报到 dual.manage, 党建设置
// party.configure, 三长网格 grid.view, 三长积分 grid.points; 网格走访 grid.visit on the phone)
// and the role table, in menu order
const CONSOLE: Record<string, string[]> = {
  admin: ['概览', '地点管理', '居民与房屋', '诉求办理', '三率看板', '诉求设置', '开放接口密钥', '业主大会', '业委会', '联名提议', '业主大会设置', '党组织', '党员', '三会一课', '组织生活日历', '应建尽建', '双报到', '党建设置', '三长网格', '三长积分', '用户与角色', '单位', '审计日志'],
  street: ['概览', '地点管理', '居民与房屋', '诉求办理', '三率看板', '诉求设置', '开放接口密钥', '业主大会', '业委会', '联名提议', '业主大会设置', '党组织', '党员', '三会一课', '组织生活日历', '应建尽建', '双报到', '党建设置', '三长网格', '三长积分', '用户与角色', '单位', '审计日志'],
  community: ['概览', '地点管理', '居民与房屋', '诉求办理', '三率看板', '业主大会', '业委会', '联名提议', '业主大会设置', '党组织', '党员', '三会一课', '组织生活日历', '应建尽建', '双报到', '三长网格', '三长积分', '用户与角色', '单位'],
  yeweihui: ['概览', '地点管理', '业主大会', '业委会', '联名提议'],
  shuji: ['概览', '地点管理', '党组织', '党员', '三会一课', '组织生活日历'],
  pianzhang: ['概览', '地点管理', '居民与房屋', '诉求办理', '三长网格', '三长积分'],
  property: ['概览', '地点管理', '居民与房屋', '诉求办理', '单位'],
  dept: ['概览', '地点管理', '诉求办理', '单位'],
};
const MOBILE: Record<string, string[]> = {
  resident: ['首页', '我要反映', '我的诉求', '业主表决', '联名提议', '我的'],
  linzhang: ['首页', '网格走访', '我要反映', '我的诉求', '我的住户', '我的'],
  zuzhang: ['首页', '网格走访', '我要反映', '我的诉求', '我的住户', '我的'],
};

describe('each demo role sees its menu and scope', () => {
  for (const [username, expected] of Object.entries(CONSOLE)) {
    it(`${username}: console with ${expected.length} menu entries`, async () => {
      const page = await browser.newPage({ viewport: DESK, locale: 'zh-CN' });
      await loginThroughForm(page, username);
      const info = await me(page);
      expect(info.frame).toBe('console');
      const menu = page.locator('.ant-layout-sider [role=menuitem]');
      await expect.poll(async () => (await menu.allInnerTexts()).map((s) => s.trim()).filter(Boolean), { timeout: 20_000 }).toEqual(expected);
      // the scope switcher starts at the root of the user's own subtree (for property staff: an
      // estate their company serves, not the district their grant hangs on)
      const roots = (await (await page.request.get(base + '/api/places/roots')).json()) as { items: { name: string }[] };
      expect(roots.items.length).toBeGreaterThan(0);
      if (username !== 'property') expect(roots.items[0].name).toBe(info.grants[0].placeName);
      await expect.poll(async () => await page.locator('header').innerText(), { timeout: 20_000 }).toContain(roots.items[0].name);
      await screenshot(page, `role-${username}`);
      await page.close();
    });
  }

  for (const [username, expected] of Object.entries(MOBILE)) {
    it(`${username}: phone layout with tabs ${expected.join(' / ')}`, async () => {
      const page = await browser.newPage({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
      await loginThroughForm(page, username);
      const info = await me(page);
      expect(info.frame).toBe('mobile');
      const tabs = page.locator('nav[aria-label] a, nav a');
      await expect.poll(async () => (await tabs.allInnerTexts()).map((s) => s.trim()).filter(Boolean), { timeout: 20_000 }).toEqual(expected);
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      await screenshot(page, `role-${username}`);
      await page.close();
    });
  }

  it('a resident who opens a console address is kept to what they may see', async () => {
    const page = await browser.newPage({ viewport: PHONE, locale: 'zh-CN' });
    await loginThroughForm(page, 'resident');
    const res = await page.request.get(base + '/api/audit');
    expect(res.status()).toBe(403);
    const users = await page.request.get(base + '/api/users');
    expect(users.status()).toBe(403);
    await page.close();
  });

  it('a wrong password shows the bilingual error on the form and stays on the login page', async () => {
    const page = await browser.newPage({ viewport: DESK, locale: 'zh-CN' });
    await page.goto(base + '/login');
    await page.locator('input#username').fill('street');
    await page.locator('input#password').fill('wrong-password');
    await page.locator('button[type=submit]').click();
    await expect.poll(async () => await page.locator('[role=alert]').innerText(), { timeout: 10_000 }).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });
});
