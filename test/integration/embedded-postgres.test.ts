/**
 * Embedded PostgreSQL started the way `npm start` starts it, from a private folder (a clone in
 * root's mode-700 home), and the real service process stopped the way a terminal's Ctrl-C stops
 * it. As root (the CI) the cluster must run as the `postgres` user from a root-owned copy of the
 * binaries and keep its data where that user can own it; as any other user it runs in place.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmbeddedPostgresUnavailable,
  installedBinaries,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../service/src/db/embedded.ts';
import { eventually } from '../support/eventually.ts';
import { send, startServiceProcess } from '../support/service-process.ts';

const isRoot = process.getuid?.() === 0;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function mode(p: string): Promise<number> {
  return (await fs.stat(p)).mode & 0o777;
}

/** The uid a process runs as, from /proc. */
async function processUid(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line mentions `needle` (the cluster's postmaster and backends name their data folder). */
async function processesMentioning(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(needle)) found.push(Number(entry));
  }
  return found;
}

describe('embedded PostgreSQL from a private folder', () => {
  let home: string;
  let cacheRoot: string;
  let source: string;
  const started: EmbeddedDatabase[] = [];

  beforeAll(async () => {
    // The "clone": private to its owner, with the platform package's binaries copied inside,
    // so the postgres user can reach neither them nor a data folder in it.
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'charter-private-clone-'));
    await fs.chmod(home, 0o700);
    source = path.join(home, 'native');
    await fs.cp((await installedBinaries()).dir, source, { recursive: true, verbatimSymlinks: true });
    // A cache of our own (the default is /var/tmp), so the first start really builds it.
    cacheRoot = await fs.mkdtemp('/var/tmp/charter-embedded-test-');
    await fs.chmod(cacheRoot, 0o755);
  });

  afterAll(async () => {
    for (const db of started) await db.stop().catch(() => {});
    await fs.rm(home, { recursive: true, force: true });
    await fs.rm(cacheRoot, { recursive: true, force: true });
  });

  it('starts two clusters at once from it, answers queries, keeps the data across a restart and leaves the folder private', async () => {
    const dataA = path.join(home, '.data', 'a');
    const dataB = path.join(home, '.data', 'b');
    const notices: string[] = [];
    const start = (dataDir: string) => startEmbeddedPostgres({ dataDir, binariesDir: source, cacheRoot, onNotice: (m) => notices.push(m) });
    // Concurrent first starts race to build the same cache.
    const [a, b] = await Promise.all([start(dataA), start(dataB)]);
    started.push(a, b);

    for (const [db, configured] of [[a, dataA], [b, dataB]] as const) {
      const [row] = await query<{ dir: string; user: string }>(db.url, "select current_setting('data_directory') as dir, current_user as user");
      expect(row!.dir).toBe(db.dataDir);
      expect(row!.user).toBe('postgres');
      // DATA_DIR names the cluster: it is the data folder, or links to it.
      expect(await fs.realpath(configured)).toBe(db.dataDir);
    }
    await query(a.url, 'create table kept (note text); insert into kept values (\'survives a restart\')');

    if (isRoot) {
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      expect(await processUid(a.pid)).toBe(postgresUid);
      // One cache for both, root-owned and readable by all; no temporary copy left behind.
      expect(a.binariesDir).toBe(b.binariesDir);
      expect(path.dirname(a.binariesDir)).toBe(cacheRoot);
      expect(await fs.readlink(`/proc/${a.pid}/exe`)).toBe(path.join(a.binariesDir, 'bin', 'postgres'));
      const cacheStat = await fs.stat(a.binariesDir);
      expect([cacheStat.uid, cacheStat.mode & 0o777]).toEqual([0, 0o755]);
      const entries = await fs.readdir(cacheRoot);
      expect(entries.filter((name) => name.startsWith('charter-embedded-postgres-') && name !== 'charter-embedded-postgres-data')).toEqual([path.basename(a.binariesDir)]);
      expect(entries.filter((name) => name.includes('.tmp-'))).toEqual([]);
      // The data folders were relocated under the cache root and are the postgres user's alone.
      for (const db of [a, b]) {
        expect(path.dirname(db.dataDir)).toBe(path.join(cacheRoot, 'charter-embedded-postgres-data'));
        const stat = await fs.stat(db.dataDir);
        expect([stat.uid, stat.mode & 0o777]).toEqual([postgresUid, 0o700]);
      }
      expect(notices.some((n) => n.includes('root-owned copy'))).toBe(true);
      expect(notices.some((n) => n.includes(`DATA_DIR ${dataA} links there`))).toBe(true);
    } else {
      // Not root: PostgreSQL runs as this user, from the binaries and data folder where they are.
      expect(a.binariesDir).toBe(source);
      expect(a.dataDir).toBe(dataA);
      expect(await processUid(a.pid)).toBe(process.getuid!());
      expect(await fs.readdir(cacheRoot)).toEqual([]);
    }
    // Nothing was loosened to get there.
    expect(await mode(home)).toBe(0o700);

    await a.stop();
    expect(isAlive(a.pid)).toBe(false);
    if (isRoot) {
      // A damaged cache (a file cut short, as a partial clean-up of /var/tmp could leave it) is rebuilt.
      const initdb = path.join(a.binariesDir, 'bin', 'initdb');
      await fs.truncate(initdb, 100);
      const expected = (await fs.stat(path.join(source, 'bin', 'initdb'))).size;
      const again = await start(dataA);
      started.push(again);
      expect((await fs.stat(initdb)).size).toBe(expected);
      expect(await query<{ note: string }>(again.url, 'select note from kept')).toEqual([{ note: 'survives a restart' }]);
      await again.stop();
    } else {
      const again = await start(dataA);
      started.push(again);
      expect(await query<{ note: string }>(again.url, 'select note from kept')).toEqual([{ note: 'survives a restart' }]);
      await again.stop();
    }
    // A second start on a running cluster's data says so instead of fighting over the lock file.
    const twice = await start(dataB).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(twice).toBeInstanceOf(EmbeddedPostgresUnavailable);
    expect((twice as Error).message).toContain(`a postgres process (pid ${b.pid}) is already running on ${b.dataDir}`);
    await b.stop();
  });

  it('fails with one line naming the reason and the fix when it cannot work', async () => {
    const file = path.join(home, 'not-a-folder');
    await fs.writeFile(file, '');
    const attempts = [() => startEmbeddedPostgres({ dataDir: path.join(file, 'postgres'), binariesDir: source, cacheRoot })];
    // As root, binaries the postgres user cannot reach must be copied; here they cannot be.
    if (isRoot) attempts.push(() => startEmbeddedPostgres({ dataDir: path.join(home, '.data', 'c'), binariesDir: source, cacheRoot: file }));
    for (const attempt of attempts) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EmbeddedPostgresUnavailable);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(isRoot && attempt === attempts[1] ? /cannot be copied to .*ENOTDIR/ : /data folder .* cannot be created/);
    }
    expect(attempts).toHaveLength(isRoot ? 2 : 1);
  });
});

