/**
 * Runtime of the generated Express server bindings. `charter generate` copies this file
 * verbatim to generated/server/runtime.ts; the generated index.ts feeds it the operation
 * table and the typed handlers. It owns everything between the socket and a handler:
 * body parsing, request validation (express-openapi-validator), the mapping of every
 * failure to an RFC 9457 problem with a catalogue code, and rendering the handler's
 * returned result (checked against the contract by compiled response validators).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import {
  CompiledRouter,
  RequestDecodeError,
  bodyValidatorFor,
  decodeParameters,
  issuesOf,
  type OperationPlan,
  type ValidationIssue,
} from './request-runtime.ts';
import { RefusalShapes } from './refusal-runtime.ts';
import { BodyReader, isJsonRequest, readBodyOf, type BodyReadPlan } from './body-runtime.ts';
import { firstEvent, isAsyncIterable, isEventStream, isRawResponse, negotiator, sendEventStream, sendRaw, successMedia, type ServerSentEvent } from './response-runtime.ts';
import { withJsonSchemaKeywords } from './schema30-runtime.ts';
import { formats } from './formats-runtime.ts';
import { createSecurityGate, queryWithoutCredentials, securityWarnings, type SecuritySchemeObject, type SecurityVerifiers } from './security-runtime.ts';

export interface OperationSpec {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  /** Express path relative to the base path, e.g. `/users/:userId`. */
  path: string;
  /** Declared header parameters, lower-cased. */
  headers: string[];
  /** Required parameters whose absence is answered with a specific catalogue code (`x-missing-error`). */
  missing: Array<{ in: 'header' | 'query'; name: string; code: string }>;
  /** Media type used to render each declared status (`undefined`: no body). */
  responses: Record<string, string | undefined>;
  /** Every media type of a status that declares several, its `responses` entry first: the handler picks one with `contentType`. */
  media?: Record<string, string[]>;
  /** Effective security requirements (the operation's, else the document's); absent or `[]` means none declared. */
  security?: Array<Record<string, string[]>>;
  /** The operation's `x-rate-limit` resolved against the document's `x-rate-limits` policy map. */
  rateLimit?: { group: string; limit: number; windowSeconds: number };
  /** Whether the operation takes an `Idempotency-Key` header (`x-idempotency`, else the header's `required`). */
  idempotency?: 'required' | 'optional';
}

export interface HandlerInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body: unknown;
  /** The declared media type the body was read as, when the operation declares several (the handler's input is a union by it). */
  contentType?: string;
  /** The success media type the request's Accept prefers, when the operation's success responses declare several. */
  accept?: string;
  /**
   * For an operation that can answer with `text/event-stream`: aborted when the client goes away
   * before the response is complete. An event source that waits (on a queue, a timer) between events
   * waits on this too, since an async generator's `return()` takes effect only at its next `yield`.
   */
  signal?: AbortSignal;
}

/** How requests are decoded and validated before the handler sees them. */
export type RequestValidation = 'compiled' | 'express-openapi-validator';

export interface CatalogueInfo {
  code: string;
  status: number;
  type: string;
  title: string;
}

export interface HandlerResult {
  status: number;
  headers?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Which of the media types declared for the status the body is (default: the status's first, `OperationSpec.responses`). */
  contentType?: string;
}

export interface RuntimeOptions<Ctx> {
  context(req: Request, res: Response): Ctx | Promise<Ctx>;
  requestId?(req: Request): string | undefined;
  validateResponses?: boolean;
  onResponseValidationError?(info: { operationId: string; status: number; message: string }, req: Request): void;
  mapError?(err: unknown, operationId: string): HandlerResult | undefined;
  onError?(err: unknown, req: Request): void;
  bodyLimitBytes?: number;
  /**
   * `compiled` (the default): routing, parameter decoding and validation compiled from the contract
   * at generate time (validators.ts). `express-openapi-validator`: the reference implementation the
   * compiled code is held to, validating against the document at run time.
   */
  requestValidation?: RequestValidation;
  /**
   * One verifier per security scheme of the contract (security.ts). Every operation's effective
   * `security` is enforced after `admit`: a scheme without a verifier is never met (401).
   */
  security?: SecurityVerifiers;
  /**
   * The body of the router's own refusals when the contract has no error catalogue: `declared`
   * (the default) in the shape the operation declares for the status (refusals.ts); `problem`
   * always the RFC 9457 default.
   */
  refusals?: 'declared' | 'problem';
  /** The largest file of a multipart/form-data body (default 10 MiB; `bodyLimitBytes` bounds every other body and field). */
  fileSizeLimitBytes?: number;
  /** The most files in one multipart/form-data body (default 20). */
  maxFiles?: number;
  /** The realm named in WWW-Authenticate challenges (default `api`). */
  securityRealm?: string;
  /** Milliseconds of quiet on a `text/event-stream` response after which a heartbeat comment is written (default 15000; 0: never). */
  sseHeartbeatMs?: number;
  /** Start-up warnings (schemes without a verifier, unsupported schemes); default console.warn. */
  onWarning?(message: string): void;
  /**
   * Runs first for a matched operation, before body parsing and validation (authentication,
   * rate limiting). A returned result is sent and the handler is not called.
   */
  admit?(op: OperationSpec, req: Request, res: Response): HandlerResult | undefined | Promise<HandlerResult | undefined>;
  /** Wraps the handler call, e.g. to run it in one transaction under an idempotency key. `next` takes the context to use. */
  around?(op: OperationSpec, call: { input: HandlerInput; ctx: Ctx; req: Request; res: Response }, next: (ctx: Ctx) => Promise<HandlerResult>): Promise<HandlerResult>;
}

type AnyHandler = (input: unknown, ctx: unknown) => HandlerResult | Promise<HandlerResult>;

const DEFAULT_BODY_LIMIT = 100 * 1024;
const PARAM_CODE = {
  badRequest: 'VALIDATION_FAILED',
  notFound: 'ROUTE_NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  notAcceptable: 'NOT_ACCEPTABLE',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  internal: 'INTERNAL',
} as const;

// The catalogue's problem schema bounds these members (maxLength 2048 and 4096); a request path
// can be far longer (Node accepts ~16 KiB of request line), so an echo of it must be cut to fit,
// or a long URL turns its own 400/404 into a response that breaks the contract.
const MAX_INSTANCE = 2048;
const MAX_DETAIL = 4096;

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The problem's `instance`: the request path, without the query, within the schema's bound. */
export function problemInstance(req: Request): string {
  return bounded(req.originalUrl.split('?')[0] ?? '', MAX_INSTANCE);
}

/** Problems for failures no handler saw; falls back to generic bodies when the contract has no catalogue. */
export class ProblemFactory {
  readonly #catalogue: Record<string, CatalogueInfo>;

