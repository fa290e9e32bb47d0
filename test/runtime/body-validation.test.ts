/**
 * Non-JSON request bodies held to their schemas, over HTTP: urlencoded and multipart members decoded
 * with the strict coercion of query parameters (arrays by repetition and by the encoding's style,
 * objects from JSON and deepObject fields) and refused with the catalogue's VALIDATION_FAILED
 * problem at the member's location; multipart file parts held to the encoding's contentType (415),
 * a file array's maxItems and a binary member's maxLength in bytes (413); text bodies to maxLength,
 * pattern and enum; a binary body's maxLength is its byte limit.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServer, serve, type RunningApp } from './support.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/body-validation.yaml');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function bytes(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

describe('non-JSON request bodies are validated against their schemas', () => {
  let app: RunningApp;
  let read: Record<string, string> = {};
  beforeAll(async () => {
    const gen = await generateServer(FIXTURE, 'body-validation');
    app = await serve(gen, { bodyLimitBytes: 2048, fileSizeLimitBytes: 64, maxFiles: 5 }, async (operationId, input) => {
      if (operationId === 'addAlbum') {
        read = {};
        for (const [name, v] of Object.entries<any>(input.body)) for (const f of Array.isArray(v) ? v : [v]) if (f?.stream) read[name] = (read[name] ?? '') + (await bytes(f.stream));
      }
      return { status: 204 };
    });
  }, 60_000);
  afterAll(() => app?.close());

  const post = (p: string, body: BodyInit, headers: Record<string, string> = {}, method = 'POST') => fetch(`${app.url}${p}`, { method, body, headers });
  const refusal = async (res: Response) => ({ status: res.status, body: await res.json() });
  const invalid = (location: string, message: string) => ({
    status: 400,
    body: expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED', errors: [{ location, message }] }),
  });

  describe('application/x-www-form-urlencoded', () => {
    it('hands the handler typed members: integer, boolean, repeated and delimited arrays, a JSON object, a deepObject', async () => {
      const res = await post('/people', 'name=Ada+L&age=36&admin=false&tags=a&tags=b&scores=1,2,3&codes=4|5&meta=%7B%22a%22%3A1%7D&filter[min]=2&filter[max]=9', FORM);
      expect(res.status, await res.clone().text()).toBe(204);
      expect(app.calls.at(-1)!.input.body).toEqual({ name: 'Ada L', age: 36, admin: false, tags: ['a', 'b'], scores: [1, 2, 3], codes: [4, 5], meta: { a: 1 }, filter: { min: 2, max: 9 } });
    });

    it('refuses a non-canonical integer, a boolean other than true/false, and an unsafe integer, at body/<member>', async () => {
      expect(await refusal(await post('/people', 'name=a&age=abc', FORM))).toEqual(invalid('body/age', 'must be integer'));
      expect(await refusal(await post('/people', 'name=a&age=036', FORM))).toEqual(invalid('body/age', 'must be integer'));
      expect(await refusal(await post('/people', 'name=a&age=9007199254740993', FORM))).toEqual(invalid('body/age', 'must be integer'));
      expect(await refusal(await post('/people', 'name=a&age=1&admin=yes', FORM))).toEqual(invalid('body/admin', 'must be boolean'));
      expect(await refusal(await post('/people', 'name=a&age=-1', FORM))).toEqual(invalid('body/age', 'must be >= 0'));
    });

    it('names a missing required member, an array item, an unknown member, a bad JSON member and a deepObject property', async () => {
      expect(await refusal(await post('/people', 'name=a', FORM))).toEqual(invalid('body/age', "must have required property 'age'"));
      expect(await refusal(await post('/people', 'name=a&age=1&scores=1,x,3', FORM))).toEqual(invalid('body/scores/1', 'must be integer'));
      expect(await refusal(await post('/people', 'name=a&age=1&tags=a&tags=b&tags=c&tags=d', FORM))).toEqual(invalid('body/tags', 'must NOT have more than 3 items'));
      expect(await refusal(await post('/people', 'name=a&age=1&nickname=z', FORM))).toEqual(invalid('body/nickname', 'must NOT have additional properties'));
      expect(await refusal(await post('/people', 'name=a&age=1&meta=%7Bbroken', FORM))).toEqual(invalid('body/meta', 'must be object'));
      expect(await refusal(await post('/people', 'name=a&age=1&meta=%7B%7D', FORM))).toEqual(invalid('body/meta/a', "must have required property 'a'"));
      expect(await refusal(await post('/people', 'name=a&age=1&filter[min]=low', FORM))).toEqual(invalid('body/filter/min', 'must be integer'));
      // A primitive given twice is not that primitive.
      expect(await refusal(await post('/people', 'name=a&age=1&age=2', FORM))).toEqual(invalid('body/age', 'must be integer'));
    });

    it('takes an object member sent as JSON where deepObject is declared (as the generated SDK writes it)', async () => {
      expect((await post('/people', `name=a&age=1&filter=${encodeURIComponent('{"min":1}')}`, FORM)).status).toBe(204);
      expect(app.calls.at(-1)!.input.body.filter).toEqual({ min: 1 });
    });

    it("reads a member whose schema admits a string beside another type as that type when it is its spelling (Stripe's `anyOf: [integer, enum: ['']]`)", async () => {
      expect((await post('/people', `name=a&age=1&expires=1700000000&extra=${encodeURIComponent('{"k":"v"}')}`, FORM)).status).toBe(204);
      expect(app.calls.at(-1)!.input.body).toMatchObject({ expires: 1700000000, extra: { k: 'v' } });
      expect((await post('/people', 'name=a&age=1&expires=&extra=', FORM)).status).toBe(204);
      expect(app.calls.at(-1)!.input.body).toMatchObject({ expires: '', extra: '' });
      const res = await refusal(await post('/people', 'name=a&age=1&expires=soon', FORM));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({ location: 'body/expires', message: 'must be integer' });
    });
  });

  describe('multipart/form-data', () => {
    const png = (text: string) => new Blob([text], { type: 'image/png' });

    it('types the fields, parses the JSON member, and hands each file over; a file part without a filename is a file too', async () => {
      const form = new FormData();
      form.append('title', 'summer');
      form.append('year', '2024');
      form.append('public', 'true');
      form.append('labels', 'x');
      form.append('labels', 'y');
      form.append('meta', JSON.stringify({ by: 'ada' }));
      form.append('cover', png('PNG!'), 'c.png');
      form.append('photos', new Blob(['one']), '1.jpg');
      form.append('photos', new Blob(['two']), '2.jpg');
      form.append('notes', 'plain text, no filename');
      const res = await post('/albums', form);
      expect(res.status, await res.clone().text()).toBe(204);
      const body = app.calls.at(-1)!.input.body;
      expect({ title: body.title, year: body.year, public: body.public, labels: body.labels, meta: body.meta }).toEqual({ title: 'summer', year: 2024, public: true, labels: ['x', 'y'], meta: { by: 'ada' } });
      expect(body.cover).toMatchObject({ filename: 'c.png', contentType: 'image/png', size: 4 });
      expect(body.photos).toHaveLength(2);
      expect(body.notes).toMatchObject({ filename: '', contentType: 'text/plain', size: 23 });
      expect(read).toEqual({ cover: 'PNG!', photos: 'onetwo', notes: 'plain text, no filename' });
    });

    it('reads a part sent as a file for a text or object member as its text (a JSON part by its Content-Type)', async () => {
      const form = new FormData();
      form.append('title', new Blob(['from a file'], { type: 'text/plain' }), 'title.txt');
      form.append('meta', new Blob(['{"by":"file"}'], { type: 'application/json' }), 'meta.json');
      form.append('cover', png('x'), 'c.png');
      expect((await post('/albums', form)).status).toBe(204);
      expect(app.calls.at(-1)!.input.body).toMatchObject({ title: 'from a file', meta: { by: 'file' } });
    });

    it('refuses invalid fields and a missing required file at body/<member>', async () => {
      const base = () => {
        const f = new FormData();
        f.append('title', 'ok');
        return f;
      };
      let f = base();
      f.append('year', 'MMXXIV');
      f.append('cover', png('x'), 'c.png');
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/year', 'must be integer'));
      f = base();
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/cover', "must have required property 'cover'"));
      f = base();
      f.append('cover', png('x'), 'c.png');
      f.append('meta', '{"by": 3}');
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/meta/by', 'must be string'));
      f = base();
      f.append('cover', png('x'), 'a.png');
      f.append('cover', png('y'), 'b.png');
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/cover', 'must be one file'));
      f = new FormData();
      f.append('title', 'a title far longer than twenty');
      f.append('cover', png('x'), 'c.png');
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/title', 'must NOT have more than 20 characters'));
    });

    it('refuses more files than maxItems (400) while reading, and a file over its maxLength in bytes (413)', async () => {
      const f = new FormData();
      f.append('title', 'ok');
      f.append('cover', png('x'), 'c.png');
      for (let i = 0; i < 3; i++) f.append('photos', new Blob(['p']), `${i}.jpg`);
      expect(await refusal(await post('/albums', f))).toEqual(invalid('body/photos', 'must NOT have more than 2 items'));
      const g = new FormData();
      g.append('title', 'ok');
      g.append('cover', png('x'.repeat(17)), 'c.png');
      const big = await refusal(await post('/albums', g));
      expect(big).toEqual({ status: 413, body: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 16, detail: 'The part body/cover exceeds 16 bytes (its maxLength).' }) });
    });

    it('answers 415 for a file part whose media type the encoding (or contentMediaType) does not declare, naming the part', async () => {
      const f = new FormData();
      f.append('title', 'ok');
      f.append('cover', new Blob(['GIF89a'], { type: 'image/gif' }), 'c.gif');
      expect(await refusal(await post('/albums', f))).toEqual({
        status: 415,
        body: expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', supported: ['image/png', 'image/jpeg'], detail: 'The part body/cover is image/gif; it must be image/png or image/jpeg.' }),
      });
      const g = new FormData();
      g.append('title', 'ok');
      g.append('cover', png('x'), 'c.png');
      g.append('notes', new Blob(['{}'], { type: 'application/json' }), 'n.json');
      expect(await refusal(await post('/albums', g))).toEqual({ status: 415, body: expect.objectContaining({ supported: ['text/plain'] }) });
    });
  });

  describe('text and binary bodies', () => {
    it('holds text/plain to maxLength and pattern, text/csv to its enum', async () => {
      expect((await post('/memos', 'hi there', { 'content-type': 'text/plain' })).status).toBe(204);
      expect(app.calls.at(-1)!.input.body).toBe('hi there');
      expect(await refusal(await post('/memos', 'far too long', { 'content-type': 'text/plain' }))).toEqual(invalid('body', 'must NOT have more than 8 characters'));
      expect(await refusal(await post('/memos', 'HI', { 'content-type': 'text/plain' }))).toEqual(invalid('body', 'must match pattern "^[a-z ]+$"'));
      expect((await post('/memos', 'c,d', { 'content-type': 'text/csv' })).status).toBe(204);
      expect(await refusal(await post('/memos', 'e,f', { 'content-type': 'text/csv' }))).toEqual(invalid('body', 'must be equal to one of the allowed values'));
    });

    it("takes a binary body's maxLength as its limit in bytes (413 above it)", async () => {
      expect((await post('/chunks', Buffer.from([1, 2, 3, 4]), { 'content-type': 'application/octet-stream' }, 'PUT')).status).toBe(204);
      const res = await refusal(await post('/chunks', Buffer.from([1, 2, 3, 4, 5]), { 'content-type': 'application/octet-stream' }, 'PUT'));
      expect(res).toEqual({ status: 413, body: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 4 }) });
    });
  });
});
