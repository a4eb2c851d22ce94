// PostgreSQL only: a move of a subtree that waits on a concurrent insert under it must carry the
// new child along (the move locks the subtree's rows before rewriting their paths).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../src/test/harness';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('tests/tree-race.test.ts skipped: needs PostgreSQL (TEST_DATABASE_URL)');

describe.skipIf(!url)('moving a subtree while a child is being added under it', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('the child added by the other transaction moves with its parent', async () => {
    const admin = await env.login('admin');
    const [estate] = await env.database.query<{ id: number; version: number; parent_id: number }>(
      `SELECT id, version, parent_id FROM places WHERE kind = 'estate' ORDER BY id LIMIT 1`,
    );
    const [target] = await env.database.query<{ id: number; path: string }>(
      `SELECT id, path FROM places WHERE kind = 'community' AND id <> $1 ORDER BY id LIMIT 1`,
      [estate.parent_id],
    );
    const [building] = await env.database.query<{ id: number; path: string; depth: number }>(
      `SELECT id, path, depth FROM places WHERE parent_id = $1 ORDER BY id LIMIT 1`,
      [estate.id],
    );

    // another writer holds the building (as createPlace does) and adds an entrance under it
    const other = await env.database.pool!.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM places WHERE id = $1 FOR UPDATE', [building.id]);
      const moving = admin.post(`/api/places/${estate.id}/move`, { newParentId: Number(target.id), version: estate.version });
      await new Promise((r) => setTimeout(r, 300)); // the move is now waiting on the building's lock
      await other.query(
        `WITH n AS (SELECT nextval('places_id_seq') AS id)
         INSERT INTO places (id, parent_id, kind, name, path, depth) SELECT n.id, $1, 'entrance', '竞争单元', $2 || n.id || '/', $3 FROM n`,
        [building.id, building.path, Number(building.depth) + 1],
      );
      await other.query('COMMIT');
      const res = await moving;
      expect(res.statusCode).toBe(200);
    } finally {
      other.release();
    }
    const [child] = await env.database.query<{ path: string }>(`SELECT path FROM places WHERE name = '竞争单元'`);
    const [movedBuilding] = await env.database.query<{ path: string }>(`SELECT path FROM places WHERE id = $1`, [building.id]);
    expect(movedBuilding.path.startsWith(target.path)).toBe(true);
    expect(child.path.startsWith(movedBuilding.path)).toBe(true);
  });
});
