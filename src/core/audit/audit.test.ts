// The audit ledger: scoped reading with filters and keyset paging, tamper detection through the
// API, the library call and the audit:verify command, and a gap-free chain under concurrent writes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, expectError, freshDatabase, TEST_PII_KEY, type Client, type TestEnv } from '../../test/harness';
import { openDatabase, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { entryHash, recordAudit, verifyAuditChain, type StoredEntry } from './ledger';
import { auditHeadSeq, count, grantPlaceOf, otherPlace, pathOf, placeUnder, userIdOf } from '../../../tests/helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let env: TestEnv;
let admin: Client;
let street: Client;
let street1: number;
let street2: number;
let s1Path: string;
let renamed1Seq: number; // a place.edit inside street 1
let renamed2Seq: number; // a place.edit inside street 2

interface Entry {
  seq: number;
  at: string;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  placePath: string | null;
  after: unknown;
  hash: string;
}
interface Page {
  items: Entry[];
  nextBeforeSeq: number | null;
}

async function rename(client: Client, id: number, name: string) {
  const [{ version }] = await env.database.query<{ version: number }>(`SELECT version FROM places WHERE id = $1`, [id]);
  const res = await client.patch(`/api/places/${id}`, { version, name });
  if (res.statusCode !== 200) throw new Error(`rename ${id}: ${res.statusCode} ${res.body}`);
  return res;
}

async function seqOf(action: string, entityId: number): Promise<number> {
  const r = await env.database.query<{ seq: number }>(`SELECT max(seq) AS seq FROM audit_log WHERE action = $1 AND entity_id = $2`, [action, String(entityId)]);
  return Number(r[0].seq);
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, street] = await Promise.all([env.login('admin'), env.login('street')]);
  street1 = await grantPlaceOf(env, 'street');
  street2 = await otherPlace(env, 'street', street1);
  s1Path = await pathOf(env, street1);
  const b1 = await placeUnder(env, 'building', street1);
  const b2 = await placeUnder(env, 'building', street2);
  await rename(admin, b1, '甲栋');
  await rename(admin, b2, '乙栋');
  await rename(street, await placeUnder(env, 'estate', street1), '和风苑');
  renamed1Seq = await seqOf('place.edit', b1);
  renamed2Seq = await seqOf('place.edit', b2);
});
afterAll(async () => env?.close());

