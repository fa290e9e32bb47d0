/**
 * The generated SDK against the real service on PostgreSQL: a retried POST creates one
 * user, typed problems carry their members and the server's request id, ETags drive
 * conditional requests, and the pagination iterator walks a large, growing table exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, isProblem, type ApiClient } from '../../generated/client/charter.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startFaultServer, type FaultServer } from './support/fault-server.ts';

let service: TestService;
let proxy: FaultServer;
let api: ApiClient;
let token: string;

beforeAll(async () => {
  service = await startTestService();
  token = await service.token({ sub: '00000000-0000-4000-8000-0000000005d6', scopes: ['admin', 'users:read', 'users:write'] });
  proxy = await startFaultServer({ upstream: service.origin });
  api = createApiClient({ baseUrl: service.baseUrl, auth: token });
});

afterAll(async () => {
  await proxy?.close();
  await service?.close();
});

let serial = 0;
const newEmail = (tag: string) => `${tag}-${process.pid}-${++serial}@example.com`;

describe('the SDK on the real service', () => {
  it('creates exactly one user when the first response is lost and the POST is retried with the same key', async () => {
    const viaProxy = createApiClient({ baseUrl: `${proxy.origin}/v1`, auth: token, retry: { baseDelayMs: 10 } });
    const email = newEmail('lost-response');
    proxy.script({ type: 'forward-then-drop' });
    const r = await viaProxy.createUser({ body: { email, displayName: 'Lost Response' } });

    expect(r.ok && r.status).toBe(201);
    expect(r.attempts).toBe(2);
    const keys = proxy.requests.map((q) => q.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const rows = await service.db('users').whereRaw('lower(email) = lower(?)', [email]).select('id');
    expect(rows).toHaveLength(1);
    expect(r.ok && r.data.id).toBe(rows[0].id);
  });

  it('returns EMAIL_TAKEN typed, with the email and the request id the server logged', async () => {
    const email = newEmail('taken');
    await api.createUser.orThrow({ body: { email, displayName: 'First' } });
    const r = await api.createUser({ body: { email, displayName: 'Second' }, requestId: 'sdk-taken-1' });
    if (r.ok || r.error.code !== 'EMAIL_TAKEN') throw new Error(`expected EMAIL_TAKEN, got ${JSON.stringify(r)}`);
    expect(r.status).toBe(409);
    expect(r.error.email.toLowerCase()).toBe(email.toLowerCase());
    expect(r.requestId).toBe(r.headers?.get('x-request-id'));
    expect(r.error.requestId).toBe(r.requestId);
    expect(r.attempts).toBe(1);
  });

  it('reads with If-None-Match into a 304, and updates with If-Match from the etag, failing typed when it is stale', async () => {
    const created = await api.createUser.orThrow({ body: { email: newEmail('etag'), displayName: 'Etag' } });
    const userId = created.data.id;
    const read = await api.getUser.orThrow({ path: { userId } });
    expect(read.etag).toBeTruthy();

    const again = await api.getUser({ path: { userId }, ifNoneMatch: read.etag });
    expect(again).toMatchObject({ ok: true, status: 304, notModified: true, data: undefined });

    const updated = await api.updateUser({ path: { userId }, body: { displayName: 'Etag 2' }, ifMatch: read.etag });
    expect(updated.ok && updated.data.displayName).toBe('Etag 2');
    expect(updated.etag).not.toBe(read.etag);

    const stale = await api.updateUser({ path: { userId }, body: { displayName: 'Etag 3' }, ifMatch: read.etag });
    if (stale.ok || stale.error.code !== 'VERSION_MISMATCH') throw new Error(`expected VERSION_MISMATCH, got ${JSON.stringify(stale)}`);
    expect(stale.error.currentVersion).toBe(updated.ok ? updated.data.version : -1);

    const unconditional = await api.updateUser({ path: { userId }, body: { displayName: 'Etag 4' } });
    expect(!unconditional.ok && unconditional.error.code).toBe('PRECONDITION_REQUIRED');

    await expect(api.updateUser.orThrow({ path: { userId }, body: { displayName: 'Etag 5' }, ifMatch: read.etag })).rejects.toSatisfy((e: unknown) =>
      isProblem(e, 'VERSION_MISMATCH'),
    );
  });

  it('walks 1,000 users in pages of 37 with no duplicates or gaps while users are being inserted', async () => {
    const before = new Set<string>();
    const pending = Array.from({ length: 1_000 }, (_, i) => i);
    const workers = Array.from({ length: 8 }, async () => {
      for (let i = pending.shift(); i !== undefined; i = pending.shift()) {
        const r = await api.createUser.orThrow({ body: { email: newEmail(`page-${i}`), displayName: `Page ${i}` } });
        before.add(r.data.id);
      }
    });
    await Promise.all(workers);
    const total = Number((await service.db('users').count<{ count: string }[]>('* as count'))[0]!.count);

    let walking = true;
    let insertedDuring = 0;
    const writer = (async () => {
      while (walking) {
        await api.createUser.orThrow({ body: { email: newEmail('concurrent'), displayName: 'Concurrent' } });
        insertedDuring++;
      }
    })();

    const seen: string[] = [];
    const pageSizes: number[] = [];
    try {
      for await (const page of api.listUsersPages({ query: { limit: 37 } })) {
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((u) => u.id));
      }
    } finally {
      walking = false;
      await writer;
    }

    expect(insertedDuring).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    const missing = [...before].filter((id) => !seen.includes(id));
    expect(missing).toEqual([]);
    // Users inserted after the walk began are newer than the first page, so the walk sees exactly the table as it started,
    // plus at most what was inserted before the first page was read.
    expect(seen.length).toBeGreaterThanOrEqual(total);
    expect(pageSizes.slice(0, -1).every((n) => n === 37)).toBe(true);
    expect(pageSizes.at(-1)!).toBeLessThanOrEqual(37);

    let viaItems = 0;
    for await (const user of api.listUsersAll({ query: { limit: 100 } })) {
      expect(typeof user.id).toBe('string');
      viaItems++;
    }
    expect(viaItems).toBeGreaterThanOrEqual(total + insertedDuring);
  }, 120_000);
});
