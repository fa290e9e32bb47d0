/**
 * The SDK emitter: a client a consumer would pick over a hand-written wrapper. It sits on
 * top of hey-api's output (types.gen.ts for the types, sdk.gen.ts for the requests) and adds
 * what hey-api leaves out: results narrowed by status and catalogue code, typed transport
 * errors, safe retries, idempotency keys, timeouts, request ids, hooks, conditional
 * requests and pagination iterators. Everything is read from the contract, so it works on
 * any OpenAPI document; runtime.ts is copied verbatim and holds no contract knowledge.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deref, listOperations, pickMediaType, type OperationView } from '../model/openapi.ts';
import { getPointer } from '../loader/load.ts';
import { camelIdentifier, docComment, printType, propertyKey, uniqueIdentifiers, type PrintOptions } from './typescript.ts';
import { heyApiInput } from './client.ts';
import { heyApiSchemaNames } from './hey-api-names.ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';

const RUNTIME = fileURLToPath(new URL('./runtime/sdk-runtime.ts', import.meta.url));
const IDEMPOTENCY_HEADERS = new Set(['idempotency-key', 'x-idempotency-key']);
const CURSOR_PARAM = /^(cursor|page_?token|after|next_?token|continuation_?token)$/i;
const NEXT_FIELD = /^(next_?cursor|next_?page_?token|next_?token|continuation_?token)$/i;
const ITEM_FIELDS = ['items', 'data', 'results', 'entries', 'records'];

/** One hey-api request function as sdk.gen.ts declares it. */
export interface HeyApiFunction {
  name: string;
  dataType: string;
  responsesType: string;
  method: string;
  url: string;
  /** hey-api made it a server-sent-events function (`client.sse.*`): the SDK sends it as a plain request and reads the events itself. */
  sse?: boolean;
}

/**
 * Reads hey-api's sdk.gen.ts to learn which function and types serve each (method, path).
 * hey-api names things its own way (and de-duplicates clashes), so asking its output is the
 * only way to refer to its names without re-implementing its naming rules.
 */
export function readHeyApiFunctions(sdkSource: string): Map<string, HeyApiFunction> {
  const out = new Map<string, HeyApiFunction>();
  const head =
    /^export const (\w+) = <ThrowOnError extends boolean = false>\(options\??: Options<(\w+), ThrowOnError>\): RequestResult<(\w+), \w+, ThrowOnError> => \(options\??\.client \?\? client\)\.(\w+)</gm;
  // An operation whose success is text/event-stream: hey-api's SSE client, typed by the same Responses.
  const sseHead =
    /^export const (\w+) = <ThrowOnError extends boolean = false>\(options\??: Options<(\w+), ThrowOnError, \w+>\): Promise<ServerSentEventsResult<(\w+)>> => \(options\??\.client \?\? client\)\.sse\.(\w+)</gm;
  const starts = [...sdkSource.matchAll(head), ...[...sdkSource.matchAll(sseHead)].map((m) => Object.assign(m, { sse: true }))].sort((a, b) => a.index - b.index);
  const all = [...sdkSource.matchAll(/^export const /gm)].map((m) => m.index);
  for (const m of starts) {
    const end = all.find((i) => i > m.index) ?? sdkSource.length;
    const body = sdkSource.slice(m.index, end);
    const url = /\burl: '((?:[^'\\]|\\.)*)'/.exec(body);
    if (!url) continue;
    const fn: HeyApiFunction = { name: m[1]!, dataType: m[2]!, responsesType: m[3]!, method: m[4]!.toLowerCase(), url: url[1]!.replace(/\\(.)/g, '$1'), ...('sse' in m ? { sse: true } : {}) };
    out.set(`${fn.method} ${fn.url}`, fn);
  }
  return out;
}

export interface SdkEmitInput {
  /** The expanded OpenAPI document (catalogue errors already turned into responses). */
  doc: Record<string, any>;
  sources: string[];
  /** hey-api's sdk.gen.ts, as emitted into the same folder. */
  heyApiSdk: string;
  /** The extension of relative imports (see config.ts for why it is a setting). */
  importExtension?: ImportExtension;
}

interface Pagination {
  cursorParam: string;
  nextField: string;
  itemsField: string;
}

interface ResponseInfo {
  json: boolean;
  shape?: 'object' | 'array';
  required?: string[];
  body?: 'text' | 'binary';
  events?: 'json' | 'text';
}