describe('GET /api/audit', () => {
  it('answers 401 without a session and 403 without audit.view', async () => {
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit/head']) {
      expectError(await env.anon.get(url), 401, 'UNAUTHENTICATED');
      const res = await (await env.login('community')).get(url);
      expectError(res, 403, 'FORBIDDEN');
      expect(res.json().error.details).toEqual({ permission: 'audit.view' });
    }
  });

  it('rejects bad filters', async () => {
    for (const q of ['limit=0', 'limit=201', 'actorUserId=abc', 'actorUserId=0', 'from=yesterday', 'to=2026-13-01', 'beforeSeq=0', `action=${'a'.repeat(61)}`]) {
      expectError(await admin.get(`/api/audit?${q}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('shows a street admin only entries about places in their street', async () => {
    const res = await street.get('/api/audit?limit=200');
    expect(res.statusCode).toBe(200);
    const page = res.json() as Page;
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toContain(renamed1Seq);
    expect(seqs).not.toContain(renamed2Seq);
    for (const e of page.items) expect(e.placePath!.startsWith(s1Path)).toBe(true);
    expect(page.items.length).toBe(await count(env, `SELECT count(*)::int AS n FROM audit_log WHERE place_path LIKE $1`, [s1Path + '%']));
    const all = ((await admin.get('/api/audit?limit=200')).json() as Page).items.map((e) => e.seq);
    expect(all).toEqual(expect.arrayContaining([renamed1Seq, renamed2Seq]));
  });

  it('returns newest first with the stored fields', async () => {
    const items = ((await admin.get('/api/audit?limit=200')).json() as Page).items;
    expect(items.map((e) => e.seq)).toEqual([...items.map((e) => e.seq)].sort((a, b) => b - a));
    const e = items.find((x) => x.seq === renamed1Seq)!;
    const stored = await env.database.query<{ hash: string }>(`SELECT hash FROM audit_log WHERE seq = $1`, [renamed1Seq]);
    expect(e).toMatchObject({ action: 'place.edit', entity: 'place', actorUserId: await userIdOf(env, 'admin'), hash: stored[0].hash });
    expect((e.after as { name: string }).name).toBe('甲栋');
  });

  it('filters by action prefix, entity, entity id, actor and time', async () => {
    const byAction = ((await admin.get('/api/audit?action=place.&limit=200')).json() as Page).items;
    expect(byAction.map((e) => e.seq).sort()).toEqual([renamed1Seq, renamed2Seq, await seqOf('place.edit', await placeUnder(env, 'estate', street1))].sort());
    // LIKE wildcards in the filter are taken literally
    expect(((await admin.get('/api/audit?action=%25')).json() as Page).items).toEqual([]);
    expect(((await admin.get('/api/audit?action=place_edit')).json() as Page).items).toEqual([]);

    const b1 = await placeUnder(env, 'building', street1);
    const byEntity = ((await admin.get(`/api/audit?entity=place&entityId=${b1}`)).json() as Page).items;
    expect(byEntity.map((e) => e.seq)).toEqual([renamed1Seq]);

    const streetId = await userIdOf(env, 'street');
    const byActor = ((await admin.get(`/api/audit?actorUserId=${streetId}&limit=200`)).json() as Page).items;
    expect(byActor.length).toBeGreaterThan(0);
    for (const e of byActor) expect(e.actorUserId).toBe(streetId);

    const target = byEntity[0];
    const at = new Date(target.at);
    const window = `from=${encodeURIComponent(at.toISOString())}&to=${encodeURIComponent(new Date(at.getTime() + 1).toISOString())}&entityId=${b1}`;
    expect(((await admin.get(`/api/audit?${window}`)).json() as Page).items.map((e) => e.seq)).toEqual([renamed1Seq]);
    const later = encodeURIComponent(new Date(at.getTime() + 1).toISOString());
    expect(((await admin.get(`/api/audit?from=${later}&entityId=${b1}`)).json() as Page).items).toEqual([]);
    expect(((await admin.get(`/api/audit?to=${encodeURIComponent(at.toISOString())}&entityId=${b1}`)).json() as Page).items).toEqual([]);
  });

  it('pages with beforeSeq: no entry twice, none skipped', async () => {
    for (let i = 0; i < 4; i++) await rename(admin, await placeUnder(env, 'building', street2, i + 1), `翻页${i}号楼`);
    const whole = ((await admin.get('/api/audit?limit=200')).json() as Page).items.map((e) => e.seq);
    expect(whole.length).toBeGreaterThan(4);
    const walked: number[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const page: Page = (await admin.get(`/api/audit?limit=2${before ? `&beforeSeq=${before}` : ''}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.items.map((e) => e.seq));
      before = page.nextBeforeSeq;
      if (before !== null) expect(before).toBe(page.items.at(-1)!.seq);
      pages++;
    } while (before !== null && pages < 100);
    expect(walked).toEqual(whole);
  });

  it('reports the chain head', async () => {
    const res = await admin.get('/api/audit/head');
    expect(res.statusCode).toBe(200);
    const [last] = await env.database.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    expect(res.json()).toEqual({ seq: Number(last.seq), hash: last.hash });
  });
});

