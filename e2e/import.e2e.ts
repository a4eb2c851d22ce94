// Journey: a community worker imports estates, buildings and units from an XLSX with one bad row,
// sees the row-level report, learns that nothing was imported, then imports the good rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESK, launch, screenshot } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let page: Page;
let file: string;
const ESTATE = '枫林新苑（导入测试）';

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: DESK, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

async function makeWorkbook(community: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(['街道', '社区', '小区', '楼栋', '单元', '房号', '楼层', '登记面积', '测绘面积', '合同面积', '物业公司']);
  ws.addRow(['', community, ESTATE, '1号楼', '1单元', '101', 1, 89.55, '', '', '']);
  ws.addRow(['', community, ESTATE, '1号楼', '1单元', '102', 1, -3, '', '', '']); // row 3: a negative area
  ws.addRow(['', community, ESTATE, '1号楼', '1单元', '201', 2, '', 90.1, '', '']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-import-'));
  const f = path.join(dir, '小区导入.xlsx');
  await wb.xlsx.writeFile(f);
  return f;
}

async function estateCount(): Promise<number> {
  const res = await page.request.get(`${base}/api/places/search?q=${encodeURIComponent('枫林新苑')}&kind=estate`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe('import estates from XLSX with one bad row', () => {
  it('shows the row-level report, imports nothing, then imports the good rows when asked', async () => {
    await page.goto(base + '/login');
    await page.locator('input#username').fill('community');
    await page.locator('input#password').fill('Gongzhi@2026');
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const me = (await (await page.request.get(base + '/api/me')).json()) as { grants: { placeId: number; placeName: string }[] };
    const community = me.grants[0];
    file = await makeWorkbook(community.placeName);

    await page.goto(`${base}/places?place=${community.placeId}`);
    await page.getByRole('button', { name: /批量导入/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByRole('button', { name: '检查文件' }).click();

    const rows = dialog.locator('.ant-table-tbody tr');
    await expect.poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 20_000 }).toContain('登记面积');
    const report = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(report).toHaveLength(1);
    expect(report[0]).toMatch(/^3 登记面积 -3 面积须为大于 0 的数字/);
    await screenshot(page, 'import-report');
    expect(await estateCount()).toBe(0);

    // importing without skipping refuses the whole file
    const importButton = dialog.locator('.ant-modal-footer .ant-btn-primary');
    expect((await importButton.innerText()).replace(/\s/g, '')).toBe('导入');
    await importButton.click();
    await expect.poll(async () => await dialog.innerText(), { timeout: 20_000 }).toContain('未导入任何数据');
    expect(await estateCount()).toBe(0);

    // skipping the bad row imports the other two units
    await screenshot(page, 'import-rejected');
    await dialog.locator('.ant-checkbox-wrapper').click();
    await expect.poll(async () => await dialog.getByRole('checkbox').isChecked(), { timeout: 10_000 }).toBe(true);
    await importButton.click();
    await expect.poll(estateCount, { timeout: 20_000 }).toBe(1);
    const estate = ((await (await page.request.get(`${base}/api/places/search?q=${encodeURIComponent('枫林新苑')}&kind=estate`)).json()) as { items: { id: number }[] }).items[0];
    const view = (await (await page.request.get(`${base}/api/places/${estate.id}`)).json()) as { counts: { byKind: Record<string, number> } };
    expect(view.counts.byKind).toMatchObject({ estate: 1, building: 1, entrance: 1, unit: 2 });
    await screenshot(page, 'import-done');
  });
});
