import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, defaultReadiness } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import type { Readiness } from '../../service/src/health/readiness.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

async function start(database: TestDatabase, readiness: Readiness, metricsEndpoint?: false | { token?: string }) {
  const app = createApp({ db: database.knex, logger: createLogger('error', () => {}), validateResponses: true, bodyLimitBytes: 1024, readiness, metricsEndpoint });
  const running: RunningServer = await listen(app, 0, '127.0.0.1');
  return { origin: `http://127.0.0.1:${running.port}`, close: () => running.close(1_000) };
}

describe('health, readiness and the metrics endpoint', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('is live but not ready while migrations are pending, and ready once they are applied', async () => {
    const service = await start(database, defaultReadiness(database.knex));
    try {
      expect((await fetch(`${service.origin}/healthz`)).status).toBe(200);
      const pending = await fetch(`${service.origin}/readyz`);
      expect(pending.status).toBe(503);
      expect(pending.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const body = await pending.json();
      expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', type: '/docs/errors#service-unavailable', requestId: expect.any(String) });
      expect(body.checks).toContainEqual(expect.objectContaining({ name: 'migrations', ok: false, reason: expect.stringMatching(/not applied/) }));
      expect(body.checks).toContainEqual(expect.objectContaining({ name: 'database', ok: true }));

      await migrateToLatest(database.knex);
      const ready = await fetch(`${service.origin}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
    } finally {
      await service.close();
    }
  });

  it('turns not ready when a registered check fails (e.g. the broker) and names it', async () => {
    const readiness = defaultReadiness(database.knex);
    let brokerUp = true;
    readiness.register('broker', async () => (brokerUp ? undefined : 'NATS connection is closed'));
    const service = await start(database, readiness);
    try {
      expect((await fetch(`${service.origin}/readyz`)).status).toBe(200);
      brokerUp = false;
      const res = await fetch(`${service.origin}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).detail).toMatch(/broker: NATS connection is closed/);
    } finally {
      await service.close();
    }
  });

  it('reports not ready once shutdown has begun, while liveness stays ok', async () => {
    const readiness = defaultReadiness(database.knex);
    const service = await start(database, readiness);
    try {
      readiness.markShuttingDown();
      const res = await fetch(`${service.origin}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ shuttingDown: true, detail: 'The service is shutting down.' });
      expect((await fetch(`${service.origin}/healthz`)).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('requires the bearer token on /metrics when one is configured', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const service = await start(database, defaultReadiness(database.knex), { token });
    try {
      const anonymous = await fetch(`${service.origin}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await fetch(`${service.origin}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
      const scraped = await fetch(`${service.origin}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scraped.text()).toMatch(/^# TYPE http_requests_total counter$/m);
    } finally {
      await service.close();
    }
  });

  it('does not serve /metrics on the API port when metrics have their own', async () => {
    const service = await start(database, defaultReadiness(database.knex), false);
    try {
      const res = await fetch(`${service.origin}/metrics`);
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await service.close();
    }
  });
});