/** A query parameter's serialization, when it is not the default (form, exploded). */
interface QueryInfo {
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  content?: string;
}

interface SdkOperation {
  view: OperationView;
  fn: HeyApiFunction;
  name: string;
  idempotencyHeader?: string;
  managed: string[];
  responses: Record<string, ResponseInfo>;
  notModified: boolean;
  pagination?: Pagination & { pagesName: string; allName: string; pageStatus: string };
  codes: string[];
  query: Record<string, QueryInfo>;
  /** The declared 3xx responses other than 304, by status, with their body type (hey-api types none of them). */
  redirects: Array<{ status: string; type: string }>;
  /** Success statuses that can answer with server-sent events: the type of one event's data, and whether the status has other media types too. */
  events: Array<{ status: string; type: string; only: boolean }>;
}

const REDIRECT_KEY = /^(30[0-35-9]|3XX)$/i;
/** The statuses a `3XX` range stands for (304 aside): what fetch follows, and 300, 305, 306. */
const REDIRECT_RANGE = ['300', '301', '302', '303', '305', '306', '307', '308'];

function queryInfo(p: OperationView['parameters'][number]): QueryInfo | undefined {
  const content = p.contentNode && p.raw.content && typeof p.raw.content === 'object' ? Object.keys(p.raw.content)[0] : undefined;
  if (content !== undefined) return { content };
  const info: QueryInfo = {};
  if (p.style !== 'form') info.style = p.style;
  if (p.explode !== (p.style === 'form')) info.explode = p.explode;
  if (p.raw.allowReserved === true) info.allowReserved = true;
  return Object.keys(info).length ? info : undefined;
}

/** A JSON media type (`application/json`, `…+json`), as the runtime reads its bodies. */
const JSON_MEDIA = /[/+]json(;|$)/;

/** A 3xx body's media type as the runtime reads it: JSON, text, bytes, or none declared. */
function redirectBodyKind(doc: Record<string, any>, response: unknown): 'json' | 'text' | 'binary' | undefined {
  const r = deref(doc, response);
  const media = pickMediaType(r?.content);
  if (!media) return undefined;
  if (JSON_MEDIA.test(media)) return 'json';
  return /^text\//i.test(media) ? 'text' : 'binary';
}

function objectSchema(doc: Record<string, any>, schema: unknown): Record<string, any> | undefined {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object') return undefined;
  const isObject = s.type === 'object' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'object') || (!s.type && s.properties);
  return isObject && !s.oneOf && !s.anyOf && !s.allOf ? s : undefined;
}

function isArraySchema(doc: Record<string, any>, schema: unknown): boolean {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object') return false;
  return s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array')) || (!s.type && s.items !== undefined);
}

function responseInfo(doc: Record<string, any>, response: unknown): ResponseInfo {
  const r = deref(doc, response);
  const media = pickMediaType(r?.content);
  const json = !!media && JSON_MEDIA.test(media);
  if (!json) return { json: false };
  const schema = deref(doc, r.content[media!]?.schema);
  const obj = objectSchema(doc, schema);
  if (obj) {
    const required = Array.isArray(obj.required) ? obj.required.filter((k: unknown): k is string => typeof k === 'string').sort() : [];
    return { json, shape: 'object', ...(required.length ? { required } : {}) };
  }
  if (schema && typeof schema === 'object' && !schema.oneOf && !schema.anyOf && !schema.allOf && schema.type === 'array') return { json, shape: 'array' };
  return { json };
}

function detectPagination(doc: Record<string, any>, view: OperationView): (Pagination & { pageStatus: string }) | undefined {
  const ext = view.op['x-pagination'];
  const pageStatus = view.responses.map((r) => r.status).sort().find((s) => /^2\d\d$/.test(s));
  if (!pageStatus) return undefined;
  if (ext && typeof ext === 'object' && typeof ext.cursorParam === 'string' && typeof ext.nextCursorField === 'string' && typeof ext.itemsField === 'string') {
    return { cursorParam: ext.cursorParam, nextField: ext.nextCursorField, itemsField: ext.itemsField, pageStatus };
  }
  if (view.method !== 'get') return undefined;
  const cursor = view.parameters.find((p) => p.in === 'query' && CURSOR_PARAM.test(p.name));
  if (!cursor) return undefined;
  const r = view.responses.find((x) => x.status === pageStatus)!.node.value;
  const media = pickMediaType(r?.content);
  const obj = media ? objectSchema(doc, r.content[media]?.schema) : undefined;
  const props: Record<string, unknown> = obj?.properties && typeof obj.properties === 'object' ? obj.properties : {};
  const nextField = Object.keys(props).find((k) => NEXT_FIELD.test(k));
  const arrays = Object.keys(props).filter((k) => isArraySchema(doc, props[k]));
  const itemsField = ITEM_FIELDS.find((k) => arrays.includes(k)) ?? (arrays.length === 1 ? arrays[0] : undefined);
  if (!nextField || !itemsField) return undefined;
  return { cursorParam: cursor.name, nextField, itemsField, pageStatus };
}

