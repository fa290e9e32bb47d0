import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.ts';

/** Writes `bytes` on a fresh socket and reads until the server closes it (or timeoutMs). */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

let service: TestService;
let port: number;
beforeAll(async () => {
  service = await startTestService();
  port = Number(new URL(service.origin).port);
});
afterAll(async () => {
  await service?.close();
});

const host = 'Host: 127.0.0.1\r\n';
const MALFORMED: Array<[string, string]> = [
  ['Content-Length with Transfer-Encoding', `POST /v1/users HTTP/1.1\r\n${host}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
  ['two different Content-Lengths', `POST /v1/users HTTP/1.1\r\n${host}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`],
  ['a method with a bad character', `GE(T /v1/users HTTP/1.1\r\n${host}\r\n`],
  ['NUL in a header value', `GET /v1/users HTTP/1.1\r\n${host}X-A: a\u0000b\r\n\r\n`],
  ['an obs-fold continuation line', `GET /v1/users HTTP/1.1\r\n${host}X-A: a\r\n  b\r\n\r\n`],
  ['bare LF line endings', `GET /v1/users HTTP/1.1\n${host.trim()}\n\n`],
  ['a space before the colon', `GET /v1/users HTTP/1.1\r\n${host}X-A : b\r\n\r\n`],
  ['a header name with a bad character', `GET /v1/users HTTP/1.1\r\n${host}X(A): b\r\n\r\n`],
  ['a bad HTTP version', `GET /v1/users HTTP/9.x\r\n${host}\r\n`],
  ['a bad chunk size', `POST /v1/users HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\n`],
  ['a non-numeric Content-Length', `POST /v1/users HTTP/1.1\r\n${host}Content-Length: abc\r\n\r\n`],
];

describe('requests the HTTP parser refuses', () => {
  it.each(MALFORMED)('answers %s with a 400 MALFORMED_REQUEST problem, then closes', async (_label, bytes) => {
    const res = parse(await rawExchange(port, bytes));
    expect(res.status, res.body).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers.connection).toBe('close');
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST', type: '/docs/errors#malformed-request', title: expect.any(String), detail: expect.any(String) });
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  it('answers an HTTP/1.1 request without Host with a 400 MALFORMED_REQUEST problem, not Node\'s empty 400', async () => {
    const res = parse(await rawExchange(port, 'GET /v1/users HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'MALFORMED_REQUEST', detail: expect.stringMatching(/Host/) });
    // HTTP/1.0 had no Host requirement.
    expect(parse(await rawExchange(port, 'GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('answers headers over 16 KiB with 431 REQUEST_HEADERS_TOO_LARGE', async () => {
    const res = parse(await rawExchange(port, `GET /v1/users HTTP/1.1\r\n${host}X-A: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'REQUEST_HEADERS_TOO_LARGE' });
  });

  it('answers a request whose headers never finish with 408 REQUEST_TIMEOUT', async () => {
    const res = parse(await rawExchange(port, `GET /v1/users HTTP/1.1\r\n${host}`, 15_000));
    expect(res.status).toBe(408);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  }, 20_000);

  it('still serves a well-formed request on a raw socket (the harness itself is sound)', async () => {
    const res = parse(await rawExchange(port, `GET /healthz HTTP/1.1\r\n${host}Connection: close\r\n\r\n`));
    expect(res.status).toBe(200);
  });
});
