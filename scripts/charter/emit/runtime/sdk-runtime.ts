/**
 * The SDK runtime, copied verbatim into generated/client/runtime.ts. It knows nothing about
 * any one contract: generated/client/charter.ts hands it an operation table, hey-api's
 * request functions and the error catalogue. Every call goes through `execute`, which owns
 * request ids, idempotency keys, timeouts, retries, problem parsing and response checks,
 * and always resolves to a result: it never throws for an HTTP or transport failure.
 */

// ---------------------------------------------------------------------------------------
// Operation table (emitted per contract)
// ---------------------------------------------------------------------------------------

export interface ResponseSpec {
  /** The body is JSON (or +json) and is read as such. */
  json: boolean;
  /** The top-level shape the contract promises, when it is that simple. */
  shape?: 'object' | 'array';
  /** Top-level properties the contract requires. */
  required?: readonly string[];
  /**
   * For a declared 3xx other than 304, a non-JSON body: read as text or as a Blob. Absent with
   * `json: false`: the contract declares no body, and whatever the server sends is dropped.
   */
  body?: 'text' | 'binary';
  /**
   * The status can answer with `text/event-stream`: such a response is read as it arrives into an
   * async iterable of events, whose data is JSON (or text, for a string schema).
   */
  events?: 'json' | 'text';
}

/** One server-sent event as the SDK reads it: `data` typed by the contract's schema of one event. */
export interface ServerSentEvent<T = unknown> {
  data: T;
  event?: string;
  id?: string;
  retry?: number;
}

/** How one query parameter is serialized, when it is not the default (form, exploded). */
export interface QueryParamSpec {
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  /** Default: true for form, false otherwise (deepObject is always exploded). */
  explode?: boolean;
  allowReserved?: boolean;
  /** A `content`-encoded parameter: its media type (JSON media types are sent as JSON text). */
  content?: string;
}

export interface PaginationSpec {
  /** Query parameter that takes the cursor. */
  cursorParam: string;
  /** Response field holding the next page's cursor (null/absent on the last page). */
  nextField: string;
  /** Response field holding the page's items. */
  itemsField: string;
}

export interface OperationSpec {
  operationId: string;
  method: string;
  path: string;
  /** The declared name of the idempotency-key header parameter, when the operation has one. */
  idempotencyHeader?: string;
  /** Declared non-error responses by status key ("200", "304", "2XX", "default"). */
  responses: Readonly<Record<string, ResponseSpec>>;
  pagination?: PaginationSpec;
  /** Query parameters whose style is not the default (form, exploded), by name. */
  query?: Readonly<Record<string, QueryParamSpec>>;
  /** hey-api's request function for this operation. */
  send(options: Record<string, unknown>): Promise<unknown>;
}

/** What the runtime needs to know about the error catalogue. */
export interface ProblemCatalogue {
  parse(status: number, body: unknown): { code: string; status: number; requestId?: string };
  retryable(code: string): boolean;
}

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

/** Time as the runtime sees it. Inject a fake one to test backoff without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryOptions {
  /** Attempts per call, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** First backoff ceiling; it doubles per attempt (full jitter picks 0..ceiling). Default 200 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the call instead of waiting. Default 60 s. */
  maxRetryAfterMs?: number;
}

export interface RequestEvent {
  operationId: string;
  method: string;
  url: string;
  attempt: number;
  requestId: string;
  headers: Headers;
}

export interface ResponseEvent {
  operationId: string;
  method: string;
  url: string;
  attempt: number;
  requestId: string;
  /** Undefined when no response arrived. */
  status: number | undefined;
  /** 'ok', 'problem', 'network', 'timeout', 'aborted' or 'invalid-response'. */
  outcome: string;
  durationMs: number;
}

export interface RetryEvent {
  operationId: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  /** Why: 'network', 'timeout', 'status 503', 'problem RATE_LIMITED', … */
  reason: string;
  requestId: string;
}

export interface Hooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
}

export type AuthOption = string | (() => string | undefined | Promise<string | undefined>);

