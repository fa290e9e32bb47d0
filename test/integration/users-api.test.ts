import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey, uniqueEmail, type HttpResult, requestWith } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

// These tests are about behaviour other than authorization, so they call as an admin (see auth.test.ts).
const request = requestWith(() => service.asAdmin);

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.close();
});

const users = () => `${service.baseUrl}/users`;

async function createUser(fields: Record<string, unknown> = {}): Promise<HttpResult> {
  const res = await request(users(), 'POST', {
    headers: { 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail(), displayName: 'Ada Lovelace', ...fields },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

function expectProblem(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/docs\/errors#/), title: expect.any(String) });
}

describe('POST /v1/users', () => {
  it('creates an active user at version 1 with Location and a strong ETag', async () => {
    const email = uniqueEmail('ada');
    const res = await request(users(), 'POST', {
      headers: { 'idempotency-key': idempotencyKey() },
      json: { email, displayName: 'Ada Lovelace', locale: 'en-GB' },
    });
    expect(res.status).toBe(201);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ email, displayName: 'Ada Lovelace', locale: 'en-GB', status: 'active', version: 1 });
    expect(res.headers.get('location')).toBe(`/v1/users/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body.createdAt).toBe(res.body.updatedAt);
  });

  it('defaults the locale to en', async () => {
    const res = await createUser();
    expect(res.body.locale).toBe('en');
  });

  it('returns 409 EMAIL_TAKEN for an email already in use, compared case-insensitively', async () => {
    const email = uniqueEmail('taken');
    await createUser({ email });
    const res = await request(users(), 'POST', {
      headers: { 'idempotency-key': idempotencyKey() },
      json: { email: email.toUpperCase(), displayName: 'Impostor' },
    });
    expectProblem(res, 409, 'EMAIL_TAKEN');
    expect(res.body.email).toBe(email.toUpperCase());
  });

  it('returns 400 VALIDATION_FAILED when the Idempotency-Key header is missing', async () => {
    const res = await request(users(), 'POST', { json: { email: uniqueEmail(), displayName: 'No key' } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('echoes a valid X-Request-Id and copies it into problem bodies', async () => {
    const email = uniqueEmail('rid');
    await createUser({ email });
    const res = await request(users(), 'POST', {
      headers: { 'idempotency-key': idempotencyKey(), 'x-request-id': 'trace-abc-123' },
      json: { email, displayName: 'Again' },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(res.body.requestId).toBe('trace-abc-123');
  });

  it('replaces an X-Request-Id that is too long with a fresh one', async () => {
    const res = await request(`${users()}?limit=1`, 'GET', { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /v1/users', () => {
  it('pages newest first with cursors, without duplicates or gaps', async () => {
    const prefix = `pager-${process.pid}`;
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createUser({ email: `${prefix}-${i}@example.com` })).body.id);

    const seen: string[] = [];
    let url = `${users()}?limit=3&emailPrefix=${prefix}`;
    for (let page = 0; page < 5; page++) {
      const res = await request(url, 'GET');
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      if (res.body.nextCursor === null) break;
      url = `${users()}?limit=3&emailPrefix=${prefix}&cursor=${encodeURIComponent(res.body.nextCursor)}`;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it('returns an empty last page with a null cursor when nothing matches', async () => {
    const res = await request(`${users()}?emailPrefix=nobody-${process.pid}`, 'GET');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by status', async () => {
    const prefix = `status-${process.pid}`;
    const keep = await createUser({ email: `${prefix}-keep@example.com` });
    const gone = await createUser({ email: `${prefix}-gone@example.com` });
    await request(`${users()}/${gone.body.id}`, 'DELETE');
    const active = await request(`${users()}?status=active&emailPrefix=${prefix}`, 'GET');
    expect(active.body.items.map((u: { id: string }) => u.id)).toEqual([keep.body.id]);
    const deleted = await request(`${users()}?status=deleted&emailPrefix=${prefix}`, 'GET');
    expect(deleted.body.items.map((u: { id: string }) => u.id)).toEqual([gone.body.id]);
  });

  it.each(['0', '101', 'ten'])('returns 400 VALIDATION_FAILED for limit=%s', async (limit) => {
    const res = await request(`${users()}?limit=${limit}`, 'GET');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.errors)).toMatch(/limit/);
  });

  it('returns 400 VALIDATION_FAILED for a cursor it did not issue', async () => {
    const res = await request(`${users()}?cursor=bogus`, 'GET');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'query/cursor' })]);
  });
});

describe('GET /v1/users/{userId}', () => {
  it('returns the user with its ETag', async () => {
    const created = await createUser();
    const res = await request(`${users()}/${created.body.id}`, 'GET');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('returns 304 with no body when If-None-Match names the current version', async () => {
    const created = await createUser();
    for (const ifNoneMatch of ['"1"', 'W/"1"', '"7", "1"', '*']) {
      const res = await request(`${users()}/${created.body.id}`, 'GET', { headers: { 'if-none-match': ifNoneMatch } });
      expect({ ifNoneMatch, status: res.status, body: res.body }).toEqual({ ifNoneMatch, status: 304, body: '' });
      expect(res.headers.get('etag')).toBe('"1"');
    }
  });

  it('returns 200 when If-None-Match names an older version', async () => {
    const created = await createUser();
    const res = await request(`${users()}/${created.body.id}`, 'GET', { headers: { 'if-none-match': '"0", "2"' } });
    expect(res.status).toBe(200);
  });

  it('returns 404 USER_NOT_FOUND for an unknown id', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const res = await request(`${users()}/${id}`, 'GET');
    expectProblem(res, 404, 'USER_NOT_FOUND');
    expect(res.body.userId).toBe(id);
  });
});

describe('PATCH /v1/users/{userId}', () => {
  const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    request(`${users()}/${id}`, 'PATCH', { json: body, contentType: 'application/merge-patch+json', headers });

  it('merges the patch, bumps the version and returns the new ETag', async () => {
    const created = await createUser({ locale: 'fr' });
    const res = await patch(created.body.id, { displayName: 'Ada King' }, { 'if-match': '"1"' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Ada King', locale: 'fr', email: created.body.email, version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    const read = await request(`${users()}/${created.body.id}`, 'GET');
    expect(read.body).toEqual(res.body);
  });

  it('returns 428 PRECONDITION_REQUIRED when If-Match is missing', async () => {
    const created = await createUser();
    const res = await patch(created.body.id, { displayName: 'Blind write' });
    expectProblem(res, 428, 'PRECONDITION_REQUIRED');
    expect(res.body.header).toMatch(/^if-match$/i);
  });

  it('returns 412 VERSION_MISMATCH with the current version when If-Match is stale', async () => {
    const created = await createUser();
    await patch(created.body.id, { displayName: 'First' }, { 'if-match': '"1"' });
    const res = await patch(created.body.id, { displayName: 'Second' }, { 'if-match': '"1"' });
    expectProblem(res, 412, 'VERSION_MISMATCH');
    expect(res.body.currentVersion).toBe(2);
    const read = await request(`${users()}/${created.body.id}`, 'GET');
    expect(read.body.displayName).toBe('First');
  });

  it('returns 409 EMAIL_TAKEN when changing to another user’s email', async () => {
    const other = await createUser();
    const created = await createUser();
    const res = await patch(created.body.id, { email: other.body.email }, { 'if-match': '"1"' });
    expectProblem(res, 409, 'EMAIL_TAKEN');
  });

  it('returns 404 USER_NOT_FOUND for an unknown id', async () => {
    const res = await patch('00000000-0000-4000-8000-000000000001', { displayName: 'x' }, { 'if-match': '"1"' });
    expectProblem(res, 404, 'USER_NOT_FOUND');
  });

  it('returns 400 VALIDATION_FAILED for null, which the merge patch forbids', async () => {
    const created = await createUser();
    const res = await patch(created.body.id, { displayName: null }, { 'if-match': '"1"' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('returns 400 VALIDATION_FAILED for an empty patch', async () => {
    const created = await createUser();
    const res = await patch(created.body.id, {}, { 'if-match': '"1"' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

describe('DELETE /v1/users/{userId}', () => {
  it('soft-deletes: 204, then the user reads back with status deleted', async () => {
    const created = await createUser();
    const res = await request(`${users()}/${created.body.id}`, 'DELETE');
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    const read = await request(`${users()}/${created.body.id}`, 'GET');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'deleted', version: 2 });
  });

  it('succeeds again for a user that is already deleted', async () => {
    const created = await createUser();
    await request(`${users()}/${created.body.id}`, 'DELETE');
    const again = await request(`${users()}/${created.body.id}`, 'DELETE');
    expect(again.status).toBe(204);
  });

  it('honours a current If-Match and returns 412 VERSION_MISMATCH for a stale one', async () => {
    const created = await createUser();
    const stale = await request(`${users()}/${created.body.id}`, 'DELETE', { headers: { 'if-match': '"9"' } });
    expectProblem(stale, 412, 'VERSION_MISMATCH');
    expect(stale.body.currentVersion).toBe(1);
    const current = await request(`${users()}/${created.body.id}`, 'DELETE', { headers: { 'if-match': '"1"' } });
    expect(current.status).toBe(204);
  });

  it('returns 404 USER_NOT_FOUND for an unknown id', async () => {
    const res = await request(`${users()}/00000000-0000-4000-8000-000000000002`, 'DELETE');
    expectProblem(res, 404, 'USER_NOT_FOUND');
  });
});
