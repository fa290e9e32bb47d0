/**
 * Starts the provider `charter verify` checks (`provider.command`), waits until it is ready, and
 * stops it afterwards.
 *
 * The command runs through the shell in its own process group, in the project root, with the
 * environment of `charter` plus the provider-states module's `prepare()` env plus `PORT` (a free
 * port when `provider.url` contains `${PORT}`, else the URL's port). The Node running `charter`
 * and the project's node_modules/.bin come first on PATH, as under npm scripts.
 *
 * Ready means: `provider.ready` (e.g. /readyz) answers 2xx, or, without it, the base URL answers
 * at all. The wait is bounded (`provider.readyTimeoutSeconds`); a provider that exits first, or
 * never becomes ready, is an error that quotes the end of its output. Stopping sends SIGTERM to
 * the whole group, then SIGKILL after 5 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export interface StartedProvider {
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  command: string;
  root: string;
  /** May contain `${PORT}`. */
  url: string;
  ready?: string;
  timeoutSeconds: number;
  env?: Record<string, string>;
  /** Where the provider's output goes (stderr of charter by default). */
  onOutput?: (chunk: string) => void;
}

export class ProviderStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderStartError';
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startProvider(options: StartOptions): Promise<StartedProvider> {
  let port: string;
  let url = options.url;
  if (url.includes('${PORT}')) {
    port = String(await freePort());
    url = url.replaceAll('${PORT}', port);
  } else {
    const u = new URL(url);
    port = u.port || (u.protocol === 'https:' ? '443' : '80');
  }
  const PATH = [path.dirname(process.execPath), path.join(options.root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter);
  const child = spawn(options.command, {
    cwd: options.root,
    shell: true,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, PORT: port, PATH },
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    const s = chunk.toString();
    tail = (tail + s).slice(-4000);
    options.onOutput?.(s);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.on('error', (err) => {
      tail += `\n${err.message}`;
      exited = { code: -1, signal: null };
      resolve();
    });
  });
  const stop = () => stopGroup(child, exit, () => exited !== undefined);
  const readyUrl = `${url}${options.ready ?? ''}`;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    if (exited) {
      throw new ProviderStartError(`the provider command exited (${exited.signal ?? `code ${exited.code}`}) before it was ready: ${options.command}${tail.trim() ? `\n${indent(tail.trim())}` : ''}`);
    }
    if (await answers(readyUrl, options.ready !== undefined)) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new ProviderStartError(
        `the provider was not ready within ${options.timeoutSeconds}s (${options.ready ? `${readyUrl} never answered 2xx` : `${readyUrl} never answered`}): ${options.command}${tail.trim() ? `\n${indent(tail.trim())}` : ''}`,
      );
    }
    // Poll again when the provider exits or after a short pause, whichever is first.
    await Promise.race([exit, new Promise((r) => setTimeout(r, 150))]);
  }
}

async function answers(url: string, needs2xx: boolean): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
    await res.body?.cancel();
    return needs2xx ? res.status >= 200 && res.status < 300 : true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess, exit: Promise<void>, done: () => boolean): Promise<void> {
  if (child.pid === undefined || done()) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000).unref());
  if ((await Promise.race([exit, timer])) === 'timeout') {
    signal('SIGKILL');
    await exit;
  }
}

function indent(s: string): string {
  return s
    .split('\n')
    .slice(-20)
    .map((l) => `  | ${l}`)
    .join('\n');
}
