import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey, uniqueEmail, type HttpResult, requestWith } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

// These tests are about behaviour other than authorization, so they call as an admin (see auth.test.ts).
const request = requestWith(() => service.asAdmin);

// Every rejection must be an RFC 9457 problem with a catalogue code, never a 500 or an HTML page.
function expectProblem(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, typeof res.body === 'string' ? res.body : JSON.stringify(res.body)).toEqual({
    status,
    code,
  });
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/docs\/errors#/), title: expect.any(String) });
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
}

const LIMIT = 2_048;
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ bodyLimitBytes: LIMIT });
});
afterAll(async () => {
  await service?.close();
});

const post = (body: { json?: unknown; rawBody?: string; contentType?: string }) =>
  request(`${service.baseUrl}/users`, 'POST', { headers: { 'idempotency-key': idempotencyKey() }, ...body });

describe('bad input', () => {
  it('answers a malformed percent-escape in a path parameter with 400 VALIDATION_FAILED naming it', async () => {
    const res = await request(`${service.baseUrl}/users/%E0%A4%A`, 'GET');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ location: 'request', message: "Failed to decode param '%E0%A4%A'" }]);
  });

  it('matches operations with exact case and no trailing slash, and answers an undeclared method with 405 and Allow', async () => {
    expectProblem(await request(`${service.baseUrl}/USERS`, 'GET'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await request(`${service.baseUrl}/users/`, 'GET'), 404, 'ROUTE_NOT_FOUND');
    const put = await request(`${service.baseUrl}/users`, 'PUT', { json: {} });
    expectProblem(put, 405, 'METHOD_NOT_ALLOWED');
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    expectProblem(await post({ rawBody: '{"email": "a@example.com",' }), 400, 'VALIDATION_FAILED');
  });

  it('answers a body that is not JSON at all with 415 UNSUPPORTED_MEDIA_TYPE listing what is supported', async () => {
    const res = await post({ rawBody: 'email=a@example.com', contentType: 'application/x-www-form-urlencoded' });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.supported).toEqual(['application/json']);
  });

  it('answers a plain JSON body on the merge-patch operation with 415', async () => {
    const res = await request(`${service.baseUrl}/users/00000000-0000-4000-8000-000000000000`, 'PATCH', {
      json: { displayName: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown field with 400 VALIDATION_FAILED naming it', async () => {
    const res = await post({ json: { email: uniqueEmail(), displayName: 'X', isAdmin: true } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.errors)).toMatch(/isAdmin/);
  });

  it('answers a wrong type with 400 VALIDATION_FAILED located in the body', async () => {
    const res = await post({ json: { email: uniqueEmail(), displayName: 42 } });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: expect.stringMatching(/^body/) })]));
  });

  it('answers a missing required field with 400 VALIDATION_FAILED', async () => {
    expectProblem(await post({ json: { displayName: 'No email' } }), 400, 'VALIDATION_FAILED');
  });

  it('answers an invalid email with 400 VALIDATION_FAILED', async () => {
    expectProblem(await post({ json: { email: 'not-an-email', displayName: 'X' } }), 400, 'VALIDATION_FAILED');
  });

  it('answers an invalid UUID in the path with 400 VALIDATION_FAILED', async () => {
    const res = await request(`${service.baseUrl}/users/not-a-uuid`, 'GET');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.errors)).toMatch(/userId/);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE stating the limit', async () => {
    const res = await post({ json: { email: uniqueEmail(), displayName: 'x'.repeat(LIMIT * 2) } });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.limitBytes).toBe(LIMIT);
  });

  it('answers an unknown route under the base path with 404 ROUTE_NOT_FOUND', async () => {
    expectProblem(await request(`${service.baseUrl}/widgets`, 'GET'), 404, 'ROUTE_NOT_FOUND');
  });

  it('matches paths exactly: another letter case or a trailing slash is an unknown route', async () => {
    expectProblem(await request(`${service.baseUrl}/USERS`, 'GET'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await request(`${service.baseUrl}/users/`, 'GET'), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers a path outside the base path with 404 ROUTE_NOT_FOUND', async () => {
    expectProblem(await request(`${service.origin}/users`, 'GET'), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers a wrong method with 405 METHOD_NOT_ALLOWED and an Allow header', async () => {
    const res = await request(`${service.baseUrl}/users`, 'PUT', { json: {} });
    expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    const allow = (res.headers.get('allow') ?? '').split(/,\s*/).sort();
    expect(allow).toEqual(['GET', 'POST']);
    expect([...res.body.allowed].sort()).toEqual(['GET', 'POST']);
  });

  it('leaves no Express fingerprints on responses', async () => {
    const res = await request(`${service.baseUrl}/users`, 'GET');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