describe('the service with embedded PostgreSQL', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'charter-embedded-service-'));
    await fs.chmod(folder, 0o700);
  });
  afterAll(async () => {
    const dataDir = path.join(folder, 'postgres');
    const real = await fs.realpath(dataDir).catch(() => dataDir);
    await fs.rm(real, { recursive: true, force: true });
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('stops on Ctrl-C in order, with exit code 0, no error in its output and no postgres process left', async () => {
    const dataDir = path.join(folder, 'postgres');
    // No DATABASE_URL: the service starts its own cluster. LOG_LEVEL info shows the shutdown steps.
    const service = await startServiceProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { processGroup: true });
    try {
      const ready = await send(service.origin, '/readyz');
      expect(ready.kind === 'complete' && ready.status, service.output()).toBe(200);
      const real = await fs.realpath(dataDir);
      const postmaster = Number((await fs.readFile(path.join(real, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      expect(isAlive(postmaster)).toBe(true);

      // A terminal's Ctrl-C signals the whole foreground process group.
      const exited = once(service.child, 'exit');
      process.kill(-service.child.pid!, 'SIGINT');
      const [code] = (await exited) as [number | null];
      const output = service.output();
      expect(code, output).toBe(0);
      expect(output).not.toMatch(/Error/);
      // Stack frames, printed or inside a JSON log line.
      expect(output).not.toMatch(/(^|\\n) {4}at /m);
      expect(output).not.toMatch(/"level":"(warn|error|fatal)"/);

      const steps = [...output.matchAll(/"step":"([^"]+)"[^\n]*"msg":"shutdown step done"/g)].map((m) => m[1]);
      const order = ['http server', 'reaper', 'outbox relay', 'database pool', 'embedded postgres'];
      expect(steps.filter((s) => order.includes(s!))).toEqual(order);

      expect(isAlive(postmaster)).toBe(false);
      expect(await processesMentioning(real)).toEqual([]);
      // A clean stop removes the lock file, so the next start needs no recovery.
      await expect(fs.access(path.join(real, 'postmaster.pid'))).rejects.toThrow();
      if (isRoot) expect(output).toContain(`DATA_DIR ${dataDir} links there`);
    } finally {
      if (!service.exited()) process.kill(-service.child.pid!, 'SIGKILL');
    }
  });

  it('takes its cluster down with it when it exits without the drain (a second Ctrl-C)', async () => {
    const dataDir = path.join(folder, 'hasty');
    // The readiness delay keeps the first signal's shutdown waiting, so the second one lands in it.
    const service = await startServiceProcess({ DATA_DIR: dataDir, SHUTDOWN_DELAY_MS: '30000', LOG_LEVEL: 'info' }, { processGroup: true });
    try {
      const real = await fs.realpath(dataDir);
      const postmaster = Number((await fs.readFile(path.join(real, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      const exited = once(service.child, 'exit');
      process.kill(-service.child.pid!, 'SIGINT');
      await eventually('the first signal to be handled', () => service.output().includes('"msg":"shutting down"'));
      process.kill(-service.child.pid!, 'SIGINT');
      const [code] = (await exited) as [number | null];
      expect(code, service.output()).toBe(1);
      expect(service.output()).toContain('second signal: exiting without waiting for the drain');
      await eventually('the postmaster to exit', () => !isAlive(postmaster));
      await eventually('every process of the cluster to exit', async () => (await processesMentioning(real)).length === 0);
    } finally {
      if (!service.exited()) process.kill(-service.child.pid!, 'SIGKILL');
      await fs.rm(await fs.realpath(dataDir).catch(() => dataDir), { recursive: true, force: true });
    }
  });

  it('exits 78 with one line when embedded PostgreSQL cannot run', async () => {
    const file = path.join(folder, 'a-file');
    await fs.writeFile(file, '');
    const failure = await startServiceProcess({ DATA_DIR: path.join(file, 'postgres'), LOG_LEVEL: 'warn' }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/^service exited with 78 before listening:\n/);
    const output = failure!.replace(/^service exited with 78 before listening:\n/, '').trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toMatch(/^Embedded PostgreSQL: the data folder .* cannot be created .*; set DATA_DIR to a writable folder or set DATABASE_URL/);
    expect(output).not.toMatch(/^ {4}at /m);
  });
});
