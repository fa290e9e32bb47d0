import http, { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type stream from 'node:stream';
import type express from 'express';
import { catalogue, type ErrorCode } from '../../../generated/errors/index.ts';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then drops what remains. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  /** Whole request (headers and body) must arrive within this; Node's default is 5 minutes. */
  requestTimeoutMs?: number;
  /** Headers must arrive within this; Node's default is 60 s. */
  headersTimeoutMs?: number;
  /**
   * How long an idle keep-alive connection stays open. Node's default is 5 s, below every common
   * load balancer's idle timeout, which makes the balancer reuse sockets the server is closing (502s).
   */
  keepAliveTimeoutMs?: number;
}

// A slow-body or slow-header client (slowloris) holds a socket and a request slot for as long as
// these allow. Node's defaults (60 s / 5 min, checked every 30 s) let a handful of such clients
// pin the server; a JSON API whose bodies are at most 10 MiB needs far less.
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function listen(app: express.Express, port: number, host: string, options: ListenOptions = {}): Promise<RunningServer> {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  const timeouts = { headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) };
  // requireHostHeader off: Node's own refusal of a Host-less HTTP/1.1 request is an empty 400; ours is a problem.
  const server = http.createServer({ ...timeouts, requireHostHeader: false }, (req, res) => {
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
      const problem = problemFor('MALFORMED_REQUEST', 'HTTP/1.1 requests must carry a Host header (RFC 9112 §3.2).');
      res.shouldKeepAlive = false;
      res.writeHead(problem.status, { 'Content-Type': 'application/problem+json', 'X-Request-Id': problem.requestId, 'Cache-Control': 'no-store', Connection: 'close', 'Content-Length': Buffer.byteLength(problem.body) });
      res.end(problem.body);
      return;
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // While draining, each response tells the client to stop reusing its connection, so the client
    // opens a new one (which is refused) instead of racing us on a socket we are about to close.
    if (draining) res.setHeader('Connection', 'close');
    app(req, res);
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: boundPort,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve, reject) => {
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive client that sends nothing within the idle grace is not coming back before
        // we stop; closing its socket then is the ordinary idle-close every HTTP client handles.
        const idle = setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, graceMs / 2));
        force.unref();
        idle.unref();
        // net.Server's close rather than http.Server's: the latter closes idle keep-alive sockets at
        // once, which resets a request a client is writing at that very moment.
        net.Server.prototype.close.call(server, (err?: Error) => {
          clearTimeout(force);
          clearTimeout(idle);
          if (err) reject(err);
          else resolve();
        });
      });
      return closing;
    },
  };
}

/** What the parser's refusals become; any other parser error is MALFORMED_REQUEST (400). */
const CLIENT_ERROR_CODES: Readonly<Record<string, { code: ErrorCode; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { code: 'REQUEST_HEADERS_TOO_LARGE', detail: 'The request line and headers exceed 16 KiB.' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: 'The request did not arrive within the server\'s time limit.' },
};

const PARSER_DETAIL: Readonly<Record<string, string>> = {
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length and Transfer-Encoding must not both be sent.',
  HPE_INVALID_TRANSFER_ENCODING: 'The Transfer-Encoding is not valid.',
  HPE_INVALID_CONTENT_LENGTH: 'The Content-Length is not valid.',
  HPE_INVALID_METHOD: 'The request method is not valid.',
  HPE_INVALID_HEADER_TOKEN: 'A header name or value contains a character HTTP does not allow.',
  HPE_INVALID_URL: 'The request target is not valid.',
  HPE_INVALID_VERSION: 'The HTTP version is not valid.',
  HPE_LF_EXPECTED: 'Lines must end with CRLF.',
  HPE_CR_EXPECTED: 'Lines must end with CRLF.',
  HPE_INVALID_CHUNK_SIZE: 'A chunk size is not valid.',
  HPE_UNEXPECTED_SPACE: 'A header line is folded or has whitespace before its colon.',
};

function problemFor(code: ErrorCode, detail: string): { status: number; body: string; requestId: string } {
  const entry = catalogue[code];
  const requestId = randomUUID();
  return { status: entry.status, requestId, body: JSON.stringify({ type: entry.type, title: entry.title, status: entry.status, code, detail, requestId }) };
}

/** The problem+json answer to a request Node's parser refused, as raw HTTP (there is no response object yet). */
export function clientErrorResponse(errorCode: string | undefined): string {
  const known = errorCode === undefined ? undefined : CLIENT_ERROR_CODES[errorCode];
  const code: ErrorCode = known?.code ?? 'MALFORMED_REQUEST';
  const detail = known?.detail ?? (errorCode && PARSER_DETAIL[errorCode]) ?? 'The request is not valid HTTP/1.1.';
  const { status, body, requestId } = problemFor(code, detail);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: application/problem+json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

/**
 * Requests Node rejects before Express sees them: a malformed request line or header, conflicting
 * framing, headers over the limit, a request that did not arrive in time. Node's own answers are
 * bare status lines without a body; every refusal of this API is a problem with a catalogue code,
 * so these get one too (MALFORMED_REQUEST, REQUEST_HEADERS_TOO_LARGE, REQUEST_TIMEOUT) and the
 * connection is closed, since the parser cannot tell where the next request would start.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: stream.Duplex): void {
  // A response already under way on this socket (a slow body after a fast answer) cannot be replaced.
  const current = (socket as stream.Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(err.code));
}

/** How long a keep-alive connection may stay silent during a drain before we close it. */
const IDLE_GRACE_MS = 1_000;
