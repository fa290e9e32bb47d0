/**
 * `$ref`s resolve in the generated server wherever the contract may put them: responses and
 * parameters (from `components/responses` and `components/parameters`), request bodies, headers
 * and examples. On a fixture that uses each, on the Redocly museum contract, and on the Swagger
 * petstore, whose integer path parameter must reach the handler as a number.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.ts';
import { CORPUS, requireCorpus } from '../support/cli.ts';
import { generateServer, serve, type RunningApp } from './support.ts';

requireCorpus();
const FIXTURE = path.join(import.meta.dirname, 'fixtures/refs.yaml');

describe('references in a contract that uses components for everything', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const gen = await generateServer(FIXTURE, 'refs');
    app = await serve(gen, {}, (operationId, input) => {
      if (input.path.thingId === 404) return { status: 404, body: { title: 'No such thing', status: 404 } };
      if (input.path.thingId === 500) return { status: 404, body: { title: 'broken: no status' } };
      return { status: 200, headers: { ETag: '"1"' }, body: operationId === 'putThing' ? input.body : { id: input.path.thingId, name: 'one' } };
    });
  }, 60_000);
  afterAll(() => app?.close());

  it('validates a response declared as $ref to components/responses where it points (not a 500)', async () => {
    const res = await request(`${app.url}/things/404`, 'GET');
    expect(res.status).toBe(404);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({ title: 'No such thing', status: 404 });
    // …and still refuses a body that breaks the referenced schema.
    expect((await request(`${app.url}/things/500`, 'GET')).status).toBe(500);
  });

  it('decodes and validates parameters from components/parameters, the path item\'s and the operation\'s', async () => {
    const ok = await request(`${app.url}/things/7?verbose=true`, 'GET', { headers: { 'x-trace': '0123abcd' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: 7, name: 'one' });
    expect(app.calls.at(-1)!.input).toMatchObject({ path: { thingId: 7 }, query: { verbose: true }, headers: { 'x-trace': '0123abcd' } });
    const bad = await request(`${app.url}/things/0?verbose=yes`, 'GET', { headers: { 'x-trace': 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].location).toBe('path/thingId');
    expect((await request(`${app.url}/things/7?verbose=yes`, 'GET')).body.errors).toEqual([{ location: 'query/verbose', message: 'must be boolean' }]);
    expect((await request(`${app.url}/things/7`, 'GET', { headers: { 'x-trace': 'nope' } })).body.errors[0].location).toBe('header/x-trace');
  });

  it('validates a body declared as $ref to components/requestBodies, naming the member', async () => {
    const good = { id: 1, name: 'one', tags: [{ email: 'a@example.com' }] };
    const ok = await request(`${app.url}/things/1`, 'PUT', { json: good });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"1"');
    expect(app.calls.at(-1)!.input.body).toEqual(good);
    const bad = await request(`${app.url}/things/1`, 'PUT', { json: { ...good, tags: [{ email: 'not an email' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ location: 'body/tags/0/email', message: 'must match format "email"' }]);
    const missing = await request(`${app.url}/things/1`, 'PUT', { json: { id: 1 } });
    expect(missing.body.errors).toEqual([{ location: 'body/name', message: "must have required property 'name'" }]);
    const unknown = await request(`${app.url}/things/1`, 'PUT', { json: { ...good, extra: 1 } });
    expect(unknown.body.errors).toEqual([{ location: 'body/extra', message: 'must NOT have additional properties' }]);
    expect((await request(`${app.url}/things/1`, 'PUT')).body.errors).toEqual([{ location: 'body', message: 'request body is required' }]);
  });

  it('serves HEAD with the GET operation, without a body, and answers other methods with 405 and Allow', async () => {
    const head = await fetch(`${app.url}/things/7`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(JSON.stringify({ id: 7, name: 'one' }).length));
    expect(await head.text()).toBe('');
    const del = await request(`${app.url}/things/7`, 'DELETE');
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, PUT');
  });
});

describe('references on the Redocly museum contract', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const gen = await generateServer(path.join(CORPUS, 'openapi/redocly-museum.yaml'), 'museum');
    app = await serve(gen, {}, (operationId, input) => {
      if (operationId === 'getMuseumHours' && input.query.startDate === '2031-01-01') return { status: 404, body: { type: 'object', title: 'Not found' } };
      return { status: 200, body: [] };
    });
  }, 60_000);
  afterAll(() => app?.close());

  it('answers getMuseumHours 404 through components/responses/NotFound', async () => {
    const res = await request(`${app.url}/museum-hours?startDate=2031-01-01`, 'GET');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'object', title: 'Not found' });
  });

  it('applies components/parameters: types, bounds and defaults', async () => {
    expect((await request(`${app.url}/museum-hours?limit=5&page=2`, 'GET')).status).toBe(200);
    expect(app.calls.at(-1)!.input.query).toEqual({ limit: 5, page: 2 });
    expect((await request(`${app.url}/museum-hours`, 'GET')).status).toBe(200);
    expect(app.calls.at(-1)!.input.query).toEqual({ limit: 10, page: 1 });
    const over = await request(`${app.url}/museum-hours?limit=31`, 'GET');
    expect(over.body.errors).toEqual([{ location: 'query/limit', message: 'must be <= 30' }]);
    expect((await request(`${app.url}/museum-hours?startDate=yesterday`, 'GET')).body.errors[0].location).toBe('query/startDate');
  });
});

describe('an integer path parameter (Swagger petstore 3)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const gen = await generateServer(path.join(CORPUS, 'openapi/swagger-petstore-v3.yaml'), 'petstore3');
    app = await serve(gen, { validateResponses: false });
  }, 60_000);
  afterAll(() => app?.close());

  it('reaches the handler as a number', async () => {
    expect((await request(`${app.url}/pet/7`, 'GET')).status).toBe(204);
    expect(app.calls.at(-1)!.input.path).toEqual({ petId: 7 });
  });

  it('switches to express-openapi-validator with the generated createRouter\'s requestValidation option', async () => {
    const gen = await generateServer(path.join(CORPUS, 'openapi/swagger-petstore-v3.yaml'), 'petstore3-reference');
    const reference = await serve(gen, { validateResponses: false, requestValidation: 'express-openapi-validator' });
    try {
      // The reference coerces with Number(): a hexadecimal id is 16 there, and refused by the compiled path.
      expect((await request(`${reference.url}/pet/0x10`, 'GET')).status).toBe(204);
      expect(reference.calls.at(-1)!.input.path).toEqual({ petId: 16 });
      expect((await request(`${app.url}/pet/0x10`, 'GET')).status).toBe(400);
    } finally {
      await reference.close();
    }
  });

  it.each(['7.5', '0x10', '1e3', '+7', '%207', 'Infinity', '9007199254740993'])('refuses %s', async (raw) => {
    const res = await request(`${app.url}/pet/${raw}`, 'GET');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].location).toBe('path/petId');
  });
});
