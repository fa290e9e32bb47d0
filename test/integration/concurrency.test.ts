import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey, request, uniqueEmail } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

// Two instances of the service on different ports, sharing one database: the version guard in
// the UPDATE is all that stands between concurrent writers, across processes as within one.
let a: TestService;
let b: TestService;
beforeAll(async () => {
  a = await startTestService();
  b = await startTestService({ sharedDatabase: a.database });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const FIELDS = 50;

describe('optimistic concurrency across two instances', () => {
  it('lets exactly one of 50 concurrent patches with the same If-Match win; retries lose no update', async () => {
    const created = await request(`${a.baseUrl}/users`, 'POST', {
      headers: { ...a.asAdmin, 'idempotency-key': idempotencyKey() },
      json: { email: uniqueEmail('contended'), displayName: '-' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const etag = created.headers.get('etag')!;

    // Each writer owns one "field": a letter it adds to displayName, which starts as '-'.
    // displayName stands in for a document of 50 fields merged client-side.
    const letter = (i: number) => String.fromCharCode(0x4e00 + i);
    const apply = (current: string, i: number) => (current.includes(letter(i)) ? current : current + letter(i));
    const send = (service: TestService, tag: string, value: string) =>
      request(`${service.baseUrl}/users/${id}`, 'PATCH', {
        headers: { ...service.asAdmin, 'if-match': tag },
        json: { displayName: value },
        contentType: 'application/merge-patch+json',
      });

    const firstRound = await Promise.all(
      Array.from({ length: FIELDS }, (_, i) => send(i % 2 ? b : a, etag, apply('-', i))),
    );
    const statuses = firstRound.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(FIELDS - 1);
    for (const r of firstRound.filter((x) => x.status === 412)) expect(r.body.code).toBe('VERSION_MISMATCH');

    // The losers do what a well-behaved client does: refetch, re-apply their change, retry.
    const losers = firstRound.flatMap((r, i) => (r.status === 412 ? [i] : []));
    await Promise.all(
      losers.map(async (i) => {
        const service = i % 2 ? b : a;
        for (let attempt = 0; attempt < 500; attempt++) {
          const current = await request(`${service.baseUrl}/users/${id}`, 'GET', { headers: service.asAdmin });
          const res = await send(service, current.headers.get('etag')!, apply(current.body.displayName, i));
          if (res.status === 200) return;
          expect(res.status).toBe(412);
        }
        throw new Error(`writer ${i} never got its change in`);
      }),
    );

    const final = await request(`${a.baseUrl}/users/${id}`, 'GET', { headers: a.asAdmin });
    for (let i = 0; i < FIELDS; i++) expect(final.body.displayName, `update ${i} was lost`).toContain(letter(i));
    expect(final.body.version).toBe(1 + FIELDS);
    // Every successful write left exactly one event, in version order.
    const events = await a.db('outbox').where({ aggregate_id: id, message: 'userUpdated' }).orderBy('seq');
    expect(events.map((e) => e.payload.version)).toEqual(Array.from({ length: FIELDS }, (_, i) => i + 2));
  }, 120_000);
});