function isSuccessKey(status: string): boolean {
  return /^[123]\d\d$/.test(status) || /^[123]XX$/i.test(status) || status === 'default';
}

export function emitSdk({ doc, sources, heyApiSdk, importExtension = '.js' }: SdkEmitInput): FileMap {
  const files: FileMap = new Map();
  const header = generatedHeader(sources);
  const functions = readHeyApiFunctions(heyApiSdk);
  const views = listOperations(doc);
  const names = uniqueIdentifiers(
    views.map((v) => v.operationId),
    camelIdentifier,
    ['orThrow', 'then'],
  );
  const taken = new Set(names.values());
  const ops: SdkOperation[] = [];
  const skipped: OperationView[] = [];
  let printer: PrintOptions | undefined;
  for (const view of views) {
    const fn = functions.get(`${view.method} ${view.path}`);
    if (!fn) {
      skipped.push(view);
      continue;
    }
    const responses: Record<string, ResponseInfo> = {};
    for (const r of [...view.responses].sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : 0))) {
      if (isSuccessKey(r.status)) responses[r.status === 'default' ? r.status : r.status.toUpperCase()] = responseInfo(doc, r.node.value);
    }
    const headerParams = view.parameters.filter((p) => p.in === 'header');
    const idem = headerParams.find((p) => IDEMPOTENCY_HEADERS.has(p.name.toLowerCase()));
    const managed = headerParams
      .filter((p) => ['if-match', 'if-none-match', 'x-request-id', 'traceparent'].includes(p.name.toLowerCase()) || p === idem)
      .map((p) => p.name)
      .sort();
    const name = names.get(view.operationId)!;
    const found = detectPagination(doc, view);
    let pagination: SdkOperation['pagination'];
    if (found) {
      const free = (base: string) => {
        let id = base;
        while (taken.has(id)) id += '_';
        taken.add(id);
        return id;
      };
      pagination = { ...found, pagesName: free(`${name}Pages`), allName: free(`${name}All`) };
    }
    const codes: string[] = (view.errorCodes ?? []).filter((c: unknown) => typeof c === 'string');
    const query: Record<string, QueryInfo> = {};
    for (const p of view.parameters.filter((x) => x.in === 'query').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const info = queryInfo(p);
      if (info) query[p.name] = info;
    }
    const redirects: SdkOperation['redirects'] = [];
    for (const r of view.responses.filter((x) => REDIRECT_KEY.test(x.status))) {
      const kind = redirectBodyKind(doc, r.node.value);
      const key = r.status.toUpperCase();
      if (kind === 'text' || kind === 'binary') responses[key] = { ...responses[key]!, body: kind };
      printer ??= redirectPrinter(doc);
      const type = kind === undefined ? 'undefined' : kind === 'text' ? 'string' : kind === 'binary' ? 'Blob' : printType(mediaSchema(doc, r.node.value), printer, '  ');
      const statuses = key === '3XX' ? REDIRECT_RANGE.filter((st) => !view.responses.some((x) => x.status === st)) : [key];
      for (const status of statuses) redirects.push({ status, type });
    }
    redirects.sort((a, b) => a.status.localeCompare(b.status));
    const events: SdkOperation['events'] = [];
    for (const r of view.responses.filter((x) => isSuccessKey(x.status) && !REDIRECT_KEY.test(x.status))) {
      const content = deref(doc, r.node.value)?.content;
      const stream = content && typeof content === 'object' ? Object.keys(content).find((m) => /^text\/event-stream\s*(;|$)/i.test(m)) : undefined;
      if (!stream) continue;
      const schema = content[stream]?.itemSchema ?? content[stream]?.schema;
      const key = r.status === 'default' ? r.status : r.status.toUpperCase();
      responses[key] = { ...responses[key]!, events: deref(doc, schema)?.type === 'string' ? 'text' : 'json' };
      printer ??= redirectPrinter(doc);
      events.push({ status: key, type: printType(schema, printer, '  '), only: Object.keys(content).length === 1 });
    }
    ops.push({ view, fn, name, idempotencyHeader: idem?.name, managed, responses, notModified: view.responses.some((r) => r.status === '304'), pagination, codes, query, redirects, events });
  }
  ops.sort((a, b) => a.name.localeCompare(b.name));

  files.set('client/runtime.ts', header + '\n' + fs.readFileSync(RUNTIME, 'utf8'));
  files.set('client/charter.ts', charterModule(ops, header, importExtension));
  files.set('client/README.md', readme(doc, ops, skipped, sources, importExtension));
  return files;
}