export interface SdkOptions {
  /** The API root, e.g. https://api.example.com/v1. */
  baseUrl: string;
  /** Bearer token (or a function returning one) for operations that declare security. */
  auth?: AuthOption;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Per-attempt timeout. Default 30 s, so nothing hangs forever. */
  timeoutMs?: number;
  /** Overall budget for a call, retries and backoff included. Default 120 s. */
  deadlineMs?: number;
  /** Retry policy; `false` disables retries. */
  retry?: RetryOptions | false;
  hooks?: Hooks;
  clock?: Clock;
  /** Uniform in [0, 1); injectable so jitter is testable. */
  random?: () => number;
  /** Makes request ids and idempotency keys. Default crypto.randomUUID. */
  generateId?: () => string;
  /** W3C traceparent for every request (e.g. from the active span); a per-call one wins. */
  traceparent?: () => string | undefined;
  /**
   * Let fetch follow redirects for operations that declare a 3xx. Default false: such an
   * operation is sent with `redirect: 'manual'` and resolves to the declared 3xx itself
   * (`status`, `location`, `data`). When true, the response fetch ends at is checked against the
   * operation's declared responses like any other.
   */
  followRedirects?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  deadlineMs?: number;
  maxAttempts?: number;
  /** Overrides the generated idempotency key (reuse one to make your own retries safe). */
  idempotencyKey?: string;
  /** Sent as If-Match, e.g. the `etag` of an earlier read. */
  ifMatch?: string;
  /** Sent as If-None-Match; an unchanged resource answers 304 (`notModified`). */
  ifNoneMatch?: string;
  /** Sent as X-Request-Id; generated when absent. */
  requestId?: string;
  traceparent?: string;
  /** Per call: see SdkOptions.followRedirects. */
  followRedirects?: boolean;
}

// ---------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------

interface Meta {
  /** The request id: the server's X-Request-Id, else the problem's, else the one sent. */
  requestId: string;
  /** Attempts made, the first included. */
  attempts: number;
}

export interface SuccessResult<S, T> extends Meta {
  ok: true;
  status: S;
  data: T;
  notModified: false;
  headers: Headers;
  etag: string | undefined;
}

/**
 * A declared 3xx (other than 304): a declared outcome, so a success. The SDK does not follow it
 * (unless `followRedirects`); `location` is its Location header, `data` its body as declared.
 */
export interface RedirectResult<S, T> extends Meta {
  ok: true;
  status: S;
  data: T;
  notModified: false;
  /** The Location header, resolved against the request URL; undefined when absent or `opaque`. */
  location: string | undefined;
  /**
   * True in a browser, where fetch hides a manual redirect (an `opaqueredirect` response: no
   * status, headers or body). `status` is then the operation's lowest declared 3xx.
   */
  opaque: boolean;
  headers: Headers;
  etag: string | undefined;
}

/** The statuses fetch would follow, and the other 3xx that are not 304. */
export type RedirectStatus = 300 | 301 | 302 | 303 | 305 | 306 | 307 | 308;

export interface NotModifiedResult extends Meta {
  ok: true;
  status: 304;
  data: undefined;
  notModified: true;
  headers: Headers;
  etag: string | undefined;
}

type NumericKeys<R> = Extract<keyof R, number>;

/** Success results of an operation whose hey-api `Responses` type is R, narrowed by status. */
export type Success<R, NM extends boolean = false> =
  | ([NumericKeys<R>] extends [never]
      ? SuccessResult<number, R[keyof R]>
      : { [S in NumericKeys<R>]: S extends RedirectStatus ? RedirectResult<S, R[S]> : SuccessResult<S, R[S]> }[NumericKeys<R>])
  | (NM extends true ? NotModifiedResult : never);

export interface NetworkError {
  kind: 'network';
  code?: undefined;
  message: string;
  cause: unknown;
  requestId: string;
}

export interface TimeoutError {
  kind: 'timeout';
  code?: undefined;
  message: string;
  /** 'attempt' when one attempt outlived `timeoutMs`, 'deadline' when the whole call ran out. */
  scope: 'attempt' | 'deadline';
  timeoutMs: number;
  requestId: string;
}

export interface AbortedError {
  kind: 'aborted';
  code?: undefined;
  message: string;
  reason: unknown;
  requestId: string;
}

/** The response broke the contract: undeclared status, unreadable or wrongly shaped body. */
export interface InvalidResponseError {
  kind: 'invalid-response';
  code?: undefined;
  message: string;
  status: number;
  body: unknown;
  requestId: string;
}

/** A problem body, tagged so it sits in one union with the transport errors. */
export type ProblemError<P> = P & { kind: 'problem'; requestId: string };

export type TransportError = NetworkError | TimeoutError | AbortedError;
export type SdkError<P> = ProblemError<P> | TransportError | InvalidResponseError;

interface FailureBase extends Meta {
  ok: false;
  notModified: false;
  data?: undefined;
  etag?: undefined;
}

export type ProblemFailure<P> = P extends { status: infer S }
  ? FailureBase & { status: S; error: ProblemError<P>; headers: Headers }
  : never;

export type TransportFailure =
  | (FailureBase & { status: undefined; error: TransportError; headers: undefined })
  | (FailureBase & { status: number; error: InvalidResponseError; headers: Headers });

export type Failure<P> = ProblemFailure<P> | TransportFailure;