describe('tamper detection', () => {
  async function verifyBoth() {
    const res = await street.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    const lib = await verifyAuditChain(env.database.db);
    expect(res.json()).toEqual(lib);
    return lib;
  }
  async function saveRow(seq: number): Promise<string> {
    const r = await env.database.query<{ j: string }>(`SELECT row_to_json(a)::text AS j FROM audit_log a WHERE seq = $1`, [seq]);
    return r[0].j;
  }
  async function restoreRow(json: string) {
    await env.database.query(`INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1::json)`, [json]);
  }

  it('an untouched chain verifies', async () => {
    const head = await auditHeadSeq(env);
    expect(await verifyBoth()).toEqual({ ok: true, checked: head, headSeq: head });
  });

  it('finds an entry whose content was edited, at that exact seq', async () => {
    const seq = renamed1Seq;
    expect(seq).toBeLessThan(await auditHeadSeq(env));
    const [orig] = await env.database.query<{ after: string }>(`SELECT after::text AS after FROM audit_log WHERE seq = $1`, [seq]);
    await env.database.query(`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"篡改栋"') WHERE seq = $1`, [seq]);
    const r = await verifyBoth();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ seq, reason: 'content does not match its hash (the entry was edited)' });
    expect(r.checked).toBe(seq - 1);
    await env.database.query(`UPDATE audit_log SET after = $2::jsonb WHERE seq = $1`, [seq, orig.after]);
    expect((await verifyBoth()).ok).toBe(true);
  });

  it('finds an entry rewritten together with its own hash, at the next link', async () => {
    const seq = renamed1Seq;
    const saved = await saveRow(seq);
    const [row] = await env.database.query<{ at: Date | string; actor_user_id: number; actor_name: string; entity_id: string; place_path: string; before: unknown; after: Record<string, unknown>; ip: string | null; prev_hash: string }>(
      `SELECT at, actor_user_id, actor_name, entity_id, place_path, before, after, ip, prev_hash FROM audit_log WHERE seq = $1`,
      [seq],
    );
    const forged: StoredEntry = {
      seq,
      at: new Date(row.at),
      actorUserId: Number(row.actor_user_id),
      actorName: row.actor_name,
      action: 'place.edit',
      entity: 'place',
      entityId: row.entity_id,
      placePath: row.place_path,
      before: row.before,
      after: { ...row.after, name: '伪造栋' },
      ip: row.ip,
      prevHash: row.prev_hash,
    };
    await env.database.query(`UPDATE audit_log SET after = $2::jsonb, hash = $3 WHERE seq = $1`, [seq, JSON.stringify(forged.after), entryHash(forged)]);
    const r = await verifyBoth();
    expect(r.firstBroken).toEqual({ seq: seq + 1, reason: 'prev_hash does not match the hash of the entry before' });
    await env.database.query(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
    await restoreRow(saved);
    expect((await verifyBoth()).ok).toBe(true);
  });

  it('reports a deleted middle entry as missing', async () => {
    const seq = renamed2Seq;
    const saved = await saveRow(seq);
    await env.database.query(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
    const r = await verifyBoth();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ seq, reason: 'entry missing' });
    expect(r.checked).toBe(seq - 1);
    await restoreRow(saved);
    expect((await verifyBoth()).ok).toBe(true);
  });

  it('reports a deleted last entry: the chain ends before the recorded head', async () => {
    const head = await auditHeadSeq(env);
    const saved = await saveRow(head);
    await env.database.query(`DELETE FROM audit_log WHERE seq = $1`, [head]);
    const r = await verifyBoth();
    expect(r).toEqual({ ok: false, checked: head - 1, headSeq: head, firstBroken: { seq: head, reason: 'chain ends before the recorded head (entries removed)' } });
    await restoreRow(saved);
    expect((await verifyBoth()).ok).toBe(true);
  });
});

