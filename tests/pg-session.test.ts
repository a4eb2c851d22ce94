// PostgreSQL only: every pooled connection pins the date format and time zone, whatever the
// server's defaults, because timestamps cross Drizzle's raw queries as text.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../src/core/db/client';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('tests/pg-session.test.ts skipped: needs PostgreSQL (TEST_DATABASE_URL)');

describe.skipIf(!url)('PostgreSQL session settings', () => {
  it('uses ISO dates and UTC even when the role defaults to something else', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const role = `gz_ds_${process.pid}`;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`ALTER ROLE ${role} SET datestyle = 'SQL, DMY'`);
    await admin.query(`ALTER ROLE ${role} SET timezone = 'Asia/Shanghai'`);
    const asRole = url!.replace(/\/\/[^@/]*@/, `//${role}@`);
    try {
      const plain = new pg.Client({ connectionString: asRole });
      await plain.connect();
      expect((await plain.query('SHOW datestyle')).rows[0].DateStyle).toBe('SQL, DMY');
      await plain.end();
      const database = await openDatabase({ databaseUrl: asRole, poolSize: 1 });
      const [ds] = await database.query<{ DateStyle: string }>('SHOW datestyle');
      const [tz] = await database.query<{ TimeZone: string }>('SHOW timezone');
      expect(ds.DateStyle).toBe('ISO, MDY');
      expect(tz.TimeZone).toBe('UTC');
      await database.close();
    } finally {
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