/** What every call resolves to: narrow on `ok`, then `status`, then `error.code` or `error.kind`. */
export type Result<R, P, NM extends boolean = false> = Success<R, NM> | Failure<P>;

/** Thrown by `.orThrow` and the iterators: the failure, with its kind, status, problem and request id. */
export class ApiError<P = unknown> extends Error {
  override readonly name = 'ApiError';
  readonly kind: 'problem' | 'network' | 'timeout' | 'aborted' | 'invalid-response';
  readonly status: number | undefined;
  /** The problem body when `kind === 'problem'`. */
  readonly problem: P | undefined;
  /** The problem's code, undefined for transport failures. */
  readonly code: P extends { code: infer C } ? C | undefined : string | undefined;
  readonly requestId: string;
  readonly operationId: string;
  readonly error: SdkError<P>;
  readonly attempts: number;

  constructor(operationId: string, failure: { status: number | undefined; error: SdkError<P>; requestId: string; attempts: number }) {
    const e = failure.error as { kind: string; code?: string; message?: string; title?: string; detail?: string };
    const what = e.kind === 'problem' ? `${failure.status} ${e.code}${e.detail ?? e.title ? `: ${e.detail ?? e.title}` : ''}` : `${e.kind}: ${e.message}`;
    super(`${operationId} failed with ${what} (request id ${failure.requestId})`, { cause: (failure.error as { cause?: unknown }).cause });
    this.kind = failure.error.kind;
    this.status = failure.status;
    this.problem = failure.error.kind === 'problem' ? (failure.error as unknown as P) : undefined;
    this.code = (failure.error.kind === 'problem' ? e.code : undefined) as this['code'];
    this.requestId = failure.requestId;
    this.operationId = operationId;
    this.error = failure.error;
    this.attempts = failure.attempts;
  }
}

/** The problem body inside a value: a problem body itself, `result.error`, or an ApiError. */
export function problemOf(value: unknown): { code: string; status: number } | undefined {
  if (value instanceof ApiError) return value.problem as { code: string; status: number } | undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { code?: unknown; kind?: unknown; status?: unknown };
  if (v.kind !== undefined && v.kind !== 'problem') return undefined;
  return typeof v.code === 'string' ? (value as { code: string; status: number }) : undefined;
}

// ---------------------------------------------------------------------------------------
// Call input
// ---------------------------------------------------------------------------------------

type Relax<H, M extends PropertyKey> = Omit<H, M> & Partial<Pick<H, Extract<keyof H, M>>>;

type HeadersInput<D, M extends PropertyKey> = 'headers' extends keyof D
  ? {} extends Relax<NonNullable<D['headers' & keyof D]>, M>
    ? { headers?: Relax<NonNullable<D['headers' & keyof D]>, M> }
    : { headers: Relax<NonNullable<D['headers' & keyof D]>, M> }
  : { headers?: Record<string, string> };

/**
 * A call's input: hey-api's `path`/`query`/`body`/`headers`, where the headers the SDK
 * manages (M: idempotency key, If-Match, …) become optional, plus the call options.
 */
export type CallInput<D, M extends PropertyKey = never> = Omit<D, 'url' | 'headers'> & HeadersInput<D, M> & CallOptions;

export type InputArgs<D, M extends PropertyKey = never> = {} extends CallInput<D, M> ? [input?: CallInput<D, M>] : [input: CallInput<D, M>];

export interface Operation<D, R, P, NM extends boolean = false, M extends PropertyKey = never> {
  (...args: InputArgs<D, M>): Promise<Result<R, P, NM>>;
  /** The same call, resolving to the success and throwing an ApiError otherwise. */
  orThrow(...args: InputArgs<D, M>): Promise<Success<R, NM>>;
}

/** The item type of a page type's items field. */
export type PageItem<Page, K extends PropertyKey> = Page extends { [P in K]?: infer A } ? (NonNullable<A> extends ReadonlyArray<infer I> ? I : unknown) : unknown;

/** The first 2xx member of a Responses type: what a page is. */
export type PageOf<R> = R extends { 200: infer T } ? T : R[keyof R];

// ---------------------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------------------

const RETRY_STATUSES = new Set([408, 429, 502, 503, 504]);
const SAFE_METHODS = new Set(['get', 'head', 'put', 'delete', 'options', 'trace']);
const MANAGED_OPTIONS = ['signal', 'timeoutMs', 'deadlineMs', 'maxAttempts', 'idempotencyKey', 'ifMatch', 'ifNoneMatch', 'requestId', 'traceparent', 'followRedirects'];

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A path key may carry query pairs of its own (`/responses/{id}?beta=true`), and hey-api appends
 * the operation's query after another '?'. A '?' inside a query value is always percent-encoded,
 * so a second bare one is that join: it becomes '&', keeping both sets of pairs.
 */
