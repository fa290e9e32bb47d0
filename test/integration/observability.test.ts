import { EventEmitter, once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../service/src/app.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { createMetrics, type ServiceMetrics } from '../../service/src/observability/metrics.ts';
import { outboxBacklog } from '../../service/src/observability/outbox-backlog.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** Log lines as the service wrote them, with a way to wait for one instead of sleeping. */
class CapturedLogs extends EventEmitter {
  readonly raw: string[] = [];
  readonly lines: Array<Record<string, any>> = [];
  write = (line: string) => {
    this.raw.push(line);
    const parsed = JSON.parse(line) as Record<string, any>;
    this.lines.push(parsed);
    this.emit('line', parsed);
  };
  async waitFor(predicate: (line: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
    const found = this.lines.find(predicate);
    if (found) return found;
    const timeout = AbortSignal.timeout(5_000);
    for (;;) {
      const [line] = (await once(this, 'line', { signal: timeout }).catch(() => {
        throw new Error(`no log line ${what} within 5 s; got:\n${this.raw.slice(-10).join('\n')}`);
      })) as [Record<string, any>];
      if (predicate(line)) return line;
    }
  }
}

// Stands in for the JWT verifier: the bearer value names the principal, which lets the test check
// that the principal id is logged and the token itself is not.
const stubVerifier = {
  async verify(token: string) {
    if (!token.startsWith('token-of-')) throw Object.assign(new Error('bad token'), { name: 'InvalidTokenError' });
    return { subject: token.slice('token-of-'.length), scopes: ['admin'] };
  },
};

interface Observed {
  origin: string;
  logs: CapturedLogs;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

async function startObserved(database: TestDatabase, options: Partial<AppOptions> = {}): Promise<Observed> {
  const logs = new CapturedLogs();
  const metrics = createMetrics();
  const app = createApp({
    db: database.knex,
    logger: createLogger('debug', logs.write),
    metrics,
    validateResponses: true,
    bodyLimitBytes: 100 * 1024,
    ...({ auth: stubVerifier } as object),
    ...options,
  });
  const running: RunningServer = await listen(app, 0, '127.0.0.1');
  return { origin: `http://127.0.0.1:${running.port}`, logs, metrics, close: () => running.close(1_000) };
}

const accessLineOf = (requestId: string) => (l: Record<string, any>) => l.msg === 'request' && l.requestId === requestId;

describe('request logs, trace context and metrics', () => {
  let database: TestDatabase;
  let service: Observed;
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.knex);
    service = await startObserved(database);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('writes exactly one access line per request with operation, status, duration, principal, request id and trace id', async () => {
    const res = await fetch(`${service.origin}/v1/users?limit=5`, { headers: { authorization: 'Bearer token-of-user-42', 'x-request-id': 'access-line-1' } });
    expect(res.status).toBe(200);
    const line = await service.logs.waitFor(accessLineOf('access-line-1'), 'for request access-line-1');
    expect(line).toMatchObject({
      level: 'info',
      operationId: 'listUsers',
      method: 'GET',
      path: '/v1/users',
      status: 200,
      principal: 'user-42',
      requestId: 'access-line-1',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      durationMs: expect.any(Number),
    });
    expect(service.logs.lines.filter(accessLineOf('access-line-1'))).toHaveLength(1);
    expect(service.logs.raw.join('\n')).not.toContain('token-of-user-42');
  });

  it('continues an incoming traceparent with a new span and returns it', async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await fetch(`${service.origin}/v1/users`, { headers: { authorization: 'Bearer token-of-u', traceparent: incoming, 'x-request-id': 'trace-1' } });
    const returned = res.headers.get('traceparent');
    expect(returned).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(returned).not.toBe(incoming);
    const line = await service.logs.waitFor(accessLineOf('trace-1'), 'for request trace-1');
    expect(line.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(returned).toContain(line.spanId);
  });

  it('starts a new trace when traceparent is malformed', async () => {
    const res = await fetch(`${service.origin}/healthz`, { headers: { traceparent: '00-not-a-trace-01' } });
    expect(res.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('logs a 4xx with its catalogue code and never the request body with personal data', async () => {
    const email = `private-person-${Date.now()}@example.com`;
    const res = await fetch(`${service.origin}/v1/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer token-of-admin', 'content-type': 'application/json', 'idempotency-key': `k-${Date.now()}`, 'x-request-id': 'bad-body-1' },
      body: JSON.stringify({ email, displayName: 42 }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).requestId).toBe('bad-body-1');
    const line = await service.logs.waitFor(accessLineOf('bad-body-1'), 'for request bad-body-1');
    expect(line).toMatchObject({ operationId: 'createUser', status: 400, code: 'VALIDATION_FAILED' });
    expect(line).not.toHaveProperty('err');
    expect(service.logs.raw.join('\n')).not.toContain(email);
  });

  it('labels requests to unknown paths as unmatched, so label values stay bounded', async () => {
    await fetch(`${service.origin}/no/such/${Date.now()}`, { headers: { 'x-request-id': 'unknown-1' } });
    const line = await service.logs.waitFor(accessLineOf('unknown-1'), 'for request unknown-1');
    expect(line).toMatchObject({ operationId: 'unmatched', status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('counts requests per operation and status class and times them in a histogram', async () => {
    const before = await (await fetch(`${service.origin}/metrics`)).text();
    const count = (text: string) => Number(/^http_requests_total\{operation="getUser",method="GET",status_class="4xx"\} (\d+)/m.exec(text)?.[1] ?? 0);
    const res = await fetch(`${service.origin}/v1/users/00000000-0000-4000-8000-000000000000`, { headers: { authorization: 'Bearer token-of-a' } });
    expect(res.status).toBe(404);
    const after = await (await fetch(`${service.origin}/metrics`)).text();
    expect(count(after)).toBe(count(before) + 1);
    expect(after).toMatch(/^http_request_duration_seconds_count\{operation="getUser",method="GET",status_class="4xx"\} \d+/m);
    expect(after).toMatch(/^http_requests_total\{operation="listUsers",method="GET",status_class="2xx"\} \d+/m);
  });

  it('exports pool gauges, outbox backlog, process metrics and the issue-5 counters', async () => {
    service.metrics.observeOutbox(outboxBacklog(database.knex));
    service.metrics.recordRelayPublished(3);
    service.metrics.recordRelayFailure('publish');
    service.metrics.recordRateLimitRejection('createUser');
    service.metrics.recordIdempotencyReplay('createUser');
    service.metrics.setBreakerState('avatars', 'open');
    const text = await (await fetch(`${service.origin}/metrics`)).text();
    expect(text).toMatch(/^db_pool_connections_in_use\{pool="main"\} \d+/m);
    expect(text).toMatch(/^db_pool_connections_idle\{pool="main"\} \d+/m);
    expect(text).toMatch(/^db_pool_acquires_waiting\{pool="main"\} 0/m);
    expect(text).toMatch(/^outbox_pending_events \d+/m);
    expect(text).toMatch(/^outbox_oldest_pending_age_seconds [\d.]+/m);
    expect(text).toMatch(/^outbox_relay_published_total 3$/m);
    expect(text).toMatch(/^outbox_relay_failures_total\{reason="publish"\} 1$/m);
    expect(text).toMatch(/^rate_limit_rejections_total\{operation="createUser"\} 1$/m);
    expect(text).toMatch(/^idempotency_replays_total\{operation="createUser"\} 1$/m);
    expect(text).toMatch(/^circuit_breaker_state\{breaker="avatars"\} 2$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('reads the outbox backlog from the outbox table: pending count and age of the oldest', async () => {
    const exists = await database.knex.schema.hasTable('outbox');
    expect(exists, 'the outbox migration creates the outbox table').toBe(true);
    await database.knex('outbox').insert({
      id: '00000000-0000-4000-8000-0000000000b1',
      aggregate_id: 'agg-1',
      message: 'userCreated',
      subject: 'users.test.created',
      headers: JSON.stringify({}),
      payload: JSON.stringify({}),
      created_at: database.knex.raw("now() - interval '90 seconds'"),
    });
    try {
      const snapshot = await outboxBacklog(database.knex)();
      expect(snapshot!.pending).toBeGreaterThanOrEqual(1);
      expect(snapshot!.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(90);
    } finally {
      await database.knex('outbox').where({ id: '00000000-0000-4000-8000-0000000000b1' }).delete();
    }
  });

  it('keeps metrics of two apps in one process apart', async () => {
    const other = await startObserved(database);
    try {
      await fetch(`${other.origin}/v1/users`, { headers: { authorization: 'Bearer token-of-b' } });
      const mine = await (await fetch(`${other.origin}/metrics`)).text();
      expect(mine).toMatch(/^http_requests_total\{operation="listUsers",method="GET",status_class="2xx"\} 1$/m);
    } finally {
      await other.close();
    }
  });
});

describe('log lines written inside a failing request', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.knex);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('carry the request id and trace id, the catalogue code and the cause with its stack', async () => {
    // A pool whose server refuses connections: the handler's query fails and the request ends in 503.
    const { connectDatabase } = await import('../../service/src/db/connection.ts');
    const down = connectDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', acquireTimeoutMs: 1_000, onConnectionError: () => {}, onKnexLog: () => {} });
    const service = await startObserved({ ...database, knex: down }, { docs: false });
    try {
      const res = await fetch(`${service.origin}/v1/users`, { headers: { authorization: 'Bearer token-of-x', 'x-request-id': 'db-down-1' } });
      expect(res.status).toBe(503);
      const access = await service.logs.waitFor(accessLineOf('db-down-1'), 'for request db-down-1');
      const failure = await service.logs.waitFor((l) => l.msg === 'database unavailable' && l.requestId === 'db-down-1', 'about the database failure');
      expect(failure).toMatchObject({ level: 'warn', code: 'SERVICE_UNAVAILABLE', traceId: access.traceId, operationId: 'listUsers' });
      expect(failure.err.stack).toEqual(expect.any(String));
      expect(access).toMatchObject({ level: 'error', status: 503, code: 'SERVICE_UNAVAILABLE' });

      const ready = await fetch(`${service.origin}/readyz`);
      expect(ready.status).toBe(503);
      const problem = await ready.json();
      expect(problem).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, shuttingDown: false });
      expect(problem.checks).toContainEqual(expect.objectContaining({ name: 'database', ok: false }));
      expect((await fetch(`${service.origin}/healthz`)).status).toBe(200);
    } finally {
      await service.close();
      await down.destroy();
    }
  });
});
