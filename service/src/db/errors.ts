// PostgreSQL SQLSTATEs and Node socket codes that mean "the database is not usable right now",
// as opposed to "this request is wrong". Retrying later can succeed, so they become 503.
const UNAVAILABLE_SQLSTATES = new Set([
  '57014', // query_canceled: statement_timeout fired
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / recovering)
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  errors?: unknown;
}

function asErrorLike(err: unknown): ErrorLike | undefined {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : undefined;
}

export function isDatabaseUnavailableError(err: unknown): boolean {
  const e = asErrorLike(err);
  if (!e) return false;
  if (e.name === 'KnexTimeoutError') return true; // pool exhausted or connect timed out
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code))) {
    return true;
  }
  if (typeof e.message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message)) {
    return true;
  }
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.every(isDatabaseUnavailableError);
  return false;
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = asErrorLike(err);
  return e?.code === '23505' && e.constraint === constraint;
}

/**
 * PostgreSQL refuses some text the request validator accepts: a NUL character (U+0000) cannot be
 * stored in `text` (SQLSTATE 22021 character_not_in_repertoire, 22P05 untranslatable_character).
 * That is bad input, not a server fault, so it must become 400, not 500 (found by the reliability suite).
 */
export function isUnstorableTextError(err: unknown): boolean {
  const e = asErrorLike(err);
  return e?.code === '22021' || e?.code === '22P05';
}
