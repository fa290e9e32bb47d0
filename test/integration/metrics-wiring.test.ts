/**
 * The operational counters are fed by the code paths they describe: an idempotent replay and
 * a rate-limit rejection each show up in GET /metrics under the operation that caused them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.ts';
import { TEST_WINDOW_SECONDS } from '../support/rate-limit-window.ts';

let service: TestService;

beforeAll(async () => {
  service = await startTestService({ rateLimits: { writes: { limit: 2, windowSeconds: TEST_WINDOW_SECONDS } } });
});

afterAll(async () => {
  await service?.close();
});

async function create(key: string, email: string): Promise<Response> {
  return fetch(`${service.baseUrl}/users`, {
    method: 'POST',
    headers: { ...service.asAdmin, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ email, displayName: 'Metrics Probe' }),
  });
}

function counter(text: string, name: string, operationId: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`operation="${operationId}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('operational metrics', () => {
  it('counts idempotent replays and rate-limit rejections per operation', async () => {
    const before = await (await fetch(`${service.origin}/metrics`)).text();
    expect(counter(before, 'idempotency_replays_total', 'createUser')).toBe(0);

    expect((await create('metrics-key-1', 'probe@example.com')).status).toBe(201);
    const replay = await create('metrics-key-1', 'probe@example.com');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await create('metrics-key-2', 'probe2@example.com')).status).toBe(429);

    const after = await (await fetch(`${service.origin}/metrics`)).text();
    expect(counter(after, 'idempotency_replays_total', 'createUser')).toBe(1);
    expect(counter(after, 'rate_limit_rejections_total', 'createUser')).toBe(1);
  });
});
