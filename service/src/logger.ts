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
// fast-redact has no recursive wildcard, so each key is listed at the depths the service uses.
const SENSITIVE_KEYS = ['password', 'token', 'accessToken', 'refreshToken', 'secret', 'email', 'authorization', 'cookie'];
const URL_KEYS = ['databaseUrl', 'DATABASE_URL', 'connectionString'];
export const REDACT_PATHS: string[] = [
  ...[...SENSITIVE_KEYS, ...URL_KEYS].flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  '*.*.headers["set-cookie"]',
];

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

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (URL_KEYS.includes(key) && typeof value === 'string') return maskUrlPassword(value);
  return CENSORED;
}

function lineWriter(write: (line: string) => void): DestinationStream {
  return { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
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
    redact: { paths: REDACT_PATHS, censor },
    timestamp: stdTimeFunctions.isoTime,
    mixin: requestLogFields,
    // Level names rather than numbers: log pipelines and people both read `"level":"warn"` without a table.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  let logger: PinoLogger;
  if (destination !== undefined) {
    logger = pino(base, typeof destination === 'function' ? lineWriter(destination) : destination);
  } else if (options.format === 'pretty') {
    logger = pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  } else {
    logger = pino(base);
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
