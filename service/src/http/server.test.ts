import net from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../../test/support/service.ts';
import { listen } from './server.ts';

// Regressions found by the reliability suite (docs/reliability.md).
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.close();
});

describe('the HTTP server in front of the app', () => {
  it('answers a request line over 16 KiB with a 431 REQUEST_HEADERS_TOO_LARGE problem, not an empty 431', async () => {
    const res = await fetch(`${service.baseUrl}/users?cursor=${'a'.repeat(20_000)}`, { headers: service.asAdmin });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
  });

  it('keeps a problem\'s instance within the 2048 characters the contract allows when the path is longer', async () => {
    const res = await fetch(`${service.baseUrl}/users/${'0'.repeat(5_000)}`, { headers: service.asAdmin });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { instance: string };
    expect(body.instance.length).toBeLessThanOrEqual(2048);
  });

  it('sets slow-client timeouts far below Node\'s 5-minute default', async () => {
    const socket = net.connect(Number(new URL(service.origin).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Headers that never finish: the server must give up on its own (headersTimeout 10 s).
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(Date.now() - started).toBeLessThan(13_000);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  }, 20_000);

  it('keeps an idle keep-alive connection open for 65 s, above a load balancer\'s 60, and says so', async () => {
    const res = await fetch(`${service.origin}/healthz`);
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
    await res.arrayBuffer();
  });

  it('closes an idle keep-alive connection after the configured time, and only then', async () => {
    const app = express();
    app.get('/', (_req, res) => void res.send('ok'));
    const running = await listen(app, 0, '127.0.0.1', { keepAliveTimeoutMs: 500 });
    try {
      const socket = net.connect(running.port, '127.0.0.1');
      let text = '';
      let answeredAt = 0;
      socket.on('data', (d) => {
        text += d.toString();
        if (text.includes('\r\n\r\nok')) answeredAt ||= Date.now();
      });
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const closedAt = await closed;
      expect(text).toMatch(/^HTTP\/1.1 200/);
      expect(answeredAt).toBeGreaterThan(0);
      // Closed by the server once idle for the configured time: not right after the answer, and
      // well before Node's own 5 s default would have closed it.
      expect(closedAt - answeredAt).toBeGreaterThanOrEqual(100);
      expect(closedAt - answeredAt).toBeLessThan(4_000);
    } finally {
      await running.close(1_000);
    }
  });
});

describe('text PostgreSQL cannot store', () => {
  it('answers 400 VALIDATION_FAILED, not 500, for a NUL character in a body field or a query parameter', async () => {
    const created = await fetch(`${service.baseUrl}/users`, {
      method: 'POST',
      headers: { ...service.asAdmin, 'content-type': 'application/json', 'idempotency-key': 'nul-1' },
      body: JSON.stringify({ email: 'nul@example.com', displayName: 'a\u0000b' }),
    });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const listed = await fetch(`${service.baseUrl}/users?emailPrefix=%00`, { headers: service.asAdmin });
    expect(listed.status).toBe(400);
  });
});
