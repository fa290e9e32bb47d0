import { pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config.ts';
import { requestLogFields } from './observability/request-scope.ts';

/**
 * The logging interface the service codes against: pino's call shape (`fields` first, then the
 * message), so callers never import pino and tests can hand in a capturing destination.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
  /** A logger whose every line also carries `bindings` (e.g. the request id and trace id). */
  child(bindings: Record<string, unknown>): Logger;
}

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** `pretty` renders coloured lines through pino-pretty (a devDependency): for a developer's terminal only. */
  format?: LogFormat;
}

const CENSORED = '[Redacted]';

// Secrets and personal data never reach a log line, wherever a careless caller nests them.
const SENSITIVE_KEYS = new Set(['password', 'token', 'accessToken', 'refreshToken', 'secret', 'email', 'authorization', 'cookie', 'set-cookie']);
const URL_KEYS = new Set(['databaseUrl', 'DATABASE_URL', 'connectionString']);
// Deeper than any line the service writes; also stops a cyclic object from recursing forever.
const MAX_REDACT_DEPTH = 8;

function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `fields` with every sensitive key's value censored at any depth (up to MAX_REDACT_DEPTH),
 * copying only the objects on the way to a censored value: a line with nothing to hide (the
 * access log) costs one pass over its keys and no allocation. This replaces pino's path-based
 * `redact`, whose wildcard paths (`*.*.email`, …) were re-walked on every line and cost as much
 * as the rest of the logging (docs/performance.md).
 */
export function redactFields<T>(fields: T, depth = 0): T {
  if (!isPlainContainer(fields) || depth > MAX_REDACT_DEPTH) return fields;
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    let replaced: unknown = value;
    if (SENSITIVE_KEYS.has(key)) replaced = CENSORED;
    else if (URL_KEYS.has(key)) replaced = typeof value === 'string' ? maskUrlPassword(value) : CENSORED;
    else if (typeof value === 'object' && value !== null) replaced = redactFields(value, depth + 1);
    if (replaced !== value) {
      copy ??= (Array.isArray(fields) ? [...fields] : { ...fields }) as Record<string, unknown>;
      copy[key] = replaced;
    }
  }
  return (copy ?? fields) as T;
}

/** The URL with its password masked: the host and database stay useful for debugging. */
export function maskUrlPassword(value: string): string {
  try {
    const parsed = new URL(value);
    if (!parsed.password) return value;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return CENSORED;
  }
}

function lineWriter(write: (line: string) => void): DestinationStream {
  return { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
}

/** How long a line may wait in memory for others to share its write. */
export const LOG_BATCH_DELAY_MS = 20;
/** A batch this large is written at once, without waiting for the delay. */
const LOG_BATCH_BYTES = 64 * 1024;

export interface BatchedDestination extends DestinationStream {
  /** Hands what is batched to the underlying stream now. */
  flushBatch(): void;
}

/**
 * Lines gathered for up to `delayMs` (or until `maxBytes`) and handed to `out` as one write:
 * under load a write per request's access line was the largest cost of the logging, and one
 * write per batch costs about as much as one per line (docs/performance.md). The timer is
 * unref'd, so it never keeps a process alive.
 */
export function batchedDestination(out: { write(chunk: string): unknown }, delayMs = LOG_BATCH_DELAY_MS, maxBytes = LOG_BATCH_BYTES): BatchedDestination {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flushBatch = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    out.write(chunk);
  };
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= maxBytes) flushBatch();
      else if (timer === undefined) timer = setTimeout(flushBatch, delayMs).unref();
    },
    flushBatch,
  };
}

/**
 * The default logger's stdout, once one is made: the batch the lines gather in, and the SonicBoom
 * stream behind it. `_writing` is SonicBoom's own flag for a write in flight: its public
 * `flush(cb)` calls back at once, without waiting for that write, when `minLength` is 0.
 */
let stdout: { lines: BatchedDestination; stream: DestinationStream & { _writing?: boolean; once(event: 'drain' | 'error', listener: () => void): unknown } } | undefined;

/**
 * Resolves once every line logged so far has been written to stdout: call it before
 * `process.exit`. The exit hook below writes what is still batched or queued, but not a write
 * already in flight, which `process.exit` cuts short (a line bigger than the pipe, or a reader
 * that is behind, lost everything after the pipe's 64 KiB). It waits at most `timeoutMs`, for a
 * reader that has stopped reading.
 */
