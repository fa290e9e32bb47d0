/**
 * The router's own refusals on a contract without an error catalogue (the OpenAPI petstore,
 * whose operations declare `default: Error {code: int32, message: string}`): each is answered in
 * the declared shape and media type, with the problem's text in `message` and the status in
 * `code`; and the documented default (an RFC 9457 problem, `type: about:blank`) where the
 * operation declares nothing usable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.ts';
import { CORPUS, REPO_ROOT, requireCorpus } from '../support/cli.ts';
import { generateServer, serve, type RunningApp } from './support.ts';

requireCorpus();
const errorShape = { code: expect.any(Number), message: expect.any(String) };

describe('refusals in the shape a contract without a catalogue declares', () => {
  let app: RunningApp;
  let gen: Awaited<ReturnType<typeof generateServer>>;
  let warned: unknown[] = [];
  beforeAll(async () => {
    gen = await generateServer(path.join(CORPUS, 'openapi/oai-petstore-expanded.yaml'), 'refusals-petstore');
    app = await serve(gen, { bodyLimitBytes: 64, onError: (e: unknown) => warned.push(e) }, (operationId) => {
      if (operationId === 'deletePet') throw new Error('boom');
      return { status: 204 };
    });
  }, 60_000);
  afterAll(() => app?.close());

  it('400: a parameter that breaks the contract', async () => {
    const res = await request(`${app.url}/pets/abc`, 'GET');
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    // The schema admits other members, so the validation issues are kept beside the declared ones.
    expect(res.body).toEqual({ code: 400, message: 'The request does not match the contract.', errors: [{ location: 'path/id', message: expect.any(String) }] });
  });

  it('400: a body that is not JSON, and one that breaks its schema', async () => {
    const bad = await request(`${app.url}/pets`, 'POST', { rawBody: '{"name":', contentType: 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 400, message: 'The body is not valid JSON.', errors: [{ location: 'body', message: 'The body is not valid JSON.' }] });
    const wrong = await request(`${app.url}/pets`, 'POST', { json: { tag: 'x' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject(errorShape);
  });

  it('404 for a path no operation matches, 405 with Allow', async () => {
    const missing = await request(`${app.url}/nothing`, 'GET');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toMatch(/^application\/json/);
    expect(missing.body).toEqual({ code: 404, message: 'No operation matches GET /api/nothing.' });
    const method = await request(`${app.url}/pets`, 'PUT');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST');
    expect(method.body).toEqual({ code: 405, message: 'PUT is not allowed here.' });
  });

  it('413 and 415', async () => {
    const big = await request(`${app.url}/pets`, 'POST', { json: { name: 'x'.repeat(200) } });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ code: 413, message: 'The body exceeds 64 bytes.' });
    const media = await request(`${app.url}/pets`, 'POST', { rawBody: 'name=x', contentType: 'text/plain' });
    expect(media.status).toBe(415);
    expect(media.body).toMatchObject(errorShape);
    expect(media.body.code).toBe(415);
  });

  it('500 when a handler throws', async () => {
    const res = await request(`${app.url}/pets/1`, 'DELETE');
    expect(res.status).toBe(500);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual({ code: 500, message: 'Internal Server Error' });
    expect(warned).toHaveLength(1);
  });

  it('answers RFC 9457 problems instead with refusals: problem', async () => {
    const plain = await serve(gen, { refusals: 'problem' });
    try {
      const res = await request(`${plain.url}/pets/abc`, 'GET');
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED' });
    } finally {
      await plain.close();
    }
  });
});

describe('the documented default where the operation declares no usable shape', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const dir = path.join(REPO_ROOT, 'node_modules/.cache/charter-runtime-tests');
    fs.mkdirSync(dir, { recursive: true });
    const contract = path.join(dir, 'refusals-plain.yaml');
    fs.writeFileSync(
      contract,
      [
        'openapi: 3.1.0',
        'info: { title: plain, version: 1.0.0 }',
        'paths:',
        '  /things/{id}:',
        '    get:',
        '      operationId: getThing',
        '      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]',
        "      responses: { '204': { description: ok }, '400': { description: bad, content: { text/plain: { schema: { type: string } } } } }",
        '',
      ].join('\n'),
    );
    app = await serve(await generateServer(contract, 'refusals-plain'));
  }, 60_000);
  afterAll(() => app?.close());

  it('answers an RFC 9457 problem (type about:blank) when the declared 400 is not JSON, and a 404 no operation declares', async () => {
    const res = await request(`${app.url}/things/x`, 'GET');
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'VALIDATION_FAILED' });
    const missing = await request(`${app.url}/nope`, 'GET');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
