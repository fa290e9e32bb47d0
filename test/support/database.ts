import { createScratchDatabase, type ScratchDatabase } from '../../service/src/db/scratch-database.ts';

export type TestDatabase = ScratchDatabase;

export interface TestDatabaseOptions {
  statementTimeoutMs?: number;
  onConnectionError?: (err: Error) => void;
}

/**
 * A fresh, uniquely named database for one test file, so files can run in parallel without
 * seeing each other's rows: on DATABASE_URL's server when set (it must answer), else on
 * 127.0.0.1:5432, else on an embedded PostgreSQL. TEST_DATABASE=embedded forces the embedded
 * fallback. When none can be had the test fails with the reason; it never passes silently.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const forceEmbedded = process.env.TEST_DATABASE === 'embedded';
  return createScratchDatabase({
    prefix: 'charter_t',
    serverUrl: process.env.DATABASE_URL || undefined,
    forceEmbedded,
    statementTimeoutMs: options.statementTimeoutMs,
    onConnectionError: options.onConnectionError,
  });
}