function joinQuery(url: string): string {
  const first = url.indexOf('?');
  if (first < 0 || url.indexOf('?', first + 1) < 0) return url;
  return url.slice(0, first + 1) + url.slice(first + 1).replaceAll('?', '&');
}

const isRedirect = (status: number) => status >= 300 && status < 400 && status !== 304;

/** A JSON media type (`application/json`, `…+json`), parameters aside. */
const isJsonType = (type: string) => /[/+]json\b/i.test(type);

const declaredRedirects = new WeakMap<OperationSpec, number[]>();

/** The declared 3xx statuses other than 304 (a `3XX` range counts as 300), worked out once per operation. */
function redirectStatuses(spec: OperationSpec): number[] {
  let found = declaredRedirects.get(spec);
  if (!found) {
    found = Object.keys(spec.responses)
      .map((k) => (/^3XX$/i.test(k) ? 300 : /^\d{3}$/.test(k) ? Number(k) : NaN))
      .filter((n) => isRedirect(n))
      .sort((a, b) => a - b);
    declaredRedirects.set(spec, found);
  }
  return found;
}

function declaresRedirect(spec: OperationSpec): boolean {
  return redirectStatuses(spec).length > 0;
}

function matchStatus(responses: Readonly<Record<string, ResponseSpec>>, status: number): ResponseSpec | undefined {
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? (status < 400 ? responses['default'] : undefined);
}

function shapeViolation(spec: ResponseSpec, data: unknown): string | undefined {
  if (spec.shape === 'array' && !Array.isArray(data)) return 'body is not an array';
  if (spec.shape === 'object') {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'body is not an object';
    const missing = (spec.required ?? []).filter((k) => !(k in (data as object)));
    if (missing.length) return `body lacks required ${missing.map((k) => `"${k}"`).join(', ')}`;
  }
  return undefined;
}

function safely(fn: (() => void) | undefined): void {
  try {
    fn?.();
  } catch {
    // Hooks are for logging and metrics; a failing hook must never fail the call.
  }
}

type Outcome =
  | { type: 'success'; result: Record<string, unknown> }
  | { type: 'failure'; result: Record<string, unknown>; retry?: string | undefined; retryAfterMs?: number | undefined };

interface Engine {
  transport: unknown;
  options: SdkOptions;
  problems: ProblemCatalogue;
}

/** One logical call: attempts, backoff and the final result. Never throws for HTTP or transport failures. */
export async function execute(engine: Engine, spec: OperationSpec, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { options } = engine;
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const newId = options.generateId ?? (() => crypto.randomUUID());
  const call = input as CallOptions & Record<string, unknown>;
  const retry = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {});
  const maxAttempts = Math.max(1, call.maxAttempts ?? retry.maxAttempts ?? 3);
  const baseDelay = retry.baseDelayMs ?? 200;
  const maxDelay = retry.maxDelayMs ?? 10_000;
  const maxRetryAfter = retry.maxRetryAfterMs ?? 60_000;
  const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 30_000;
  const deadlineMs = call.deadlineMs ?? options.deadlineMs ?? 120_000;
  const started = clock.now();
  const deadlineAt = started + deadlineMs;

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((input['headers'] as Record<string, unknown> | undefined) ?? {})) {
    if (v !== undefined && v !== null) headers[k] = String(v);
  }
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
  // Header names are case-insensitive: an option replaces whatever spelling the caller used, never joins it.
  const set = (name: string, value: string) => {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    headers[name] = value;
  };
  const requestId = call.requestId ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === 'x-request-id') ?? ''] ?? newId();
  if (!has('x-request-id')) headers['X-Request-Id'] = requestId;
  const traceparent = call.traceparent ?? options.traceparent?.();
  if (traceparent && !has('traceparent')) headers['traceparent'] = traceparent;
  if (call.ifMatch !== undefined) set('If-Match', call.ifMatch);
  if (call.ifNoneMatch !== undefined) set('If-None-Match', call.ifNoneMatch);
  if (call.idempotencyKey !== undefined) {
    set(spec.idempotencyHeader ?? 'Idempotency-Key', call.idempotencyKey);
  } else if (spec.idempotencyHeader && !has(spec.idempotencyHeader)) {
    // One key per logical call, reused by every retry: that is what makes a retried POST safe.
    headers[spec.idempotencyHeader] = newId();
  }
  const keyed = has(spec.idempotencyHeader ?? 'idempotency-key') || has('idempotency-key');
  const retrySafe = SAFE_METHODS.has(spec.method.toLowerCase()) || keyed;

  const request: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!MANAGED_OPTIONS.includes(k) && k !== 'headers') request[k] = v;
  // Every operation's query goes through Charter's serializer (each parameter in its declared
  // style), unless the caller passes a querySerializer of its own.
  const querySpec = spec.query ?? {};
  request['querySerializer'] ??= (query: Record<string, unknown>) => serializeQuery(query, querySpec);
  // A declared 3xx is an answer, not a detour: fetch must hand it over instead of following it
  // (a `redirect` the caller passes to fetch wins).
  if (declaresRedirect(spec) && !(call.followRedirects ?? options.followRedirects ?? false)) request['redirect'] ??= 'manual';

  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(engine, spec, request, headers, requestId, attempt, call.signal, Math.min(timeoutMs, Math.max(0, deadlineAt - clock.now())), deadlineAt - clock.now() <= timeoutMs, clock);
    if (outcome.type === 'success') return { ...outcome.result, attempts: attempt };
    const result = { ...outcome.result, attempts: attempt };
    if (!outcome.retry || !retrySafe || attempt >= maxAttempts) return result;
    let delay = outcome.retryAfterMs ?? random() * Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxRetryAfter) return result;
    delay = Math.round(delay);
    if (clock.now() + delay >= deadlineAt) return result;
    safely(() => options.hooks?.onRetry?.({ operationId: spec.operationId, attempt, delayMs: delay, reason: outcome.retry!, requestId }));
    try {
      await clock.sleep(delay, call.signal);
    } catch (reason) {
      return failure(undefined, { kind: 'aborted', message: 'the call was aborted while waiting to retry', reason, requestId }, undefined, requestId, attempt);
    }
  }
}

