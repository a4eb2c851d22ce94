// Request loop smoke: a resident files, the community accepts, contacts, resolves; the resident rates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../src/test/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('loop', () => {
  it('runs', async () => {
    const resident = await env.login('resident');
    const me = (await resident.get('/api/me/household')).json();
    const unitId = me.homes[0].unitId;
    console.log(JSON.stringify(me).slice(0, 300));
    const cats = (await resident.get(`/api/requests/categories?placeId=${unitId}`)).json();
    const noise = cats.items.find((c: { code: string }) => c.code === 'noise');
    const created = await resident.post('/api/requests', { categoryId: noise.id, placeId: unitId, description: '楼上每晚装修噪音' });
    console.log(created.statusCode, created.body.slice(0, 600));
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    const community = await env.login('community');
    const inbox = (await community.get('/api/requests?view=inbox')).json();
    expect(inbox.items.map((i: { id: number }) => i.id)).toContain(id);
    let r = await community.post(`/api/requests/${id}/actions`, { action: 'accept' });
    console.log(r.statusCode, r.json().actions);
    r = await community.post(`/api/requests/${id}/actions`, { action: 'contact', method: 'phone' });
    expect(r.statusCode).toBe(200);
    r = await community.post(`/api/requests/${id}/actions`, { action: 'resolve', text: '已上门协调，约定施工时间' });
    expect(r.statusCode).toBe(200);
    r = await resident.post(`/api/requests/${id}/actions`, { action: 'rate', rating: 'satisfied' });
    console.log(r.statusCode, r.body.slice(0, 300));
    expect(r.json().state).toBe('closed');
    const admin = await env.login('admin');
    const stats = await admin.get('/api/requests-stats?step=month');
    console.log(stats.statusCode, JSON.stringify(stats.json().total), JSON.stringify(stats.json().now));
  });
});
