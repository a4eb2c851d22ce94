// SQL fragments shared by repositories.
import { sql, type SQL } from 'drizzle-orm';

/**
 * A timestamptz as ISO 8601 text in UTC ('2026-11-22T04:00:40.292Z'). Raw queries through Drizzle
 * return timestamps as PostgreSQL text; API responses promise ISO 8601.
 */
export function isoTime(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