describe('npm run audit:verify', () => {
  function runVerify(extraEnv: Record<string, string>): Promise<{ code: number | string | undefined; stdout: string; stderr: string }> {
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['DATABASE_URL', 'GONGZHI_PII_KEY', 'DATA_DIR'].includes(k)) childEnv[k] = v;
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: ROOT, env: { ...childEnv, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (err.code ?? undefined) : 0, stdout, stderr });
      });
    });
  }

  async function writeEntries(db: Database, n: number) {
    for (let i = 1; i <= n; i++) {
      await db.db.transaction((tx) => recordAudit(tx, { userId: null, name: 'test' }, { action: 'test.write', entity: 'thing', entityId: i, placePath: '/1/', after: { i } }));
    }
  }

  it('exits 1 and prints the broken seq after tampering', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-audit-'));
    let target: Record<string, string>;
    let open: () => Promise<Database>;
    let cleanup = async () => undefined as void;
    if (process.env.TEST_DATABASE_URL) {
      const fresh = await freshDatabase();
      await fresh.database.close();
      const sep = fresh.url!.includes('?') ? '&' : '?';
      const url = `${fresh.url}${sep}options=${encodeURIComponent(`-c search_path=${fresh.schema}`)}`;
      target = { DATABASE_URL: url, GONGZHI_PII_KEY: TEST_PII_KEY.toString('hex'), DATA_DIR: dataDir };
      open = () => openDatabase({ databaseUrl: fresh.url, searchPath: fresh.schema, poolSize: 2 });
      cleanup = fresh.dropSchema;
    } else {
      target = { DATA_DIR: dataDir };
      open = () => openDatabase({ dataDir });
    }
    try {
      const db = await open();
      await migrate(db);
      await writeEntries(db, 5);
      expect((await verifyAuditChain(db.db)).ok).toBe(true);
      await db.query(`UPDATE audit_log SET after = '{"i": 33}'::jsonb WHERE seq = 3`);
      await db.close();
      const broken = await runVerify(target);
      expect(broken.stderr).toBe('');
      expect(broken.stdout).toContain('audit chain BROKEN at entry 3: content does not match its hash');
      expect(broken.stdout).toContain('(2 entries checked before it)');
      expect(broken.code).toBe(1);
    } finally {
      await cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('concurrent writes', () => {
  it('20 simultaneous writes from different users and routes leave a gap-free chain that verifies', async () => {
    const before = await auditHeadSeq(env);
    const buildings = await env.database.query<{ id: number; version: number }>(
      `SELECT id, version FROM places WHERE kind = 'building' ORDER BY id DESC LIMIT 12`,
    );
    expect(buildings).toHaveLength(12);
    const entrances = await env.database.query<{ id: number }>(`SELECT id FROM places WHERE kind = 'entrance' AND path LIKE $1 ORDER BY id LIMIT 8`, [s1Path + '%']);
    expect(entrances).toHaveLength(8);
    const created = await admin.post('/api/users', { username: 'chain.target', displayName: '链测试', grant: { role: 'zu_zhang', placeId: await placeUnder(env, 'building', street1) } });
    expect(created.statusCode).toBe(200);
    const userId = created.json().id as number;
    const start = await auditHeadSeq(env);
    expect(start).toBe(before + 2);

    const writes = [
      ...buildings.map((b, i) => admin.patch(`/api/places/${b.id}`, { version: b.version, name: `并发${i}号楼` })),
      ...entrances.map((e, i) => (i % 2 ? street : admin).post(`/api/users/${userId}/roles`, { role: 'lin_zhang', placeId: Number(e.id) })),
    ];
    const results = await Promise.all(writes);
    expect(results.map((r) => r.statusCode)).toEqual(new Array(20).fill(200));

    expect(await auditHeadSeq(env)).toBe(start + 20);
    const rows = await env.database.query<{ seq: number; action: string }>(`SELECT seq, action FROM audit_log WHERE seq > $1 ORDER BY seq`, [start]);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    expect(rows.filter((r) => r.action === 'place.edit')).toHaveLength(12);
    expect(rows.filter((r) => r.action === 'user.role.grant')).toHaveLength(8);
    const r = await verifyAuditChain(env.database.db);
    expect(r).toEqual({ ok: true, checked: start + 20, headSeq: start + 20 });
  });
});
