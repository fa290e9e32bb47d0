import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  origin: Promise<string>;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const origin = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^/\s]+)\/v1/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited with ${code} before listening:\n${output}`)));
  });
  origin.catch(() => {});
  return { child, output: () => output, origin };
}

type Outcome =
  | { kind: 'complete'; status: number; body: string; connectionClose: boolean; at: number }
  | { kind: 'refused'; at: number }
  | { kind: 'lost'; error: string; at: number };

/** One request on the keep-alive agent, classified by what the client saw. */
function send(agent: http.Agent, origin: URL, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request({ host: origin.hostname, port: origin.port, path, agent, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.complete) {
          resolve({ kind: 'complete', status: res.statusCode ?? 0, body, connectionClose: res.headers.connection === 'close', at: Date.now() });
        } else resolve({ kind: 'lost', error: 'response ended before it was complete', at: Date.now() });
      });
      res.on('error', (err) => resolve({ kind: 'lost', error: `response: ${err.message}`, at: Date.now() }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Refused means the connection was never made: the request was not sent, which is what a closed listener must do.
      if (err.code === 'ECONNREFUSED') resolve({ kind: 'refused', at: Date.now() });
      else resolve({ kind: 'lost', error: `${err.code ?? ''} ${err.message}`, at: Date.now() });
    });
    req.end();
  });
}

describe('graceful shutdown of the real service process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('answers every request sent before SIGTERM, refuses new connections afterwards, and exits 0', async () => {
    const started = startMain({ DATABASE_URL: database.url, SHUTDOWN_DRAIN_MS: '5000' });
    const origin = new URL(await started.origin);
    const CONCURRENCY = 24;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const outcomes: Outcome[] = [];
    let completed = 0;
    let signalAt = Number.POSITIVE_INFINITY;
    let onWarm: () => void = () => {};
    const warm = new Promise<void>((resolve) => (onWarm = resolve));

    // Each worker keeps one keep-alive connection busy (readiness runs real database queries)
    // until a new connection is refused, which is how it learns the server has gone.
    const worker = async (index: number) => {
      const paths = ['/readyz', '/docs/openapi.json', '/healthz'];
      for (let i = 0; ; i++) {
        const outcome = await send(agent, origin, paths[(index + i) % paths.length]!);
        outcomes.push(outcome);
        if (outcome.kind === 'complete' && ++completed === 300) onWarm();
        if (outcome.kind !== 'complete') return;
      }
    };
    const workers = Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
    try {
      await warm;
      signalAt = Date.now();
      started.child.kill('SIGTERM');
      const [[code], ] = await Promise.all([once(started.child, 'exit'), workers]);
      expect(code, started.output()).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
      agent.destroy();
    }

    const lost = outcomes.filter((o) => o.kind === 'lost');
    expect(lost, `requests that were sent but got no complete response:\n${JSON.stringify(lost.slice(0, 5))}`).toEqual([]);
    for (const outcome of outcomes) {
      if (outcome.kind !== 'complete') continue;
      // Readiness may already say 503 while draining; either way the body is whole JSON.
      expect([200, 503]).toContain(outcome.status);
      expect(() => JSON.parse(outcome.body)).not.toThrow();
    }
    // The drain happened under load: requests in flight at the signal were answered, with
    // Connection: close so the clients stopped reusing their sockets...
    const drained = outcomes.filter((o) => o.kind === 'complete' && o.at >= signalAt);
    expect(drained.length, started.output()).toBeGreaterThan(0);
    expect(drained.some((o) => o.kind === 'complete' && o.connectionClose)).toBe(true);
    // ...and every worker's next, new connection was refused.
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(CONCURRENCY);
    expect(started.output()).toMatch(/"msg":"shutting down"/);
    expect(started.output()).toMatch(/"step":"http server".*"msg":"shutdown step done"/);
    expect(started.output()).toMatch(/"step":"database pool".*"msg":"shutdown step done"/);
  });
});
