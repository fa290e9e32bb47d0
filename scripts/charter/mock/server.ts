/**
 * `charter mock`: a mock server built from a contract and run on the contract's own generated
 * router and runtime, so it decodes and validates requests exactly as the generated server does,
 * and validates every response it sends (`validateResponses: true`).
 *
 * Before the generated router, two layers of the mock's own: CORS (a preflight is answered; every
 * answer allows any origin and exposes the declared response headers), then a gate that answers
 * 401 when the declared credentials are missing (security.ts) and 400 when a `Prefer` header asks
 * for a status or example the operation does not declare. These refusals are the mock's, like
 * the router's own 400/404/405, and are not held to the operation's declared responses.
 * The generated handlers answer from responses.ts.
 */
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { buildMock, type MockBuild } from './build.ts';
import { MissingPackageError } from '../optional-package.ts';
import { checkSecurity } from './security.ts';
import { withJsonSchemaKeywords } from '../emit/runtime/schema30-runtime.ts';
import { formats } from '../emit/runtime/formats-runtime.ts';
import { isEventStream } from '../emit/runtime/response-runtime.ts';
import { chooseResponse, exampleNames, parsePrefer, renderResponse, type Preference } from './responses.ts';

export interface MockOptions {
  /** The contract file (OpenAPI). */
  contract: string;
  /** The project root: where node_modules/.cache/charter-mock is. */
  projectRoot: string;
  port?: number;
  host?: string;
  /** Seeds generated values (default "charter"): the same seed answers the same values. */
  seed?: string;
  /** Where to cache the generated bindings (default: see build.ts). */
  cacheDir?: string;
  /** Render every operation's default answer at start, so unusable examples and ungeneratable patterns are reported up front. */
  prewarm?: boolean;
  /** Do not write the violations and errors to stderr (they are still recorded). */
  quiet?: boolean;
}

export interface MockOperation {
  operationId: string;
  method: string;
  /** The OpenAPI path template. */
  path: string;
}

export interface ResponseViolation {
  operationId: string;
  status: number;
  message: string;
}

export interface MockServer {
  /** http://host:port plus the contract's base path. */
  url: string;
  origin: string;
  basePath: string;
  port: number;
  operations: MockOperation[];
  build: MockBuild;
  /** Responses the generated server refused to send because they broke the contract (generator bugs). */
  violations: ResponseViolation[];
  /** Errors the generated router caught while answering (each became a 500). */
  errors: Array<{ operationId: string | undefined; message: string }>;
  /** What the mock could not honour (examples that break their schema, patterns it cannot generate). */
  notes: Set<string>;
  /** Validates a value against the document's schema at a `#/…` pointer, as the generated server would. */
  check(pointer: string, value: unknown): boolean | undefined;
  close(): Promise<void>;
}

interface GeneratedServer {
  basePath: string;
  operations: Array<{ operationId: string; method: string; path: string; security?: Array<Record<string, string[]>>; responses: Record<string, string | undefined>; media?: Record<string, string[]> }>;
  createRouter(handlers: Record<string, (input: unknown, ctx: unknown) => unknown>, options: Record<string, unknown>): http.RequestListener;
  notFoundFallback(options?: Record<string, unknown>): http.RequestListener;
}

interface GeneratedRuntime {
  OperationTable: new (ops: unknown[], templates?: Record<string, { template: string }>) => {
    find(method: string, path: string, search?: string): { kind: 'found'; match: { op: GeneratedServer['operations'][number] } } | { kind: 'method'; allowed: string[] } | { kind: 'none' };
  };
  templateOfExpressPath(path: string): string;
}

/** Validates a value against a schema of the document by pointer, as the generated runtime's response validators do. */
export function schemaChecker(doc: Record<string, any>): (pointer: string, value: unknown) => boolean | undefined {
  // The generated runtime's formats (formats.ts), so the mock's checks agree with it.
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, logger: false, formats: formats as never });
  // As the generated server's response validators read the document: 3.0 nullable and boolean bounds in 2020-12 terms.
  ajv.addSchema(withJsonSchemaKeywords(doc), 'openapi');
  const compiled = new Map<string, ValidateFunction | null>();
  return (pointer, value) => {
    let v = compiled.get(pointer);
    if (v === undefined) {
      try {
        v = ajv.compile({ $ref: `openapi${pointer}` });
      } catch {
        v = null;
      }
      compiled.set(pointer, v);
    }
    if (v === null) return undefined;
    try {
      return v(value);
    } catch {
      // A schema that refers to itself without consuming data (`A: { allOf: [{ $ref: A }] }`) recurses forever.
      return undefined;
    }
  };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ALWAYS_EXPOSED = ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate', 'Link', 'Allow'];

