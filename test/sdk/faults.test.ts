/**
 * The generated SDK against a fault-injecting stub server: which calls are retried and
 * which never are, backoff and Retry-After measured on a fake clock, deadlines and timeouts
 * on the real one, and each failure kind arriving typed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, isProblem, type SdkOptions, type ResponseEvent, type RetryEvent } from '../../generated/client/charter.ts';
import { fakeClock } from './support/fake-clock.ts';
import { json, problem, startFaultServer, type FaultServer } from './support/fault-server.ts';

const USER_ID = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
const user = {
  id: USER_ID,
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  locale: 'en-GB',
  status: 'active',
  version: 1,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
};
const unavailable = (headers: Record<string, string> = {}) => problem(503, 'SERVICE_UNAVAILABLE', {}, headers);

let stub: FaultServer;

beforeAll(async () => {
  stub = await startFaultServer();
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  stub.reset();
});

/** A client on the stub with a fake clock whose `now` is also stamped on every attempt. */
function client(options: Partial<SdkOptions> = {}) {
  const clock = fakeClock();
  const start = clock.now();
  const attemptsAt: number[] = [];
  const api = createApiClient({
    baseUrl: `${stub.origin}/v1`,
    clock,
    random: () => 0.5,
    ...options,
    hooks: { onRequest: () => attemptsAt.push(clock.now() - start), ...options.hooks },
  });
  return { api, clock, attemptsAt };
}

