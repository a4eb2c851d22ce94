// /api/people, /api/households, /api/units, /api/ownerships and /api/me/export through HTTP on a
// real database: scope, masking and encryption of ID numbers, the identity-view audit, exact areas,
// ownership rules (司法解释 第8–9条) and the races the unique indexes must settle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, expectError, placeId, type Client, type TestEnv } from '../../test/harness';
import { auditHead, auditSince, makeIdNumber, scalar, userId, withoutLedger } from '../../test/fixtures';
import { idCheckChar, isValidIdNumber, maskIdNumber } from './pii';

interface PersonDto {
  id: number;
  name: string;
  gender: string | null;
  birthDate: string | null;
  phone: string | null;
  idNumberMask: string | null;
  isDemo: boolean;
}
interface PersonView {
  person: PersonDto;
  households: { householdId: number; relation: string; unitId: number; address: string }[];
  ownerships: { id: number; unitId: number; basis: string; isVotingDelegate: boolean }[];
}
interface UnitView {
  unitId: number;
  households: { id: number; members: { personId: number; name: string; relation: string; phone: string | null; idNumberMask: string | null }[] }[];
  owners: { id: number; personId: number | null; orgId: number | null; name: string; basis: string; isVotingDelegate: boolean; since: string | null }[];
  areas: Record<string, number>;
  effectiveArea: { source: string; centi: number } | null;
}
interface AreasResult {
  areas: Record<string, number>;
  effectiveArea: { source: string; centi: number } | null;
}

let env: TestEnv;
let admin: Client, street: Client, community: Client, pian: Client, lin: Client, property: Client, dept: Client, resident: Client;
let community1: number, community1b: number, community2: number, pianEstate: number, otherEstate: number;
let p1: number; // a person with an ID number in the 片长's estate (community 1), served by the property account's company
let p1b: number; // a person in community 1b (street 1)
let p2: number; // a person in street 2
let unitStreet2: number; // a unit in street 2
let unitCommunity1b: number;
let units: number[]; // fresh empty units in community 1, made here: 0–15 used by name, 16 on handed out by takeUnit()
let nextUnit = 16;
let seqNo = 100;

const newId = (birth = '19800101') => makeIdNumber(birth, seqNo++);
const takeUnit = () => units[nextUnit++];
const personCount = () => scalar(env, `SELECT count(*) FROM persons`);

function ok<T>(res: LightMyRequestResponse): T {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json<T>();
}

const grantPlace = (username: string) =>
  scalar(env, `SELECT r.place_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = $1 ORDER BY r.id LIMIT 1`, [username]);

/** A person with an ID number living in a unit under `placeIdUnder`. */
const personUnder = (placeIdUnder: number) =>
  scalar(
    env,
    `SELECT m.person_id FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id
     JOIN persons p ON p.id = m.person_id
     WHERE u.path LIKE (SELECT path FROM places WHERE id = $1) || '%' AND p.id_number_enc IS NOT NULL ORDER BY m.person_id LIMIT 1`,
    [placeIdUnder],
  );

async function storedPerson(id: number) {
  const r = await env.database.query<{ name: string; phone: string | null; id_number_enc: string | null; id_number_mask: string | null; id_number_hmac: string | null }>(
    `SELECT name, phone, id_number_enc, id_number_mask, id_number_hmac FROM persons WHERE id = $1`,
    [id],
  );
  return r[0];
}

async function register(client: Client, unitId: number, relation: string, extra: Record<string, unknown> = {}) {
  return ok<{ person: PersonDto; householdId: number }>(await client.post('/api/people', { name: `居民${seqNo}`, unitId, relation, ...extra }));
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, street, community, pian, lin, property, dept, resident] = await Promise.all(
    ['admin', 'street', 'community', 'pianzhang', 'linzhang', 'property', 'dept', 'resident'].map((u) => env.login(u)),
  );
  const street1 = await placeId(env, 'street', 0);
  const street2 = await placeId(env, 'street', 1);
  community1 = await grantPlace('community');
  community1b = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, [street1, community1]);
  community2 = await scalar(env, `SELECT id FROM places WHERE parent_id = $1 ORDER BY id LIMIT 1`, [street2]);
  pianEstate = await grantPlace('pianzhang');
  const propertyOrg = await scalar(env, `SELECT r.org_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'property'`);
  expect(await scalar(env, `SELECT count(*) FROM estate_property WHERE estate_id = $1 AND company_id = $2`, [pianEstate, propertyOrg])).toBe(1);
  p1 = await personUnder(pianEstate);
  p1b = await personUnder(community1b);
  p2 = await personUnder(community2);
  unitStreet2 = await scalar(env, `SELECT id FROM places WHERE kind = 'unit' AND path LIKE (SELECT path FROM places WHERE id = $1) || '%' ORDER BY id LIMIT 1`, [street2]);
  unitCommunity1b = await scalar(env, `SELECT id FROM places WHERE kind = 'unit' AND path LIKE (SELECT path FROM places WHERE id = $1) || '%' ORDER BY id LIMIT 1`, [community1b]);
  // an estate of community 1 that the property company does not serve, with empty units
  const estate = ok<{ id: number }>(await admin.post('/api/places', { parentId: community1, name: '人员测试小区' }));
  otherEstate = estate.id;
  const building = ok<{ id: number }>(await admin.post('/api/places', { parentId: estate.id, name: '1号楼' }));
  const entrance = ok<{ id: number }>(await admin.post('/api/places', { parentId: building.id, name: '1单元' }));
  units = [];
  for (let i = 1; i <= 30; i++) units.push(ok<{ id: number }>(await admin.post('/api/places', { parentId: entrance.id, name: `${100 + i}` })).id);
});
afterAll(async () => env?.close());