  constructor(catalogue: Record<string, CatalogueInfo>) {
    this.#catalogue = catalogue;
  }

  make(code: string, fallbackStatus: number, members: Record<string, unknown> = {}, detail?: string): HandlerResult {
    const entry = this.#catalogue[code];
    const status = entry?.status ?? fallbackStatus;
    const body: Record<string, unknown> = {
      type: entry?.type ?? 'about:blank',
      title: entry?.title ?? (HTTP_TITLES[status] ?? 'Error'),
      status,
      code,
      ...members,
    };
    if (detail) body['detail'] = bounded(detail, MAX_DETAIL);
    return { status, body };
  }
}

const HTTP_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

interface ValidatorError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  path?: string;
  errors?: Array<{ path?: string; message?: string; errorCode?: string }>;
  headers?: Record<string, string>;
  limit?: number;
  /** A refusal's own detail (bodies.ts: which part exceeded its limit). */
  detail?: string;
  /** For a 415 of a multipart part: the media types that part may have. */
  supported?: string[];
}

type SpecPaths = Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;

/**
 * Response bodies checked against the contract's schemas with Ajv validators compiled once per
 * (operation, status, media type), on first use. express-openapi-validator can validate responses
 * too, but it wraps `res.json` and runs its own matching and validation machinery on every call,
 * which cost more than the rest of a getUser request (docs/performance.md).
 */
class ResponseValidators {
  readonly #ajv: Ajv2020;
  readonly #paths: SpecPaths;
  readonly #doc: object;
  readonly #compiled = new Map<string, ValidateFunction | null>();

  readonly #templates: Record<string, { template: string }>;

  constructor(apiSpec: object, templates: Record<string, { template: string }> = {}) {
    this.#templates = templates;
    // The formats the compiled request validators check (formats.ts): a response is held to the same ones as a request.
    // Any other format (`unixtime`) is an annotation, as JSON Schema 2020-12 makes it, and not logged each time a schema compiles.
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, logger: false, formats: formats as never });
    // The whole document is one schema resource, so the `#/components/...` references inside it resolve.
    // OpenAPI 3.0's nullable and boolean exclusive bounds, which Ajv 2020 refuses, rewritten first (schema30.ts).
    this.#ajv.addSchema(withJsonSchemaKeywords(apiSpec), 'openapi');
    this.#doc = apiSpec;
    this.#paths = (apiSpec as { paths?: SpecPaths }).paths ?? {};
  }

  /** Why `body` breaks the contract for this response, or undefined when it conforms. */
  check(op: OperationSpec, status: number, media: string, body: unknown): string | undefined {
    const key = `${op.operationId} ${status} ${media}`;
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = this.#compile(op, status, media);
      this.#compiled.set(key, validate);
    }
    if (validate === null) return `${op.operationId} declares no ${media} body for status ${status}`;
    if (validate(body)) return undefined;
    return (validate.errors ?? []).map((e) => `response${e.instancePath} ${e.message ?? 'is invalid'}`).join('; ') || 'response does not match the contract';
  }

  #compile(op: OperationSpec, status: number, media: string): ValidateFunction | null {
    const specPath = this.#templates[op.operationId]?.template ?? Object.keys(this.#paths).find((p) => p.replace(/\{([^}]+)\}/g, ':$1') === op.path);
    const responses = specPath === undefined ? undefined : this.#paths[specPath]?.[op.method]?.responses;
    const code = [String(status), `${String(status)[0]}XX`, 'default'].find((c) => responses?.[c] !== undefined);
    if (specPath === undefined || code === undefined) return null;
    // A response may be a `$ref` (to `#/components/responses/...`): validate against where it points.
    let pointer = ['', 'paths', specPath, op.method, 'responses', code].map(escapeToken).join('/');
    let response: unknown = responses?.[code];
    for (let hops = 0; hops < 16 && isRef(response); hops++) {
      pointer = response.$ref.slice(1);
      response = resolvePointer(this.#doc, pointer);
    }
    const content = (response as { content?: Record<string, { schema?: unknown; itemSchema?: unknown }> } | undefined)?.content;
    if (!content || content[media] === undefined) return null;
    // An event stream is checked event by event: against OpenAPI 3.2's itemSchema, else the schema of one event.
    const key = isEventStream(media) && content[media]?.itemSchema !== undefined ? 'itemSchema' : 'schema';
    // A media type without a schema declares a body of any shape.
    if (content[media]?.[key] === undefined) return ANY_BODY;
    return this.#ajv.compile({ $ref: `openapi#${pointer}/content/${escapeToken(media)}/${key}` });
  }
}

