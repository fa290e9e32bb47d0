/**
 * Request bodies that are not JSON, over HTTP: forms (typed by the schema and its `encoding`),
 * multipart with files (as `{ filename, contentType, size, stream }`, within size limits), binary
 * media types as a Buffer, text as a string; the declared media type in the input when there are
 * several; 415 for a media type the operation does not declare, 413 over the limits.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as REPO } from '../support/cli.ts';
import { generateServer, serve, type RunningApp } from './support.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/bodies.yaml');

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

describe('request bodies that are not JSON', () => {
  let app: RunningApp;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const gen = await generateServer(FIXTURE, 'bodies');
    app = await serve(gen, { bodyLimitBytes: 1024, fileSizeLimitBytes: 64, maxFiles: 3 }, async (operationId, input) => {
      if (operationId === 'upload') {
        for (const [name, v] of Object.entries<any>(input.body)) {
          for (const f of Array.isArray(v) ? v : [v]) if (f?.stream) files[`${name}:${f.filename}`] = await text(f.stream);
        }
      }
      if (operationId === 'download') return { status: 200, body: input.query.as === 'stream' ? Readable.from([Buffer.from('stre'), Buffer.from('amed')]) : Buffer.from([1, 2, 3]) };
      if (operationId === 'readme') return { status: 200, body: input.query.long ? 'far too long for it' : 'read me' };
      return { status: 204 };
    });
  }, 60_000);
  afterAll(() => app?.close());

  const post = (p: string, body: BodyInit, headers: Record<string, string> = {}, method = 'POST') => fetch(`${app.url}${p}`, { method, body, headers });

  it('reads application/x-www-form-urlencoded into typed fields (integer, boolean, arrays, a JSON-encoded member, explode: false)', async () => {
    const res = await post('/forms', 'name=Ada+L&age=36&admin=true&tags=a&tags=b&ids=1,2,3&meta=%7B%22a%22%3A1%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(app.calls.at(-1)!.input.body).toEqual({ name: 'Ada L', age: 36, admin: true, tags: ['a', 'b'], ids: [1, 2, 3], meta: { a: 1 } });
  });

  it('reads multipart/form-data: fields typed, files as { filename, contentType, size, stream }', async () => {
    const form = new FormData();
    form.append('title', 'holiday');
    form.append('count', '2');
    form.append('file', new Blob(['hello file'], { type: 'text/plain' }), 'a.txt');
    form.append('more', new Blob([Buffer.from([1, 2, 3])], { type: 'image/png' }), 'b.png');
    form.append('more', new Blob(['x']), 'c.bin');
    const res = await post('/uploads', form);
    expect(res.status, await res.clone().text()).toBe(204);
    const body = app.calls.at(-1)!.input.body;
    expect(body.title).toBe('holiday');
    expect(body.count).toBe(2);
    expect(body.file).toMatchObject({ filename: 'a.txt', contentType: 'text/plain', size: 10 });
    expect(body.more.map((f: any) => [f.filename, f.contentType, f.size])).toEqual([['b.png', 'image/png', 3], ['c.bin', 'application/octet-stream', 1]]);
    expect(files['file:a.txt']).toBe('hello file');
  });

  it('answers 413 for a file over fileSizeLimitBytes and for too many files, and 400 for a malformed multipart body', async () => {
    const big = new FormData();
    big.append('file', new Blob(['x'.repeat(65)]), 'big.bin');
    const r1 = await post('/uploads', big);
    expect(r1.status).toBe(413);
    expect((await r1.json()).code).toBe('PAYLOAD_TOO_LARGE');
    const many = new FormData();
    for (let i = 0; i < 4; i++) many.append('more', new Blob(['x']), `${i}.bin`);
    expect((await post('/uploads', many)).status).toBe(413);
    const broken = await post('/uploads', 'not multipart at all', { 'content-type': 'multipart/form-data' });
    expect(broken.status).toBe(400);
  });

  it('hands application/octet-stream and image/* bodies over as a Buffer, with the declared media type', async () => {
    expect((await post('/blobs', Buffer.from([0, 255, 7]), { 'content-type': 'application/octet-stream' }, 'PUT')).status).toBe(204);
    const input = app.calls.at(-1)!.input;
    expect(Buffer.isBuffer(input.body)).toBe(true);
    expect([...input.body]).toEqual([0, 255, 7]);
    expect(input.contentType).toBe('application/octet-stream');
    expect((await post('/blobs', Buffer.from('PNG'), { 'content-type': 'image/png' }, 'PUT')).status).toBe(204);
    expect(app.calls.at(-1)!.input.contentType).toBe('image/*');
    expect((await post('/blobs', Buffer.alloc(2000), { 'content-type': 'application/octet-stream' }, 'PUT')).status).toBe(413);
  });

  it('reads text/plain as a string; JSON beside it is parsed and validated as before', async () => {
    expect((await post('/notes', 'héllo', { 'content-type': 'text/plain; charset=utf-8' })).status).toBe(204);
    expect(app.calls.at(-1)!.input).toMatchObject({ body: 'héllo', contentType: 'text/plain' });
    expect((await post('/notes', JSON.stringify({ text: 'hi' }), { 'content-type': 'application/json' })).status).toBe(204);
    expect(app.calls.at(-1)!.input).toMatchObject({ body: { text: 'hi' }, contentType: 'application/json' });
    expect((await post('/notes', JSON.stringify({ txt: 'hi' }), { 'content-type': 'application/json' })).status).toBe(400);
  });

  it('takes any media type for */*: text as a string, anything else as bytes', async () => {
    expect((await post('/anything', 'raw text', { 'content-type': 'text/plain' })).status).toBe(204);
    expect(app.calls.at(-1)!.input.body).toBe('raw text');
    expect((await post('/anything', Buffer.from('bytes'), { 'content-type': 'application/octet-stream' })).status).toBe(204);
    expect(Buffer.from(app.calls.at(-1)!.input.body).toString()).toBe('bytes');
  });

  it('sends binary responses (a Buffer, a stream) and text responses as they are, with the declared media type; text is held to its schema', async () => {
    const bytes = await fetch(`${app.url}/download`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
    const streamed = await fetch(`${app.url}/download?as=stream`);
    expect(await streamed.text()).toBe('streamed');
    const readme = await fetch(`${app.url}/readme`);
    expect(readme.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await readme.text()).toBe('read me');
    expect((await fetch(`${app.url}/readme?long=true`)).status).toBe(500);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a media type the operation does not declare', async () => {
    const res = await post('/notes', '<a/>', { 'content-type': 'application/xml' });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.supported).toEqual(['application/json', 'text/plain']);
  });
});