describe('GET /api/people', () => {
  it('needs a session and people.view', async () => {
    expectError(await env.anon.get(`/api/people?placeId=${community1}`), 401, 'UNAUTHENTICATED');
    for (const c of [resident, dept]) expectError(await c.get(`/api/people?placeId=${community1}`), 403, 'FORBIDDEN');
  });

  it('refuses a place outside the scope, returning nobody', async () => {
    for (const [c, id] of [
      [street, community2],
      [community, community1b],
      [pian, otherEstate],
      [property, otherEstate],
    ] as const) {
      const res = await c.get(`/api/people?placeId=${id}`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain('"items"');
    }
  });

  it('refuses bad query strings', async () => {
    for (const qs of ['', 'placeId=x', `placeId=${community1}&limit=0`, `placeId=${community1}&limit=201`, `placeId=${community1}&offset=-1`, `placeId=${community1}&q=${'q'.repeat(51)}`]) {
      expectError(await community.get(`/api/people?${qs}`), 400, 'VALIDATION_FAILED');
    }
    expectError(await community.get('/api/people?placeId=987654'), 404, 'PLACE_NOT_FOUND');
  });

  it('masks ID numbers and never sends the ciphertext or the full number', async () => {
    const res = await community.get(`/api/people?placeId=${pianEstate}&limit=200`);
    const body = ok<{ items: (PersonDto & Record<string, unknown>)[]; total: number }>(res);
    expect(body.items.length).toBeGreaterThan(5);
    const withId = body.items.filter((p) => p.idNumberMask !== null);
    expect(withId.length).toBeGreaterThan(0);
    for (const p of body.items) {
      expect(Object.keys(p).sort()).toEqual(['birthDate', 'gender', 'id', 'idNumberMask', 'isDemo', 'name', 'phone']);
      if (p.idNumberMask !== null) expect(p.idNumberMask).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    }
    expect(res.body).not.toMatch(/idNumberEnc|id_number|hmac|v1:/);
    const full = env.ctx.pii.decrypt((await storedPerson(p1)).id_number_enc!);
    expect(body.items.find((p) => p.id === p1)?.idNumberMask).toBe(maskIdNumber(full));
    expect(res.body).not.toContain(full);
  });

  it('counts exactly the people living in or owning units there, narrowed to the caller’s scope', async () => {
    // distinct people attached (member or current owner) to a unit under any of `paths`
    const expected = (...paths: string[]) =>
      scalar(
        env,
        `SELECT count(*) FROM (
           SELECT m.person_id FROM household_members m JOIN households h ON h.id = m.household_id JOIN places u ON u.id = h.unit_id WHERE u.path LIKE ANY($1::text[]) AND h.retired_at IS NULL
           UNION SELECT o.person_id FROM ownerships o JOIN places u ON u.id = o.unit_id WHERE o.person_id IS NOT NULL AND o.ended_at IS NULL AND u.path LIKE ANY($1::text[])) x`,
        [paths.map((p) => p + '%')],
      );
    const pathOf = async (id: number) => (await env.database.query<{ path: string }>(`SELECT path FROM places WHERE id = $1`, [id]))[0].path;
    const district = await placeId(env, 'district');
    expect(ok<{ total: number }>(await admin.get(`/api/people?placeId=${district}`)).total).toBe(await expected(await pathOf(district)));
    // asking for the whole district, the community worker gets only their community
    const mine = await expected(await pathOf(community1));
    expect(mine).toBeGreaterThan(0);
    expect(ok<{ total: number }>(await community.get(`/api/people?placeId=${district}`)).total).toBe(mine);
    expect(ok<{ total: number }>(await pian.get(`/api/people?placeId=${district}`)).total).toBe(await expected(await pathOf(pianEstate)));
    // property staff: the estates their company serves
    const served = await env.database.query<{ path: string }>(
      `SELECT p.path FROM estate_property ep JOIN places p ON p.id = ep.estate_id WHERE ep.company_id = (SELECT r.org_id FROM role_assignments r JOIN users u ON u.id = r.user_id WHERE u.username = 'property')`,
    );
    expect(served.length).toBeGreaterThan(0);
    expect(ok<{ total: number }>(await property.get(`/api/people?placeId=${district}`)).total).toBe(await expected(...served.map((x) => x.path)));
  });

  it('searches by name, pages in id order, and treats SQL as text', async () => {
    const name = (await storedPerson(p1)).name;
    const found = ok<{ items: PersonDto[] }>(await community.get(`/api/people?placeId=${community1}&q=${encodeURIComponent(name)}`)).items;
    expect(found.map((p) => p.id)).toContain(p1);
    expect(found.every((p) => p.name.includes(name))).toBe(true);
    expect(ok<{ total: number }>(await community.get(`/api/people?placeId=${community1}&q=${encodeURIComponent("' OR '1'='1")}`)).total).toBe(0);
    expect(ok<{ total: number }>(await community.get(`/api/people?placeId=${community1}&q=%25`)).total).toBe(0);
    const a = ok<{ items: PersonDto[] }>(await community.get(`/api/people?placeId=${community1}&limit=5`)).items.map((p) => p.id);
    const b = ok<{ items: PersonDto[] }>(await community.get(`/api/people?placeId=${community1}&limit=5&offset=5`)).items.map((p) => p.id);
    expect(a).toHaveLength(5);
    expect([...a, ...b]).toEqual([...a, ...b].sort((x, y) => x - y));
    expect(new Set([...a, ...b]).size).toBe(10);
  });
});

describe('GET /api/people/:id', () => {
  it('needs a session and people.view', async () => {
    expectError(await env.anon.get(`/api/people/${p1}`), 401, 'UNAUTHENTICATED');
    for (const c of [resident, dept]) expectError(await c.get(`/api/people/${p1}`), 403, 'FORBIDDEN');
  });

  it('refuses a person outside the scope without revealing them', async () => {
    const name2 = (await storedPerson(p2)).name;
    for (const [c, id] of [
      [street, p2],
      [community, p1b],
      [community, p2],
      [lin, p1b],
    ] as const) {
      const res = await c.get(`/api/people/${id}`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain('"person"');
      if (id === p2) expect(res.body).not.toContain(name2);
    }
  });

  it('refuses bad ids and answers 404 for nobody', async () => {
    for (const id of ['x', '0', '-3']) expectError(await community.get(`/api/people/${id}`), 400, 'VALIDATION_FAILED');
    expectError(await community.get('/api/people/98765432'), 404, 'PERSON_NOT_FOUND');
  });

  it('shows the person (masked), their households with an address, and their ownerships', async () => {
    const v = ok<PersonView & { person: Record<string, unknown> }>(await pian.get(`/api/people/${p1}`));
    expect(v.person.id).toBe(p1);
    expect(v.person).not.toHaveProperty('idNumberEnc');
    expect(v.person.idNumberMask).toBe((await storedPerson(p1)).id_number_mask);
    const estateName = (await env.database.query<{ name: string }>(`SELECT name FROM places WHERE id = $1`, [pianEstate]))[0].name;
    expect(v.households.length).toBeGreaterThan(0);
    expect(v.households[0].address.startsWith(estateName + ' ')).toBe(true);
    const owned = await scalar(env, `SELECT count(*) FROM ownerships WHERE person_id = $1 AND ended_at IS NULL`, [p1]);
    expect(v.ownerships).toHaveLength(owned);
  });
});

describe('GET /api/people/:id/identity', () => {
  it('needs a session and people.identity.view; refusals are not audited as views', async () => {
    const seq = await auditHead(env);
    expectError(await env.anon.get(`/api/people/${p1}/identity`), 401, 'UNAUTHENTICATED');
    for (const c of [pian, lin, property, dept, resident]) {
      const res = await c.get(`/api/people/${p1}/identity`);
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body).not.toContain('idNumber"');
    }
    expectError(await community.get(`/api/people/${p1b}/identity`), 403, 'NOT_IN_SCOPE');
    expectError(await street.get(`/api/people/${p2}/identity`), 403, 'NOT_IN_SCOPE');
    expectError(await community.get('/api/people/abc/identity'), 400, 'VALIDATION_FAILED');
    expectError(await community.get('/api/people/98765432/identity'), 404, 'PERSON_NOT_FOUND');
    expect(await auditSince(env, seq, 'person.identity.view')).toEqual([]);
  });

  it('returns the full number, not cached, and records who saw whose number', async () => {
    const seq = await auditHead(env);
    const res = await community.get(`/api/people/${p1}/identity`);
    const body = ok<{ personId: number; name: string; idNumber: string | null }>(res);
    expect(res.headers['cache-control']).toBe('no-store');
    const stored = await storedPerson(p1);
    expect(body).toEqual({ personId: p1, name: stored.name, idNumber: env.ctx.pii.decrypt(stored.id_number_enc!) });
    expect(isValidIdNumber(body.idNumber!)).toBe(true);
    expect(maskIdNumber(body.idNumber!)).toBe(stored.id_number_mask);
    const audit = await auditSince(env, seq);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'person.identity.view', entity: 'person', entity_id: String(p1), actor_user_id: await userId(env, 'community'), after: { field: 'idNumber' } });
    expect(audit[0].place_path).toMatch(/^\/\d+\/\d+\/\d+\/\d+\//);
    expect(JSON.stringify(audit[0])).not.toContain(body.idNumber!);
    // a second view is a second entry
    ok(await community.get(`/api/people/${p1}/identity`));
    expect(await auditSince(env, seq, 'person.identity.view')).toHaveLength(2);
  });
});

