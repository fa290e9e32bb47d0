import http from 'node:http';
import net from 'node:net';
import type stream from 'node:stream';
import type express from 'express';

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
}

// A slow-body or slow-header client (slowloris) holds a socket and a request slot for as long as
// these allow. Node's defaults (60 s / 5 min, checked every 30 s) let a handful of such clients
// pin the server; a JSON API whose bodies are at most 10 MiB needs far less.
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function listen(app: express.Express, port: number, host: string, options: ListenOptions = {}): Promise<RunningServer> {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const timeouts = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) };
  const server = http.createServer(timeouts, (req, res) => {
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

/**
 * Requests Node rejects before Express sees them. Node's default answers are bare status lines;
 * a request line or headers over the limit (16 KiB) would get an empty 431, off-contract. We send
 * the catalogue's REQUEST_HEADERS_TOO_LARGE problem instead and keep Node's defaults for the rest.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: stream.Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  let head = 'HTTP/1.1 400 Bad Request';
  let body = '';
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    head = 'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/problem+json';
    body = JSON.stringify({
      type: '/docs/errors#request-headers-too-large',
      title: 'The request line or headers are too large',
      status: 431,
      code: 'REQUEST_HEADERS_TOO_LARGE',
      detail: 'The request line and headers exceed 16 KiB.',
    });
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    head = 'HTTP/1.1 408 Request Timeout';
  }
  socket.end(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** How long a keep-alive connection may stay silent during a drain before we close it. */
const IDLE_GRACE_MS = 1_000;
