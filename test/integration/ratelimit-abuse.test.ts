import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { createMetrics } from '../../service/src/observability/metrics.ts';
import { createRateLimiter, type RateLimiterSettings } from '../../service/src/ratelimit/limiter.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { testToken, testVerifier } from '../support/service.ts';
import { TEST_WINDOW_SECONDS } from '../support/rate-limit-window.ts';

// The limiter under abuse: floods of rejected callers cost no database work, a slow store is
// bounded and reported, and one client holding many subjects gets a bounded budget.
const LIMIT = 5;
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await migrateToLatest(database.knex);
});
afterAll(async () => {
  await database?.drop();
});

async function start(settings: Partial<RateLimiterSettings>, limit = LIMIT, trustProxy: false | number = false) {
  const metrics = createMetrics({ processMetrics: false });
  const limiter = createRateLimiter(database.knex, { reads: { limit, windowSeconds: TEST_WINDOW_SECONDS } }, settings);
  const app = createApp({
    db: database.knex,
    logger: createLogger('error', () => {}),
    validateResponses: true,
    bodyLimitBytes: 4096,
    auth: testVerifier(),
    rateLimiter: limiter,
    metrics,
    trustProxy,
  });
  const running: RunningServer = await listen(app, 0, '127.0.0.1');
  const origin = `http://127.0.0.1:${running.port}`;
  return { origin, limiter, close: () => running.close(1_000) };
}

const storedHits = async (): Promise<number> =>
  Number((await database.knex('rate_limit_windows').sum({ n: 'hits' }).first())?.n ?? 0);

const get = (origin: string, headers: Record<string, string> = {}) => fetch(`${origin}/v1/users`, { headers });
const bearer = async (sub: string) => ({ authorization: `Bearer ${await testToken({ sub, scopes: 'users:read' })}` });

