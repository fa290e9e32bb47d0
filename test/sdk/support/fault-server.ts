/**
 * A fault-injecting HTTP server for SDK tests. Each incoming request takes the next scripted
 * fault (or the fallback): answer with a status and body, delay first, drop the connection
 * with socket.destroy(), or forward to an upstream (the real service), optionally dropping the
 * upstream's answer on the floor so the client never sees it. Every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { type: 'respond'; status: number; headers?: Record<string, string>; body?: unknown; rawBody?: string }
  | { type: 'drop' }
  | { type: 'delay'; ms: number; then: Fault }
  | { type: 'forward' }
  /** Forward, let the upstream finish (and commit), then destroy the socket instead of answering. */
  | { type: 'forward-then-drop' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The fault this request got. */
  fault: Fault['type'];
}

export interface FaultServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  requests: RecordedRequest[];
  /** Queue faults for the next requests, in order. */
  script(...faults: Fault[]): void;
  /** Forget scripted faults a test left unused, and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export function problem(status: number, code: string, members: Record<string, unknown> = {}, headers: Record<string, string> = {}): Fault {
  return {
    type: 'respond',
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: { type: `/docs/errors#${code.toLowerCase().replace(/_/g, '-')}`, title: code, status, code, ...members },
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Fault {
  return { type: 'respond', status, headers: { 'content-type': 'application/json', ...headers }, body };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export async function startFaultServer(options: { upstream?: string; fallback?: Fault } = {}): Promise<FaultServer> {
  const queue: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fallback: Fault = options.fallback ?? (options.upstream ? { type: 'forward' } : problem(599, 'UNSCRIPTED_REQUEST'));

  async function forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    if (!options.upstream) throw new Error('forwarding needs an upstream');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const res = await fetch(options.upstream + req.url, { method: req.method, headers, body: body.length ? new Uint8Array(body) : undefined });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!HOP_BY_HOP.has(k)) out[k] = v;
    });
    return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
  }

  async function apply(fault: Fault, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    switch (fault.type) {
      case 'respond': {
        const text = fault.rawBody ?? (fault.body === undefined ? '' : JSON.stringify(fault.body));
        res.writeHead(fault.status, { ...fault.headers, 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      case 'drop':
        req.socket.destroy();
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        if (req.socket.destroyed) return;
        return apply(fault.then, req, res, body);
      case 'forward': {
        const up = await forward(req, body);
        res.writeHead(up.status, { ...up.headers, 'content-length': up.body.length });
        res.end(up.body);
        return;
      }
      case 'forward-then-drop':
        await forward(req, body);
        req.socket.destroy();
        return;
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = queue.shift() ?? fallback;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8'), fault: fault.type });
      apply(fault, req, res, body).catch((err: Error) => {
        if (!res.headersSent) {
          res.writeHead(598, { 'content-type': 'text/plain' });
          res.end(`fault server: ${err.message}`);
        }
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script: (...faults) => queue.push(...faults),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