export function drainStdoutLogs(timeoutMs = 5_000): Promise<void> {
  stdout?.lines.flushBatch();
  const stream = stdout?.stream;
  if (stream?._writing !== true) return Promise.resolve();
  return new Promise((resolve) => {
    setTimeout(resolve, timeoutMs).unref();
    stream.once('drain', resolve);
    // After a broken pipe there is nothing left to wait for.
    stream.once('error', resolve);
  });
}

/**
 * Prints one plain line on stdout after every line logged before it (the startup banner). The
 * line joins the log lines' own stream: flushing that stream and then writing to
 * process.stdout would race a log write still in flight, and the banner could come first.
 */
export function printAfterLogs(text: string): void {
  if (stdout === undefined) {
    process.stdout.write(`${text}\n`);
    return;
  }
  stdout.lines.write(`${text}\n`);
  stdout.lines.flushBatch();
}

/**
 * Asynchronous stdout (pino's SonicBoom, so a write in flight never blocks the event loop, and
 * lines written meanwhile join the next write) behind a batch of at most LOG_BATCH_DELAY_MS.
 * At exit, whatever is batched or queued is written synchronously; a write already in flight is
 * not, so the service's own exits await drainStdoutLogs first, and only a crash in the middle of a
 * write or a SIGKILL loses lines.
 */
function batchedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false });
  const batched = batchedDestination(stream);
  const flush = () => {
    batched.flushBatch();
    // After a broken pipe pino has disabled the stream; there is nowhere left to write then.
    if (!(stream as { destroyed?: boolean }).destroyed) stream.flushSync();
  };
  process.once('exit', flush);
  stdout = { lines: batched, stream };
  return batched;
}

/**
 * A pino logger writing one JSON object per line (stdout by default, or `destination`).
 * `destination` may be a function receiving each line, which is how tests capture logs.
 */
export function createLogger(
  level: LogLevel,
  destination?: ((line: string) => void) | DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const base = {
    level,
    // Level names rather than numbers: log pipelines and people both read `"level":"warn"` without a table.
    // Child bindings are censored once, when the child is made; each line's fields as it is written.
    formatters: { level: (label: string) => ({ level: label }), bindings: redactFields, log: redactFields },
    timestamp: stdTimeFunctions.isoTime,
    mixin: requestLogFields,
  };
  let logger: PinoLogger;
  if (destination !== undefined) {
    logger = pino(base, typeof destination === 'function' ? lineWriter(destination) : destination);
  } else if (options.format === 'pretty') {
    logger = pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  } else {
    logger = pino(base, batchedStdout());
  }
  return logger as unknown as Logger;
}

export interface DescribeErrorOptions {
  /** Include stack traces: for 5xx and crashes, where the cause is ours to find; not for client errors. */
  stack?: boolean;
}

const MAX_CAUSE_DEPTH = 5;

/** A plain, loggable description of an error and its `cause` chain. */
export function describeError(err: unknown, options: DescribeErrorOptions = { stack: true }, depth = 0): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const described: Record<string, unknown> = {
      name: err.name,
      message: err.message,
      ...(code !== undefined ? { code } : {}),
      ...(options.stack !== false && err.stack ? { stack: err.stack } : {}),
    };
    if (err.cause !== undefined && depth < MAX_CAUSE_DEPTH) described.cause = describeError(err.cause, options, depth + 1);
    if (err instanceof AggregateError && depth < MAX_CAUSE_DEPTH) {
      described.errors = err.errors.slice(0, 5).map((e) => describeError(e, options, depth + 1));
    }
    return described;
  }
  return { value: String(err) };
}

/**
 * Routes Knex's own log calls (pool warnings, deprecations) into the service log. The pino
 * methods are called on the logger, never detached: a detached pino method throws, and inside
 * Knex's connection-acquire path that error would replace the database error (a 500 instead of
 * a 503 while PostgreSQL is down).
 */
export function knexLogTo(logger: Logger): (level: 'warn' | 'error' | 'deprecate' | 'debug', message: unknown) => void {
  return (level, message) => {
    const fields = { source: 'knex', knexLevel: level };
    if (level === 'debug') logger.debug(fields, String(message));
    else logger.warn(fields, String(message));
  };
}