function problem(res: http.ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/** Generate the contract's bindings (or take them from the cache), import them, and listen. */
export async function startMock(options: MockOptions): Promise<MockServer> {
  const build = await buildMock(options.contract, { projectRoot: options.projectRoot, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  const { dir, doc } = build;
  const url = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  // The generated server imports express from the project, as the project's own generated code does.
  let express: (() => any) & { default?: () => any };
  try {
    const resolved = createRequire(path.join(dir, 'package.json')).resolve('express');
    const mod = (await import(pathToFileURL(resolved).href)) as { default: () => any };
    express = mod.default as typeof express;
  } catch {
    throw new MissingPackageError('express@^5', 'mock');
  }
  let server: GeneratedServer;
  let runtime: GeneratedRuntime;
  let requestPlans: Record<string, { template: string }>;
  let catalogue: Record<string, { code: string; status: number; type: string; title: string }>;
  try {
    server = (await import(url('server/index.js'))) as GeneratedServer;
    runtime = (await import(url('server/runtime.js'))) as GeneratedRuntime;
    ({ requestPlans } = (await import(url('server/validators.js'))) as { requestPlans: typeof requestPlans });
    ({ catalogue } = (await import(url('errors/index.js'))) as { catalogue: typeof catalogue });
  } catch (e) {
    // What the generated server imports (ajv, ajv-formats, express-openapi-validator) must be installed in the project.
    const m = /Cannot find (?:package|module) '([^']+)'/.exec(String((e as Error)?.message));
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && m) throw new MissingPackageError(m[1]!.startsWith('/') ? m[1]! : m[1]!.split('/').slice(0, m[1]!.startsWith('@') ? 2 : 1).join('/'), 'mock');
    throw e;
  }

  const seed = options.seed ?? 'charter';
  const check = schemaChecker(doc);
  const notes = new Set<string>();
  const violations: ResponseViolation[] = [];
  const errors: MockServer['errors'] = [];
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, any>;
  const table = new runtime.OperationTable(server.operations, requestPlans);
  const templateOf = (op: GeneratedServer['operations'][number]) => requestPlans[op.operationId]?.template ?? runtime.templateOfExpressPath(op.path);
  const opObject = (op: GeneratedServer['operations'][number]): Record<string, any> => doc.paths?.[templateOf(op)]?.[op.method] ?? {};

  const exposed = new Set<string>(ALWAYS_EXPOSED);
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const m of HTTP_METHODS) {
      for (const r of Object.values((item?.[m]?.responses ?? {}) as Record<string, any>)) {
        let resp = r;
        if (resp?.$ref) resp = doc.components?.responses?.[String(resp.$ref).split('/').pop()!];
        for (const h of Object.keys(resp?.headers ?? {})) if (h.toLowerCase() !== 'content-type' && !/^access-control-/i.test(h)) exposed.add(h);
      }
    }
  }
  const exposeHeader = [...exposed].join(', ');

  const handlers: Record<string, (input: unknown, ctx: unknown) => unknown> = {};
  for (const op of server.operations) {
    const o = opObject(op);
    handlers[op.operationId] = (input, ctx) => {
      const prefer = (ctx as { prefer: Preference }).prefer;
      const chosen = chooseResponse(doc, o, prefer);
      if ('refused' in chosen) throw new Error(chosen.refused);
      // The representation Accept prefers, when the status declares it among several.
      const accepted = (input as { accept?: string }).accept;
      const several = op.media?.[chosen.key] ?? op.media?.[String(chosen.status)];
      const media = accepted !== undefined && several?.includes(accepted) ? accepted : op.responses[chosen.key] ?? op.responses[String(chosen.status)];
      const r = renderResponse(chosen, prefer, { doc, seed, operationId: op.operationId, media, check, notes, catalogue });
      // An event stream is answered with one event: the example, or a value of the schema of one event.
      const body = media !== undefined && isEventStream(media) && r.body !== undefined ? (async function* () { yield { data: r.body }; })() : r.body;
      return { status: r.status, headers: r.headers, body, ...(several && media !== undefined ? { contentType: media } : {}) };
    };
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // CORS for browser consumers: a preflight is answered here; every other answer allows any origin.
  app.use((req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', exposeHeader);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.statusCode = 204;
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', String(req.headers['access-control-request-headers'] ?? '*'));
      res.setHeader('Access-Control-Max-Age', '600');
      res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
      res.end();
      return;
    }
    next();
  });
  // The gate: credentials present, and a Prefer header the operation can honour.
  const base = server.basePath;
  app.use((req: http.IncomingMessage & { path: string }, res: http.ServerResponse, next: () => void) => {
    const p = req.path;
    if (base && p !== base && !p.startsWith(`${base}/`)) return next();
    const rel = base ? p.slice(base.length) || '/' : p;
    const q = (req.url ?? '').indexOf('?');
    let found;
    try {
      found = table.find(req.method ?? 'GET', rel, q === -1 ? undefined : (req.url ?? '').slice(q + 1));
    } catch {
      return next();
    }
    if (found.kind !== 'found') return next();
    const op = found.match.op;
    const verdict = checkSecurity(op.security, schemes, { headers: req.headers, query: q === -1 ? '' : (req.url ?? '').slice(q + 1) });
    if (!verdict.ok) {
      problem(res, 401, {
        type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED',
        detail: `${op.operationId} needs credentials: ${verdict.wanted.join('; or ')}. The mock accepts any value.`,
        instance: p,
      }, verdict.challenges.length ? { 'WWW-Authenticate': verdict.challenges.join(', ') } : {});
      return;
    }
    const prefer = parsePrefer(req.headers['prefer']);
    if (prefer.code !== undefined || prefer.example !== undefined) {
      const chosen = chooseResponse(doc, opObject(op), prefer);
      let refused = 'refused' in chosen ? chosen.refused : undefined;
      if (!refused && prefer.example !== undefined && !('refused' in chosen)) {
        const media = op.responses[chosen.key] ?? op.responses[String(chosen.status)];
        const names = exampleNames(chosen.response, media);
        if (!names.includes(prefer.example)) refused = `Prefer: example=${prefer.example} names no example of ${op.operationId}'s ${chosen.key} response (${names.length ? `its examples: ${names.join(', ')}` : 'it has no named examples'})`;
      }
      if (refused) {
        problem(res, 400, { type: 'about:blank', title: 'Bad Request', status: 400, code: 'MOCK_PREFER_UNSATISFIABLE', detail: refused, instance: p });
        return;
      }
    }
    next();
  });
  app.use(
    server.createRouter(handlers, {
      context: (req: http.IncomingMessage) => ({ prefer: parsePrefer(req.headers['prefer']) }),
      validateResponses: true,
      // The gate above checked that the credentials are there; the mock accepts any value.
      security: Object.fromEntries(Object.keys(schemes).map((name) => [name, () => true])),
      requestId: (req: http.IncomingMessage) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined),
      onResponseValidationError: (info: ResponseViolation) => {
        violations.push(info);
        if (!options.quiet) process.stderr.write(`charter mock: the answer of ${info.operationId} (${info.status}) breaks the contract, so it was replaced by a 500: ${info.message}\n`);
      },
      onError: (err: unknown, req: http.IncomingMessage & { path?: string }) => {
        errors.push({ operationId: undefined, message: `${req.method} ${req.path ?? req.url}: ${err instanceof Error ? err.message : String(err)}` });
        if (!options.quiet) process.stderr.write(`charter mock: ${err instanceof Error ? err.message : String(err)}\n`);
      },
    }),
  );
  app.use(server.notFoundFallback());

  if (options.prewarm) {
    for (const op of server.operations) {
      const chosen = chooseResponse(doc, opObject(op), {});
      if ('refused' in chosen) continue;
      renderResponse(chosen, {}, { doc, seed, operationId: op.operationId, media: op.responses[chosen.key] ?? op.responses[String(chosen.status)], check, notes, catalogue });
    }
  }

  const srv = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(options.port ?? 4010, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = srv.address() as { port: number; address: string; family: string };
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  return {
    url: `${origin}${base}`,
    origin,
    basePath: base,
    port: address.port,
    operations: server.operations.map((op) => ({ operationId: op.operationId, method: op.method.toUpperCase(), path: templateOf(op) })),
    build,
    violations,
    errors,
    notes,
    check,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}
