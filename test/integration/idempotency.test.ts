import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reapOnce } from '../../service/src/idempotency/reaper.ts';
import { idempotencyKey, requestWith, uniqueEmail } from '../support/http.ts';
import { startTestService, TEST_ADMIN_SUBJECT, type TestService } from '../support/service.ts';

let service: TestService;
const request = requestWith(() => service.asAdmin);
const users = () => `${service.baseUrl}/users`;

beforeAll(async () => {
  service = await startTestService({ idempotency: { lockTtlSeconds: 2 } });
});
afterAll(async () => {
  await service?.close();
});

const create = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(users(), 'POST', { headers: { 'idempotency-key': key, ...headers }, json: body });

describe('Idempotency-Key on createUser', () => {
  it('replays the stored status, body, Location and ETag for a retry, creating one user and one event', async () => {
    const key = idempotencyKey();
    const body = { email: uniqueEmail('replay'), displayName: 'Once' };
    const first = await create(key, body);
    expect(first.status).toBe(201);
    // Same body with its keys in another order: the fingerprint is over canonical JSON.
    const again = await create(key, { displayName: 'Once', email: body.email });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const rows = await service.db('users').whereRaw('lower(email) = lower(?)', [body.email]);
    expect(rows).toHaveLength(1);
    const events = await service.db('outbox').where({ aggregate_id: first.body.id });
    expect(events.map((e) => e.message)).toEqual(['userCreated']);
  });

  it('replays the first response body byte for byte', async () => {
    const key = idempotencyKey();
    const body = JSON.stringify({ email: uniqueEmail('bytes'), displayName: 'Bytes', locale: 'en-GB' });
    const send = () =>
      fetch(users(), {
        method: 'POST',
        headers: { ...service.asAdmin, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
    const first = await send();
    const firstText = await first.text();
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstText);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another body', async () => {
    const key = idempotencyKey();
    expect((await create(key, { email: uniqueEmail(), displayName: 'A' })).status).toBe(201);
    const res = await create(key, { email: uniqueEmail(), displayName: 'B' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('scopes keys by caller: another principal may use the same key for its own request', async () => {
    const key = idempotencyKey();
    expect((await create(key, { email: uniqueEmail(), displayName: 'Mine' })).status).toBe(201);
    const other = await service.token({ sub: 'other-admin', scopes: 'admin' });
    const res = await create(key, { email: uniqueEmail(), displayName: 'Theirs' }, { authorization: `Bearer ${other}` });
    expect(res.status).toBe(201);
  });

  it('replays an error response too: EMAIL_TAKEN stays the answer for that key', async () => {
    const email = uniqueEmail('dup');
    expect((await create(idempotencyKey(), { email, displayName: 'Owner' })).status).toBe(201);
    const key = idempotencyKey();
    const refused = await create(key, { email, displayName: 'Second' });
    expect(refused.body.code).toBe('EMAIL_TAKEN');
    const replay = await create(key, { email, displayName: 'Second' });
    expect({ status: replay.status, code: replay.body.code, email: replay.body.email }).toEqual({ status: 409, code: 'EMAIL_TAKEN', email });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('lets one of two concurrent creates with one address win under different keys, and stores both answers', async () => {
    const email = uniqueEmail('race');
    const keys = [idempotencyKey(), idempotencyKey()];
    const first = await Promise.all(keys.map((key, i) => create(key, { email, displayName: `Racer ${i}` })));
    expect(first.map((r) => r.status).sort()).toEqual([201, 409]);
    const replays = await Promise.all(keys.map((key, i) => create(key, { email, displayName: `Racer ${i}` })));
    expect(replays.map((r) => r.status)).toEqual(first.map((r) => r.status));
    expect(replays.every((r) => r.headers.get('idempotent-replayed') === 'true')).toBe(true);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE with Retry-After while the first request holds the key', async () => {
    const key = idempotencyKey();
    const body = { email: uniqueEmail('inflight'), displayName: 'Busy', locale: 'en' };
    // The first request's claim, as it stands while that request is still running.
    const { fingerprint } = await import('../../service/src/idempotency/guard.ts');
    await service.db('idempotency_keys').insert({
      principal: `sub:${TEST_ADMIN_SUBJECT}`,
      key,
      operation_id: 'createUser',
      fingerprint: fingerprint({ method: 'POST', path: '/v1/users', body }),
      lock_token: '11111111-1111-4111-8111-111111111111',
      locked_at: service.db.fn.now(),
      expires_at: service.db.raw("now() + interval '1 day'"),
    });
    const res = await create(key, body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);

    // Once the lock is older than its TTL (2 s here) the holder is presumed dead and a retry takes over.
    await service.db('idempotency_keys').where({ key }).update({ locked_at: service.db.raw("now() - interval '3 seconds'") });
    const takeover = await create(key, body);
    expect(takeover.status).toBe(201);
    expect((await create(key, body)).body).toEqual(takeover.body);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_USE at once while another transaction holds the key, and leaves no row when that one rolls back', async () => {
    const key = idempotencyKey();
    const body = { email: uniqueEmail('held'), displayName: 'Held' };
    const { fingerprint } = await import('../../service/src/idempotency/guard.ts');
    const { claim } = await import('../../service/src/idempotency/repository.ts');
    const trx = await service.db.transaction();
    try {
      // A request's claim as it stands mid-request: in its transaction, its row not yet visible.
      const held = await claim(trx, {
        principal: `sub:${TEST_ADMIN_SUBJECT}`,
        key,
        operationId: 'createUser',
        fingerprint: fingerprint({ method: 'POST', path: '/v1/users', body }),
        lockToken: '22222222-2222-4222-8222-222222222222',
        retentionSeconds: 3600,
      });
      expect(held).toBe('claimed');
      const res = await create(key, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
      expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      await trx.rollback();
    }
    expect(await service.db('idempotency_keys').where({ key })).toHaveLength(0);
    const created = await create(key, body);
    expect(created.status).toBe(201);
    const stored = await service.db('idempotency_keys').where({ key });
    expect(stored.map((r) => [r.response_status, r.lock_token])).toEqual([[201, null]]);
  });

  it('runs concurrent first requests with one key exactly once', async () => {
    const key = idempotencyKey();
    const body = { email: uniqueEmail('race'), displayName: 'Racer' };
    const results = await Promise.all(Array.from({ length: 12 }, () => create(key, body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    expect(statuses).toContain(201);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await service.db('users').whereRaw('lower(email) = lower(?)', [body.email])).toHaveLength(1);
  });

  it('answers 400 VALIDATION_FAILED when the key is missing', async () => {
    const res = await request(users(), 'POST', { json: { email: uniqueEmail(), displayName: 'NoKey' } });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('forgets a key whose request failed before committing, so the retry runs afresh', async () => {
    const key = idempotencyKey();
    const body = { email: uniqueEmail('fail'), displayName: 'Retry' };
    // A trigger makes the insert fail with an error the service does not map (a 500), inside the request's transaction.
    await service.db.raw(`create function fail_once() returns trigger language plpgsql as $$
      begin if new.display_name = 'Retry' and not exists (select 1 from pg_class where relname = 'fail_once_done') then
        raise exception 'injected failure'; end if; return new; end $$`);
    await service.db.raw('create trigger fail_once before insert on users for each row execute function fail_once()');
    try {
      const failed = await create(key, body);
      expect(failed.status).toBe(500);
      expect(await service.db('outbox').whereRaw("payload->>'email' = ?", [body.email])).toHaveLength(0);
      expect(await service.db('idempotency_keys').where({ key })).toHaveLength(0);
      await service.db.raw('create table fail_once_done (x int)');
      expect((await create(key, body)).status).toBe(201);
    } finally {
      await service.db.raw('drop trigger if exists fail_once on users');
    }
  });

  it('reaps keys past their retention, after which the key may be used afresh', async () => {
    const key = idempotencyKey();
    expect((await create(key, { email: uniqueEmail(), displayName: 'Old' })).status).toBe(201);
    await service.db('idempotency_keys').where({ key }).update({ expires_at: service.db.raw("now() - interval '1 second'") });
    const reaped = await reapOnce(service.db);
    expect(reaped.keys).toBeGreaterThanOrEqual(1);
    expect(await service.db('idempotency_keys').where({ key })).toHaveLength(0);
    expect((await create(key, { email: uniqueEmail(), displayName: 'New' })).status).toBe(201);
  });
});
