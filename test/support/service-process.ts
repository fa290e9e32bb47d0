/**
 * The real service as its own process (`node --import tsx service/src/main.ts`, the composition
 * root operators run), for behaviour that only means something across a process boundary: a crash
 * must show up as an exit, SIGTERM must drain. Used by test/integration/shutdown.test.ts and the
 * reliability suite's fault checks. The origin is read from the "listening on" line, and every
 * keep-alive request is classified by what the client saw.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { DEVELOPMENT_SECRET, mintToken } from '../../service/src/auth/tokens.ts';
import { REPO_ROOT } from './cli.ts';

export interface ServiceProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** The exit code once it exited, else undefined. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** SIGTERM and wait for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** `processGroup`: the service leads a process group of its own, so a test can signal the group the way a terminal's Ctrl-C does. */
export async function startServiceProcess(env: Record<string, string>, options: { processGroup?: boolean } = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--conditions=charter-source', '--import', 'tsx', 'service/src/main.ts'], {
    cwd: REPO_ROOT,
    detached: options.processGroup === true,
    // RATE_LIMITS off: the checks drive steady load, and 429s would hide what they measure.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', RATE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const origin = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^/\s]+)\/v1/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited with ${code} before listening:\n${output.slice(-4000)}`)));
    // Startup migrates a fresh database; a minute is far beyond that even on busy cores.
    setTimeout(() => reject(new Error(`service did not listen within 60 s:\n${output.slice(-4000)}`)), 60_000).unref();
  }).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    child,
    origin,
    output: () => output,
    exited: () => exit,
    async stop(graceMs = 20_000) {
      if (exit) return exit.code;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const [code] = (await done) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}

/** `{ authorization }` for an admin token main.ts accepts in development/test (the development secret, its default issuer). */
export async function adminHeaders(): Promise<Record<string, string>> {
  const token = await mintToken({ secret: DEVELOPMENT_SECRET, subject: '00000000-0000-4000-8000-00000000ad01', scopes: ['admin'], issuer: 'charter-dev', audience: 'charter-users-api' });
  return { authorization: `Bearer ${token}` };
}

export type Outcome =
  | { kind: 'complete'; status: number; headers: http.IncomingHttpHeaders; body: string; sentAt: number; at: number }
  | { kind: 'refused'; sentAt: number; at: number }
  | { kind: 'lost'; error: string; sentAt: number; at: number };

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  /** The client gives up after this long and records the request as lost: a hang is a finding, never a wait. */
  timeoutMs?: number;
}

/**
 * One request, classified by what the client saw: a complete response, a refused connection
 * (the request never left), or lost (sent, but no complete response).
 */
export function send(origin: string, path: string, options: SendOptions = {}): Promise<Outcome> {
  const url = new URL(origin);
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers, agent: options.agent, timeout: options.timeoutMs ?? 15_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.complete) resolve({ kind: 'complete', status: res.statusCode ?? 0, headers: res.headers, body, sentAt, at: performance.now() });
          else resolve({ kind: 'lost', error: 'response ended before it was complete', sentAt, at: performance.now() });
        });
        res.on('error', (err) => resolve({ kind: 'lost', error: `response: ${err.message}`, sentAt, at: performance.now() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') resolve({ kind: 'refused', sentAt, at: performance.now() });
      else resolve({ kind: 'lost', error: `${err.code ?? ''} ${err.message}`.trim(), sentAt, at: performance.now() });
    });
    req.end(options.body);
  });
}