describe('the in-memory pre-limit', () => {
  it('sheds anonymous and invalid-token floods without writing to the store', async () => {
    const service = await start({});
    try {
      await database.knex('rate_limit_windows').del();
      const anonymous = await Promise.all(Array.from({ length: 60 }, () => get(service.origin)));
      const forged = await Promise.all(Array.from({ length: 60 }, () => get(service.origin, { authorization: 'Bearer a.b.c' })));
      const statuses = [...anonymous, ...forged].map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
      expect(statuses.filter((s) => s === 429)).toHaveLength(120 - LIMIT);
      expect(await storedHits()).toBe(0);
      const shed = anonymous.find((r) => r.status === 429)!;
      expect(shed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await shed.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(service.limiter.storeHealth!().shedLocally).toBe(120 - LIMIT);
    } finally {
      await service.close();
    }
  });

  it('refuses an over-limit subject locally for the rest of its window, after the store said no once', async () => {
    const service = await start({ ipCeilingFactor: 0 });
    try {
      await database.knex('rate_limit_windows').del();
      const headers = await bearer('flooder');
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(service.origin, headers)).status);
      expect(statuses).toEqual([...Array(LIMIT).fill(200), 429]);
      const afterRefusal = await storedHits();
      const flood = await Promise.all(Array.from({ length: 100 }, () => get(service.origin, headers)));
      expect(flood.every((r) => r.status === 429)).toBe(true);
      expect(await storedHits()).toBe(afterRefusal);
      // Someone else is unaffected.
      expect((await get(service.origin, await bearer('bystander'))).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('caps one address holding many subjects at ipCeilingFactor × limit per window', async () => {
    const service = await start({ ipCeilingFactor: 2 });
    try {
      await database.knex('rate_limit_windows').del();
      let allowed = 0;
      for (let subject = 0; subject < 10; subject++) {
        const headers = await bearer(`minted-${subject}`);
        for (let i = 0; i < LIMIT; i++) if ((await get(service.origin, headers)).status === 200) allowed++;
      }
      expect(allowed).toBe(2 * LIMIT);
    } finally {
      await service.close();
    }
  });
});

describe('behind a load balancer', () => {
  it('counts by the client address X-Forwarded-For names when the proxy is trusted, so clients do not share one ceiling', async () => {
    const trusted = await start({ ipCeilingFactor: 1 }, LIMIT, 1);
    const untrusted = await start({ ipCeilingFactor: 1 });
    try {
      await database.knex('rate_limit_windows').del();
      const run = async (origin: string, label: string) => {
        let allowed = 0;
        for (let client = 0; client < 3; client++) {
          const headers = { ...(await bearer(`${label}-${client}`)), 'x-forwarded-for': `198.51.100.${client + 1}` };
          for (let i = 0; i < LIMIT; i++) if ((await get(origin, headers)).status === 200) allowed++;
        }
        return allowed;
      };
      // Trusted: three clients, each within its own ceiling. Untrusted: one address (the proxy's), one ceiling.
      expect(await run(trusted.origin, 'trusted')).toBe(3 * LIMIT);
      expect(await run(untrusted.origin, 'untrusted')).toBe(LIMIT);
    } finally {
      await trusted.close();
      await untrusted.close();
    }
  });
});

describe('a slow limiter store', () => {
  async function withLockedStore<T>(holdMs: number, run: () => Promise<T>): Promise<T> {
    const trx = await database.knex.transaction();
    await trx.raw('lock table rate_limit_windows in access exclusive mode');
    const release = setTimeout(() => void trx.commit(), holdMs);
    try {
      return await run();
    } finally {
      clearTimeout(release);
      if (!trx.isCompleted()) await trx.commit();
    }
  }

  it('fails open within the store timeout, and /readyz and the metrics say the store is degraded', async () => {
    // A limit the test stays under: failing open still applies the per-instance pre-limit.
    const service = await start({ storeTimeoutMs: 100, storeCoolDownMs: 500, onStoreFailure: 'open', maxStoreInFlight: 2 }, 1_000);
    try {
      const headers = await bearer('patient');
      await withLockedStore(3_000, async () => {
        const started = performance.now();
        const answers = await Promise.all(Array.from({ length: 30 }, () => get(service.origin, headers)));
        const elapsed = performance.now() - started;
        expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
        expect(elapsed).toBeLessThan(2_000);
        const ready = await fetch(`${service.origin}/readyz`);
        expect(ready.status).toBe(200);
        const body = await ready.json();
        expect(body.status).toBe('degraded');
        expect(body.checks).toContainEqual(expect.objectContaining({ name: 'rateLimitStore', ok: true, degraded: expect.stringMatching(/timeout.*failing open/) }));
        const metrics = await (await fetch(`${service.origin}/metrics`)).text();
        expect(metrics).toMatch(/rate_limit_store_healthy\{mode="open"\} 0/);
        expect(metrics).toMatch(/rate_limit_decisions_total\{source="fail-open"\} [1-9]/);
        expect(metrics).toMatch(/rate_limit_store_failures\{reason="timeout"\} [1-9]/);
      });
      // Once the table is free again, the next store query after the cool-down succeeds and the store is healthy.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await get(service.origin, headers)).status).toBe(200);
      expect(service.limiter.storeHealth!()).toMatchObject({ healthy: true });
      expect((await (await fetch(`${service.origin}/readyz`)).json()).status).toBe('ready');
    } finally {
      await service.close();
    }
  });

  it('fails closed with 503 SERVICE_UNAVAILABLE when configured so, and /readyz turns 503', async () => {
    const service = await start({ storeTimeoutMs: 100, storeCoolDownMs: 5_000, onStoreFailure: 'closed' });
    try {
      const headers = await bearer('strict');
      await withLockedStore(1_500, async () => {
        const res = await get(service.origin, headers);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        const ready = await fetch(`${service.origin}/readyz`);
        expect(ready.status).toBe(503);
        expect((await ready.json()).checks).toContainEqual(expect.objectContaining({ name: 'rateLimitStore', ok: false, reason: expect.stringMatching(/failing closed/) }));
      });
    } finally {
      await service.close();
    }
  });
});
