import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { send, startServiceProcess, type Outcome } from '../support/service-process.ts';

describe('graceful shutdown of the real service process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('answers every request sent before SIGTERM, refuses new connections afterwards, and exits 0', async () => {
    // Rate limits stay on as in production; LOG_LEVEL info so the shutdown steps are logged.
    const started = await startServiceProcess({ DATABASE_URL: database.url, SHUTDOWN_DRAIN_MS: '5000', LOG_LEVEL: 'info', RATE_LIMITS: 'on' });
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
        const outcome = await send(started.origin, paths[(index + i) % paths.length]!, { agent });
        outcomes.push(outcome);
        if (outcome.kind === 'complete' && ++completed === 300) onWarm();
        if (outcome.kind !== 'complete') return;
      }
    };
    const workers = Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
    try {
      await warm;
      signalAt = performance.now();
      const [code] = await Promise.all([started.stop(), workers]);
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
    expect(drained.some((o) => o.kind === 'complete' && o.headers.connection === 'close')).toBe(true);
    // ...and every worker's next, new connection was refused.
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(CONCURRENCY);
    expect(started.output()).toMatch(/"msg":"shutting down"/);
    expect(started.output()).toMatch(/"step":"http server".*"msg":"shutdown step done"/);
    expect(started.output()).toMatch(/"step":"database pool".*"msg":"shutdown step done"/);
  });
});
