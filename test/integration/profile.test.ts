import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvatarClient } from '../../service/src/profile/avatar-client.ts';
import { idempotencyKey, requestWith, uniqueEmail } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

/** A stand-in avatar service whose behaviour each test sets: answer, delay or be down. */
class AvatarStub {
  mode: 'ok' | 'slow' | 'error' = 'ok';
  calls = 0;
  private readonly pending = new Set<http.ServerResponse>();
  readonly server = http.createServer((req, res) => {
    this.calls += 1;
    const id = req.url!.split('/').pop();
    if (this.mode === 'error') {
      res.writeHead(503).end();
    } else if (this.mode === 'slow') {
      // Answers after 5 s, far beyond the client's timeout.
      this.pending.add(res);
      const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `https://avatars.example/${id}.png` })), 5_000);
      res.on('close', () => {
        clearTimeout(timer);
        this.pending.delete(res);
      });
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `https://avatars.example/${id}.png` }));
    }
  });
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const TIMEOUT_MS = 300;
const COOL_DOWN_MS = 10_000;
let now = 0;
const stub = new AvatarStub();
let service: TestService;
const request = requestWith(() => service.asAdmin);
const avatars = () => createAvatarClient({ baseUrl: stub.url, timeoutMs: TIMEOUT_MS, failureThreshold: 2, coolDownMs: COOL_DOWN_MS, now: () => now });
let client: ReturnType<typeof avatars>;
let userId: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
  client = avatars();
  service = await startTestService({ avatars: client });
  const created = await request(`${service.baseUrl}/users`, 'POST', {
    headers: { 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail('profile'), displayName: 'Grace' },
  });
  userId = created.body.id;
});
afterAll(async () => {
  await service?.close();
  await stub.close();
});

async function profile() {
  const started = performance.now();
  const res = await request(`${service.baseUrl}/users/${userId}/profile`, 'GET');
  return { res, ms: performance.now() - started };
}

describe('getUserProfile with an external avatar service', () => {
  it('includes the avatar when the service answers', async () => {
    const { res } = await profile();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ avatar: { url: `https://avatars.example/${userId}.png` }, degraded: [] });
  });

  it('answers within the timeout, without the avatar, when the service takes 5 s', async () => {
    stub.mode = 'slow';
    const { res, ms } = await profile();
    expect(res.status).toBe(200);
    expect(res.body.avatar).toBeUndefined();
    expect(res.body.degraded).toEqual(['avatar']);
    expect(ms).toBeLessThan(TIMEOUT_MS + 700);
  });

  it('opens the breaker when the service is down, then skips it without calling', async () => {
    stub.mode = 'error';
    await profile(); // the second consecutive failure (after the timeout above) opens the circuit
    expect(client.breaker.state).toBe('open');
    const before = stub.calls;
    const { res, ms } = await profile();
    expect(res.status).toBe(200);
    expect(res.body.degraded).toEqual(['avatar']);
    expect(stub.calls).toBe(before);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('closes again after the cool-down when a half-open probe succeeds', async () => {
    stub.mode = 'ok';
    now += COOL_DOWN_MS - 1;
    expect(client.breaker.state).toBe('open');
    now += 1;
    expect(client.breaker.state).toBe('half-open');
    const { res } = await profile();
    expect(res.body).toMatchObject({ avatar: { url: expect.any(String) }, degraded: [] });
    expect(client.breaker.state).toBe('closed');
  });

  it('reopens at once when the half-open probe fails', async () => {
    stub.mode = 'error';
    await profile();
    await profile();
    expect(client.breaker.state).toBe('open');
    now += COOL_DOWN_MS;
    const before = stub.calls;
    const { res } = await profile();
    expect(res.body.degraded).toEqual(['avatar']);
    expect(stub.calls).toBe(before + 1);
    expect(client.breaker.state).toBe('open');
  });
});
