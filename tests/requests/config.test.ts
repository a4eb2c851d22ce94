// The request loop's configuration through HTTP (DOMAIN.md §3: routing by category, local
// deadlines and weights): the catalogue (district admins change it; street admins may not), a
// street's own rule for a category (routing, deadline class, activity — and new requests follow
// it), and the settings of a district or a street with their version guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../src/test/harness';
import { auditHeadSeq, auditSince, grantPlaceOf, pathOf, placeUnder, userIdOf } from '../helpers';
import { categoryId, fileAsResident, fileOnBehalf, loginAll, requestRow, residentUnit, type DemoUser } from './support';

const HOUR = 3_600_000;
let env: TestEnv;
let c: Record<DemoUser, Client>;
let street: number;
let farStreet: number;
let district: number;
let community: number;
let company: number;
let deptOrg: number;

interface Category {
  id: number;
  code: string;
  nameZh: string;
  routeTo: string;
  departmentOrgId: number | null;
  deadlineClass: string;
  active: boolean;
  streetRule: boolean;
}

const noRule = { routeTo: null, departmentOrgId: null, deadlineClass: null, active: null };

beforeAll(async () => {
  env = await createTestEnv();
  c = await loginAll(env);
  street = await grantPlaceOf(env, 'street');
  district = await placeId(env, 'district');
  community = await grantPlaceOf(env, 'community');
  farStreet = Number((await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'street' AND id <> $1 ORDER BY id LIMIT 1`, [street]))[0].id);
  company = Number((await env.database.query<{ org_id: number }>(`SELECT org_id FROM role_assignments WHERE user_id = $1`, [await userIdOf(env, 'property')]))[0].org_id);
  deptOrg = Number((await env.database.query<{ org_id: number }>(`SELECT org_id FROM role_assignments WHERE user_id = $1`, [await userIdOf(env, 'dept')]))[0].org_id);
});
afterAll(async () => env?.close());

describe('GET /api/request-categories', () => {
  it('needs a session and requests.configure, inside one’s area', async () => {
    expectError(await env.anon.get('/api/request-categories'), 401, 'UNAUTHENTICATED');
    for (const who of ['community', 'resident', 'property', 'dept', 'pianzhang'] as const) expectError(await c[who].get('/api/request-categories'), 403, 'FORBIDDEN');
    expectError(await c.street.get(`/api/request-categories?streetId=${farStreet}`), 403, 'NOT_IN_SCOPE');
  });

  it('refuses a bad street', async () => {
    expectError(await c.admin.get('/api/request-categories?streetId=abc'), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.get(`/api/request-categories?streetId=${community}`), 400, 'REQUEST_SETTINGS_PLACE');
    expectError(await c.admin.get('/api/request-categories?streetId=987654321'), 404, 'PLACE_NOT_FOUND');
  });

  it('lists the whole catalogue, inactive entries too', async () => {
    const res = await c.admin.get('/api/request-categories');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Category[];
    const codes = items.map((i) => i.code);
    for (const code of ['emergency', 'drain', 'roof_leak', 'parking', 'fire_lane', 'green_space', 'illegal_structure', 'balcony', 'pet_waste', 'rubbish', 'subletting', 'fee_dispute', 'noise', 'neighbour_dispute']) {
      expect(codes).toContain(code);
    }
    expect(items.find((i) => i.code === 'noise')).toMatchObject({ routeTo: 'community', deadlineClass: 'ordinary', active: true, streetRule: false });
    const onStreet = (await c.street.get(`/api/request-categories?streetId=${street}`)).json().items as Category[];
    expect(onStreet.length).toBe(items.length);
  });
});

describe('POST and PATCH /api/request-categories (district admin only)', () => {
  const body = { code: 'elevator', nameZh: '电梯故障', nameEn: 'Lift out of order', kind: 'help', routeTo: 'property', deadlineClass: 'utilities' };

  it('needs a session; a street admin may not change the shared catalogue', async () => {
    expectError(await env.anon.post('/api/request-categories', body), 401, 'UNAUTHENTICATED');
    expectError(await c.street.post('/api/request-categories', body), 403, 'FORBIDDEN');
    expectError(await c.community.post('/api/request-categories', body), 403, 'FORBIDDEN');
    const noise = await categoryId(env, 'noise');
    expectError(await env.anon.patch(`/api/request-categories/${noise}`, { nameZh: '噪音' }), 401, 'UNAUTHENTICATED');
    expectError(await c.street.patch(`/api/request-categories/${noise}`, { nameZh: '噪音' }), 403, 'FORBIDDEN');
    expect((await c.admin.get('/api/request-categories')).json().items.map((i: Category) => i.code)).not.toContain('elevator');
  });

  it('refuses bad entries', async () => {
    const bad: Record<string, unknown>[] = [
      { ...body, code: 'Elevator' },
      { ...body, code: 'e' },
      { ...body, nameZh: '' },
      { ...body, nameZh: '长'.repeat(51) },
      { ...body, kind: 'praise' },
      { ...body, routeTo: 'moon' },
      { ...body, deadlineClass: 'whenever' },
      { ...body, sort: -1 },
      { code: 'lonely' },
    ];
    for (const b of bad) expectError(await c.admin.post('/api/request-categories', b), 400, 'VALIDATION_FAILED');
    // a department route names the department, other routes do not
    expectError(await c.admin.post('/api/request-categories', { ...body, routeTo: 'department' }), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.post('/api/request-categories', { ...body, departmentName: '住房和城乡建设局' }), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.post('/api/request-categories', { ...body, code: 'noise' }), 409, 'REQUEST_CATEGORY_CODE_TAKEN');
  });

  it('adds a category the report form then offers, and audits it', async () => {
    const seq = await auditHeadSeq(env);
    const res = await c.admin.post('/api/request-categories', { ...body, sort: 5 });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json() as Category;
    expect(created).toMatchObject({ code: 'elevator', nameZh: '电梯故障', routeTo: 'property', deadlineClass: 'utilities', active: true, streetRule: false });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.category.create', entity_id: String(created.id) }]);
    const unit = await residentUnit(c.resident);
    const form = (await c.resident.get(`/api/requests/categories?placeId=${unit}`)).json().items as Category[];
    expect(form[0].code).toBe('elevator'); // sort 5 comes first
    const r = await fileAsResident(env, c.resident, 'elevator');
    expect(r.owner).toMatchObject({ kind: 'property', orgId: company });
    // utilities: resolve within 24 h
    const row = await requestRow(env, r.id);
    expect(row.resolve_due_at!.getTime() - row.submitted_at.getTime()).toBe(24 * HOUR);
  });

  it('changes an entry; a deactivated one leaves the report form and cannot be filed', async () => {
    const id = await categoryId(env, 'elevator');
    expectError(await c.admin.patch(`/api/request-categories/${id}`, { routeTo: 'department' }), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.patch(`/api/request-categories/${id}`, { kind: 'praise' }), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.patch('/api/request-categories/987654', { nameZh: '不存在' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    expectError(await c.admin.patch('/api/request-categories/abc', { nameZh: '不存在' }), 400, 'VALIDATION_FAILED');
    const seq = await auditHeadSeq(env);
    const res = await c.admin.patch(`/api/request-categories/${id}`, { nameZh: '电梯困人', deadlineClass: 'emergency', active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ nameZh: '电梯困人', deadlineClass: 'emergency', active: false });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.category.edit', entity_id: String(id) }]);
    const unit = await residentUnit(c.resident);
    expect(((await c.resident.get(`/api/requests/categories?placeId=${unit}`)).json().items as Category[]).map((i) => i.code)).not.toContain('elevator');
    expectError(await c.resident.post('/api/requests', { categoryId: id, placeId: unit, description: '电梯停了' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    // routed to a department by name
    const back = await c.admin.patch(`/api/request-categories/${id}`, { active: true, routeTo: 'department', departmentName: '住房和城乡建设局' });
    expect(back.json()).toMatchObject({ routeTo: 'department', departmentName: '住房和城乡建设局', active: true });
    const r = await fileAsResident(env, c.resident, 'elevator');
    expect(r.owner.kind).toBe('department');
    expect(r.owner.name).toMatch(/住房和城乡建设局$/);
    await c.admin.patch(`/api/request-categories/${id}`, { routeTo: 'property' });
    expect(((await c.admin.get('/api/request-categories')).json().items as Category[]).find((i) => i.id === id)).toMatchObject({ routeTo: 'property', departmentName: null });
  });
});

describe('PUT /api/request-categories/:id/streets/:streetId (a street’s own rule)', () => {
  const url = (cat: number, s: number) => `/api/request-categories/${cat}/streets/${s}`;

  it('needs a session and the street in one’s area', async () => {
    const noise = await categoryId(env, 'noise');
    const rule = { ...noRule, routeTo: 'property' };
    expectError(await env.anon.put(url(noise, street), rule), 401, 'UNAUTHENTICATED');
    expectError(await c.community.put(url(noise, street), rule), 403, 'FORBIDDEN');
    expectError(await c.street.put(url(noise, farStreet), rule), 403, 'NOT_IN_SCOPE');
    expect(await env.database.query(`SELECT 1 FROM request_category_rules WHERE category_id = $1`, [noise])).toEqual([]);
  });

  it('refuses bad rules', async () => {
    const noise = await categoryId(env, 'noise');
    expectError(await c.street.put(url(noise, street), { routeTo: 'property' }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(`/api/request-categories/abc/streets/${street}`, { ...noRule, routeTo: 'property' }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(`/api/request-categories/${noise}/streets/0`, { ...noRule, routeTo: 'property' }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(url(noise, street), { ...noRule, routeTo: 'moon' }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(url(noise, street), { ...noRule, routeTo: 'department' }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(url(noise, street), { ...noRule, routeTo: 'community', departmentOrgId: deptOrg }), 400, 'VALIDATION_FAILED');
    expectError(await c.street.put(url(noise, street), { ...noRule, routeTo: 'department', departmentOrgId: company }), 400, 'REQUEST_TARGET_INVALID');
    expectError(await c.street.put(url(987654, street), { ...noRule, routeTo: 'property' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    expectError(await c.admin.put(url(noise, community), { ...noRule, routeTo: 'property' }), 400, 'REQUEST_SETTINGS_PLACE');
    expectError(await c.admin.put(url(noise, district), { ...noRule, routeTo: 'property' }), 400, 'REQUEST_SETTINGS_PLACE');
  });

  it('routes the street’s new requests by its rule: to the estate’s company, or the community where there is none (兜底)', async () => {
    const noise = await categoryId(env, 'noise');
    const before = await fileAsResident(env, c.resident, 'noise');
    expect(before.owner.kind).toBe('community');
    const seq = await auditHeadSeq(env);
    const res = await c.street.put(url(noise, street), { ...noRule, routeTo: 'property' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: noise, routeTo: 'property', streetRule: true });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.category.rule.set', place_path: await pathOf(env, street) }]);

    const after = await fileAsResident(env, c.resident, 'noise');
    expect(after.owner).toMatchObject({ kind: 'property', orgId: company });
    expect(after.firstOwner).toMatchObject({ kind: 'property', orgId: company });
    // an estate of this street without a company: the community takes it
    const bare = Number(
      (
        await env.database.query<{ id: number }>(
          `SELECT id FROM places WHERE kind = 'estate' AND path LIKE $1 AND id NOT IN (SELECT estate_id FROM estate_property) ORDER BY id LIMIT 1`,
          [(await pathOf(env, street)) + '%'],
        )
      )[0].id,
    );
    const fallback = await fileOnBehalf(env, c.street, 'noise', await placeUnder(env, 'unit', bare));
    expect(fallback.owner).toMatchObject({ kind: 'community', placeId: Number((await pathOf(env, bare)).split('/')[3]) });
    expect(fallback.events[0].data).toMatchObject({ fallback: true });
    // another street keeps the catalogue's routing
    const far = await fileOnBehalf(env, c.admin, 'noise', await placeUnder(env, 'unit', farStreet));
    expect(far.owner.kind).toBe('community');
    // the request filed before the rule stays where it was
    expect((await requestRow(env, before.id)).owner_kind).toBe('community');
    // the street admin sees its rule, the district catalogue does not change
    expect(((await c.street.get(`/api/request-categories?streetId=${street}`)).json().items as Category[]).find((i) => i.id === noise)).toMatchObject({ routeTo: 'property', streetRule: true });
    expect(((await c.admin.get('/api/request-categories')).json().items as Category[]).find((i) => i.id === noise)).toMatchObject({ routeTo: 'community', streetRule: false });
  });

  it('a rule may name a department, change the deadline class or switch a category off on the street', async () => {
    const noise = await categoryId(env, 'noise');
    await c.street.put(url(noise, street), { routeTo: 'department', departmentOrgId: deptOrg, deadlineClass: 'emergency', active: null });
    const r = await fileAsResident(env, c.resident, 'noise');
    expect(r.owner).toMatchObject({ kind: 'department', orgId: deptOrg });
    const row = await requestRow(env, r.id);
    expect(row.resolve_due_at!.getTime() - row.submitted_at.getTime()).toBe(2 * HOUR); // emergency: 2 h
    expect(row.accept_due_at.getTime() - row.submitted_at.getTime()).toBe(1 * HOUR);

    await c.street.put(url(noise, street), { ...noRule, active: false });
    const unit = await residentUnit(c.resident);
    expect(((await c.resident.get(`/api/requests/categories?placeId=${unit}`)).json().items as Category[]).map((i) => i.id)).not.toContain(noise);
    expectError(await c.resident.post('/api/requests', { categoryId: noise, placeId: unit, description: '本街道已停用' }), 400, 'REQUEST_CATEGORY_UNKNOWN');
    const farUnit = await placeUnder(env, 'unit', farStreet);
    expect(((await c.admin.get(`/api/requests/categories?placeId=${farUnit}`)).json().items as Category[]).map((i) => i.id)).toContain(noise);
  });

  it('all null clears the rule: the catalogue applies again', async () => {
    const noise = await categoryId(env, 'noise');
    const seq = await auditHeadSeq(env);
    const res = await c.street.put(url(noise, street), noRule);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ routeTo: 'community', deadlineClass: 'ordinary', active: true, streetRule: false });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.category.rule.clear' }]);
    expect(await env.database.query(`SELECT 1 FROM request_category_rules WHERE street_id = $1 AND category_id = $2`, [street, noise])).toEqual([]);
    const r = await fileAsResident(env, c.resident, 'noise');
    expect(r.owner).toMatchObject({ kind: 'community', placeId: community });
  });
});

describe('GET and PUT /api/request-settings/:id', () => {
  it('needs a session and requests.configure over the place', async () => {
    expectError(await env.anon.get(`/api/request-settings/${street}`), 401, 'UNAUTHENTICATED');
    expectError(await env.anon.put(`/api/request-settings/${street}`, { settings: {}, version: 0 }), 401, 'UNAUTHENTICATED');
    for (const who of ['community', 'resident', 'dept'] as const) {
      expectError(await c[who].get(`/api/request-settings/${street}`), 403, 'FORBIDDEN');
      expectError(await c[who].put(`/api/request-settings/${street}`, { settings: { contactHours: 12 }, version: 0 }), 403, 'FORBIDDEN');
    }
    expectError(await c.street.get(`/api/request-settings/${farStreet}`), 403, 'NOT_IN_SCOPE');
    expectError(await c.street.get(`/api/request-settings/${district}`), 403, 'NOT_IN_SCOPE');
    expectError(await c.street.put(`/api/request-settings/${district}`, { settings: { contactHours: 12 }, version: 0 }), 403, 'NOT_IN_SCOPE');
  });

  it('refuses a place that is not a district or street, and bad settings', async () => {
    expectError(await c.admin.get(`/api/request-settings/${community}`), 400, 'REQUEST_SETTINGS_PLACE');
    expectError(await c.admin.get('/api/request-settings/abc'), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.get('/api/request-settings/987654321'), 404, 'PLACE_NOT_FOUND');
    expectError(await c.admin.put(`/api/request-settings/${community}`, { settings: {}, version: 0 }), 400, 'REQUEST_SETTINGS_PLACE');
    const bad: Record<string, unknown>[] = [
      { settings: { contactHours: 0 }, version: 0 },
      { settings: { contactHours: 500 }, version: 0 },
      { settings: { deadlines: { ordinary: { resolution: { unit: 'weeks', amount: 1 } } } }, version: 0 },
      { settings: { deadlines: { ordinary: { resolution: { unit: 'days', amount: 0 } } } }, version: 0 },
      { settings: { holidays: ['2026-02-30x'] }, version: 0 },
      { settings: { weights: { response: 30, resolution: 35 } }, version: 0 },
      { settings: { weights: { response: 101, resolution: 0, satisfaction: 0 } }, version: 0 },
      { settings: { autoCloseDays: 0 }, version: 0 },
      { settings: {} },
      { version: 0 },
    ];
    for (const b of bad) expectError(await c.admin.put(`/api/request-settings/${street}`, b), 400, 'VALIDATION_FAILED');
    expectError(await c.admin.put(`/api/request-settings/${street}`, { settings: { weights: { response: 0, resolution: 0, satisfaction: 0 } }, version: 0 }), 400, 'REQUEST_SETTINGS_INVALID');
    expect(await env.database.query(`SELECT 1 FROM request_settings WHERE place_id IN ($1, $2)`, [street, community])).toEqual([]);
  });

  it('saves what a place sets itself over what comes from above, guarded by the version', async () => {
    const start = (await c.street.get(`/api/request-settings/${street}`)).json();
    expect(start).toMatchObject({ place: { id: street, kind: 'street' }, own: {}, version: 0 });
    const districtBefore = (await c.admin.get(`/api/request-settings/${district}`)).json();
    const dv = districtBefore.version as number;

    const seq = await auditHeadSeq(env);
    const d = await c.admin.put(`/api/request-settings/${district}`, { settings: { contactHours: 12, weights: { response: 20, resolution: 40, satisfaction: 40 } }, version: dv });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ version: dv + 1, own: { contactHours: 12 } });
    expect(await auditSince(env, seq)).toMatchObject([{ action: 'request.settings.save', entity_id: String(district) }]);

    const s1 = await c.street.put(`/api/request-settings/${street}`, { settings: { autoCloseDays: 3, deadlines: { ordinary: { resolution: { unit: 'days', amount: 5 } } } }, version: 0 });
    expect(s1.statusCode, s1.body).toBe(200);
    const saved = s1.json();
    expect(saved.version).toBe(1);
    expect(saved.own).toEqual({ autoCloseDays: 3, deadlines: { ordinary: { resolution: { unit: 'days', amount: 5 } } } });
    expect(saved.effective).toMatchObject({
      contactHours: 12, // the district's
      autoCloseDays: 3, // the street's
      weights: { response: 20, resolution: 40, satisfaction: 40 },
      deadlines: { ordinary: { response: { unit: 'hours', amount: 24 }, resolution: { unit: 'days', amount: 5 } } },
    });
    // another street has only the district's
    const farEffective = (await c.admin.get(`/api/request-settings/${farStreet}`)).json().effective;
    expect(farEffective.contactHours).toBe(12);
    expect(farEffective.autoCloseDays).not.toBe(3);

    // a stale version loses: nothing is overwritten
    expectError(await c.street.put(`/api/request-settings/${street}`, { settings: { autoCloseDays: 9 }, version: 0 }), 409, 'CONFLICT');
    expect((await c.street.get(`/api/request-settings/${street}`)).json()).toMatchObject({ version: 1, own: { autoCloseDays: 3 } });
    const s2 = await c.street.put(`/api/request-settings/${street}`, { settings: { autoCloseDays: 9 }, version: 1 });
    expect(s2.json()).toMatchObject({ version: 2, own: { autoCloseDays: 9 } });
    expect(s2.json().effective.deadlines.ordinary.resolution).not.toEqual({ unit: 'days', amount: 5 }); // replaced, not merged

    // new requests on the street follow: contact within 12 h of accepting
    const r = await fileAsResident(env, c.resident, 'noise');
    await c.community.post(`/api/requests/${r.id}/actions`, { action: 'accept' });
    const row = await requestRow(env, r.id);
    expect(row.contact_due_at!.getTime() - row.accepted_at!.getTime()).toBeGreaterThan(12 * HOUR - 5_000);
    expect(row.contact_due_at!.getTime() - row.accepted_at!.getTime()).toBeLessThan(12 * HOUR + 5_000);

    // put things back for the other tests in this file
    await c.street.put(`/api/request-settings/${street}`, { settings: {}, version: 2 });
    await c.admin.put(`/api/request-settings/${district}`, { settings: districtBefore.own, version: dv + 1 });
  });
});
