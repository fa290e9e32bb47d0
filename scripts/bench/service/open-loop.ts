/**
 * An open-loop, constant-rate load generator for the fixed-load latency phase of bench:service
 * (the wrk2 model): request i is due at t0 + i / rate whatever happened to the requests before it,
 * and its latency is measured from that due time, not from when a connection was free to send it.
 * A server that stalls therefore sees the requests that piled up meanwhile, and their waiting
 * counts in the latency (coordinated omission corrected). A closed loop (each connection pausing
 * between its own requests) instead stops offering load while the server stalls, and its
 * connections drift into bursts.
 *
 *   node scripts/bench/service/open-loop.ts --port 18181 --rate 4000 --duration 5 \
 *        --connections 50 --token <jwt> --users 100000
 *
 * Prints one line of JSON: requests due and completed, req/s, latency percentiles in ms, non-2xx,
 * and the generator's own lateness (how long after its due time it noticed a request was due, and
 * sent it or queued it for the next free connection), which bounds how precise the latencies are:
 * Node's timers have a 1 ms granularity, so due requests are also dispatched from every socket
 * event, which under load come far more often than that.
 *
 * Requests are getUser's (GET /v1/users/<random seeded id> with a bearer token), as get-user.lua.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';

function flag(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}
const port = Number(flag('port'));
const rate = Number(flag('rate'));
const seconds = Number(flag('duration'));
const connectionCount = Number(flag('connections', '50'));
const token = flag('token');
const users = Number(flag('users'));
if (!(rate > 0 && seconds > 0 && connectionCount > 0 && users > 0)) throw new Error('rate, duration, connections and users must be positive');

const total = Math.round(rate * seconds);
const interval = 1000 / rate;

function requestText(): string {
  const n = 1 + Math.floor(Math.random() * users);
  return (
    `GET /v1/users/00000000-0000-4000-8000-${String(n).padStart(12, '0')} HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`
  );
}

interface Connection {
  socket: net.Socket;
  /** Due time of the request in flight on this connection, or undefined when it is free. */
  due: number | undefined;
  buffer: Buffer;
}

const latencies = new Float64Array(total);
const lateness = new Float64Array(total);
let completed = 0;
let bad = 0;
let nextIndex = 0;
let t0 = 0;
/** Due times of requests that found every connection busy, oldest first. */
const waiting: number[] = [];
let waitingHead = 0;
const free: Connection[] = [];
let finish: () => void = () => {};

function send(connection: Connection, due: number): void {
  connection.due = due;
  connection.socket.write(requestText());
}

/** Sends every request whose due time has come, on a free connection or (queued) on the next one to free up. */
function dispatch(): void {
  const now = performance.now();
  while (nextIndex < total && t0 + nextIndex * interval <= now) {
    const due = t0 + nextIndex * interval;
    lateness[nextIndex++] = now - due;
    const connection = free.pop();
    if (connection) send(connection, due);
    else waiting.push(due);
  }
}

function onResponse(connection: Connection, status: number): void {
  const due = connection.due!;
  connection.due = undefined;
  latencies[completed++] = performance.now() - due;
  if (status < 200 || status >= 400) bad++;
  dispatch();
  if (waitingHead < waiting.length) send(connection, waiting[waitingHead++]!);
  else free.push(connection);
  if (completed === total) finish();
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Minimal HTTP/1.1 response framing: status line, Content-Length, body; keep-alive. */
function onData(connection: Connection, chunk: Buffer): void {
  connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
  for (;;) {
    const end = connection.buffer.indexOf(HEADER_END);
    if (end < 0) break;
    const head = connection.buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (connection.buffer.length < end + 4 + length) break;
    const status = Number(head.slice(9, 12));
    connection.buffer = connection.buffer.subarray(end + 4 + length);
    onResponse(connection, status);
  }
  dispatch();
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const connections = await Promise.all(
  Array.from({ length: connectionCount }, () => new Promise<Connection>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const connection: Connection = { socket, due: undefined, buffer: Buffer.alloc(0) };
    socket.once('connect', () => resolve(connection));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => onData(connection, chunk));
  })),
);
free.push(...connections);

const done = new Promise<void>((resolve) => (finish = resolve));
t0 = performance.now();
const timer = setInterval(dispatch, 1);
// Requests still unanswered 5 s after the last one was due count as not completed.
const deadline = setTimeout(() => finish(), seconds * 1000 + 5000);
await done;
const elapsed = (performance.now() - t0) / 1000;
clearInterval(timer);
clearTimeout(deadline);
for (const c of connections) c.socket.destroy();

const sortedLatency = latencies.subarray(0, completed).sort();
const sortedLateness = lateness.subarray(0, nextIndex).sort();
console.log(JSON.stringify({
  due: total,
  completed,
  rps: completed / Math.max(elapsed, seconds),
  p50: percentile(sortedLatency, 50),
  p99: percentile(sortedLatency, 99),
  p999: percentile(sortedLatency, 99.9),
  max: sortedLatency[sortedLatency.length - 1] ?? NaN,
  bad: bad + (total - completed),
  latenessP50: percentile(sortedLateness, 50),
  latenessP99: percentile(sortedLateness, 99),
}));
