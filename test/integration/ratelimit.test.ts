import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { TEST_WINDOW_SECONDS } from '../support/rate-limit-window.ts';

// Two instances on one database: the limit holds across them because the counters live in PostgreSQL.
let a: TestService;
let b: TestService;
const LIMIT = 4;
beforeAll(async () => {
  a = await startTestService({ rateLimits: { reads: { limit: LIMIT, windowSeconds: TEST_WINDOW_SECONDS } } });
  b = await startTestService({ sharedDatabase: a.database, rateLimits: { reads: { limit: LIMIT, windowSeconds: TEST_WINDOW_SECONDS } } });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('rate limits from the contract', () => {
  it('answers 429 RATE_LIMITED with Retry-After and RateLimit headers once a caller exceeds its group, across instances', async () => {
    const token = await a.token({ sub: 'reader-1', scopes: 'users:read' });
    const headers = { authorization: `Bearer ${token}` };
    const seen = [];
    for (let i = 0; i < LIMIT; i++) seen.push(await request(`${(i % 2 ? b : a).baseUrl}/users`, 'GET', { headers }));
    expect(seen.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    expect(seen[0]!.headers.get('ratelimit-policy')).toBe(`"reads";q=${LIMIT};w=${TEST_WINDOW_SECONDS}`);
    expect(seen.map((r) => r.headers.get('ratelimit')?.match(/r=(\d+)/)?.[1])).toEqual(['3', '2', '1', '0']);

    const over = await request(`${b.baseUrl}/users`, 'GET', { headers });
    expect({ status: over.status, code: over.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(TEST_WINDOW_SECONDS);
    expect(over.body.retryAfterSeconds).toBe(retryAfter);
    expect(over.headers.get('ratelimit')).toMatch(/^"reads";r=0;t=\d+$/);
  });

  it('counts each caller separately, and anonymous callers by IP', async () => {
    const other = await a.token({ sub: 'reader-2', scopes: 'users:read' });
    const res = await request(`${a.baseUrl}/users`, 'GET', { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(200);
    const statuses = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await request(`${a.baseUrl}/users`, 'GET')).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
  });

  it('leaves operations of another group alone', async () => {
    const token = await a.token({ sub: 'reader-1', scopes: 'users:read users:write' });
    const res = await request(`${a.baseUrl}/users/00000000-0000-4000-8000-000000000001/preferences`, 'PUT', {
      headers: { authorization: `Bearer ${token}` },
      json: { theme: 'dark', emailNotifications: true, timezone: 'UTC' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('ratelimit-policy')).toBe('"writes";q=60;w=60');
  });
});