function failure(status: number | undefined, error: Record<string, unknown>, headers: Headers | undefined, requestId: string, attempts?: number): Record<string, unknown> {
  return { ok: false, notModified: false, status, error, headers, requestId, ...(attempts === undefined ? {} : { attempts }) };
}

async function attemptOnce(
  engine: Engine,
  spec: OperationSpec,
  request: Record<string, unknown>,
  headers: Record<string, string>,
  sentRequestId: string,
  attempt: number,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  deadlineBound: boolean,
  clock: Clock,
): Promise<Outcome> {
  const { options, problems } = engine;
  const hooks = options.hooks;
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(new Error('timeout')), timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
  const baseFetch = options.fetch ?? globalThis.fetch;
  let response: Response | undefined;
  let url = spec.path;
  const began = clock.now();
  // hey-api reads every non-2xx body as an error; a 3xx body is read here instead, as bytes, and
  // hey-api gets the same response without a body. The runtime decodes it by the declared media type.
  let redirectBody: Uint8Array | undefined;
  // An event stream is not read by hey-api (it would wait for the end): the runtime reads it as it comes.
  let eventBody: ReadableStream<Uint8Array> | undefined;
  let fetched = false;
  const fetchWithHooks = async (sentReq: Request): Promise<Response> => {
    fetched = true;
    const joined = joinQuery(sentReq.url);
    const req = joined === sentReq.url ? sentReq : new Request(joined, sentReq);
    url = req.url;
    safely(() => hooks?.onRequest?.({ operationId: spec.operationId, method: req.method, url: req.url, attempt, requestId: sentRequestId, headers: req.headers }));
    response = await baseFetch(req);
    if (response.ok && response.body && /^text\/event-stream\s*(;|$)/i.test(response.headers.get('content-type') ?? '') && matchStatus(spec.responses, response.status)?.events) {
      eventBody = response.body;
      return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    if (!isRedirect(response.status)) return response;
    redirectBody = new Uint8Array(await response.arrayBuffer());
    return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const report = (status: number | undefined, outcome: string) =>
    safely(() => hooks?.onResponse?.({ operationId: spec.operationId, method: spec.method.toUpperCase(), url, attempt, requestId: sentRequestId, status, outcome, durationMs: clock.now() - began }));

  let sent: { data?: unknown; error?: unknown };
  try {
    if (callerSignal?.aborted) throw callerSignal.reason;
    sent = (await spec.send({
      ...request,
      client: engine.transport,
      headers,
      signal,
      fetch: fetchWithHooks,
      throwOnError: false,
      responseStyle: 'fields',
    })) as { data?: unknown; error?: unknown };
  } catch (err) {
    sent = { error: err };
  } finally {
    clearTimeout(timeout);
  }
  // A response that arrived but whose body never completed is still a transport failure.
  const transportFailure = sent.error instanceof Error && !(sent.error instanceof SyntaxError) ? sent.error : undefined;

  if (callerSignal?.aborted) {
    report(undefined, 'aborted');
    return { type: 'failure', result: failure(undefined, { kind: 'aborted', message: 'the call was aborted', reason: callerSignal.reason, requestId: sentRequestId }, undefined, sentRequestId) };
  }
  if (timer.signal.aborted && (transportFailure || !response)) {
    report(undefined, 'timeout');
    const scope = deadlineBound ? 'deadline' : 'attempt';
    return {
      type: 'failure',
      result: failure(undefined, { kind: 'timeout', scope, timeoutMs, message: `no response within ${timeoutMs} ms`, requestId: sentRequestId }, undefined, sentRequestId),
      retry: scope === 'attempt' ? 'timeout' : undefined,
    };
  }
  const res = response as Response | undefined;
  if (!res || transportFailure) {
    report(res?.status, 'network');
    const message = transportFailure ? `${transportFailure.message}${transportFailure.cause instanceof Error ? `: ${transportFailure.cause.message}` : ''}` : String(sent.error);
    // A request that could not even be built (a query that cannot be serialized) fails the same way on every attempt.
    return { type: 'failure', result: failure(undefined, { kind: 'network', message, cause: sent.error, requestId: sentRequestId }, undefined, sentRequestId), retry: fetched ? 'network' : undefined };
  }

  // A browser's fetch hides a manual redirect: status 0, no headers, no body.
  const opaque = res.type === 'opaqueredirect';
  const status = opaque ? (redirectStatuses(spec)[0] ?? 0) : res.status;
  const serverId = res.headers.get('x-request-id') ?? undefined;
  const invalid = (message: string, body: unknown): Outcome => {
    const requestId = serverId ?? sentRequestId;
    report(status, 'invalid-response');
    return { type: 'failure', result: failure(status, { kind: 'invalid-response', message, status, body, requestId }, res.headers, requestId) };
  };

  if (status < 400) {
    const declared = matchStatus(spec.responses, status);
    if (!declared) return invalid(`status ${status} is not declared by ${spec.operationId}`, sent.data ?? sent.error ?? redirectBody);
    if (isRedirect(status)) {
      const read = opaque ? { data: undefined } : readRedirectBody(declared, res.headers.get('content-type') ?? '', redirectBody ?? new Uint8Array());
      if ('violation' in read) return invalid(`${spec.operationId} ${status}: ${read.violation}`, read.body);
      const location = res.headers.get('location') ?? undefined;
      report(status, 'ok');
      return {
        type: 'success',
        result: {
          ok: true,
          status,
          data: read.data,
          notModified: false,
          location: location === undefined ? undefined : resolveUrl(location, res.url || url),
          opaque,
          headers: res.headers,
          etag: res.headers.get('etag') ?? undefined,
          requestId: serverId ?? sentRequestId,
        },
      };
    }
    if (eventBody) {
      report(status, 'ok');
      return {
        type: 'success',
        result: { ok: true, status, data: readEvents(eventBody, declared.events!), notModified: false, headers: res.headers, etag: res.headers.get('etag') ?? undefined, requestId: serverId ?? sentRequestId },
      };
    }
    if (sent.error !== undefined && status !== 304) return invalid(`the body could not be read: ${String((sent.error as Error)?.message ?? sent.error)}`, sent.error);
    let data: unknown = sent.data;
    if (status === 204 || status === 205 || status === 304 || !declared.json) {
      if (status === 204 || status === 205 || status === 304) data = undefined;
    } else {
      const type = res.headers.get('content-type') ?? '';
      if (!isJsonType(type)) return invalid(`expected a JSON body, got content-type "${type}"`, data);
      const violation = shapeViolation(declared, data);
      if (violation) return invalid(`${spec.operationId} ${status}: ${violation}`, data);
    }
    report(status, 'ok');
    return {
      type: 'success',
      result: { ok: true, status, data, notModified: status === 304, headers: res.headers, etag: res.headers.get('etag') ?? undefined, requestId: serverId ?? sentRequestId },
    };
  }

  const problem = problems.parse(status, sent.error);
  const requestId = serverId ?? problem.requestId ?? sentRequestId;
  report(status, 'problem');
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());
  const retry = RETRY_STATUSES.has(status) ? `status ${status}` : problems.retryable(problem.code) ? `problem ${problem.code}` : undefined;
  return { type: 'failure', result: failure(status, { ...problem, kind: 'problem', requestId }, res.headers, requestId), retry, retryAfterMs };
}

/**
 * The events of a `text/event-stream` body, as they arrive (the WHATWG parsing rules: `data` lines
 * joined by newlines, `event`, `id`, `retry`, comments skipped). JSON data is parsed; data that is
 * not JSON is a string, as a server sends a string datum. Stopping early (`break`) cancels the body.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, kind: 'json' | 'text'): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event: Omit<ServerSentEvent, 'data'> = {};
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl: RegExpExecArray | null;
      const line = /\r\n|\r|\n/g;
      let start = 0;
      while ((nl = line.exec(buffer))) {
        const text = buffer.slice(start, nl.index);
        start = nl.index + nl[0].length;
        if (text === '') {
          if (data.length) {
            const raw = data.join('\n');
            let parsed: unknown = raw;
            if (kind === 'json') {
              try {
                parsed = JSON.parse(raw);
              } catch {
                // A server sends a string datum as text (Charter's does): it stays a string.
              }
            }
            yield { ...event, data: parsed };
          }
          data = [];
          event = {};
          continue;
        }
        if (text.startsWith(':')) continue;
        const colon = text.indexOf(':');
        const field = colon === -1 ? text : text.slice(0, colon);
        const val = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(val);
        else if (field === 'event') event.event = val;
        else if (field === 'id' && !val.includes('\0')) event.id = val;
        else if (field === 'retry' && /^\d+$/.test(val)) event.retry = Number(val);
      }
      buffer = buffer.slice(start);
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A hey-api client whose `sse.*` methods are its plain request methods: the SDK sends an event-stream operation like any other and reads the events itself. */
export function sseAsRequest(client: unknown): unknown {
  return client && typeof client === 'object' ? { ...(client as object), sse: client } : client;
}

function resolveUrl(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

/** A 3xx body by its declared media type: JSON parsed and shape-checked, text, bytes, or nothing declared. */
function readRedirectBody(declared: ResponseSpec, type: string, bytes: Uint8Array): { data: unknown } | { violation: string; body: unknown } {
  if (declared.json) {
    const text = new TextDecoder().decode(bytes);
    if (!isJsonType(type)) return { violation: `expected a JSON body, got content-type "${type}"`, body: text };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { violation: 'the body is not JSON', body: text };
    }
    const violation = shapeViolation(declared, data);
    return violation ? { violation, body: data } : { data };
  }
  if (declared.body === 'text') return { data: new TextDecoder().decode(bytes) };
  if (declared.body === 'binary') return { data: new Blob([bytes as Uint8Array<ArrayBuffer>], type ? { type } : {}) };
  return { data: undefined };
}

// ---------------------------------------------------------------------------------------
// Query serialization
// ---------------------------------------------------------------------------------------

const RESERVED_KEPT = /%(3A|2F|3F|5B|5D|40|21|24|27|28|29|2A|2C|3B|3D)/gi;

function encodeValue(value: unknown, allowReserved: boolean | undefined): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const encoded = encodeURIComponent(text);
  // allowReserved keeps RFC 3986 reserved characters as they are, but for `&`, `#` and `+`, which
  // would end the pair, the query, or read as a space.
  return allowReserved ? encoded.replace(RESERVED_KEPT, (m) => decodeURIComponent(m)) : encoded;
}

