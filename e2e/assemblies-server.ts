// The server the owners' assembly journeys (assemblies.e2e.ts, assemblies-console.e2e.ts) run on.
// The shared e2e server (global-setup.ts) is a child process on its own embedded database, which
// these journeys could not read (the one-time codes) nor back-date (the notice period is 15 days):
// so each runs its own server, the same app on a fresh demo district (src/test/harness.ts),
// listening on a free port, with the database at hand, and its own browser.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestEnv, type TestEnv } from '../src/test/harness';
import { DESK, PHONE, launch, screenshot } from './browser';

export const PASSWORD = 'Gongzhi@2026';

export type LifecycleStep = 'announce' | 'open' | 'close' | 'count' | 'publish';

export interface AssemblyServer {
  /** The test environment (app, database, context); set once the server listens. */
  readonly env: TestEnv;
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  readonly base: string;
  /** A query on the server's database. */
  q<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A fresh browser context (its own cookies) for one user, logged in through the form. */
  open(username: string, viewport?: typeof DESK): Promise<Page>;
  /** The viewport as the user sees it, and the whole page beside it (to review long phone pages). */
  snap(page: Page, name: string): Promise<void>;
  /** Run a lifecycle step from the console's step bar (button, then its confirmation) and wait for the state. */
  step(organiser: Page, assemblyId: number, name: LifecycleStep, expectState: string): Promise<void>;
}

/** Start the server and the browser before the file's tests and stop them after; screenshots are named `<prefix><name>`. */
export function useAssemblyServer(prefix: string): AssemblyServer {
  let env: TestEnv | undefined;
  let base = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await env?.close();
  });

  const server: AssemblyServer = {
    get env() {
      if (!env) throw new Error('the assembly server is not started yet');
      return env;
    },
    get base() {
      return base;
    },
    q: <T = Record<string, unknown>>(text: string, params: unknown[] = []) => server.env.database.query<T>(text, params),
    async open(username, viewport = DESK) {
      const phone = viewport === PHONE;
      const context = await browser!.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: phone, hasTouch: phone });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(base + '/login');
      await page.locator('input#username').fill(username);
      await page.locator('input#password').fill(PASSWORD);
      await page.locator('button[type=submit]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
      return page;
    },
    async snap(page, name) {
      await page.waitForTimeout(300);
      await screenshot(page, `${prefix}${name}`);
      await page.screenshot({ path: path.resolve('e2e/screenshots', `${prefix}${name}-full.png`), fullPage: true });
    },
    async step(organiser, assemblyId, name, expectState) {
      await organiser.reload();
      const button = organiser.locator(`#asm-step-${name}`);
      await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
      await button.click();
      await organiser.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await expect.poll(async () => (await server.q<{ state: string }>('SELECT state FROM assemblies WHERE id = $1', [assemblyId]))[0].state, { timeout: 15_000 }).toBe(expectState);
      await organiser.locator(`[data-assembly-id="${assemblyId}"][data-state=${expectState}]`).waitFor();
    },
  };
  return server;
}

/**
 * Choose the option of an antd Select by its text and wait for `chosen` (what the choice shows). Under
 * load a click can land while the dropdown is still opening and not take: then the Select is opened
 * and the option clicked again, at most three times.
 */
export async function pickOption(page: Page, select: string, text: string, chosen: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.locator(select).click();
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    try {
      await page.locator(chosen).waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** A Beijing date `days` from now, as the console's date picker takes it. */
export function beijingDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