describe('POST /api/people', () => {
  it('needs a session, people.manage and the unit in scope; nothing is written otherwise', async () => {
    const before = await personCount();
    const seq = await auditHead(env);
    const body = (unitId: number) => ({ name: '越界居民', unitId, relation: 'head' });
    expectError(await env.anon.post('/api/people', body(units[15])), 401, 'UNAUTHENTICATED');
    for (const c of [resident, pian, property, lin]) expectError(await c.post('/api/people', body(units[15])), 403, 'FORBIDDEN');
    expectError(await street.post('/api/people', body(unitStreet2)), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/people', body(unitCommunity1b)), 403, 'NOT_IN_SCOPE');
    expect(await personCount()).toBe(before);
    expect(await auditSince(env, seq)).toEqual([]);
  });

  it('refuses bad input', async () => {
    const before = await personCount();
    const u = units[15];
    const good = { name: '张三', unitId: u, relation: 'head' };
    const bad: Record<string, unknown>[] = [
      {},
      { unitId: u, relation: 'head' },
      { name: '张三', relation: 'head' },
      { name: '张三', unitId: u },
      { ...good, relation: 'boss' },
      { ...good, name: '' },
      { ...good, name: '   ' },
      { ...good, name: '名'.repeat(51) },
      { ...good, gender: 'X' },
      { ...good, birthDate: '1990/01/01' },
      { ...good, birthDate: '1990-02-30' },
      { ...good, phone: 'call me' },
      { ...good, phone: '1'.repeat(21) },
      { ...good, idNumber: '1'.repeat(19) },
      { ...good, unitId: 'x' },
    ];
    for (const b of bad) expectError(await community.post('/api/people', b), 400, 'VALIDATION_FAILED');
    expect(await personCount()).toBe(before);
  });

  it('refuses an invalid ID number: check digit, birth date, old 15-digit form', async () => {
    const before = await personCount();
    const valid = newId();
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const first17 = '11010519900230123'; // 30 February
    const badDate = first17 + idCheckChar(first17);
    for (const idNumber of [wrongCheck, badDate, '110105900307123', 'ABCDEFGHIJKLMNOPQR', '<script>']) {
      expectError(await community.post('/api/people', { name: '李四', unitId: units[15], relation: 'head', idNumber }), 400, 'INVALID_ID_NUMBER');
    }
    expect(await personCount()).toBe(before);
  });

  it('refuses a place that is not a unit and a missing unit', async () => {
    expectError(await community.post('/api/people', { name: '王五', unitId: otherEstate, relation: 'head' }), 400, 'NOT_A_UNIT');
    expectError(await community.post('/api/people', { name: '王五', unitId: 98765432, relation: 'head' }), 404, 'PLACE_NOT_FOUND');
  });

  it('registers a person: encrypted, hashed and masked ID, a new household, and an audit entry without the number', async () => {
    const unit = takeUnit();
    const idNumber = makeIdNumber('19850615', 7);
    const seq = await auditHead(env);
    const r = await register(community, unit, 'head', { name: '赵六', gender: 'M', birthDate: '1985-06-15', phone: '13800001111', idNumber: idNumber.toLowerCase() });
    expect(r.person).toMatchObject({ name: '赵六', gender: 'M', birthDate: '1985-06-15', phone: '13800001111', idNumberMask: maskIdNumber(idNumber), isDemo: false });
    expect(r.person).not.toHaveProperty('idNumberEnc');
    const stored = await storedPerson(r.person.id);
    expect(stored.id_number_enc!.startsWith('v1:')).toBe(true);
    expect(stored.id_number_enc).not.toContain(idNumber);
    expect(env.ctx.pii.decrypt(stored.id_number_enc!)).toBe(idNumber);
    expect(stored.id_number_hmac).toBe(env.ctx.pii.hmac(idNumber));
    expect(await scalar(env, `SELECT count(*) FROM households WHERE unit_id = $1`, [unit])).toBe(1);
    expect(await scalar(env, `SELECT id FROM households WHERE unit_id = $1`, [unit])).toBe(r.householdId);
    const audit = await auditSince(env, seq);
    expect(audit.map((a) => a.action)).toEqual(['person.create']);
    expect(audit[0]).toMatchObject({ entity: 'person', entity_id: String(r.person.id), after: { name: '赵六', idNumberMask: maskIdNumber(idNumber), householdId: r.householdId, relation: 'head' } });
    expect(JSON.stringify(audit[0])).not.toContain(idNumber);
    expect(JSON.stringify(audit[0])).not.toContain('v1:');
    // a second person joins the same household
    const spouse = await register(community, unit, 'spouse');
    expect(spouse.householdId).toBe(r.householdId);
  });

  it('refuses a duplicate ID number, whatever the case of X, and writes nothing', async () => {
    let idNumber = newId();
    while (!idNumber.endsWith('X')) idNumber = newId();
    await register(community, takeUnit(), 'head', { idNumber });
    const before = await personCount();
    expectError(await community.post('/api/people', { name: '重复', unitId: units[15], relation: 'head', idNumber }), 409, 'ID_NUMBER_TAKEN');
    expectError(await admin.post('/api/people', { name: '重复', unitId: units[15], relation: 'head', idNumber: idNumber.toLowerCase() }), 409, 'ID_NUMBER_TAKEN');
    expect(await personCount()).toBe(before);
    expect(await scalar(env, `SELECT count(*) FROM households WHERE unit_id = $1`, [units[15]])).toBe(0);
  });

  it('refuses a second head of a household and rolls the new person back', async () => {
    const unit = takeUnit();
    await register(community, unit, 'head');
    const before = await personCount();
    const seq = await auditHead(env);
    expectError(await community.post('/api/people', { name: '第二户主', unitId: unit, relation: 'head', idNumber: newId() }), 409, 'ONE_HEAD_ONLY');
    expect(await personCount()).toBe(before);
    expect(await auditSince(env, seq)).toEqual([]);
  });

  it('writes the person, household and audit entry in one transaction: no ledger, nothing kept', async () => {
    const unit = takeUnit();
    const before = await personCount();
    const res = await withoutLedger(env, () => community.post('/api/people', { name: '无账本', unitId: unit, relation: 'head', idNumber: newId() }));
    expectError(res, 500, 'INTERNAL');
    expect(await personCount()).toBe(before);
    expect(await scalar(env, `SELECT count(*) FROM households WHERE unit_id = $1`, [unit])).toBe(0);
    const areas = await withoutLedger(env, () => community.put(`/api/units/${unit}/areas`, { registry: '77.77' }));
    expectError(areas, 500, 'INTERNAL');
    expect(await scalar(env, `SELECT count(*) FROM unit_areas WHERE unit_id = $1`, [unit])).toBe(0);
  });

  it('stores markup and SQL-looking names verbatim', async () => {
    for (const name of ['<img src=x onerror=alert(1)>', "O'Brien; DROP TABLE persons;--"]) {
      const r = await register(community, units[14], 'other', { name });
      expect(r.person.name).toBe(name);
      expect((await storedPerson(r.person.id)).name).toBe(name);
      expect(ok<PersonView>(await community.get(`/api/people/${r.person.id}`)).person.name).toBe(name);
    }
    expect(await personCount()).toBeGreaterThan(100);
  });
});

describe('PATCH /api/people/:id', () => {
  let pid: number;
  beforeAll(async () => {
    pid = (await register(community, takeUnit(), 'head', { phone: '13900000000', idNumber: newId('19700101') })).person.id;
  });

  it('needs a session, people.manage and the person in scope', async () => {
    expectError(await env.anon.patch(`/api/people/${pid}`, { phone: '13900000001' }), 401, 'UNAUTHENTICATED');
    for (const c of [pian, property, resident]) expectError(await c.patch(`/api/people/${pid}`, { phone: '13900000001' }), 403, 'FORBIDDEN');
    const before = await storedPerson(p2);
    expectError(await street.patch(`/api/people/${p2}`, { name: '被改' }), 403, 'NOT_IN_SCOPE');
    expectError(await community.patch(`/api/people/${p1b}`, { name: '被改' }), 403, 'NOT_IN_SCOPE');
    expect(await storedPerson(p2)).toEqual(before);
    expect((await storedPerson(pid)).phone).toBe('13900000000');
  });

  it('refuses bad input', async () => {
    for (const b of [{}, { name: '' }, { phone: 'x' }, { gender: 'Q' }, { birthDate: '1990-13-01' }, { unknownOnly: 1 }]) {
      expectError(await community.patch(`/api/people/${pid}`, b), 400, 'VALIDATION_FAILED');
    }
    expectError(await community.patch(`/api/people/${pid}`, { idNumber: '110105199003071230' }), 400, 'INVALID_ID_NUMBER');
    expectError(await community.patch('/api/people/98765432', { name: 'x' }), 404, 'PERSON_NOT_FOUND');
  });

  it('refuses another person’s ID number', async () => {
    const before = await storedPerson(pid);
    const theirs = env.ctx.pii.decrypt((await storedPerson(p1)).id_number_enc!);
    expectError(await community.patch(`/api/people/${pid}`, { idNumber: theirs }), 409, 'ID_NUMBER_TAKEN');
    expect(await storedPerson(pid)).toEqual(before);
  });

  it('edits, re-encrypts a new ID number and audits masks only', async () => {
    const seq = await auditHead(env);
    const oldMask = (await storedPerson(pid)).id_number_mask;
    const idNumber = newId('19710203');
    const p = ok<PersonDto>(await community.patch(`/api/people/${pid}`, { phone: '13900000002', idNumber }));
    expect(p).toMatchObject({ id: pid, phone: '13900000002', idNumberMask: maskIdNumber(idNumber) });
    expect(env.ctx.pii.decrypt((await storedPerson(pid)).id_number_enc!)).toBe(idNumber);
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({ action: 'person.edit', entity_id: String(pid), before: { phone: '13900000000', idNumberMask: oldMask }, after: { phone: '13900000002', idNumberMask: maskIdNumber(idNumber) } });
    expect(JSON.stringify(a)).not.toContain(idNumber);
    // null clears the number, its hash and its mask
    expect(ok<PersonDto>(await community.patch(`/api/people/${pid}`, { idNumber: null })).idNumberMask).toBeNull();
    expect(await storedPerson(pid)).toMatchObject({ id_number_enc: null, id_number_mask: null, id_number_hmac: null });
  });
});

describe('POST /api/households and members', () => {
  it('needs a session, people.manage and the unit in scope', async () => {
    const before = await scalar(env, `SELECT count(*) FROM households`);
    expectError(await env.anon.post('/api/households', { unitId: units[15] }), 401, 'UNAUTHENTICATED');
    expectError(await pian.post('/api/households', { unitId: units[15] }), 403, 'FORBIDDEN');
    expectError(await street.post('/api/households', { unitId: unitStreet2 }), 403, 'NOT_IN_SCOPE');
    expectError(await community.post('/api/households', { unitId: unitCommunity1b }), 403, 'NOT_IN_SCOPE');
    for (const b of [{}, { unitId: 'x' }, { unitId: 0 }]) expectError(await community.post('/api/households', b), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/households', { unitId: otherEstate }), 400, 'NOT_A_UNIT');
    expect(await scalar(env, `SELECT count(*) FROM households`)).toBe(before);
  });

  it('creates a household with its audit entry', async () => {
    const seq = await auditHead(env);
    const h = ok<{ id: number; unitId: number }>(await community.post('/api/households', { unitId: units[13] }));
    expect(h.unitId).toBe(units[13]);
    expect(await scalar(env, `SELECT unit_id FROM households WHERE id = $1`, [h.id])).toBe(units[13]);
    expect((await auditSince(env, seq))[0]).toMatchObject({ action: 'household.create', entity: 'household', entity_id: String(h.id), after: { unitId: units[13] } });
  });

  it('adds and removes members, one head per household, and audits both', async () => {
    const unit = takeUnit();
    const a = await register(community, unit, 'head');
    const h = ok<{ id: number }>(await community.post('/api/households', { unitId: unit }));
    const url = `/api/households/${h.id}/members`;
    expectError(await env.anon.post(url, { personId: a.person.id, relation: 'head' }), 401, 'UNAUTHENTICATED');
    expectError(await pian.post(url, { personId: a.person.id, relation: 'head' }), 403, 'FORBIDDEN');
    const foreign = await scalar(env, `SELECT household_id FROM household_members WHERE person_id = $1 LIMIT 1`, [p2]);
    const foreignSize = await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [foreign]);
    expectError(await street.post(`/api/households/${foreign}/members`, { personId: a.person.id, relation: 'other' }), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [foreign])).toBe(foreignSize);
    for (const b of [{}, { personId: a.person.id }, { personId: a.person.id, relation: 'king' }, { personId: 'x', relation: 'head' }]) expectError(await community.post(url, b), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/households/98765432/members', { personId: a.person.id, relation: 'head' }), 404, 'HOUSEHOLD_NOT_FOUND');
    expectError(await community.post(url, { personId: 98765432, relation: 'head' }), 404, 'PERSON_NOT_FOUND');

    const seq = await auditHead(env);
    expect(ok<{ ok: boolean }>(await community.post(url, { personId: a.person.id, relation: 'head' }))).toEqual({ ok: true });
    expect((await auditSince(env, seq))[0]).toMatchObject({ action: 'household.member.add', entity_id: String(h.id), after: { personId: a.person.id, relation: 'head' } });
    expectError(await community.post(url, { personId: a.person.id, relation: 'child' }), 409, 'ALREADY_MEMBER');
    const b = await register(community, unit, 'spouse');
    expectError(await community.post(url, { personId: b.person.id, relation: 'head' }), 409, 'ONE_HEAD_ONLY');
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [h.id])).toBe(1);

    const del = `/api/households/${h.id}/members/${a.person.id}`;
    expectError(await env.anon.delete(del), 401, 'UNAUTHENTICATED');
    expectError(await pian.delete(del), 403, 'FORBIDDEN');
    const theirs = await scalar(env, `SELECT household_id FROM household_members WHERE person_id = $1 LIMIT 1`, [p2]);
    expectError(await street.delete(`/api/households/${theirs}/members/${p2}`), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1 AND person_id = $2`, [theirs, p2])).toBe(1);
    expectError(await community.delete(`/api/households/${h.id}/members/x`), 400, 'VALIDATION_FAILED');
    expectError(await community.delete(`/api/households/${h.id}/members/${b.person.id}`), 404, 'PERSON_NOT_FOUND');
    const seq2 = await auditHead(env);
    expect(ok<{ ok: boolean }>(await community.delete(del)).ok).toBe(true);
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [h.id])).toBe(0);
    expect((await auditSince(env, seq2))[0]).toMatchObject({ action: 'household.member.remove', before: { householdId: h.id, personId: a.person.id, relation: 'head' } });
    // the head's place is free again
    ok(await community.post(url, { personId: b.person.id, relation: 'head' }));
  });

  it('lets exactly one of two concurrent head additions through', async () => {
    const unit = takeUnit();
    const a = await register(community, unit, 'head');
    const b = await register(community, unit, 'spouse');
    const h = ok<{ id: number }>(await community.post('/api/households', { unitId: unit }));
    const url = `/api/households/${h.id}/members`;
    const results = await Promise.all([community.post(url, { personId: a.person.id, relation: 'head' }), street.post(url, { personId: b.person.id, relation: 'head' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expectError(results.find((r) => r.statusCode === 409)!, 409, 'ONE_HEAD_ONLY');
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1 AND relation = 'head'`, [h.id])).toBe(1);
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [h.id])).toBe(1);
  });

  it('does not let a worker pull a person from outside their scope into a household (and so see their ID number)', async () => {
    const h = ok<{ id: number }>(await community.post('/api/households', { unitId: units[12] }));
    expectError(await community.post(`/api/households/${h.id}/members`, { personId: p1b, relation: 'other' }), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM household_members WHERE household_id = $1`, [h.id])).toBe(0);
    expectError(await community.get(`/api/people/${p1b}/identity`), 403, 'NOT_IN_SCOPE');
  });
});

describe('GET /api/units/:id', () => {
  it('needs a session, people.view and the unit in scope', async () => {
    expectError(await env.anon.get(`/api/units/${units[0]}`), 401, 'UNAUTHENTICATED');
    for (const c of [resident, dept]) expectError(await c.get(`/api/units/${units[0]}`), 403, 'FORBIDDEN');
    for (const [c, u] of [
      [street, unitStreet2],
      [community, unitCommunity1b],
      [property, units[0]],
      [pian, units[0]],
    ] as const) {
      const res = await c.get(`/api/units/${u}`);
      expectError(res, 403, 'NOT_IN_SCOPE');
      expect(res.body).not.toContain('"households"');
    }
    for (const id of ['x', '0']) expectError(await community.get(`/api/units/${id}`), 400, 'VALIDATION_FAILED');
    expectError(await community.get(`/api/units/${otherEstate}`), 400, 'NOT_A_UNIT');
    expectError(await community.get('/api/units/98765432'), 404, 'PLACE_NOT_FOUND');
  });

  it('lists households with masked members, owners and exact areas', async () => {
    const unit = await scalar(env, `SELECT h.unit_id FROM household_members m JOIN households h ON h.id = m.household_id WHERE m.person_id = $1 LIMIT 1`, [p1]);
    const v = ok<UnitView>(await property.get(`/api/units/${unit}`));
    expect(v.unitId).toBe(unit);
    const members = v.households.flatMap((h) => h.members);
    expect(members.map((m) => m.personId)).toContain(p1);
    for (const m of members) if (m.idNumberMask) expect(m.idNumberMask).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    const areas = await env.database.query<{ source: string; area_centi: number }>(`SELECT source, area_centi FROM unit_areas WHERE unit_id = $1`, [unit]);
    expect(v.areas).toEqual(Object.fromEntries(areas.map((a) => [a.source, Number(a.area_centi)])));
    const owners = await scalar(env, `SELECT count(*) FROM ownerships WHERE unit_id = $1 AND ended_at IS NULL`, [unit]);
    expect(v.owners).toHaveLength(owners);
  });
});

describe('PUT /api/units/:id/areas', () => {
  const areasOf = async (unit: number) =>
    Object.fromEntries((await env.database.query<{ source: string; area_centi: number }>(`SELECT source, area_centi FROM unit_areas WHERE unit_id = $1`, [unit])).map((a) => [a.source, Number(a.area_centi)]));

  it('needs a session, people.manage and the unit in scope', async () => {
    const before = await areasOf(unitStreet2);
    expectError(await env.anon.put(`/api/units/${units[0]}/areas`, { registry: '89.55' }), 401, 'UNAUTHENTICATED');
    for (const c of [pian, property, resident]) expectError(await c.put(`/api/units/${units[0]}/areas`, { registry: '89.55' }), 403, 'FORBIDDEN');
    expectError(await street.put(`/api/units/${unitStreet2}/areas`, { registry: '1.00' }), 403, 'NOT_IN_SCOPE');
    expect(await areasOf(unitStreet2)).toEqual(before);
    expect(await areasOf(units[0])).toEqual({});
  });

  it('refuses bad areas, writing none of the request', async () => {
    const unit = units[1];
    ok(await community.put(`/api/units/${unit}/areas`, { registry: '80.00' }));
    for (const b of [{}, { registry: '1'.repeat(13) }, { registry: { value: 1 } }, { floor: '3' }]) expectError(await community.put(`/api/units/${unit}/areas`, b), 400, 'VALIDATION_FAILED');
    for (const v of ['89.555', '-1', '1e3', '0', '0.00', 'abc', '100000', '89,55']) {
      expectError(await community.put(`/api/units/${unit}/areas`, { contract: v }), 400, 'BAD_AREA');
    }
    // a good registry area in the same request as a bad surveyed one is not written either
    expectError(await community.put(`/api/units/${unit}/areas`, { registry: '90.00', surveyed: '90.001' }), 400, 'BAD_AREA');
    expect(await areasOf(unit)).toEqual({ registry: 8000 });
    expectError(await community.put(`/api/units/${otherEstate}/areas`, { registry: '1' }), 400, 'NOT_A_UNIT');
  });

  it('stores exact hundredths and picks registry > surveyed > contract (司法解释 第8条), with an audit entry', async () => {
    const unit = units[2];
    const put = async (b: Record<string, string | null>) => ok<AreasResult>(await community.put(`/api/units/${unit}/areas`, b));
    expect(await put({ contract: '100.10' })).toEqual({ areas: { contract: 10010 }, effectiveArea: { source: 'contract', centi: 10010 } });
    expect((await put({ surveyed: '98.7' })).effectiveArea).toEqual({ source: 'surveyed', centi: 9870 });
    const seq = await auditHead(env);
    expect(await put({ registry: '89.55' })).toEqual({ areas: { contract: 10010, surveyed: 9870, registry: 8955 }, effectiveArea: { source: 'registry', centi: 8955 } });
    const [a] = await auditSince(env, seq);
    expect(a).toMatchObject({ action: 'unit.areas.set', entity: 'place', entity_id: String(unit), before: { contract: 10010, surveyed: 9870 }, after: { contract: 10010, surveyed: 9870, registry: 8955 } });
    expect(await areasOf(unit)).toEqual({ contract: 10010, surveyed: 9870, registry: 8955 });
    // values a float would get wrong
    expect((await put({ registry: '4.35' })).areas.registry).toBe(435);
    expect((await put({ registry: '0.29' })).areas.registry).toBe(29);
    expect(await put({ registry: null })).toEqual({ areas: { contract: 10010, surveyed: 9870 }, effectiveArea: { source: 'surveyed', centi: 9870 } });
    expect((await put({ surveyed: '' })).effectiveArea).toEqual({ source: 'contract', centi: 10010 });
    expect(ok<UnitView>(await community.get(`/api/units/${unit}`)).effectiveArea).toEqual({ source: 'contract', centi: 10010 });
  });
});

describe('POST /api/units/:id/ownerships and /api/ownerships/:id/end', () => {
  let developer: number;
  let propertyCompany: number;
  beforeAll(async () => {
    developer = await scalar(env, `SELECT id FROM orgs WHERE kind = 'developer' ORDER BY id LIMIT 1`);
    propertyCompany = await scalar(env, `SELECT id FROM orgs WHERE kind = 'property_company' ORDER BY id LIMIT 1`);
  });
  const ownershipCount = (unit: number) => scalar(env, `SELECT count(*) FROM ownerships WHERE unit_id = $1 AND ended_at IS NULL`, [unit]);

  it('needs a session, people.manage and the unit in scope', async () => {
    const body = { personId: p1, basis: 'registered' };
    expectError(await env.anon.post(`/api/units/${units[3]}/ownerships`, body), 401, 'UNAUTHENTICATED');
    for (const c of [pian, property, resident]) expectError(await c.post(`/api/units/${units[3]}/ownerships`, body), 403, 'FORBIDDEN');
    const before = await ownershipCount(unitStreet2);
    expectError(await street.post(`/api/units/${unitStreet2}/ownerships`, { personId: p2, basis: 'registered' }), 403, 'NOT_IN_SCOPE');
    expect(await ownershipCount(unitStreet2)).toBe(before);
  });

  it('refuses bad input and the developer rules of 司法解释 第9条', async () => {
    const unit = units[3];
    const a = (await register(community, unit, 'head')).person.id;
    for (const b of [{}, { personId: a }, { personId: a, basis: 'rented' }, { personId: a, basis: 'registered', since: '2020/01/01' }, { personId: a, basis: 'registered', isVotingDelegate: 'perhaps' }]) {
      expectError(await community.post(`/api/units/${unit}/ownerships`, b), 400, 'VALIDATION_FAILED');
    }
    expectError(await community.post(`/api/units/${unit}/ownerships`, { basis: 'registered' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { personId: a, orgId: developer, basis: 'unsold' }), 400, 'VALIDATION_FAILED');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { orgId: developer, basis: 'registered' }), 400, 'DEVELOPER_ONLY_UNSOLD');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { orgId: propertyCompany, basis: 'unsold' }), 400, 'DEVELOPER_ONLY_UNSOLD');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'unsold' }), 400, 'DEVELOPER_ONLY_UNSOLD');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { orgId: 98765432, basis: 'unsold' }), 404, 'ORG_NOT_FOUND');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { personId: 98765432, basis: 'registered' }), 404, 'PERSON_NOT_FOUND');
    expectError(await community.post(`/api/units/${otherEstate}/ownerships`, { personId: a, basis: 'registered' }), 400, 'NOT_A_UNIT');
    expect(await ownershipCount(unit)).toBe(0);
  });

  it('records owners with an audit entry, once each, and one voting delegate among co-owners', async () => {
    const unit = units[4];
    const a = (await register(community, unit, 'head')).person.id;
    const b = (await register(community, unit, 'spouse')).person.id;
    const seq = await auditHead(env);
    const o = ok<{ id: number }>(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'registered', isVotingDelegate: true, since: '2019-05-01' }));
    const [entry] = await auditSince(env, seq);
    expect(entry).toMatchObject({ action: 'ownership.add', entity: 'ownership', entity_id: String(o.id), after: { unitId: unit, personId: a, basis: 'registered', isVotingDelegate: true, since: '2019-05-01' } });
    expectError(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'lawful_occupation' }), 409, 'ALREADY_OWNER');
    expectError(await community.post(`/api/units/${unit}/ownerships`, { personId: b, basis: 'registered', isVotingDelegate: true }), 409, 'ONE_DELEGATE_ONLY');
    // a buyer in lawful occupation counts as an owner too; as a co-owner without the vote it is fine
    ok(await community.post(`/api/units/${unit}/ownerships`, { personId: b, basis: 'lawful_occupation' }));
    const v = ok<UnitView>(await community.get(`/api/units/${unit}`));
    expect(v.owners.map((x) => [x.personId, x.basis, x.isVotingDelegate, x.since])).toEqual([
      [a, 'registered', true, '2019-05-01'],
      [b, 'lawful_occupation', false, null],
    ]);
    // the developer holds an unsold unit
    const d = ok<{ id: number }>(await community.post(`/api/units/${units[5]}/ownerships`, { orgId: developer, basis: 'unsold' }));
    expect(ok<UnitView>(await community.get(`/api/units/${units[5]}`)).owners).toEqual([
      { id: d.id, personId: null, orgId: developer, name: (await env.database.query<{ name: string }>(`SELECT name FROM orgs WHERE id = $1`, [developer]))[0].name, basis: 'unsold', isVotingDelegate: false, since: null },
    ]);
  });

  it('lets exactly one of two concurrent voting delegates through', async () => {
    const unit = units[6];
    const a = (await register(community, unit, 'head')).person.id;
    const b = (await register(community, unit, 'spouse')).person.id;
    const results = await Promise.all([
      community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'registered', isVotingDelegate: true }),
      street.post(`/api/units/${unit}/ownerships`, { personId: b, basis: 'registered', isVotingDelegate: true }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expectError(results.find((r) => r.statusCode === 409)!, 409, 'ONE_DELEGATE_ONLY');
    expect(await scalar(env, `SELECT count(*) FROM ownerships WHERE unit_id = $1 AND is_voting_delegate AND ended_at IS NULL`, [unit])).toBe(1);
    expect(await ownershipCount(unit)).toBe(1);
  });

  it('does not let a worker record a person from outside their scope as an owner', async () => {
    expectError(await community.post(`/api/units/${units[7]}/ownerships`, { personId: p1b, basis: 'registered' }), 403, 'NOT_IN_SCOPE');
    expect(await ownershipCount(units[7])).toBe(0);
    expectError(await community.get(`/api/people/${p1b}`), 403, 'NOT_IN_SCOPE');
  });

  it('ends an ownership, freeing the vote for a co-owner', async () => {
    const unit = units[8];
    const a = (await register(community, unit, 'head')).person.id;
    const b = (await register(community, unit, 'spouse')).person.id;
    const o = ok<{ id: number }>(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'registered', isVotingDelegate: true }));
    const url = `/api/ownerships/${o.id}/end`;
    expectError(await env.anon.post(url, { endedAt: '2026-01-31' }), 401, 'UNAUTHENTICATED');
    expectError(await pian.post(url, { endedAt: '2026-01-31' }), 403, 'FORBIDDEN');
    const theirs = await scalar(env, `SELECT o.id FROM ownerships o JOIN places u ON u.id = o.unit_id WHERE o.ended_at IS NULL AND u.path LIKE (SELECT path FROM places WHERE id = $1) || '%' ORDER BY o.id LIMIT 1`, [community2]);
    expectError(await street.post(`/api/ownerships/${theirs}/end`, { endedAt: '2026-01-31' }), 403, 'NOT_IN_SCOPE');
    expect(await scalar(env, `SELECT count(*) FROM ownerships WHERE id = $1 AND ended_at IS NULL`, [theirs])).toBe(1);
    for (const b2 of [{}, { endedAt: '31.01.2026' }, { endedAt: '2026-02-30' }]) expectError(await community.post(url, b2), 400, 'VALIDATION_FAILED');
    expectError(await community.post('/api/ownerships/98765432/end', { endedAt: '2026-01-31' }), 404, 'OWNERSHIP_NOT_FOUND');

    const seq = await auditHead(env);
    expect(ok<{ ok: boolean }>(await community.post(url, { endedAt: '2026-01-31' })).ok).toBe(true);
    expect((await auditSince(env, seq))[0]).toMatchObject({ action: 'ownership.end', entity_id: String(o.id), after: { endedAt: '2026-01-31' } });
    const r = await env.database.query<{ ended: string; is_voting_delegate: boolean }>(`SELECT to_char(ended_at, 'YYYY-MM-DD') AS ended, is_voting_delegate FROM ownerships WHERE id = $1`, [o.id]);
    expect(r[0]).toEqual({ ended: '2026-01-31', is_voting_delegate: false });
    expectError(await community.post(url, { endedAt: '2026-02-01' }), 404, 'OWNERSHIP_NOT_FOUND');
    ok(await community.post(`/api/units/${unit}/ownerships`, { personId: b, basis: 'registered', isVotingDelegate: true }));
    // the former owner may own it again later
    ok(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'registered' }));
  });

  it('refuses to end an ownership before it began', async () => {
    const unit = units[9];
    const a = (await register(community, unit, 'head')).person.id;
    const o = ok<{ id: number }>(await community.post(`/api/units/${unit}/ownerships`, { personId: a, basis: 'registered', since: '2020-05-01' }));
    expectError(await community.post(`/api/ownerships/${o.id}/end`, { endedAt: '2020-04-30' }), 400, 'OWNERSHIP_ENDS_BEFORE_START');
    expect(await scalar(env, `SELECT count(*) FROM ownerships WHERE id = $1 AND ended_at IS NULL`, [o.id])).toBe(1);
    expect(ok<{ ok: boolean }>(await community.post(`/api/ownerships/${o.id}/end`, { endedAt: '2020-05-01' })).ok).toBe(true);
  });
});

describe('GET /api/me/export', () => {
  it('needs a session', async () => {
    expectError(await env.anon.get('/api/me/export'), 401, 'UNAUTHENTICATED');
  });

  it('gives the resident everything held about them, with the full ID number, and audits the export', async () => {
    const personId = await scalar(env, `SELECT person_id FROM users WHERE username = 'resident'`);
    const unit = await grantPlace('resident');
    const seq = await auditHead(env);
    const res = await resident.get('/api/me/export');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
    const body = ok<{
      person: (PersonDto & { idNumber: string | null }) | null;
      households: { householdId: number; relation: string; unitId: number }[];
      ownerships: { unitId: number; basis: string; isVotingDelegate: boolean; since: string | null }[];
      exportedAt: string;
    }>(res);
    const stored = await storedPerson(personId);
    expect(body.person).toMatchObject({ id: personId, name: stored.name, phone: stored.phone, idNumberMask: stored.id_number_mask });
    expect(body.person!.idNumber).toBe(env.ctx.pii.decrypt(stored.id_number_enc!));
    expect(body.person).not.toHaveProperty('idNumberEnc');
    expect(res.body).not.toContain('v1:');
    expect(body.households.map((h) => Number(h.unitId))).toContain(unit);
    expect(body.households).toHaveLength(await scalar(env, `SELECT count(*) FROM household_members WHERE person_id = $1`, [personId]));
    expect(body.ownerships).toHaveLength(await scalar(env, `SELECT count(*) FROM ownerships WHERE person_id = $1 AND ended_at IS NULL`, [personId]));
    expect(Math.abs(Date.parse(body.exportedAt) - Date.now())).toBeLessThan(60_000);
    const audit = await auditSince(env, seq);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'person.export', entity: 'person', entity_id: String(personId), actor_user_id: await userId(env, 'resident') });
    expect(JSON.stringify(audit[0])).not.toContain(body.person!.idNumber!);
  });

  it('gives an office account without a person record an empty export', async () => {
    const body = ok<{ person: null; households: unknown[]; ownerships: unknown[] }>(await admin.get('/api/me/export'));
    expect(body.person).toBeNull();
    expect(body.households).toEqual([]);
    expect(body.ownerships).toEqual([]);
  });
});