const isNested = (v: unknown) => v !== null && typeof v === 'object' && !(v instanceof Date);

/**
 * Bracket notation for a nested value (`lines[0][amount]=3`, as qs, PHP and Stripe write it):
 * object members by name; arrays of primitives repeat the key (`a[tags]=x&a[tags]=y`, which is
 * what the generated server decodes for an array member), arrays holding objects or arrays are
 * indexed, which is the only way to keep each item's members together.
 */
function brackets(key: string, value: unknown, allowReserved: boolean | undefined, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const indexed = value.some(isNested);
    value.forEach((item, i) => (indexed ? brackets(`${key}[${i}]`, item, allowReserved, out) : item !== undefined && item !== null && out.push(`${key}=${encodeValue(item, allowReserved)}`)));
    return;
  }
  if (isNested(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) brackets(`${key}[${encodeURIComponent(k)}]`, v, allowReserved, out);
    return;
  }
  out.push(`${key}=${encodeValue(value, allowReserved)}`);
}

const DELIMITERS: Record<string, string> = { form: ',', spaceDelimited: '%20', pipeDelimited: '|' };

/**
 * A query string from hey-api's `query` object, each parameter in its declared style and explode
 * (OpenAPI 3.1 §4.8.12.4): form, spaceDelimited, pipeDelimited and deepObject; primitives, arrays
 * and objects. Parameters without a spec (and credentials hey-api adds) are form, exploded: an
 * object's members become parameters of their own (`key1=value1`). What OpenAPI leaves undefined,
 * values nested inside objects or arrays, is written in bracket notation.
 */
