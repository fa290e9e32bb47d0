import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';

export interface DatabaseOptions {
  url: string;
  poolMin?: number;
  poolMax?: number;
  statementTimeoutMs?: number;
  acquireTimeoutMs?: number;
  /** Told about connection-level failures that happen while no query is waiting on the connection. */
  onConnectionError?: (err: Error) => void;
  /** Where Knex's own warnings go (e.g. failed connection attempts); console by default. */
  onKnexLog?: (level: 'warn' | 'error' | 'deprecate' | 'debug', message: unknown) => void;
}

export type Database = Knex;

export function connectDatabase(options: DatabaseOptions): Database {
  const onConnectionError = options.onConnectionError ?? ((err) => console.error(JSON.stringify({
    level: 'warn', msg: 'database connection error', error: err.message,
  })));
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.url,
      // Bounds every statement server-side, so a stuck query frees its connection
      // and surfaces as 57014 (mapped to 503) rather than hanging the request.
      statement_timeout: options.statementTimeoutMs ?? 5_000,
      connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
      application_name: 'charter-users-service',
    },
    pool: {
      min: options.poolMin ?? 0,
      max: options.poolMax ?? 10,
      afterCreate(connection: pg.Client, done: (err: Error | null, connection: pg.Client) => void) {
        // A pg client with no 'error' listener turns a server-side disconnect
        // (restart, idle kill, failover) into an uncaught exception that ends the process.
        connection.on('error', onConnectionError);
        done(null, connection);
      },
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 5_000,
    ...(options.onKnexLog && {
      log: {
        warn: (message: unknown) => options.onKnexLog!('warn', message),
        error: (message: unknown) => options.onKnexLog!('error', message),
        deprecate: (message: unknown) => options.onKnexLog!('deprecate', message),
        debug: (message: unknown) => options.onKnexLog!('debug', message),
      },
    }),
  });
}

/** Proves the database answers, so startup fails fast with a clear message instead of on the first request. */
export async function checkDatabase(db: Database): Promise<void> {
  await db.raw('select 1');
}

/** The URL with its password masked, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
