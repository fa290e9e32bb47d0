/**
 * The account-settings module on the paths the pact does not record: failures the provider
 * cannot be asked to produce on demand (rate limits, unknown codes, dropped connections,
 * contract violations) and what the SDK does underneath (idempotency keys across retries).
 * The module runs on the real generated SDK; only `fetch` is replaced by a scripted server.
 */
import { describe, expect, it } from 'vitest';
import { createAccountSettings, type AccountSettingsOptions } from './account-settings.ts';

const U1 = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
const user = (over: Record<string, unknown> = {}) => ({
  id: U1,
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  locale: 'en-GB',
  status: 'active',
  version: 1,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
  ...over,
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, ...headers } });
}

function problem(status: number, code: string, members: Record<string, unknown> = {}) {
  return { type: `/docs/errors#${code.toLowerCase()}`, title: 'A title', status, code, ...members };
}

/** A server that answers each request with the next scripted response, and records the requests. */
function scripted(...answers: Array<Response | Error>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    requests.push(new Request(input, init));
    const next = answers.shift();
    if (next === undefined) throw new Error(`unscripted request ${requests.at(-1)!.method} ${requests.at(-1)!.url}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function settings(fetch: typeof globalThis.fetch, over: Partial<AccountSettingsOptions> = {}) {
  // No backoff wait between retries, so a retried call finishes at once.
  return createAccountSettings({ baseUrl: 'http://api.test/v1', token: () => 't0k3n', fetch, retry: { maxAttempts: 2, baseDelayMs: 0 }, ...over });
}

describe('account settings on the generated SDK', () => {
  it('sends one generated idempotency key for a sign-up and reuses it when the SDK retries', async () => {
    const server = scripted(json(503, problem(503, 'SERVICE_UNAVAILABLE')), json(201, user(), { etag: '"1"' }));
    const r = await settings(server.fetch).signUp({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    expect(r).toMatchObject({ ok: true, value: { etag: '"1"', user: { id: U1 } } });
    const keys = server.requests.map((q) => q.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(server.requests[0]!.headers.get('authorization')).toBe('Bearer t0k3n');
  });

  it('sends the idempotency key the caller gives', async () => {
    const server = scripted(json(201, user(), { etag: '"1"' }));
    await settings(server.fetch).signUp({ email: 'ada@example.com', displayName: 'Ada' }, { idempotencyKey: 'signup-form-7' });
    expect(server.requests[0]!.headers.get('idempotency-key')).toBe('signup-form-7');
  });

  it('says a sign-up is still in progress, with the wait the server asks for, once the SDK stops retrying IDEMPOTENCY_KEY_IN_USE', async () => {
    const inUse = () => json(409, problem(409, 'IDEMPOTENCY_KEY_IN_USE'), { 'retry-after': '0' });
    const server = scripted(inUse(), inUse());
    const r = await settings(server.fetch).signUp({ email: 'ada@example.com', displayName: 'Ada' });
    expect(r).toEqual({ ok: false, error: { kind: 'sign-up-in-progress', retryAfterSeconds: 0 } });
    expect(server.requests).toHaveLength(2);
  });

  it('asks to try later with the rate limit window when a read answers 429 RATE_LIMITED', async () => {
    const server = scripted(json(429, problem(429, 'RATE_LIMITED', { retryAfterSeconds: 30 }), { 'retry-after': '30' }));
    // One attempt: the SDK would otherwise honour the 30 s Retry-After before retrying.
    const r = await settings(server.fetch, { retry: false }).loadUser(U1);
    expect(r).toEqual({ ok: false, error: { kind: 'try-later', retryAfterSeconds: 30 } });
  });

  it('reports a code this build does not know as unexpected, with the server code, instead of guessing', async () => {
    const server = scripted(json(409, problem(409, 'USER_LOCKED')));
    const r = await settings(server.fetch).loadProfile(U1);
    expect(r).toEqual({ ok: false, error: { kind: 'unexpected', status: 409, code: 'USER_LOCKED' } });
  });

  it('reports the API as unreachable when every attempt loses the connection', async () => {
    const server = scripted(new TypeError('fetch failed'), new TypeError('fetch failed'));
    const r = await settings(server.fetch).loadUser(U1);
    expect(r).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'network' } });
    expect(server.requests).toHaveLength(2);
  });

  it('reports a success body that lacks what the contract requires as unexpected', async () => {
    const { createdAt: _dropped, ...withoutCreatedAt } = user();
    const server = scripted(json(200, withoutCreatedAt, { etag: '"1"' }));
    const r = await settings(server.fetch).loadUser(U1);
    expect(r).toEqual({ ok: false, error: { kind: 'unexpected', status: 200, code: undefined } });
  });

  it('gives up with "edited elsewhere" when the retried edit loses the race again', async () => {
    const stale = () => json(412, problem(412, 'VERSION_MISMATCH', { currentVersion: 3 }));
    const server = scripted(stale(), json(200, user({ version: 2 }), { etag: '"2"' }), stale());
    const r = await settings(server.fetch).editUser(U1, () => ({ locale: 'fr' }), { user: user() as never, etag: '"1"' });
    expect(r).toEqual({ ok: false, error: { kind: 'edited-elsewhere', currentVersion: 3 } });
    expect(server.requests.map((q) => `${q.method} ${q.headers.get('if-match') ?? ''}`)).toEqual(['PATCH "1"', 'GET ', 'PATCH "2"']);
  });

  it('ends the user iteration with the failed page as an error, after yielding the pages before it', async () => {
    const server = scripted(
      json(200, { items: [user()], nextCursor: 'c2' }),
      json(403, problem(403, 'FORBIDDEN', { requiredScopes: ['users:read'] })),
    );
    const pages = settings(server.fetch).allUsers({ pageSize: 1 });
    const seen: string[] = [];
    let step = await pages.next();
    while (!step.done) {
      seen.push(step.value.id);
      step = await pages.next();
    }
    expect(seen).toEqual([U1]);
    expect(step.value).toEqual({ ok: false, error: { kind: 'not-allowed', requiredScopes: ['users:read'] } });
    expect(new URL(server.requests[1]!.url).searchParams.get('cursor')).toBe('c2');
  });
});