export function serializeQuery(query: Record<string, unknown>, specs: Readonly<Record<string, QueryParamSpec>>): string {
  const out: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const spec = specs[name] ?? {};
    const key = encodeURIComponent(name);
    const reserved = spec.allowReserved;
    if (spec.content !== undefined) {
      out.push(`${key}=${encodeURIComponent(isJsonType(spec.content) ? JSON.stringify(value) : String(value))}`);
      continue;
    }
    const style = spec.style ?? 'form';
    const explode = style === 'deepObject' || (spec.explode ?? style === 'form');
    if (!isNested(value)) {
      out.push(`${key}=${encodeValue(value, reserved)}`);
    } else if (Array.isArray(value)) {
      const items = value.filter((v) => v !== undefined && v !== null);
      if (items.some(isNested)) brackets(key, items, reserved, out);
      else if (explode) for (const item of items) out.push(`${key}=${encodeValue(item, reserved)}`);
      else if (items.length) out.push(`${key}=${items.map((v) => encodeValue(v, reserved)).join(DELIMITERS[style] ?? ',')}`);
    } else {
      const members = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
      if (style === 'deepObject') {
        for (const [k, v] of members) brackets(`${key}[${encodeURIComponent(k)}]`, v, reserved, out);
      } else if (explode) {
        for (const [k, v] of members) brackets(encodeURIComponent(k), v, reserved, out);
      } else if (members.length) {
        if (members.some(([, v]) => isNested(v))) throw new TypeError(`query parameter "${name}" (style ${style}, not exploded) cannot carry nested values`);
        out.push(`${key}=${members.map(([k, v]) => `${encodeValue(k, reserved)}${DELIMITERS[style] ?? ','}${encodeValue(v, reserved)}`).join(DELIMITERS[style] ?? ',')}`);
      }
    }
  }
  return out.join('&');
}

