// Reading PostgreSQL errors through the drivers: Drizzle wraps the driver's error in `cause`.
import { AppError } from '../errors';

interface PgLike {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** The first PostgreSQL SQLSTATE and constraint name found on the error or its causes. */
export function pgError(err: unknown): { code: string; constraint: string | null } | null {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const { code, constraint, cause } = e as PgLike;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { code, constraint: typeof constraint === 'string' ? constraint : null };
    e = cause;
  }
  return null;
}

/**
 * A `.catch` handler: a unique violation becomes the AppError named for its constraint (or the
 * '*' entry); anything else is thrown on unchanged.
 */
export function onUnique(codes: Record<string, string>): (err: unknown) => never {
  return (err: unknown) => {
    const pg = pgError(err);
    if (pg?.code === '23505') {
      const code = (pg.constraint && codes[pg.constraint]) ?? codes['*'];
      if (code) throw new AppError(code);
    }
    throw err;
  };
}