function mediaSchema(doc: Record<string, any>, response: unknown): unknown {
  const r = deref(doc, response);
  const media = pickMediaType(r?.content);
  return media ? r.content[media]?.schema : undefined;
}

/** Types for 3xx bodies: component schemas are hey-api's (response-side) types, the rest prints inline. */
function redirectPrinter(doc: Record<string, any>): PrintOptions {
  const names = heyApiSchemaNames(heyApiInput(doc) as Record<string, any>);
  return {
    refName: (ref) => {
      const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
      if (!m) return undefined;
      const name = names.get(decodeURIComponent(m[1]!).replace(/~1/g, '/').replace(/~0/g, '~'));
      return name ? `T.${name.read}` : undefined;
    },
    resolve: (ref) => (ref.startsWith('#') ? getPointer(doc, ref.slice(1)) : undefined),
  };
}

/** The responses type an operation's results are narrowed by: hey-api's, plus its declared 3xx. */
function responsesType(o: SdkOperation): string {
  let hey = heyType(o.fn.responsesType);
  if (o.events.length && hey !== 'unknown') {
    // A status that streams events: its data is the events (beside hey-api's type when the status has other media types too).
    // hey-api keys exact statuses by number: `Omit<R, "200">` would remove nothing.
    const key = (status: string) => (/^\d+$/.test(status) ? status : JSON.stringify(status));
    const streams = o.events.map((e) => {
      const events = `AsyncIterable<ServerSentEvent<${e.type.replace(/\n/g, '\n  ')}>>`;
      return `${key(e.status)}: ${e.only ? events : `${hey}[${key(e.status)}] | ${events}`}`;
    });
    hey = `Omit<${hey}, ${o.events.map((e) => key(e.status)).join(' | ')}> & { ${streams.join('; ')} }`;
  }
  if (!o.redirects.length) return hey;
  const own = `{ ${o.redirects.map((r) => `${r.status}: ${r.type.replace(/\n/g, '\n  ')}`).join('; ')} }`;
  return hey === 'unknown' ? own : `${hey} & ${own}`;
}

/** A hey-api type name as referenced from charter.ts; hey-api writes `unknown` where it has no type. */
function heyType(name: string): string {
  return name === 'unknown' ? 'unknown' : `T.${name}`;
}