// ---------------------------------------------------------------------------------------
// Client assembly
// ---------------------------------------------------------------------------------------

async function* pages(engine: Engine, spec: OperationSpec, pagination: PaginationSpec, input: Record<string, unknown> = {}): AsyncGenerator<unknown> {
  const query = { ...((input['query'] as Record<string, unknown> | undefined) ?? {}) };
  const seen = new Set<unknown>();
  for (;;) {
    const result = (await execute(engine, spec, { ...input, query })) as { ok: boolean; data?: Record<string, unknown> } & Parameters<typeof toError>[1];
    if (!result.ok) throw toError(spec, result);
    yield result.data;
    const next = result.data?.[pagination.nextField];
    if (next === undefined || next === null || next === '') return;
    // A server that hands back a cursor it already gave would make this loop forever.
    if (seen.has(next)) throw new Error(`${spec.operationId}: the server returned cursor ${JSON.stringify(next)} twice`);
    seen.add(next);
    query[pagination.cursorParam] = next;
  }
}

function toError(spec: OperationSpec, result: { status?: number; error?: unknown; requestId?: unknown; attempts?: unknown }): ApiError {
  return new ApiError(spec.operationId, {
    status: result.status,
    error: result.error as SdkError<unknown>,
    requestId: String(result.requestId),
    attempts: Number(result.attempts),
  });
}

export interface Transport {
  (config: { baseUrl: string; auth?: unknown; headers?: Record<string, string> | undefined; fetch?: typeof fetch | undefined }): unknown;
}

/**
 * Builds the client object: one callable per operation (with `.orThrow`), and for each
 * cursor-paginated operation `<name>Pages` and `<name>All` iterators.
 */
export function buildClient(
  operations: Readonly<Record<string, OperationSpec & { pagesName?: string; allName?: string }>>,
  createTransport: Transport,
  problems: ProblemCatalogue,
  options: SdkOptions,
): Record<string, unknown> {
  const auth = options.auth;
  const transport = createTransport({
    baseUrl: options.baseUrl,
    auth: typeof auth === 'function' ? () => auth() : auth,
    headers: options.headers,
    fetch: options.fetch,
  });
  const engine: Engine = { transport, options, problems };
  const client: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(operations)) {
    const call = (input?: Record<string, unknown>) => execute(engine, spec, input);
    call.orThrow = async (input?: Record<string, unknown>) => {
      const result = await execute(engine, spec, input);
      if (!result['ok']) throw toError(spec, result);
      return result;
    };
    client[name] = call;
    if (spec.pagination && spec.pagesName && spec.allName) {
      const pagination = spec.pagination;
      client[spec.pagesName] = (input?: Record<string, unknown>) => pages(engine, spec, pagination, input);
      client[spec.allName] = async function* (input?: Record<string, unknown>) {
        for await (const page of pages(engine, spec, pagination, input)) {
          const items = (page as Record<string, unknown> | undefined)?.[pagination.itemsField];
          if (Array.isArray(items)) yield* items;
        }
      };
    }
  }
  return client;
}
