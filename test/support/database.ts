import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Knex } from 'knex';
import { connectDatabase } from '../../service/src/db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../service/src/db/embedded.ts';

export interface TestDatabase {
  url: string;
  name: string;
  knex: Knex;
  /** Destroys the pool and drops the database. */
  drop(): Promise<void>;
}

/** The developer/CI PostgreSQL we try before falling back to an embedded one. */
const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Server {
  /** URL of an existing database on the server, used to create and drop test databases. */
  adminUrl: string;
  urlFor(database: string): string;
  release(): Promise<void>;
}

function replaceDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Undefined when PostgreSQL at `url` answers; otherwise why it did not. */
async function connectionError(url: string): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return err as Error;
  } finally {
    await client.end().catch(() => {});
  }
}

let embedded: { cluster: Promise<EmbeddedDatabase>; dir: string; users: number } | undefined;

async function useEmbedded(): Promise<Server> {
  if (!embedded) {
    const dir = await mkdtemp(path.join(tmpdir(), 'charter-test-pg-'));
    // mkdtemp makes the folder private to us; when we are root, PostgreSQL runs as the 'postgres'
    // user and must be able to reach the data directory inside it.
    await chmod(dir, 0o755);
    embedded = { dir, users: 0, cluster: startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false }) };
  }
  const current = embedded;
  current.users += 1;
  let cluster: EmbeddedDatabase;
  try {
    cluster = await current.cluster;
  } catch (err) {
    if (embedded === current) embedded = undefined;
    await rm(current.dir, { recursive: true, force: true });
    throw err;
  }
  return {
    adminUrl: cluster.urlFor('postgres'),
    urlFor: cluster.urlFor,
    async release() {
      current.users -= 1;
      if (current.users > 0) return;
      if (embedded === current) embedded = undefined;
      await cluster.stop();
      await rm(current.dir, { recursive: true, force: true });
    },
  };
}

async function findServer(): Promise<Server> {
  // TEST_DATABASE=embedded skips the servers below, to exercise the fallback CI machines without PostgreSQL take.
  const forceEmbedded = process.env.TEST_DATABASE === 'embedded';
  const configured = forceEmbedded ? undefined : process.env.DATABASE_URL;
  if (configured) {
    const failure = await connectionError(configured);
    if (failure) throw new Error(`DATABASE_URL is set but PostgreSQL there cannot be reached: ${failure.message}`);
    return { adminUrl: configured, urlFor: (db) => replaceDatabase(configured, db), release: async () => {} };
  }
  if (!forceEmbedded && (await connectionError(LOCAL_ADMIN_URL)) === undefined) {
    return { adminUrl: LOCAL_ADMIN_URL, urlFor: (db) => replaceDatabase(LOCAL_ADMIN_URL, db), release: async () => {} };
  }
  try {
    return await useEmbedded();
  } catch (err) {
    throw new Error(
      'No PostgreSQL for integration tests: DATABASE_URL is unset, nothing answers at 127.0.0.1:5432 ' +
        `(user postgres, database test), and embedded PostgreSQL failed to start: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database for one test file, so files can run in parallel
 * without seeing each other's rows.
 */
export interface TestDatabaseOptions {
  statementTimeoutMs?: number;
  onConnectionError?: (err: Error) => void;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = await findServer();
  const name = `charter_t_${randomBytes(6).toString('hex')}`;
  try {
    await adminQuery(server.adminUrl, `create database "${name}"`);
  } catch (err) {
    await server.release();
    throw new Error(`Could not create test database ${name}: ${(err as Error).message}`, { cause: err });
  }
  const url = server.urlFor(name);
  const knex = connectDatabase({
    url,
    poolMax: 5,
    statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
    onConnectionError: options.onConnectionError ?? (() => {}),
    // Tests assert on outcomes; Knex's console warnings about connections they kill on purpose are noise.
    onKnexLog: () => {},
  });
  let dropped = false;
  return {
    url,
    name,
    knex,
    async drop() {
      if (dropped) return;
      dropped = true;
      await knex.destroy();
      // FORCE ends any connection a failed test left behind, so the drop cannot hang.
      await adminQuery(server.adminUrl, `drop database if exists "${name}" with (force)`);
      await server.release();
    },
  };
}