describe('retries', () => {
  it('retries a GET that answers 503 and returns the later success', async () => {
    stub.script(unavailable(), json(200, user, { etag: '"1"' }));
    const { api } = client();
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok && r.status === 200 && r.data.id).toBe(USER_ID);
    expect(r.attempts).toBe(2);
    expect(stub.requests.map((q) => q.method)).toEqual(['GET', 'GET']);
  });

  it('retries on 408, 429, 502, 504 and on a dropped connection', async () => {
    stub.script(
      problem(408, 'REQUEST_TIMEOUT'),
      problem(429, 'RATE_LIMITED', { retryAfterSeconds: 0 }),
      { type: 'respond', status: 502, rawBody: 'bad gateway', headers: { 'content-type': 'text/plain' } },
      problem(504, 'GATEWAY_TIMEOUT'),
      { type: 'drop' },
      json(200, user),
    );
    const reasons: string[] = [];
    const { api } = client({ retry: { maxAttempts: 6 }, hooks: { onRetry: (e) => reasons.push(e.reason) } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    expect(reasons).toEqual(['status 408', 'status 429', 'status 502', 'status 504', 'network']);
  });

  it('retries a problem the catalogue marks retryable (409 IDEMPOTENCY_KEY_IN_USE) and not one it does not (409 EMAIL_TAKEN)', async () => {
    stub.script(problem(409, 'IDEMPOTENCY_KEY_IN_USE', {}, { 'retry-after': '1' }), json(201, user));
    const { api } = client();
    const ok = await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' } });
    expect(ok.status).toBe(201);
    expect(ok.attempts).toBe(2);

    stub.script(problem(409, 'EMAIL_TAKEN', { email: 'ada@example.com' }));
    const taken = await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' } });
    expect(taken.attempts).toBe(1);
    expect(!taken.ok && taken.error.code === 'EMAIL_TAKEN' && taken.error.email).toBe('ada@example.com');
  });

  it('never retries a PATCH without an idempotency key, even on 503 or a dropped connection', async () => {
    const { api } = client();
    stub.script(unavailable());
    const r = await api.updateUser({ path: { userId: USER_ID }, body: { displayName: 'B' }, ifMatch: '"1"' });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(503);
    expect(r.attempts).toBe(1);

    stub.script({ type: 'drop' });
    const dropped = await api.updateUser({ path: { userId: USER_ID }, body: { displayName: 'B' }, ifMatch: '"1"' });
    expect(!dropped.ok && dropped.error.kind).toBe('network');
    expect(stub.requests).toHaveLength(2);
  });

  it('never retries a POST whose operation declares no idempotency key', async () => {
    // No operation of this contract is a keyless POST, so the same SDK is built over a
    // table in which createUser does not declare the header.
    const { operations } = await import('../../generated/client/charter.ts');
    const { buildClient, parseProblem, isRetryable } = await import('../../generated/client/charter.ts');
    const { createClient, createConfig } = await import('../../generated/client/client/index.ts');
    const { idempotencyHeader: _dropped, ...keyless } = operations.createUser;
    const api = buildClient({ createUser: keyless }, (c) => createClient(createConfig(c as never)), { parse: parseProblem as never, retryable: isRetryable }, {
      baseUrl: `${stub.origin}/v1`,
      clock: fakeClock(),
    }) as { createUser(input: unknown): Promise<{ ok: boolean; status?: number; attempts: number }> };
    stub.script(unavailable(), json(201, user));
    const r = await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' } });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(503);
    expect(r.attempts).toBe(1);
    expect(stub.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('retries a PATCH once the caller gives it an idempotency key', async () => {
    stub.script(unavailable(), json(200, user));
    const { api } = client();
    const r = await api.updateUser({ path: { userId: USER_ID }, body: { displayName: 'B' }, ifMatch: '"1"', idempotencyKey: 'patch-1' });
    expect(r.ok).toBe(true);
    expect(stub.requests.map((q) => q.headers['idempotency-key'])).toEqual(['patch-1', 'patch-1']);
  });

  it('stops after maxAttempts and returns the last failure', async () => {
    stub.script(unavailable(), unavailable(), unavailable(), json(200, user));
    const { api } = client({ retry: { maxAttempts: 3 } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.attempts).toBe(3);
    expect(!r.ok && r.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(stub.requests).toHaveLength(3);
  });
});

describe('backoff on a fake clock', () => {
  it('waits exponentially growing, fully jittered delays when the server gives no Retry-After', async () => {
    stub.script(unavailable(), unavailable(), unavailable(), json(200, user));
    const random = [0.5, 0.25, 1 - Number.EPSILON];
    const { api, clock, attemptsAt } = client({ random: () => random.shift()!, retry: { maxAttempts: 4, baseDelayMs: 100 } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    // ceilings 100, 200, 400; jitter picks random() × ceiling.
    expect(clock.sleeps).toEqual([50, 50, 400]);
    expect(attemptsAt).toEqual([0, 50, 100, 500]);
  });

  it('honours Retry-After given in seconds', async () => {
    stub.script(unavailable({ 'retry-after': '7' }), problem(429, 'RATE_LIMITED', { retryAfterSeconds: 3 }, { 'retry-after': '3' }), json(200, user));
    const { api, attemptsAt } = client();
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    expect(attemptsAt).toEqual([0, 7_000, 10_000]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const clock = fakeClock();
    const at = new Date(clock.now() + 12_000).toUTCString();
    stub.script(unavailable({ 'retry-after': at }), json(200, user));
    const stamps: number[] = [];
    const api = createApiClient({ baseUrl: `${stub.origin}/v1`, clock, hooks: { onRequest: () => stamps.push(clock.now()) } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    expect(stamps[1]! - stamps[0]!).toBe(12_000);
  });

  it('gives up rather than sleep past the deadline, returning the last problem', async () => {
    const faults = Array.from({ length: 10 }, () => unavailable({ 'retry-after': '5' }));
    stub.script(...faults);
    const { api, attemptsAt } = client({ retry: { maxAttempts: 10 }, deadlineMs: 12_000 });
    const r = await api.getUser({ path: { userId: USER_ID } });
    // Attempts at 0 s, 5 s and 10 s; a fourth at 15 s would break the 12 s deadline.
    expect(attemptsAt).toEqual([0, 5_000, 10_000]);
    expect(!r.ok && r.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(r.attempts).toBe(3);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    stub.script(unavailable({ 'retry-after': '3600' }));
    const { api, clock } = client({ retry: { maxRetryAfterMs: 60_000 } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('timeouts, deadlines and cancellation (real time)', () => {
  it('ends a call that outlives its deadline with a timeout error, on time', async () => {
    stub.script({ type: 'delay', ms: 3_000, then: json(200, user) });
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const started = Date.now();
    const r = await api.getUser({ path: { userId: USER_ID }, deadlineMs: 300 });
    const took = Date.now() - started;
    expect(!r.ok && r.error.kind).toBe('timeout');
    expect(!r.ok && r.error.kind === 'timeout' && r.error.scope).toBe('deadline');
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_500);
  });

  it('retries an attempt that outlives timeoutMs, then succeeds', async () => {
    stub.script({ type: 'delay', ms: 2_000, then: json(200, user) }, json(200, user));
    const api = createApiClient({ baseUrl: `${stub.origin}/v1`, timeoutMs: 200, retry: { baseDelayMs: 1 } });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(2);
  });

  it('reports a caller abort as aborted and does not retry it', async () => {
    stub.script({ type: 'delay', ms: 2_000, then: json(200, user) });
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const controller = new AbortController();
    const pending = api.getUser({ path: { userId: USER_ID }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user navigated away')), 50);
    const r = await pending;
    expect(!r.ok && r.error.kind).toBe('aborted');
    expect(r.attempts).toBe(1);
  });
});

describe('typed failures', () => {
  it('keeps an unknown code from a newer server as an UNKNOWN_PROBLEM with everything it sent', async () => {
    stub.script(problem(409, 'USER_SUSPENDED', { until: '2030-01-01' }, { 'x-request-id': 'srv-123' }));
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const r = await api.getUser({ path: { userId: USER_ID } });
    if (r.ok || r.error.code !== 'UNKNOWN_PROBLEM') throw new Error(`expected an unknown problem, got ${JSON.stringify(r)}`);
    expect(r.status).toBe(409);
    expect(r.error.serverCode).toBe('USER_SUSPENDED');
    expect(r.error.raw).toMatchObject({ until: '2030-01-01' });
    expect(r.error.requestId).toBe('srv-123');
    expect(r.requestId).toBe('srv-123');
  });

  it('reports a network failure as kind network, with the request id it sent', async () => {
    stub.script({ type: 'drop' });
    const api = createApiClient({ baseUrl: `${stub.origin}/v1`, retry: false });
    const r = await api.getUser({ path: { userId: USER_ID }, requestId: 'mine-1' });
    expect(!r.ok && r.error.kind).toBe('network');
    expect(r.requestId).toBe('mine-1');
    expect(!r.ok && r.error.requestId).toBe('mine-1');
  });

  it('reports a body that breaks the contract as invalid-response and does not retry it', async () => {
    stub.script(json(200, { id: USER_ID }), { type: 'respond', status: 200, rawBody: '<html>', headers: { 'content-type': 'text/html' } }, json(202, user));
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const missing = await api.getUser({ path: { userId: USER_ID } });
    const html = await api.getUser({ path: { userId: USER_ID } });
    const undeclared = await api.getUser({ path: { userId: USER_ID } });
    for (const r of [missing, html, undeclared]) {
      expect(!r.ok && r.error.kind).toBe('invalid-response');
      expect(r.attempts).toBe(1);
    }
    expect(!missing.ok && missing.error.kind === 'invalid-response' && missing.error.message).toMatch(/lacks required "createdAt", "displayName"/);
    expect(!html.ok && html.error.kind === 'invalid-response' && html.error.message).toMatch(/expected a JSON body/);
    expect(!undeclared.ok && undeclared.error.kind === 'invalid-response' && undeclared.error.message).toMatch(/status 202 is not declared/);
  });

  it('throws an ApiError from orThrow that isProblem recognises, with status, problem and request id', async () => {
    stub.script(problem(412, 'VERSION_MISMATCH', { currentVersion: 4, requestId: 'body-id' }));
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const err = await api.updateUser.orThrow({ path: { userId: USER_ID }, body: { displayName: 'B' }, ifMatch: '"3"' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(Error);
    if (!(err instanceof ApiError) || !isProblem(err, 'VERSION_MISMATCH')) throw new Error('expected a VERSION_MISMATCH ApiError');
    expect(err.status).toBe(412);
    expect(err.problem?.currentVersion).toBe(4);
    expect(err.requestId).toBe('body-id');
    expect(err.message).toContain('updateUser failed with 412 VERSION_MISMATCH');
    expect(isProblem(err, 'EMAIL_TAKEN')).toBe(false);
  });
});

describe('headers and hooks', () => {
  it('sends one generated X-Request-Id and one Idempotency-Key per call, reused by every retry', async () => {
    stub.script(unavailable(), json(201, user), json(201, user));
    const { api } = client();
    await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' } });
    await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' } });
    const [a, b, c] = stub.requests.map((q) => q.headers);
    expect(a!['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b!['idempotency-key']).toBe(a!['idempotency-key']);
    expect(b!['x-request-id']).toBe(a!['x-request-id']);
    expect(c!['idempotency-key']).not.toBe(a!['idempotency-key']);
    expect(c!['x-request-id']).not.toBe(a!['x-request-id']);
  });

  it('lets the caller choose the idempotency key, request id and traceparent, and sends no traceparent unasked', async () => {
    stub.script(json(201, user), json(200, user));
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await api.createUser({ body: { email: 'ada@example.com', displayName: 'Ada' }, idempotencyKey: 'order-42', requestId: 'req-42', traceparent });
    await api.getUser({ path: { userId: USER_ID } });
    expect(stub.requests[0]!.headers).toMatchObject({ 'idempotency-key': 'order-42', 'x-request-id': 'req-42', traceparent });
    expect(stub.requests[1]!.headers.traceparent).toBeUndefined();
  });

  it('calls onRequest, onResponse and onRetry in order, and survives a hook that throws', async () => {
    stub.script(unavailable({ 'retry-after': '2' }), json(200, user));
    const events: string[] = [];
    const { api } = client({
      hooks: {
        onRequest: (e) => {
          events.push(`request ${e.attempt} ${e.method} ${new URL(e.url).pathname}`);
          throw new Error('a broken logger');
        },
        onResponse: (e: ResponseEvent) => events.push(`response ${e.attempt} ${e.status} ${e.outcome}`),
        onRetry: (e: RetryEvent) => events.push(`retry after ${e.attempt} in ${e.delayMs} ms: ${e.reason}`),
      },
    });
    const r = await api.getUser({ path: { userId: USER_ID } });
    expect(r.ok).toBe(true);
    expect(events).toEqual([
      `request 1 GET /v1/users/${USER_ID}`,
      'response 1 503 problem',
      'retry after 1 in 2000 ms: status 503',
      `request 2 GET /v1/users/${USER_ID}`,
      'response 2 200 ok',
    ]);
  });

  it('sends If-None-Match and surfaces 304 as notModified with the etag', async () => {
    stub.script({ type: 'respond', status: 304, headers: { etag: '"1"' } });
    const api = createApiClient({ baseUrl: `${stub.origin}/v1` });
    const r = await api.getUser({ path: { userId: USER_ID }, ifNoneMatch: '"1"' });
    expect(stub.requests[0]!.headers['if-none-match']).toBe('"1"');
    expect(r).toMatchObject({ ok: true, status: 304, notModified: true, data: undefined, etag: '"1"' });
  });
});
