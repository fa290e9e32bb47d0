/**
 * Throwaway databases: a uniquely named database on a PostgreSQL server, migrated or not by the
 * caller, dropped again when done. Used by the tests (one database per test file) and by
 * `charter verify` (the service it replays pacts against). The server is the one named, else the
 * developer/CI server at 127.0.0.1:5432, else an embedded cluster shared by every scratch
 * database of this process and stopped with the last of them.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Knex } from 'knex';
import { connectDatabase } from './connection.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';

export interface ScratchDatabase {
  url: string;
  name: string;
  knex: Knex;
  /** Destroys the pool and drops the database (and the embedded cluster with its last user). */
  drop(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** A server whose user may create databases. When set it must answer; nothing else is tried. */
  serverUrl?: string;
  /** Skip the servers and use an embedded cluster (to exercise the fallback machines without PostgreSQL take). */
  forceEmbedded?: boolean;
  /** Database name prefix, e.g. `charter_t` → `charter_t_1a2b3c4d5e6f`. */
  prefix: string;
  statementTimeoutMs?: number;
  onConnectionError?: (err: Error) => void;
}

/** The developer/CI PostgreSQL tried before falling back to an embedded one. */
export const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Server {
  adminUrl: string;
  urlFor(database: string): string;
  release(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Undefined when PostgreSQL at `url` answers; otherwise why it did not. */
async function connectionError(url: string): Promise<Error | undefined> {
  try {
    await adminQuery(url, 'select 1');
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

let embedded: { cluster: Promise<EmbeddedDatabase>; dir: string; users: number } | undefined;

async function useEmbedded(): Promise<Server> {
  if (!embedded) {
    const dir = await mkdtemp(path.join(tmpdir(), 'charter-scratch-pg-'));
    // mkdtemp makes the folder private; when we are root, PostgreSQL runs as the 'postgres' user
    // and must be able to reach the data directory inside it.
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

async function findServer(options: ScratchDatabaseOptions): Promise<Server> {
  const named = options.forceEmbedded ? undefined : options.serverUrl;
  if (named) {
    const failure = await connectionError(named);
    if (failure) throw new Error(`PostgreSQL at ${new URL(named).host} cannot be reached: ${failure.message}`);
    return { adminUrl: named, urlFor: (db) => withDatabase(named, db), release: async () => {} };
  }
  if (!options.forceEmbedded && (await connectionError(LOCAL_SERVER_URL)) === undefined) {
    return { adminUrl: LOCAL_SERVER_URL, urlFor: (db) => withDatabase(LOCAL_SERVER_URL, db), release: async () => {} };
  }
  try {
    return await useEmbedded();
  } catch (err) {
    throw new Error(
      'No PostgreSQL: no server URL was given, nothing answers at 127.0.0.1:5432 (user postgres, database test), ' +
        `and embedded PostgreSQL failed to start: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

export async function createScratchDatabase(options: ScratchDatabaseOptions): Promise<ScratchDatabase> {
  const server = await findServer(options);
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await adminQuery(server.adminUrl, `create database "${name}"`);
  } catch (err) {
    await server.release();
    throw new Error(`Could not create database ${name}: ${(err as Error).message}`, { cause: err });
  }
  const url = server.urlFor(name);
  const knex = connectDatabase({
    url,
    poolMax: 5,
    statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
    onConnectionError: options.onConnectionError ?? (() => {}),
    // Callers assert on outcomes; Knex's console warnings about connections killed on purpose are noise.
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
      // FORCE ends any connection a failed run left behind, so the drop cannot hang.
      await adminQuery(server.adminUrl, `drop database if exists "${name}" with (force)`);
      await server.release();
    },
  };
}