describe('the handler types of non-JSON bodies', () => {
  it('type-check: a union by content type, Buffer for bytes, string for text, UploadedFile for a multipart file; a wrong use does not compile', async () => {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const gen = await generateServer(FIXTURE, 'bodies-types');
    fs.writeFileSync(
      path.join(gen.dir, 'handlers.ts'),
      [
        "import type { Handlers, UploadedFile } from './server/index.ts';",
        'export const handlers: Handlers = {',
        '  postForm: ({ body }) => { const n: number | undefined = body.age; const t: string[] | undefined = body.tags; void n; void t; return { status: 204 }; },',
        '  upload: ({ body }) => { const f: UploadedFile | undefined = body.file; const s: number | undefined = f?.size; void s; const c: number | undefined = body.count; void c; return { status: 204 }; },',
        "  putBlob: (input) => { const b: Buffer = input.body; const m: 'application/octet-stream' | 'image/*' = input.contentType; void b; void m; return { status: 204 }; },",
        "  postNote: (input) => { if (input.contentType === 'text/plain') { const s: string = input.body; void s; } else { const t: string = input.body.text; void t; } return { status: 204 }; },",
        '  postAnything: ({ body }) => { const v: string | Buffer = body; void v; return { status: 204 }; },',
        "  download: () => ({ status: 200, body: Buffer.from('x') }),",
        "  readme: () => ({ status: 200, body: 'text' }),",
        '};',
        "export const wrong: Pick<Handlers, 'postNote'> = { postNote: (input) => { const s: string = input.body; void s; return { status: 204 }; } };",
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(gen.dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'] }, files: ['handlers.ts'] }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(gen.dir, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    // Exactly one error: the text body used where the JSON object is (line 11, `wrong`).
    const errors = output.split('\n').filter((l) => /error TS/.test(l));
    expect(errors, output).toHaveLength(1);
    expect(errors[0]).toMatch(/handlers\.ts\(11,/);
  }, 120_000);
});
