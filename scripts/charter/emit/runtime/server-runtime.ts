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
import addFormatsModule from 'ajv-formats';

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
  body: unknown;
}

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
    if (detail) body.detail = bounded(detail, MAX_DETAIL);
    return { status, body };
  }
}

const HTTP_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
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
}

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

// OpenAPI's own numeric and string formats, as express-openapi-validator defines them for requests,
// so a response is held to the same formats as a request.
const INT32 = 2 ** 31 - 1;
const OPENAPI_FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n <= INT32 && n >= -INT32 - 1 },
  int64: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 },
  float: { type: 'number' as const, validate: (n: number) => Number.isFinite(n) },
  double: { type: 'number' as const, validate: (n: number) => typeof n === 'number' },
  byte: (b: string) => b.length % 4 === 0 && /^[A-Za-z0-9+/]*(=|==)?$/.test(b),
  binary: true,
  password: true,
  'media-range': true,
};

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
  readonly #compiled = new Map<string, ValidateFunction | null>();

  constructor(apiSpec: object) {
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    (addFormats as unknown as (ajv: Ajv2020, options: { mode: 'full' }) => void)(this.#ajv, { mode: 'full' });
    for (const [name, format] of Object.entries(OPENAPI_FORMATS)) this.#ajv.addFormat(name, format as never);
    // The whole document is one schema resource, so the `#/components/...` references inside it resolve.
    this.#ajv.addSchema(apiSpec, 'openapi');
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
    const specPath = Object.keys(this.#paths).find((p) => p.replace(/\{([^}]+)\}/g, ':$1') === op.path);
    const responses = specPath === undefined ? undefined : this.#paths[specPath]?.[op.method]?.responses;
    const code = [String(status), `${String(status)[0]}XX`, 'default'].find((c) => responses?.[c] !== undefined);
    if (specPath === undefined || code === undefined || responses?.[code]?.content?.[media]?.schema === undefined) return null;
    const pointer = ['paths', specPath, op.method, 'responses', code, 'content', media, 'schema']
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    return this.#ajv.compile({ $ref: `openapi#/${pointer}` });
  }
}

function requestLocation(path: string | undefined): string {
  // express-openapi-validator paths look like `/body/email`, `.query.limit` or `/headers/if-match`.
  return (path ?? '').replace(/^[./]/, '').replace(/[.]/g, '/').replace(/^headers\//, 'header/') || 'request';
}

export function createRuntimeRouter<Ctx>(args: {
  apiSpec: object;
  basePath: string;
  operations: OperationSpec[];
  handlers: Record<string, AnyHandler>;
  catalogue: Record<string, CatalogueInfo>;
  options: RuntimeOptions<Ctx>;
}): Router {
  const { apiSpec, basePath, operations, handlers, catalogue, options } = args;
  const problems = new ProblemFactory(catalogue);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const validateResponses = options.validateResponses ?? true;
  // Paths match the contract exactly: `/v1/USERS` or `/v1/users/` is not `listUsers` but an unknown route.
  const outer = express.Router({ caseSensitive: true, strict: true });
  const router = express.Router({ mergeParams: true, caseSensitive: true, strict: true });
  const opByRoute = new Map<string, OperationSpec>();
  const responseValidators = validateResponses ? new ResponseValidators(apiSpec) : undefined;

  const send = (req: Request, res: Response, result: HandlerResult, op?: OperationSpec): void => {
    const isProblem = result.status >= 400 && result.body !== null && typeof result.body === 'object' && 'code' in (result.body as object);
    let body = result.body;
    if (isProblem) {
      const b = { ...(result.body as Record<string, unknown>) };
      b.instance ??= problemInstance(req);
      const requestId = options.requestId?.(req);
      if (requestId) b.requestId ??= requestId;
      body = b;
    }
    const hasBody = body !== undefined && result.status !== 204 && result.status !== 304;
    const media = op?.responses[String(result.status)] ?? (isProblem ? 'application/problem+json' : 'application/json');
    if (responseValidators && op && hasBody) {
      const violation = responseValidators.check(op, result.status, media, body);
      if (violation !== undefined) {
        // The broken response is never sent: the violation goes to the logs, the client gets a 500.
        options.onResponseValidationError?.({ operationId: op.operationId, status: result.status, message: violation }, req);
        send(req, res, problems.make(PARAM_CODE.internal, 500));
        return;
      }
    }
    res.status(result.status);
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
    res.type(media);
    res.json(body);
  };

  if (options.admit) {
    const admit = options.admit;
    for (const op of operations) {
      router[op.method](op.path, async (req: Request, res: Response, next: NextFunction) => {
        try {
          const refused = await admit(op, req, res);
          if (refused) send(req, res, refused, op);
          else next();
        } catch (err) {
          res.locals.operationId = op.operationId;
          next(err);
        }
      });
    }
  }

  router.use(express.json({ limit, type: ['application/json', 'application/*+json'], strict: false }));

  // Parameters the contract says answer with a specific code when missing (e.g. If-Match → 428).
  for (const op of operations) {
    if (!op.missing.length) continue;
    router[op.method](op.path, (req: Request, res: Response, next: NextFunction) => {
      for (const m of op.missing) {
        const present = m.in === 'header' ? req.headers[m.name] !== undefined : (req.query as Record<string, unknown>)[m.name] !== undefined;
        if (!present) {
          const info = catalogue[m.code];
          send(req, res, problems.make(m.code, info?.status ?? 400, info ? { header: headerDisplayName(m.name) } : {}, `The ${m.in} ${headerDisplayName(m.name)} is required.`), op);
          return;
        }
      }
      next();
    });
  }

  router.use(
    OpenApiValidator.middleware({
      apiSpec: apiSpec as never,
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
    }),
  );

  for (const op of operations) {
    const handler = handlers[op.operationId];
    if (typeof handler !== 'function') throw new Error(`no handler for operation ${op.operationId}`);
    opByRoute.set(`${op.method} ${op.path}`, op);
    router[op.method](op.path, async (req: Request, res: Response, next: NextFunction) => {
      res.locals.operationId = op.operationId;
      try {
        const headers: Record<string, unknown> = {};
        for (const h of op.headers) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
        const input: HandlerInput = { path: { ...req.params }, query: { ...(req.query as object) }, headers, body: req.body };
        const ctx = await options.context(req, res);
        const result = options.around
          ? await options.around(op, { input, ctx, req, res }, async (c) => handler(input, c))
          : await handler(input, ctx);
        send(req, res, result, op);
      } catch (err) {
        next(err);
      }
    });
  }

  // A path under the base path that no operation matched.
  router.use((req: Request, res: Response) => {
    send(req, res, problems.make(PARAM_CODE.notFound, 404, {}, `No operation matches ${req.method} ${req.originalUrl.split('?')[0]}.`));
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const operationId = res.locals.operationId as string | undefined;
    const op = operationId ? operations.find((o) => o.operationId === operationId) : undefined;
    send(req, res, toProblem(err, req, res, operationId), op);
  });

  const toProblem = (err: unknown, req: Request, res: Response, operationId: string | undefined): HandlerResult => {
    const e = (err ?? {}) as ValidatorError;
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large' || status === 413) {
      return problems.make(PARAM_CODE.payloadTooLarge, 413, { limitBytes: e.limit ?? limit }, `The body exceeds ${e.limit ?? limit} bytes.`);
    }
    if (e.type === 'entity.parse.failed') {
      return problems.make(PARAM_CODE.badRequest, 400, { errors: [{ location: 'body', message: 'The body is not valid JSON.' }] }, 'The body is not valid JSON.');
    }
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return problems.make(PARAM_CODE.unsupportedMediaType, 415, { supported: ['application/json'] }, e.message);
    }
    if (status === 404) return problems.make(PARAM_CODE.notFound, 404, {}, `No operation matches ${req.method} ${req.originalUrl.split('?')[0]}.`);
    if (status === 405) {
      const allow = (e.headers?.Allow ?? e.headers?.allow ?? '').toString().toUpperCase();
      const allowed = allow.split(',').map((s) => s.trim()).filter(Boolean);
      const result = problems.make(PARAM_CODE.methodNotAllowed, 405, { allowed }, `${req.method} is not allowed here.`);
      result.headers = { Allow: allowed.join(', ') };
      return result;
    }
    if (status === 415) {
      return problems.make(PARAM_CODE.unsupportedMediaType, 415, { supported: supportedMediaTypes(req) }, e.message);
    }
    if (status === 400) {
      const errors = (e.errors ?? []).slice(0, 100).map((x) => ({ location: requestLocation(x.path), message: (x.message ?? 'invalid').slice(0, 1024) }));
      return problems.make(PARAM_CODE.badRequest, 400, { errors: errors.length ? errors : [{ location: 'request', message: (e.message ?? 'invalid').slice(0, 1024) }] }, 'The request does not match the contract.');
    }
    const mapped = options.mapError?.(err, operationId ?? routeOperation(req));
    if (mapped) return mapped;
    options.onError?.(err, req);
    return problems.make(PARAM_CODE.internal, 500);
  };

  const routeOperation = (req: Request): string => {
    const route = (req.route as { path?: string } | undefined)?.path;
    return (route && opByRoute.get(`${req.method.toLowerCase()} ${route}`)?.operationId) ?? 'unknown';
  };

  outer.use(basePath || '/', router);
  return outer;
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
    if (requestId) body.requestId = requestId;
    res.status(result.status).type('application/problem+json').json(body);
  };
}
