/**
 * Responses by media type, over HTTP: Accept negotiated among the media types an operation
 * declares (406 with the catalogue code when none satisfies it, before the handler runs), the
 * handler told the preferred one and choosing its representation with `contentType`, and
 * `text/event-stream` answered from an async iterable: each event checked against the contract,
 * heartbeats while quiet, and the iterator closed when the client goes away.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.ts';
import { generateServer, serve, type RunningApp } from './support.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/representations.yaml');

/** Reads a response body as text until `done(text)` holds (or the stream ends), then cancels it. */
async function readUntil(res: Response, done: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done: ended } = await reader.read();
    if (value) text += decoder.decode(value, { stream: true });
    if (ended) return text;
    if (done(text)) {
      await reader.cancel();
      return text;
    }
  }
}

/** The events of an event-stream body: its data lines joined, and its other fields. */
function events(text: string): Array<Record<string, string>> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const e: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const m = /^([a-z]+): ?(.*)$/.exec(line);
        if (m) e[m[1]!] = e[m[1]!] === undefined ? m[2]! : `${e[m[1]!]}\n${m[2]!}`;
      }
      return e;
    });
}

describe('responses by media type', () => {
  let app: RunningApp;
  let dir: string;
  const violations: string[] = [];
  const errors: unknown[] = [];
  let released: Promise<void> = Promise.resolve();
  beforeAll(async () => {
    const gen = await generateServer(FIXTURE, 'representations');
    dir = gen.dir;
    app = await serve(
      gen,
      {
        sseHeartbeatMs: 20,
        onResponseValidationError: (info: { message: string }) => violations.push(info.message),
        onError: (err: unknown) => errors.push(err),
      },
      (operationId, input) => {
        if (operationId === 'getReport') {
          if (input.path.id === 9) return { status: 200, contentType: 'application/xml', body: '<report/>' };
          return input.accept === 'text/csv' ? { status: 200, contentType: 'text/csv', body: `id,total\n${input.path.id},3\n` } : { status: 200, body: { id: input.path.id, total: 3 } };
        }
        if (operationId === 'getLogo') return { status: 200, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) };
        if (operationId === 'complete') {
          if (!input.body.stream) return { status: 200, body: { text: 'hello world' } };
          return { status: 200, contentType: 'text/event-stream', body: (async function* () { yield { data: { text: 'hello' } }; yield { data: { text: ' world' }, event: 'delta', id: '2' }; })() };
        }
        if (operationId === 'streamTicks') {
          const mode: string = input.query.mode ?? 'ok';
          const n: number = input.query.n;
          let release!: () => void;
          released = new Promise<void>((resolve) => (release = resolve));
          return {
            status: 200,
            body: (async function* () {
              try {
                if (mode === 'bad-first') yield { data: { seq: -1 } };
                if (mode === 'text') yield { data: 'line one\nline two' };
                for (let seq = 0; seq < n; seq++) yield { data: { seq }, id: String(seq) };
                if (mode === 'bad-later') yield { data: { seq: 'x' } };
                if (mode === 'throw') throw new Error('the feed broke');
                // Quiet until the client goes away: only heartbeats are written meanwhile.
                if (mode === 'forever') await new Promise((resolve) => input.signal.addEventListener('abort', resolve));
              } finally {
                release();
              }
            })(),
          };
        }
        return { status: 204 };
      },
    );
  }, 60_000);
  afterAll(() => app?.close());

  const get = (p: string, accept?: string, init: RequestInit = {}) => fetch(`${app.url}${p}`, { ...init, headers: { ...(accept === undefined ? {} : { accept }), ...(init.headers as object) } });

  it('holds a response to a schema with a format it does not know without logging it', async () => {
    const logged: unknown[][] = [];
    const original = { warn: console.warn, log: console.log, error: console.error };
    console.warn = console.log = console.error = (...args: unknown[]) => void logged.push(args);
    try {
      // The file's first request: it compiles the validator of getReport's 200, where Ajv would log.
      const res = await get('/reports/3', 'application/json');
      expect(res.status).toBe(200);
    } finally {
      Object.assign(console, original);
    }
    expect(logged.filter((args) => /unknown format/.test(args.map(String).join(' ')))).toEqual([]);
  });

  it('answers with the contract\'s preferred media type when Accept admits it, or says nothing', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/csv;q=0.5, application/json', 'text/*;q=0.1, application/*', 'garbage']) {
      const res = await get('/reports/1', accept);
      expect(res.status, String(accept)).toBe(200);
      expect(res.headers.get('content-type'), String(accept)).toBe('application/json; charset=utf-8');
      expect(res.headers.get('vary')).toBe('Accept');
      expect(await res.json()).toEqual({ id: 1, total: 3 });
      expect(app.calls.at(-1)!.input.accept).toBe('application/json');
    }
  });

  it('tells the handler the media type Accept prefers, and sends the representation it returns', async () => {
    for (const accept of ['text/csv', 'application/json;q=0.5, text/csv', 'text/*, application/json;q=0.9', 'text/csv;q=1, */*;q=0.1']) {
      const res = await get('/reports/2', accept);
      expect(res.status, accept).toBe(200);
      expect(app.calls.at(-1)!.input.accept, accept).toBe('text/csv');
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await res.text()).toBe('id,total\n2,3\n');
    }
  });

  it('answers 406 with the media types it has when Accept admits none, and runs no handler', async () => {
    const before = app.calls.length;
    for (const [p, accept, supported] of [
      ['/reports/1', 'application/xml', ['application/json', 'text/csv']],
      ['/reports/1', 'application/json;q=0, text/csv;q=0', ['application/json', 'text/csv']],
      ['/logo', 'text/html, application/json', ['image/png']],
      ['/ticks', 'application/json', ['text/event-stream']],
    ] as const) {
      const res = await get(p, accept);
      expect(res.status, `${p} ${accept}`).toBe(406);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = await res.json();
      expect(body).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE', supported });
      expect(body.detail).toContain(accept);
    }
    expect(app.calls.length).toBe(before);
    // Bytes by a range, and an operation without a response body, whatever Accept says.
    expect((await get('/logo', 'image/*')).status).toBe(200);
    expect((await get('/reports/1', 'text/html', { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses (500, reported) a media type the status does not declare', async () => {
    const res = await get('/reports/9');
    expect(res.status).toBe(500);
    expect(violations.at(-1)).toBe('getReport declares no application/xml body for status 200');
  });

  it('streams server-sent events from an async iterable: JSON data, text data line by line, the SSE fields', async () => {
    const res = await get('/ticks?n=3', 'text/event-stream');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(events(await res.text())).toEqual([0, 1, 2].map((seq) => ({ id: String(seq), data: JSON.stringify({ seq }) })));
    const text = await (await get('/ticks?n=0&mode=text')).text();
    expect(text).toBe('data: line one\ndata: line two\n\n');
  });

  it('answers a stream whose first event breaks the contract with 500, and ends one that breaks it later', async () => {
    const first = await get('/ticks?mode=bad-first');
    expect(first.status).toBe(500);
    expect((await first.json()).code).toBe('INTERNAL');
    expect(violations.at(-1)).toMatch(/^response\/seq must be >= 0/);
    await released;
    const later = await get('/ticks?n=2&mode=bad-later');
    expect(later.status).toBe(200);
    expect(events(await later.text()).map((e) => e.data)).toEqual(['{"seq":0}', '{"seq":1}']);
    expect(violations.at(-1)).toMatch(/^response\/seq must be integer/);
    await released;
    const broken = await get('/ticks?n=1&mode=throw');
    expect(events(await broken.text()).map((e) => e.data)).toEqual(['{"seq":0}']);
    expect(String(errors.at(-1))).toContain('the feed broke');
  });

  it('writes heartbeats while the iterable is quiet, and closes the iterator when the client goes away', async () => {
    const controller = new AbortController();
    const res = await get('/ticks?n=1&mode=forever', undefined, { signal: controller.signal });
    const text = await readUntil(res, (t) => t.includes(': heartbeat\n\n'));
    expect(events(text)).toEqual([{ id: '0', data: '{"seq":0}' }]);
    controller.abort();
    // The generator's finally ran: the handler's feed was released, not left running.
    await released;
    expect(app.calls.at(-1)!.input.signal.aborted).toBe(true);
  });

  it('reads an event stream in the generated SDK as it arrives, typed events, and cancels it on break', async () => {
    const { createApiClient } = await import(pathToFileURL(path.join(dir, 'client/charter.ts')).href);
    const api = createApiClient({ baseUrl: app.url });
    const result = await api.streamTicks({ query: { n: 3 } });
    expect(result.ok).toBe(true);
    const seen: unknown[] = [];
    for await (const e of result.data) seen.push(e);
    expect(seen).toEqual([0, 1, 2].map((seq) => ({ data: { seq }, id: String(seq) })));
    const text = await api.streamTicks({ query: { n: 0, mode: 'text' } });
    for await (const e of text.data) expect(e).toEqual({ data: 'line one\nline two' });
    // Leaving the loop early cancels the body: the server sees the client go and closes its iterator.
    const forever = await api.streamTicks({ query: { n: 1, mode: 'forever' } });
    for await (const e of forever.data) {
      expect(e).toEqual({ data: { seq: 0 }, id: '0' });
      break;
    }
    await released;
    const both = await api.complete({ body: { stream: true }, headers: { accept: 'text/event-stream' } });
    const parts: unknown[] = [];
    for await (const e of both.data) parts.push(e);
    expect(parts).toEqual([{ data: { text: 'hello' } }, { data: { text: ' world' }, event: 'delta', id: '2' }]);
    expect((await api.complete({ body: { stream: false } })).data).toEqual({ text: 'hello world' });
  });

  it('lets one operation answer JSON or an event stream, each checked against its own schema (itemSchema)', async () => {
    const post = (stream: boolean, accept?: string) =>
      fetch(`${app.url}/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, body: JSON.stringify({ stream }) });
    expect(await (await post(false)).json()).toEqual({ text: 'hello world' });
    const res = await post(true, 'text/event-stream');
    expect(app.calls.at(-1)!.input.accept).toBe('text/event-stream');
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('data: {"text":"hello"}\n\nevent: delta\nid: 2\ndata: {"text":" world"}\n\n');
  });
});

describe('406 in a contract with an error catalogue', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const gen = await generateServer(path.join(REPO_ROOT, 'contracts/openapi.yaml'), 'representations-users');
    app = await serve(gen);
  }, 60_000);
  afterAll(() => app?.close());

  it('is the catalogue\'s NOT_ACCEPTABLE problem, declared on the operations that answer with a body', async () => {
    const res = await fetch(`${app.url}/users`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(406);
    expect(await res.json()).toMatchObject({ type: '/docs/errors#not-acceptable', title: 'No representation satisfies the Accept header', status: 406, code: 'NOT_ACCEPTABLE', supported: ['application/json'] });
    expect(app.calls).toEqual([]);
  });
});