function charterModule(ops: SdkOperation[], header: string, x: ImportExtension): string {
  const out: string[] = [header];
  out.push(`/**`);
  out.push(` * The typed SDK: \`createApiClient({ baseUrl })\`, then one method per operation. Each call`);
  out.push(` * resolves to a result narrowed by \`ok\`, \`status\` and the problem \`code\`; \`.orThrow\` throws`);
  out.push(` * an ApiError instead. See README.md next to this file for the operations and their errors.`);
  out.push(` */`);
  out.push(`import * as sdk from './sdk.gen${x}';`);
  out.push(`import type * as T from './types.gen${x}';`);
  out.push(`import { createClient, createConfig } from './client/index${x}';`);
  out.push(`import { catalogue, isRetryable, parseProblem, type ErrorCode, type OperationProblems, type ProblemBodies } from '../errors/index${x}';`);
  const sse = ops.some((o) => o.fn.sse);
  out.push(`import { ApiError, buildClient, problemOf, ${sse ? 'sseAsRequest, ' : ''}type SdkOptions, type Operation, type OperationSpec, type PageItem, type PageOf${ops.some((o) => o.events.length) ? ', type ServerSentEvent' : ''} } from './runtime${x}';\n`);
  out.push(`export * from './runtime${x}';`);
  out.push(`export { catalogue, isRetryable, parseProblem };`);
  out.push(`export type { ErrorCode, KnownProblem, OperationProblems, ProblemBodies, UnknownProblem } from '../errors/index${x}';\n`);
  out.push(`/** The operation table the runtime executes: read from the contract, one entry per operation. */`);
  out.push(`export const operations = {`);
  for (const o of ops) {
    const fields = [
      `operationId: ${JSON.stringify(o.view.operationId)}`,
      `method: ${JSON.stringify(o.view.method)}`,
      `path: ${JSON.stringify(o.view.path)}`,
      ...(o.idempotencyHeader ? [`idempotencyHeader: ${JSON.stringify(o.idempotencyHeader)}`] : []),
      `responses: ${JSON.stringify(o.responses)}`,
      ...(o.pagination
        ? [
            `pagination: ${JSON.stringify({ cursorParam: o.pagination.cursorParam, nextField: o.pagination.nextField, itemsField: o.pagination.itemsField })}`,
            `pagesName: ${JSON.stringify(o.pagination.pagesName)}`,
            `allName: ${JSON.stringify(o.pagination.allName)}`,
          ]
        : []),
      ...(Object.keys(o.query).length ? [`query: ${JSON.stringify(o.query)}`] : []),
      o.fn.sse ? `send: ((options: Record<string, unknown>) => sdk.${o.fn.name}({ ...options, client: sseAsRequest(options['client']) } as never)) as OperationSpec['send']` : `send: sdk.${o.fn.name} as OperationSpec['send']`,
    ];
    out.push(`  ${propertyKey(o.name)}: { ${fields.join(', ')} },`);
  }
  out.push(`} satisfies Record<string, OperationSpec & { pagesName?: string; allName?: string }>;\n`);

  out.push(`/** One method per operation, plus \`<name>Pages\` and \`<name>All\` iterators for cursor-paginated ones. */`);
  out.push(`export interface ApiClient {`);
  for (const o of ops) {
    const summary = `${o.view.method.toUpperCase()} ${o.view.path}${o.view.op.summary ? `: ${o.view.op.summary}` : ''}`;
    const notes = [
      o.idempotencyHeader ? `Sends a generated \`${o.idempotencyHeader}\` (override with \`idempotencyKey\`), reused by every retry.` : '',
      o.notModified ? 'Answers 304 (`notModified`) when `ifNoneMatch` names the current version.' : '',
      o.redirects.length ? `Resolves to its declared ${[...new Set(o.redirects.map((r) => r.status))].join(', ')} (with \`location\`) instead of following it, unless \`followRedirects\`.` : '',
    ].filter(Boolean);
    out.push(docComment([summary, ...notes].join('\n\n'), '  ').trimEnd());
    const managed = o.managed.length ? o.managed.map((m) => JSON.stringify(m)).join(' | ') : 'never';
    const problems = `OperationProblems[${JSON.stringify(o.view.operationId)}]`;
    out.push(`  ${propertyKey(o.name)}: Operation<${heyType(o.fn.dataType)}, ${responsesType(o)}, ${problems}, ${o.notModified}, ${managed}>;`);
    if (o.pagination) {
      const args = `...args: Parameters<ApiClient[${JSON.stringify(o.name)}]>`;
      out.push(`  /** Every page of ${o.name}, following \`${o.pagination.nextField}\` into \`${o.pagination.cursorParam}\`. Throws ApiError on a failed page. */`);
      out.push(`  ${propertyKey(o.pagination.pagesName)}(${args}): AsyncGenerator<PageOf<${heyType(o.fn.responsesType)}>>;`);
      out.push(`  /** Every item of every page of ${o.name}, in order. Throws ApiError on a failed page. */`);
      out.push(`  ${propertyKey(o.pagination.allName)}(${args}): AsyncGenerator<PageItem<PageOf<${heyType(o.fn.responsesType)}>, ${JSON.stringify(o.pagination.itemsField)}>>;`);
    }
  }
  out.push(`}\n`);

  out.push(`/** A client for this API. Retries, timeouts, ids and hooks are configured here and per call. */`);
  out.push(`export function createApiClient(options: SdkOptions): ApiClient {`);
  out.push(`  return buildClient(`);
  out.push(`    operations,`);
  out.push(`    (config) => createClient(createConfig(config as Parameters<typeof createConfig>[0])),`);
  out.push(`    { parse: (status, body) => parseProblem(status, body) as { code: string; status: number; requestId?: string }, retryable: isRetryable },`);
  out.push(`    options,`);
  out.push(`  ) as unknown as ApiClient;`);
  out.push(`}\n`);

  out.push(`/** Type guard: a problem with this code, given a problem body, a result's \`error\` or an ApiError. */`);
  out.push(`export function isProblem<C extends ErrorCode>(value: ApiError<any>, code: C): value is ApiError<ProblemBodies[C]>;`);
  out.push(`export function isProblem<C extends ErrorCode>(value: unknown, code: C): value is ProblemBodies[C] | ApiError<ProblemBodies[C]>;`);
  out.push(`export function isProblem(value: unknown, code: string): boolean {`);
  out.push(`  return problemOf(value)?.code === code;`);
  out.push(`}\n`);
  out.push(`/** The success type of an operation, e.g. \`SuccessOf<'getUser'>\`. */`);
  out.push(`export type SuccessOf<K extends keyof ApiClient> = ApiClient[K] extends { orThrow(...args: any[]): Promise<infer S> } ? S : never;`);
  return out.filter((l) => l !== '').join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function readme(doc: Record<string, any>, ops: SdkOperation[], skipped: OperationView[], sources: string[], x: ImportExtension): string {
  const out: string[] = [generatedHeader(sources, 'html')];
  const title = typeof doc.info?.title === 'string' ? doc.info.title : 'API';
  out.push(`# ${title}: TypeScript SDK`, '');
  out.push('```ts');
  out.push(`import { createApiClient } from './charter${x}';`);
  out.push(`const api = createApiClient({ baseUrl: 'https://api.example.com', auth: () => token });`);
  out.push('```', '');
  out.push('Every method resolves to a result: `ok: true` with `data`, `status`, `headers`, `etag`, `requestId`;');
  out.push('or `ok: false` with an `error` whose `kind` is `problem` (narrow further by `code`), `network`, `timeout`,');
  out.push('`aborted` or `invalid-response`. `method.orThrow(...)` throws an `ApiError` instead. A declared 3xx is a result too');
  out.push('(`ok: true`, its `status`, `location` and body): it is not followed unless `followRedirects` is set.', '');
  out.push('Retries: GET, HEAD, PUT, DELETE, and POST/PATCH that carry an idempotency key, on network errors, timeouts,');
  out.push('408, 429, 502, 503, 504 and retryable catalogue problems, with full-jitter backoff that honours Retry-After.', '');
  const byCode = new Map<string, { status: number; retryable: boolean }>();
  for (const e of Array.isArray(doc['x-charter-catalogue']) ? doc['x-charter-catalogue'] : []) {
    if (e && typeof e.code === 'string') byCode.set(e.code, { status: Number(e.status), retryable: e.retryable === true });
  }
  out.push(`## Operations (${ops.length})`, '');
  out.push('| method | request | retried | idempotency key | pagination | errors |', '|---|---|---|---|---|---|');
  for (const o of ops) {
    const retried = ['get', 'head', 'put', 'delete', 'options', 'trace'].includes(o.view.method) || o.idempotencyHeader ? 'yes' : 'with `idempotencyKey`';
    const pages = o.pagination ? `\`${o.pagination.pagesName}\`, \`${o.pagination.allName}\`` : '';
    const errors = o.codes.length
      ? o.codes.map((c) => `\`${c}\`${byCode.has(c) ? ` ${byCode.get(c)!.status}${byCode.get(c)!.retryable ? ' (retried)' : ''}` : ''}`).join(', ')
      : 'any status as `UNKNOWN_PROBLEM` (no catalogue codes)';
    out.push(`| \`${o.name}\` | ${cell(`${o.view.method.toUpperCase()} ${o.view.path}`)} | ${retried} | ${o.idempotencyHeader ? `\`${o.idempotencyHeader}\`, automatic` : ''} | ${pages} | ${errors} |`);
  }
  out.push('');
  if (skipped.length) {
    out.push('## Not in the SDK', '', 'hey-api produced no request function for these, so the SDK has none either:', '');
    for (const v of skipped) out.push(`- ${v.method.toUpperCase()} ${v.path}`);
    out.push('');
  }
  return out.join('\n');
}
