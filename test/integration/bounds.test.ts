import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey, request, uniqueEmail } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

// Every value the contract accepts must be storable: values past a column's range are refused by
// the contract (400) or fail the precondition (412), never reach PostgreSQL as a 500.
let service: TestService;
let user: { id: string };
let owner: Record<string, string>;
beforeAll(async () => {
  service = await startTestService();
  const created = await request(`${service.baseUrl}/users`, 'POST', {
    headers: { ...service.asAdmin, 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail('bounds'), displayName: 'Bounds' },
  });
  user = created.body;
  owner = { authorization: `Bearer ${await service.token({ sub: user.id, scopes: ['users:read', 'users:write'] })}` };
});
afterAll(async () => {
  await service?.close();
});

const cursorOf = (time: string, id: string) => Buffer.from(JSON.stringify([time, id])).toString('base64url');

describe('list cursors', () => {
  it.each(['-004714-11-24T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z'])(
    'answers a forged cursor holding %s with 400 VALIDATION_FAILED',
    async (time) => {
      const res = await request(`${service.baseUrl}/users?cursor=${cursorOf(time, user.id)}`, 'GET', { headers: service.asAdmin });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([{ location: 'query/cursor', message: expect.any(String) }]);
    },
  );

  it('pages with the earliest and latest timestamps a cursor may hold', async () => {
    for (const time of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const res = await request(`${service.baseUrl}/users?cursor=${cursorOf(time, user.id)}`, 'GET', { headers: service.asAdmin });
      expect(res.status, time).toBe(200);
    }
  });

  it('refuses a padded cursor in the contract, before the handler', async () => {
    const res = await request(`${service.baseUrl}/users?cursor=${cursorOf('2026-01-01T00:00:00.000Z', user.id)}%3D`, 'GET', { headers: service.asAdmin });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('If-Match versions', () => {
  it.each(['"2147483648"', '"9999999999"', '"99999999999"', '"0", "4294967296"'])(
    'answers PATCH and DELETE with If-Match %s (beyond the integer column) with 412, not 500',
    async (ifMatch) => {
      const patch = await request(`${service.baseUrl}/users/${user.id}`, 'PATCH', {
        headers: { ...owner, 'if-match': ifMatch },
        rawBody: JSON.stringify({ displayName: 'Never' }),
        contentType: 'application/merge-patch+json',
      });
      expect({ status: patch.status, code: patch.body.code }).toEqual({ status: 412, code: 'VERSION_MISMATCH' });
      const del = await request(`${service.baseUrl}/users/${user.id}`, 'DELETE', { headers: { ...owner, 'if-match': ifMatch } });
      expect({ status: del.status, code: del.body.code }).toEqual({ status: 412, code: 'VERSION_MISMATCH' });
    },
  );

  it.each(['"1"junk', 'junk"1"', '1', '"1" "2"', '"1",', '*, "1"', 'W/ "1"'])(
    'refuses the malformed If-Match %s with 400 instead of reading a tag out of it',
    async (ifMatch) => {
      const patch = await request(`${service.baseUrl}/users/${user.id}`, 'PATCH', {
        headers: { ...owner, 'if-match': ifMatch },
        rawBody: JSON.stringify({ displayName: 'Never' }),
        contentType: 'application/merge-patch+json',
      });
      expect({ status: patch.status, code: patch.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const del = await request(`${service.baseUrl}/users/${user.id}`, 'DELETE', { headers: { ...owner, 'if-match': ifMatch } });
      expect({ status: del.status, code: del.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const get = await request(`${service.baseUrl}/users/${user.id}`, 'GET', { headers: { ...owner, 'if-none-match': ifMatch } });
      expect({ status: get.status, code: get.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    },
  );

  it('still applies a well-formed If-Match', async () => {
    const current = await request(`${service.baseUrl}/users/${user.id}`, 'GET', { headers: owner });
    const res = await request(`${service.baseUrl}/users/${user.id}`, 'GET', { headers: { ...owner, 'if-none-match': `"0",\tW/${current.headers.get('etag')}` } });
    expect(res.status).toBe(304);
  });
});

describe('user ids', () => {
  it('lets a token whose sub is the upper-case form of a user id read that user, as listUsers already did', async () => {
    const upper = { authorization: `Bearer ${await service.token({ sub: user.id.toUpperCase(), scopes: ['users:read'] })}` };
    const list = await request(`${service.baseUrl}/users`, 'GET', { headers: upper });
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    const get = await request(`${service.baseUrl}/users/${user.id}`, 'GET', { headers: upper });
    expect(get.status).toBe(200);
    expect(get.body.email).toBeDefined();
    const getUpper = await request(`${service.baseUrl}/users/${user.id.toUpperCase()}`, 'GET', { headers: owner });
    expect({ status: getUpper.status, id: getUpper.body.id }).toEqual({ status: 200, id: user.id });
  });

  it.each([(id: string) => `urn:uuid:${id}`, (id: string) => `%7B${id}%7D`, (id: string) => id.replace(/-/g, '')])(
    'refuses an id the database would read differently or refuse (%s) with 400',
    async (spell) => {
      const res = await request(`${service.baseUrl}/users/${spell(user.id)}`, 'GET', { headers: service.asAdmin });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    },
  );
});
