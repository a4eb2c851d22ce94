// SQL fragments shared by repositories.
import { sql, type SQL } from 'drizzle-orm';

/**
 * A timestamptz as ISO 8601 text in UTC ('2026-11-22T04:00:40.292Z'). Raw queries through Drizzle
 * return timestamps as PostgreSQL text; API responses promise ISO 8601.
 */
export function isoTime(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Element types an array literal is built for (numbers and booleans bare, everything else quoted). */
export type ArrayType = 'bigint' | 'text' | 'int' | 'smallint' | 'jsonb' | 'boolean' | 'date';

const NEEDS_QUOTE = /["\\]/g;

/** A PostgreSQL array literal ('{1,2,NULL}', '{"a","b"}') for one column slice. */
export function arrayLiteral(values: readonly unknown[], type: ArrayType): string {
  const parts = new Array<string>(values.length);
  if (type === 'bigint' || type === 'int' || type === 'smallint') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      parts[i] = v === null || v === undefined ? 'NULL' : String(v);
    }
  } else if (type === 'boolean') {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      parts[i] = v === null || v === undefined ? 'NULL' : v ? 't' : 'f';
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) parts[i] = 'NULL';
      else {
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        parts[i] = `"${s.replace(NEEDS_QUOTE, '\\$&')}"`;
      }
    }
  }
  return `{${parts.join(',')}}`;
}