const ANY_BODY = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;

function escapeToken(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRef(value: unknown): value is { $ref: string } {
  return !!value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string' && (value as { $ref: string }).$ref.startsWith('#');
}

/** The value at a JSON pointer (`/components/responses/NotFound`) in a document. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  let v: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

function requestLocation(path: string | undefined): string {
  // express-openapi-validator paths look like `/body/email`, `.query.limit` or `/headers/if-match`.
  return (path ?? '').replace(/^[./]/, '').replace(/[.]/g, '/').replace(/^headers\//, 'header/') || 'request';
}

/** How the router configures express-openapi-validator (all but the document). */
export const REQUEST_VALIDATOR_OPTIONS = {
  // No coercion: a JSON body with `"displayName": 42` must be rejected, not turned into "42".
  // (Path, query and header parameters are strings on the wire and are parsed by their schemas regardless.)
  validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
  // Responses are checked in send() by compiled validators, at a fraction of the cost.
  validateResponses: false,
  validateSecurity: false,
  validateFormats: true,
  ajvFormats: { mode: 'full' },
  ignoreUndocumented: false,
  $refParser: { mode: 'dereference' },
} as const;

/** A request matched to an operation once, at the first step, and read by the later ones. */
export interface OperationMatch {
  op: OperationSpec;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** Path parameters as they came (still percent-encoded), for the style decoders. */
  rawParams: Record<string, string>;
  /** Query pairs the matched path key carries (`/responses/{id}?beta=true`): the route's, not parameters. */
  fixed?: Array<[string, string]>;
}

const MATCH = 'charterOperation';
const DECODED = 'charterInput';
const ACCEPTED = 'charterAccepted';
const BODY_CONTEXT = { body: true };

function hasRequestBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** An Express 5 path as `charter generate` writes them (`:name`, a backslash before a literal special character) back as an OpenAPI template. */
export function templateOfExpressPath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; ) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) {
      out += path[i + 1]!;
      i += 2;
      continue;
    }
    const param = c === ':' ? /^[A-Za-z0-9_]+/.exec(path.slice(i + 1)) : null;
    if (param) {
      out += `{${param[0]}}`;
      i += 1 + param[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The contract's operations compiled once into a segment tree (request.ts `CompiledRouter`): the
 * cost of finding an operation does not grow with their number. Exact case, no trailing slash,
 * literal segments before templated ones, one segment per parameter; a HEAD request uses the GET
 * operation unless the contract declares a HEAD one.
 */
export class OperationTable {
  readonly #router = new CompiledRouter<OperationSpec>();

  /** `templates`: each operation's OpenAPI path template, by operationId (else derived from its Express path). */
  constructor(operations: readonly OperationSpec[], templates: Record<string, { template: string }> = {}) {
    for (const op of operations) this.#router.add(op.method, templates[op.operationId]?.template ?? templateOfExpressPath(op.path), op);
  }

  /** The operation for this method and path (relative to the base path), or undefined; throws a 400 error for a malformed escape. */
  match(method: string, path: string): OperationMatch | undefined {
    const found = this.find(method, path);
    return found.kind === 'found' ? found.match : undefined;
  }

  /** The match, or the methods the path allows (405), or nothing (404). `search`: the query, for path keys that carry query pairs. */
  find(method: string, path: string, search?: string): { kind: 'found'; match: OperationMatch } | { kind: 'method'; allowed: string[] } | { kind: 'none' } {
    const found = this.#router.find(method, path, search);
    if (found.kind !== 'found') return found;
    const rawParams = found.match.params;
    const params: Record<string, string> = {};
    for (const name in rawParams) {
      const raw = rawParams[name]!;
      if (raw.indexOf('%') === -1) {
        params[name] = raw;
        continue;
      }
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        // As Express's router answers a malformed escape in a path parameter: 400.
        throw Object.assign(new URIError(`Failed to decode param '${raw}'`), { status: 400 });
      }
    }
    return { kind: 'found', match: { op: found.match.value, params, rawParams, ...(found.match.fixed ? { fixed: found.match.fixed } : {}) } };
  }
}

function matchOf(res: Response): OperationMatch | undefined {
  return res.locals[MATCH] as OperationMatch | undefined;
}

/**
 * The operation the router matched this request to, also when it refused the request before the
 * handler (validation, 413, 415): for telemetry labels. Undefined for what no operation matches.
 */
export function matchedOperationId(res: Response): string | undefined {
  return matchOf(res)?.op.operationId;
}

// express-openapi-validator finds a request's operation by compiling every route's path with
// path-to-regexp, on every request, until one matches (openapi.metadata.js `lookupRoute`). The
// compiled result depends only on the route and the options, and the validator only reads it
// (a non-global RegExp's `exec` keeps no state), so compiling each once is the same answer.
// Installed on the module instance the validator itself loads; if that resolves elsewhere, it is
// simply not used.
let pathToRegexpMemoised = false;
function memoisePathToRegexp(): void {
  if (pathToRegexpMemoised) return;
  pathToRegexpMemoised = true;
  let mod: { pathToRegexp?: (path: string, options?: Record<string, unknown>) => unknown };
  try {
    mod = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))('path-to-regexp');
  } catch {
    return;
  }
  const original = mod.pathToRegexp;
  if (typeof original !== 'function') return;
  const cache = new Map<string, unknown>();
  mod.pathToRegexp = (path: string, options?: Record<string, unknown>) => {
    if (typeof path !== 'string') return original(path, options);
    const key = `${options?.['sensitive'] === true ? 's' : '-'}${options?.['strict'] === true ? 's' : '-'}${options?.['end'] === false ? 'o' : '-'}${options?.['trailing'] === false ? 't' : '-'}${options?.['delimiter'] ?? ''}\u0000${path}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = original(path, options);
      if (cache.size < 1024) cache.set(key, compiled);
    }
    return compiled;
  };
}

// What Express's res.json/res.send would set for a JSON string body; cached per media type.
const contentTypes = new Map<string, string>();
function jsonContentType(media: string): string {
  let value = contentTypes.get(media);
  if (value === undefined) {
    value = /;\s*charset=/i.test(media) ? media : `${media}; charset=utf-8`;
    contentTypes.set(media, value);
  }
  return value;
}

export function createRuntimeRouter<Ctx>(args: {
  apiSpec: object;
  basePath: string;
  operations: OperationSpec[];
  handlers: Record<string, AnyHandler>;
  catalogue: Record<string, CatalogueInfo>;
  options: RuntimeOptions<Ctx>;
  /** Per operation: parameter decoding and the validators compiled at generate time (validators.ts). */
  requestPlans?: Record<string, OperationPlan & { template: string; reads?: Record<string, BodyReadPlan> }>;
}): Router {
  const { apiSpec, basePath, operations, handlers, catalogue, options, requestPlans } = args;
  const problems = new ProblemFactory(catalogue);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const validateResponses = options.validateResponses ?? true;
  const mode: RequestValidation = options.requestValidation ?? (requestPlans ? 'compiled' : 'express-openapi-validator');
  if (mode === 'compiled' && !requestPlans) throw new Error('requestValidation "compiled" needs the compiled request plans (validators.ts); regenerate with charter generate');
  const compiled = mode === 'compiled' ? requestPlans : undefined;
  // Paths match the contract exactly: `/v1/USERS` or `/v1/users/` is not `listUsers` but an unknown route.
  const outer = express.Router({ caseSensitive: true, strict: true });
  // The steps every request under the base path goes through, in order, run as one Express layer
  // (see `pipeline`): Express's dispatch per layer costs more than most of the steps themselves.
  const steps: Step[] = [];
  const table = new OperationTable(operations, requestPlans);
  if (compiled) {
    for (const op of operations) if (!compiled[op.operationId]) throw new Error(`no compiled request plan for operation ${op.operationId}; regenerate with charter generate`);
  }
  const responseValidators = validateResponses ? new ResponseValidators(apiSpec, requestPlans) : undefined;
  for (const op of operations) {
    if (typeof handlers[op.operationId] !== 'function') throw new Error(`no handler for operation ${op.operationId}`);
  }

  // Without a catalogue, the router's own refusals take the shape the operation declares for their status (refusals.ts).
  const shapes = Object.keys(catalogue).length === 0 && options.refusals !== 'problem' ? new RefusalShapes(apiSpec, requestPlans, operations) : undefined;

  const send = (req: Request, res: Response, result: HandlerResult, op?: OperationSpec): void => {
    if (shapes && !op && result.status >= 400) {
      const target = matchOf(res)?.op;
      const shaped = shapes.shape(target, result, responseValidators && ((media, body) => responseValidators.check(target ?? shapes.representative(result.status)!, result.status, media, body) === undefined));
      if (shaped) {
        res.locals['problemCode'] = (result.body as { code?: unknown } | undefined)?.code;
        res.statusCode = shaped.status;
        for (const name in shaped.headers ?? {}) {
          const value = shaped.headers![name];
          if (value !== undefined) res.setHeader(name, String(value));
        }
        const json = JSON.stringify(shaped.body);
        res.setHeader('Content-Type', jsonContentType(shaped.media));
        res.setHeader('Content-Length', Buffer.byteLength(json));
        res.end(req.method === 'HEAD' ? undefined : json);
        return;
      }
    }
    const isProblem = result.status >= 400 && result.body !== null && typeof result.body === 'object' && 'code' in (result.body as object);
    let body = result.body;
    if (isProblem) {
      const b = { ...(result.body as Record<string, unknown>) };
      b['instance'] ??= problemInstance(req);
      const requestId = options.requestId?.(req);
      if (requestId) b['requestId'] ??= requestId;
      body = b;
      res.locals['problemCode'] = b['code'];
    }
    const hasBody = body !== undefined && result.status !== 204 && result.status !== 304;
    const status = String(result.status);
    const several = op?.media?.[status];
    let media = op?.responses[status] ?? (isProblem ? 'application/problem+json' : 'application/json');
    // The broken response is never sent: the violation goes to the logs, the client gets a 500.
    const refuse = (message: string): void => {
      options.onResponseValidationError?.({ operationId: op!.operationId, status: result.status, message }, req);
      send(req, res, problems.make(PARAM_CODE.internal, 500));
    };
    if (op && result.contentType !== undefined && result.contentType !== media) {
      if (several?.includes(result.contentType) || !responseValidators) media = result.contentType;
      else return refuse(`${op.operationId} declares no ${result.contentType} body for status ${status}`);
    }
    // The representation was chosen by Accept among several: caches must key on it.
    if (several) res.vary('Accept');
    const stream = hasBody && isEventStream(media);
    if (stream && !isAsyncIterable(body)) return refuse(`a ${media} body must be an async iterable of events`);
    const raw = hasBody && !stream && isRawResponse(media, body);
    // Bytes and streams are not checked against a schema; text is, and each event of an event stream.
    if (responseValidators && op && hasBody && !stream && !(raw && typeof body !== 'string')) {
      const violation = responseValidators.check(op, result.status, media, body);
      if (violation !== undefined) return refuse(violation);
    }
    if (stream) return sendEvents(req, res, result, op!, media, body as AsyncIterable<unknown>);
    res.statusCode = result.status;
    if (result.headers) {
      for (const name in result.headers) {
        const value = result.headers[name];
        if (value !== undefined) res.setHeader(name, String(value));
      }
    }
    if (!hasBody) {
      res.end();
      return;
    }
    // Rendered here rather than by res.json: one string, so Node writes the head and the body in
    // one go, and no content-type parsing per response. What Express's res.send adds is kept: a
    // conditional GET/HEAD whose ETag still matches gets 304 without a body.
    if ((req.method === 'GET' || req.method === 'HEAD') && result.status >= 200 && result.status < 300 && res.hasHeader('ETag') && req.fresh) {
      res.statusCode = 304;
      res.end();
      return;
    }
    if (raw) {
      sendRaw(req, res, media, body);
      return;
    }
    const json = JSON.stringify(body);
    res.setHeader('Content-Type', jsonContentType(media));
    res.setHeader('Content-Length', Buffer.byteLength(json));
    if (req.method === 'HEAD') res.end();
    else res.end(json);
  };

  const heartbeatMs = options.sseHeartbeatMs ?? 15_000;
  /** An event stream: the first event is awaited (and checked) before the head, so a stream that fails at once still gets a 500. */
  const sendEvents = (req: Request, res: Response, result: HandlerResult, op: OperationSpec, media: string, body: AsyncIterable<unknown>): void => {
    const iterator = body[Symbol.asyncIterator]();
    const check = responseValidators && ((e: ServerSentEvent) => responseValidators.check(op, result.status, media, e.data));
    const report = (message: string) => options.onResponseValidationError?.({ operationId: op.operationId, status: result.status, message }, req);
    void firstEvent(iterator, check).then((first) => {
      if (first.kind === 'error' || first.kind === 'invalid') {
        if (first.kind === 'error') options.onError?.(first.error, req);
        else report(first.message);
        if (!res.headersSent) send(req, res, problems.make(PARAM_CODE.internal, 500));
        return;
      }
      res.statusCode = result.status;
      for (const name in result.headers ?? {}) {
        const value = result.headers![name];
        if (value !== undefined) res.setHeader(name, String(value));
      }
      sendEventStream(req, res, iterator, first.kind === 'event' ? first.value : undefined, {
        heartbeatMs,
        ...(check ? { check } : {}),
        onAbort: (why) => (why.kind === 'invalid' ? report(why.message) : options.onError?.(why.error, req)),
      });
    });
  };

  // 1. Which operation (once, for every later step), then admission: authentication, rate limits.
  steps.push((req: Request, res: Response, next: NextFunction) => {
    let match: OperationMatch | undefined;
    try {
      const q = req.url.indexOf('?');
      const found = table.find(req.method, req.path, q === -1 ? undefined : req.url.slice(q + 1));
      if (found.kind === 'found') match = found.match;
      else if (compiled) {
        // Nothing later can match it: answered here, before the body is read.
        send(req, res, found.kind === 'method' ? methodNotAllowed(req, found.allowed) : notFound(req));
        return;
      }
    } catch (err) {
      next(err);
      return;
    }
    if (!match) {
      next();
      return;
    }
    res.locals[MATCH] = match;
    if (!options.admit) {
      next();
      return;
    }
    const { op } = match;
    const refuse = (err: unknown) => {
      res.locals['operationId'] = op.operationId;
      next(err);
    };
    const decide = (refused: HandlerResult | undefined) => {
      if (refused) send(req, res, refused, op);
      else next();
    };
    try {
      const admitted = options.admit(op, req, res);
      if (admitted instanceof Promise) admitted.then(decide).catch(refuse);
      else decide(admitted);
    } catch (err) {
      refuse(err);
    }
  });

  // 1b. The contract's security requirements, each scheme answered by the app's verifier for it.
  const securedOps = operations.filter((op) => op.security?.length);
  if (securedOps.length) {
    const schemes = ((apiSpec as { components?: { securitySchemes?: Record<string, SecuritySchemeObject> } }).components?.securitySchemes ?? {});
    for (const w of securityWarnings(securedOps, { schemes, verifiers: options.security })) (options.onWarning ?? ((m: string) => console.warn(`createRouter: ${m}`)))(w);
    const gate = createSecurityGate({
      schemes,
      verifiers: options.security,
      ...(options.securityRealm === undefined ? {} : { realm: options.securityRealm }),
      declaredQuery: (id) => (requestPlans?.[id]?.params ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    });
    steps.push((req: Request, res: Response, next: NextFunction) => {
      const op = matchOf(res)?.op;
      if (!op?.security?.length) {
        next();
        return;
      }
      gate(op, req, res).then((refusal) => {
        if (!refusal) {
          next();
          return;
        }
        const result = problems.make(refusal.code, refusal.status, refusal.requiredScopes ? { requiredScopes: refusal.requiredScopes } : {}, refusal.detail);
        result.headers = { ...result.headers, 'WWW-Authenticate': refusal.challenges.join(', ') };
        send(req, res, result);
      }, next);
    });
  }

  // 1c. Content negotiation: an Accept that none of the success media types satisfies is answered
  // 406 before the body is read or the handler runs; with several, the handler is told the preferred one.
  const produces = new Map<string, { available: string[]; negotiate: ReturnType<typeof negotiator> }>();
  for (const op of operations) {
    const available = successMedia(op);
    if (available.length) produces.set(op.operationId, { available, negotiate: negotiator(available) });
  }
  const streaming = new Set([...produces].filter(([, p]) => p.available.some(isEventStream)).map(([id]) => id));
  if (produces.size) {
    steps.push((req: Request, res: Response, next: NextFunction) => {
      const op = matchOf(res)?.op;
      const media = op && produces.get(op.operationId);
      if (!media) {
        next();
        return;
      }
      const { available } = media;
      const accept = req.headers.accept;
      const chosen = media.negotiate(accept);
      if (chosen === undefined) {
        const supported = available.slice(0, 10);
        send(req, res, problems.make(PARAM_CODE.notAcceptable, 406, { supported }, `Accept: ${accept} admits none of ${supported.join(', ')}.`));
        return;
      }
      if (available.length > 1) res.locals[ACCEPTED] = chosen;
      next();
    });
  }

  steps.push(express.json({ limit, type: ['application/json', 'application/*+json'], strict: false }));

  // 1d. Bodies of the other declared media types: forms, multipart, text, binary (bodies.ts).
  if (compiled && operations.some((op) => compiled[op.operationId]?.bodies)) {
    const reader = new BodyReader();
    const bodyLimits = { bodyLimitBytes: limit, ...(options.fileSizeLimitBytes === undefined ? {} : { fileSizeLimitBytes: options.fileSizeLimitBytes }), ...(options.maxFiles === undefined ? {} : { maxFiles: options.maxFiles }) };
    steps.push((req: Request, res: Response, next: NextFunction) => {
      const match = matchOf(res);
      const plan = match && compiled[match.op.operationId];
      const contentType = req.headers['content-type'] ?? '';
      if (!match || !plan?.bodies || !hasRequestBody(req) || (req as Request & { _body?: boolean })._body || isJsonRequest(contentType)) {
        next();
        return;
      }
      const found = bodyValidatorFor(plan.bodies, contentType);
      if (!found) {
        next();
        return;
      }
      reader.read(req, res, plan.reads?.[found.media], bodyLimits).then(() => next(), next);
    });
  }

  // 2. Parameters the contract says answer with a specific code when missing (e.g. If-Match → 428).
  if (operations.some((op) => op.missing.length > 0)) {
    steps.push((req: Request, res: Response, next: NextFunction) => {
      const op = matchOf(res)?.op;
      if (op) {
        for (const m of op.missing) {
          const present = m.in === 'header' ? req.headers[m.name] !== undefined : (req.query as Record<string, unknown>)[m.name] !== undefined;
          if (!present) {
            const info = catalogue[m.code];
            send(req, res, problems.make(m.code, info?.status ?? 400, info ? { header: headerDisplayName(m.name) } : {}, `The ${m.in} ${headerDisplayName(m.name)} is required.`), op);
            return;
          }
        }
      }
      next();
    });
  }

  // 3. Request decoding and validation against the contract.
  if (compiled) {
    steps.push((req: Request, res: Response, next: NextFunction) => {
      const match = matchOf(res);
      if (!match) {
        next();
        return;
      }
      const plan = compiled[match.op.operationId]!;
      let refusal: HandlerResult | undefined;
      try {
        refusal = validateCompiled(plan, match, req, res);
      } catch (err) {
        if (err instanceof RequestDecodeError) refusal = invalid(err.issues);
        else throw err;
      }
      // A refusal is the router's own, as when express-openapi-validator refuses: not held to the operation's responses.
      if (refusal) send(req, res, refusal);
      else next();
    });
  } else {
    // The reference implementation (it also answers 404/405 for what no operation matches).
    memoisePathToRegexp();
    steps.push(...(OpenApiValidator.middleware({ apiSpec: apiSpec as never, ...REQUEST_VALIDATOR_OPTIONS }) as Step[]));
  }

  // 4. The handler.
  steps.push((req: Request, res: Response, next: NextFunction) => {
    const match = matchOf(res);
    if (!match) {
      next();
      return;
    }
    const { op } = match;
    res.locals['operationId'] = op.operationId;
    const handler = handlers[op.operationId]!;
    let input: HandlerInput;
    const decoded = res.locals[DECODED] as HandlerInput | undefined;
    if (decoded) {
      input = decoded;
    } else {
      // As express-openapi-validator left them: it coerces path, query and header values in place.
      const headers: Record<string, unknown> = {};
      for (const h of op.headers) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
      const validated = (req as Request & { openapi?: { pathParams?: Record<string, unknown> } }).openapi?.pathParams;
      const path = validated && Object.keys(validated).length ? { ...validated } : match.params;
      input = { path, query: { ...(req.query as object) }, headers, body: req.body };
      const bodies = requestPlans?.[op.operationId]?.bodies;
      if (bodies && Object.keys(bodies).length > 1 && hasRequestBody(req)) {
        const media = bodyValidatorFor(bodies, req.headers['content-type'] ?? '')?.media;
        if (media !== undefined) input.contentType = media;
      }
    }
    const accepted = res.locals[ACCEPTED] as string | undefined;
    if (accepted !== undefined) input.accept = accepted;
    if (streaming.has(op.operationId)) {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      input.signal = controller.signal;
    }
    const run = async (): Promise<HandlerResult> => {
      const ctx = await options.context(req, res);
      return options.around ? options.around(op, { input, ctx, req, res }, async (c) => handler(input, c)) : handler(input, ctx);
    };
    run()
      .then((result) => send(req, res, result, op))
      .catch((err: unknown) => next(err));
  });

  // A path under the base path that no operation matched.
  steps.push((req: Request, res: Response) => {
    send(req, res, notFound(req));
  });

  const notFound = (req: Request): HandlerResult =>
    problems.make(PARAM_CODE.notFound, 404, {}, `No operation matches ${req.method} ${req.originalUrl.split('?')[0]}.`);

  const methodNotAllowed = (req: Request, allowed: string[]): HandlerResult => {
    const result = problems.make(PARAM_CODE.methodNotAllowed, 405, { allowed }, `${req.method} is not allowed here.`);
    result.headers = { Allow: allowed.join(', ') };
    return result;
  };

  const invalid = (issues: ValidationIssue[]): HandlerResult =>
    problems.make(PARAM_CODE.badRequest, 400, { errors: issues.length ? issues : [{ location: 'request', message: 'invalid' }] }, 'The request does not match the contract.');

  /** Decode the parameters, check them and the body; the handler's input is left in res.locals, or a refusal returned. */
  const validateCompiled = (plan: OperationPlan, match: OperationMatch, req: Request, res: Response): HandlerResult | undefined => {
    const q = req.url.indexOf('?');
    const decoded = decodeParameters(plan.params, match.rawParams, queryWithoutCredentials(res) ?? (q === -1 ? '' : req.url.slice(q + 1)), req.headers, match.fixed);
    if (plan.validateParams) {
      const data = { path: decoded.path, query: decoded.query, header: decoded.headers, cookie: decoded.cookies };
      if (!plan.validateParams(data)) return invalid(issuesOf(plan.validateParams.errors, ''));
    }
    let body: unknown = undefined;
    let contentType: string | undefined;
    if (plan.bodies) {
      const hasBody = hasRequestBody(req);
      if (hasBody) {
        const found = bodyValidatorFor(plan.bodies, req.headers['content-type'] ?? '');
        if (!found) {
          const supported = Object.keys(plan.bodies).sort().slice(0, 10);
          return problems.make(PARAM_CODE.unsupportedMediaType, 415, { supported }, `unsupported media type ${req.headers['content-type'] ?? '(none)'}`);
        }
        const read = readBodyOf(res);
        body = read ? read.value : req.body;
        if (Object.keys(plan.bodies).length > 1) contentType = found.media;
        // `this` tells the compiled code it checks a body (readOnly members are refused there only); raw bytes are not checked against a schema.
        if (found.validate && read?.kind !== 'binary' && !found.validate.call(BODY_CONTEXT, body)) return invalid(issuesOf(found.validate.errors, 'body'));
      } else if (plan.bodyRequired) {
        return invalid([{ location: 'body', message: 'request body is required' }]);
      }
    }
    const input: HandlerInput = { path: decoded.path, query: decoded.query, headers: decoded.headers, body };
    if (plan.params.some((p) => p.in === 'cookie')) input.cookies = decoded.cookies;
    if (contentType !== undefined) input.contentType = contentType;
    res.locals[DECODED] = input;
    return undefined;
  };

  const onError = (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // Only a request its operation took on (admission failed, or the handler ran) is answered as
    // that operation; validation and parsing failures are the router's own, as declared by the catalogue scopes.
    const op = res.locals['operationId'] === undefined ? undefined : matchOf(res)?.op;
    send(req, res, toProblem(err, req, res, op?.operationId ?? matchOf(res)?.op.operationId), op);
  };

  const toProblem = (err: unknown, req: Request, res: Response, operationId: string | undefined): HandlerResult => {
    const e = (err ?? {}) as ValidatorError;
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large' || status === 413) {
      return problems.make(PARAM_CODE.payloadTooLarge, 413, { limitBytes: e.limit ?? limit }, e.detail ?? `The body exceeds ${e.limit ?? limit} bytes.`);
    }
    if (e.type === 'entity.parse.failed') {
      return problems.make(PARAM_CODE.badRequest, 400, { errors: [{ location: 'body', message: 'The body is not valid JSON.' }] }, 'The body is not valid JSON.');
    }
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return problems.make(PARAM_CODE.unsupportedMediaType, 415, { supported: ['application/json'] }, e.message);
    }
    if (status === 404) return problems.make(PARAM_CODE.notFound, 404, {}, `No operation matches ${req.method} ${req.originalUrl.split('?')[0]}.`);
    if (status === 405) {
      const allow = (e.headers?.['Allow'] ?? e.headers?.['allow'] ?? '').toString().toUpperCase();
      const allowed = allow.split(',').map((s) => s.trim()).filter(Boolean);
      const result = problems.make(PARAM_CODE.methodNotAllowed, 405, { allowed }, `${req.method} is not allowed here.`);
      result.headers = { Allow: allowed.join(', ') };
      return result;
    }
    if (status === 415) {
      return problems.make(PARAM_CODE.unsupportedMediaType, 415, { supported: e.supported ?? supportedMediaTypes(req) }, e.message);
    }
    if (status === 400) {
      const errors = (e.errors ?? []).slice(0, 100).map((x) => ({ location: requestLocation(x.path), message: (x.message ?? 'invalid').slice(0, 1024) }));
      return problems.make(PARAM_CODE.badRequest, 400, { errors: errors.length ? errors : [{ location: 'request', message: (e.message ?? 'invalid').slice(0, 1024) }] }, 'The request does not match the contract.');
    }
    const mapped = options.mapError?.(err, operationId ?? 'unknown');
    if (mapped) return mapped;
    options.onError?.(err, req);
    return problems.make(PARAM_CODE.internal, 500);
  };

  outer.use(basePath || '/', pipeline(steps, onError));
  return outer;
}

/** A middleware; one that returns a promise has its rejection passed on, as Express 5 does. */
type Step = (req: Request, res: Response, next: NextFunction) => unknown;

/**
 * Steps run in order as one middleware: each step's `next()` calls the step after it, and
 * `next(err)`, or a step that throws, goes to `onError`. It is what Express's router does for a
 * list of `use` layers at one path, without its per-layer path matching, prefix trimming and
 * parameter merging, which cost more than the router's own steps on a simple GET.
 */
function pipeline(steps: Step[], onError: (err: unknown, req: Request, res: Response, next: NextFunction) => void): Step {
  return (req, res, done) => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err) {
        try {
          onError(err, req, res, done);
        } catch (thrown) {
          done(thrown);
        }
        return;
      }
      const step = steps[i++];
      if (step === undefined) {
        done();
        return;
      }
      try {
        const returned = step(req, res, next as NextFunction);
        if (returned instanceof Promise) returned.catch((rejected: unknown) => next(rejected ?? new Error('a router step rejected without a value')));
      } catch (thrown) {
        next(thrown ?? new Error('a router step threw without a value'));
      }
    };
    next();
  };
}

function headerDisplayName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function supportedMediaTypes(req: Request): string[] {
  // The validator does not say what it accepts; its metadata middleware left the matched operation on the request.
  const op = (req as Request & { openapi?: { schema?: { requestBody?: { content?: Record<string, unknown> } } } }).openapi;
  return Object.keys(op?.schema?.requestBody?.content ?? {}).sort().slice(0, 10);
}

/** The catch-all the app mounts last: any path outside the API gets a ROUTE_NOT_FOUND problem too. */
export function notFoundFallback(catalogue: Record<string, CatalogueInfo>, options: { requestId?(req: Request): string | undefined } = {}) {
  const problems = new ProblemFactory(catalogue);
  return (req: Request, res: Response): void => {
    const path = req.originalUrl.split('?')[0] ?? '';
    const result = problems.make(PARAM_CODE.notFound, 404, {}, `No operation matches ${req.method} ${path}.`);
    const body: Record<string, unknown> = { ...(result.body as object), instance: problemInstance(req) };
    const requestId = options.requestId?.(req);
    if (requestId) body['requestId'] = requestId;
    res.status(result.status).type('application/problem+json').json(body);
  };
}
