import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/src/app.ts';
import { connectDatabase } from '../../service/src/db/connection.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { idempotencyKey, request, uniqueEmail } from '../support/http.ts';
import { testToken, testVerifier, TEST_ADMIN_SUBJECT } from '../support/service.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

// The service reaches PostgreSQL through a proxy the test can cut: a database outage without
// stopping the shared server.
let database: TestDatabase;
let proxy: TcpProxy;
let db: ReturnType<typeof connectDatabase>;
let running: RunningServer;
let admin: Record<string, string>;
const ACQUIRE_TIMEOUT_MS = 1_000;

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateToLatest(database.knex);
  const url = new URL(database.url);
  proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  db = connectDatabase({ url: url.toString(), poolMax: 4, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS, statementTimeoutMs: 2_000, onKnexLog: () => {}, onConnectionError: () => {} });
  const app = createApp({ db, auth: testVerifier(), logger: createLogger('error', () => {}), validateResponses: true, bodyLimitBytes: 10_000 });
  running = await listen(app, 0, '127.0.0.1');
  admin = { authorization: `Bearer ${await testToken({ sub: TEST_ADMIN_SUBJECT, scopes: 'admin' })}` };
});
afterAll(async () => {
  await running?.close(500);
  await db?.destroy();
  await proxy?.close();
  await database?.drop();
});

const base = () => `http://127.0.0.1:${running.port}/v1`;

describe('during a database outage', () => {
  it('answers 503 SERVICE_UNAVAILABLE promptly instead of hanging, then recovers by itself', async () => {
    const created = await request(`${base()}/users`, 'POST', {
      headers: { ...admin, 'idempotency-key': idempotencyKey() },
      json: { email: uniqueEmail('outage'), displayName: 'Before' },
    });
    expect(created.status).toBe(201);

    proxy.cut();
    const started = performance.now();
    const during = await Promise.all([
      request(`${base()}/users/${created.body.id}`, 'GET', { headers: admin }),
      request(`${base()}/users`, 'GET', { headers: admin }),
      request(`${base()}/users`, 'POST', { headers: { ...admin, 'idempotency-key': idempotencyKey() }, json: { email: uniqueEmail(), displayName: 'During' } }),
    ]);
    const elapsed = performance.now() - started;
    for (const res of during) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(res.headers.get('retry-after')).toBeTruthy();
    }
    // Bounded by the pool's acquire timeout (plus a connect attempt), not by the client giving up.
    expect(elapsed).toBeLessThan(ACQUIRE_TIMEOUT_MS * 3 + 1_000);

    proxy.restore();
    const after = await eventually('the service to answer 200 again', async () => {
      const res = await request(`${base()}/users/${created.body.id}`, 'GET', { headers: admin });
      return res.status === 200 ? res : undefined;
    }, 15_000, 100);
    expect(after.body.displayName).toBe('Before');
  }, 30_000);
});
