import type { Knex } from 'knex';
import { createApp, type AppOptions } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen } from '../../service/src/http/server.ts';
import { createLogger, type Logger } from '../../service/src/logger.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestService {
  /** The origin, e.g. http://127.0.0.1:41234, for requests outside the API's base path. */
  origin: string;
  /** The API root, `${origin}/v1`. */
  baseUrl: string;
  db: Knex;
  database: TestDatabase;
  /** Log lines the service wrote, parsed, so tests can assert on what was logged. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export type TestServiceOptions = Partial<Pick<AppOptions, 'avatars' | 'idempotency' | 'bodyLimitBytes' | 'validateResponses'>> & {
  statementTimeoutMs?: number;
  onConnectionError?: (err: Error) => void;
};

/** The real service on a fresh database, listening on a free port. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const database = await createTestDatabase({
    statementTimeoutMs: options.statementTimeoutMs,
    onConnectionError: options.onConnectionError,
  });
  try {
    await migrateToLatest(database.knex);
    const logs: Array<Record<string, unknown>> = [];
    const logger: Logger = createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
    const app = createApp({
      db: database.knex,
      logger,
      validateResponses: options.validateResponses ?? true,
      bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024,
      avatars: options.avatars,
      idempotency: options.idempotency,
    });
    const running = await listen(app, 0, '127.0.0.1');
    const origin = `http://127.0.0.1:${running.port}`;
    return {
      origin,
      baseUrl: `${origin}/v1`,
      db: database.knex,
      database,
      logs,
      async close() {
        await running.close(1_000);
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
