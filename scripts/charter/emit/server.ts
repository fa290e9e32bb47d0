/**
 * The server emitter: per operation an input type and a status-discriminated result
 * union, a `Handlers` interface with one method per operation, and `createRouter`,
 * which wires them into Express through runtime.ts. A handler that returns an
 * undeclared status, a wrong body or misses a required header does not compile.
 */
import { canBeSent, listOperations, deref, pickMediaType, type OperationView } from '../model/openapi.ts';
import { getPointer } from '../loader/load.ts';
import { camelIdentifier, docComment, printType, propertyKey, typeIdentifier, uniqueIdentifiers, type PrintOptions } from './typescript.ts';
import { heyApiInput } from './client.ts';
import { heyApiSchemaNames } from './hey-api-names.ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';
import { emitRequestValidation, isBinarySchema, isJsonMedia, runtimeFile } from './validation.ts';
import { isEventStream, successMedia } from './runtime/response-runtime.ts';

const EXPORTED = ['Handlers', 'RouterOptions', 'createRouter', 'operations', 'basePath', 'notFoundFallback', 'Schemas', 'SecurityVerifiers', 'principalsOf'];

export interface ServerEmitInput {
  /** The expanded OpenAPI document (catalogue errors already turned into responses). */
  doc: Record<string, any>;
  sources: string[];
  /** The extension of relative imports (see config.ts for why it is a setting). */
  importExtension?: ImportExtension;
}

export function schemaNames(doc: Record<string, any>): Map<string, string> {
  const schemas = doc.components?.schemas ?? {};
  return uniqueIdentifiers(Object.keys(schemas), typeIdentifier, EXPORTED);
}

/**
 * The server's name for each component schema and, where the SDK has a separate request-side
 * variant (hey-api splits a schema with readOnly or writeOnly parts), the name of that variant:
 * `<name>Writable`, made unique. Both are aliases of the SDK's types in client/types.gen.ts.
 */
export interface ServerSchemaTypes {
  /** components.schemas key → the exported type (the readable variant when there are two). */
  names: Map<string, string>;
  /** components.schemas key → the exported request-side variant, for split schemas only. */
  writable: Map<string, string>;
  /** components.schemas key → hey-api's type names in client/types.gen.ts. */
  client: Map<string, { read: string; write?: string }>;
}

export function serverSchemaTypes(doc: Record<string, any>): ServerSchemaTypes {
  const names = schemaNames(doc);
  const client = heyApiSchemaNames(heyApiInput(doc) as Record<string, any>);
  const split = [...client.entries()].filter(([, n]) => n.write).map(([raw]) => raw).filter((raw) => names.has(raw));
  const writable = uniqueIdentifiers(split, (raw) => `${names.get(raw)}Writable`, [...EXPORTED, ...names.values()]);
  return { names, writable, client };
}

/** Which side of the exchange a type describes: requests carry the writable variants, responses the readable ones. */
export type Direction = 'request' | 'response';

export function schemaPrintOptions(doc: Record<string, any>, types: ServerSchemaTypes | Map<string, string>, prefix: string, direction: Direction = 'response'): PrintOptions {
  const names = types instanceof Map ? types : types.names;
  const writable = types instanceof Map ? undefined : types.writable;
  return {
    refName: (ref) => {
      const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
      if (!m) return undefined;
      const raw = decodeURIComponent(m[1]!).replace(/~1/g, '/').replace(/~0/g, '~');
      const name = (direction === 'request' ? writable?.get(raw) : undefined) ?? names.get(raw);
      return name ? `${prefix}${name}` : undefined;
    },
    resolve: (ref) => (ref.startsWith('#') ? getPointer(doc, ref.slice(1)) : undefined),
  };
}

export function emitServer({ doc, sources, importExtension: x = '.js' }: ServerEmitInput): FileMap {
  const files: FileMap = new Map();
  const types = serverSchemaTypes(doc);
  const { names, writable, client } = types;
  const header = generatedHeader(sources);

  // schemas.ts: one alias per component schema of the SDK's type for it (client/types.gen.ts), so the
  // server and the client share one printer and cannot disagree; plus the request-side variant where
  // the SDK has one.
  const schemaLines: string[] = [header];
  const schemas = doc.components?.schemas ?? {};
  if (names.size) schemaLines.push(`import type * as C from '../client/types.gen${x}';\n`);
  const ownOpts = schemaPrintOptions(doc, types, '');
  const aliases: Array<[string, string, string]> = [];
  for (const [raw, id] of names) {
    const heyApi = client.get(raw);
    const comment = docComment(schemas[raw]?.description ?? (raw !== id ? raw : ''));
    // hey-api is not given a schema it would take for example data (one named `example`, say); only those are printed here.
    aliases.push([id, heyApi ? `C.${heyApi.read}` : printType(schemas[raw], ownOpts), comment]);
    const w = writable.get(raw);
    if (w && heyApi?.write) aliases.push([w, `C.${heyApi.write}`, docComment(`${id} in requests (parameters and bodies): with its writeOnly properties, without its readOnly ones.`)]);
  }
  for (const [id, target, comment] of aliases.sort(([a], [b]) => a.localeCompare(b))) schemaLines.push(`${comment}export type ${id} = ${target};\n`);
  if (names.size === 0) schemaLines.push('export {};\n');
  files.set('server/schemas.ts', schemaLines.join('\n'));

  const opts = schemaPrintOptions(doc, types, 'S.');
  const requestOpts = schemaPrintOptions(doc, types, 'S.', 'request');
  const ops = listOperations(doc);
  const methodNames = uniqueIdentifiers(ops.map((o) => o.operationId), camelIdentifier);
  const hasCatalogue = Array.isArray(doc['x-charter-catalogue']);
  const base = basePathOf(doc);

  const out: string[] = [header];
  out.push(`import type { Request, Response, Router } from 'express';`);
  out.push(`import { createRuntimeRouter, notFoundFallback as runtimeNotFound, type OperationSpec, type RuntimeOptions } from './runtime${x}';`);
  out.push(`import { catalogue, type ErrorCode, type ProblemResult } from '../errors/index${x}';`);
  out.push(`import { apiDocument } from './document${x}';`);
  out.push(`import { requestPlans } from './validators${x}';`);
  out.push(`import type { BasicCredential, SecurityVerifier } from './security${x}';`);
  out.push(`export type { FormValue, UploadedFile } from './bodies${x}';`);
  out.push(`export type { ServerSentEvent } from './responses${x}';`);
  const bodiesImport = out.push('') - 1;
  out.push(`export { principalsOf, type BasicCredential, type SecurityCheck, type SecurityDecision, type SecurityVerifier } from './security${x}';`);
  out.push(`import type * as S from './schemas${x}';\n`);
  out.push(`export type * from './schemas${x}';`);
  out.push(`export type * as Schemas from './schemas${x}';\n`);
  out.push(`/** The path every operation is served under (from \`servers[0].url\`). */`);
  out.push(`export const basePath = ${JSON.stringify(base)};\n`);

  const specs: string[] = [];
  const handlerLines: string[] = [];
  for (const op of [...ops].sort((a, b) => methodNames.get(a.operationId)!.localeCompare(methodNames.get(b.operationId)!))) {
    const method = methodNames.get(op.operationId)!;
    const T = method[0]!.toUpperCase() + method.slice(1);
    out.push(docComment(`${op.method.toUpperCase()} ${op.path}${op.op.summary ? `: ${op.op.summary}` : ''}`));
    const rb = deref(doc, op.op.requestBody);
    const bodyMedia = rb && rb.content && typeof rb.content === 'object' ? Object.entries<any>(rb.content) : [];
    // Several media types: the input is a union discriminated by the one the request used.
    const byMedia = bodyMedia.length > 1;
    out.push(byMedia ? `export interface ${T}InputParameters {` : `export interface ${T}Input {`);
    for (const where of ['path', 'query', 'header', 'cookie'] as const) {
      const key = where === 'header' ? 'headers' : where === 'cookie' ? 'cookies' : where;
      const params = op.parameters.filter((p) => p.in === where && canBeSent(p));
      if (!params.length) {
        if (where !== 'cookie') out.push(`  ${key}: Record<string, never>;`);
        continue;
      }
      out.push(`  ${key}: {`);
      for (const p of params) {
        const name = where === 'header' ? p.name.toLowerCase() : p.name;
        out.push(`    ${propertyKey(name)}${p.required ? '' : '?'}: ${printType(p.schema, requestOpts, '    ')};`);
      }
      out.push(`  };`);
    }
    const { members, spec, media } = resultMembers(doc, op, opts, hasCatalogue);
    // As the router negotiates Accept at run time, from the same spec.
    const produces = successMedia({ responses: spec, media });
    if (produces.length > 1) {
      out.push(`  /** The success media type the request's Accept prefers (the contract's preferred on a tie); return it as the result's \`contentType\`. */`);
      out.push(`  accept: ${produces.map((m) => JSON.stringify(m)).join(' | ')};`);
    }
    if (produces.some(isEventStream)) {
      out.push(`  /** Aborted when the client goes away before the response is complete: an event source waiting between events waits on it too. */`);
      out.push(`  signal: AbortSignal;`);
    }
    if (byMedia) {
      out.push(`}`);
      const variants = bodyMedia.map(([media, c]) => `(${T}InputParameters & { contentType: ${JSON.stringify(media.toLowerCase())}; body${rb.required ? '' : '?'}: ${requestBodyType(doc, media, c?.schema, requestOpts)} })`);
      if (!rb.required) variants.push(`(${T}InputParameters & { contentType?: undefined; body?: undefined })`);
      out.push(`export type ${T}Input =\n${variants.map((v) => `  | ${v}`).join('\n')};\n`);
    } else if (bodyMedia.length === 1) {
      const [media, c] = bodyMedia[0]!;
      out.push(`  body${rb.required ? '' : '?'}: ${requestBodyType(doc, media, c?.schema, requestOpts)};`);
      out.push(`}\n`);
    } else if (rb && rb.content && typeof rb.content === 'object') {
      out.push(`  body${rb.required ? '' : '?'}: unknown;`);
      out.push(`}\n`);
    } else {
      out.push(`  body?: undefined;`);
      out.push(`}\n`);
    }

    out.push(`export type ${T}Result =\n${members.map((m) => `  | ${m}`).join('\n')};\n`);
    handlerLines.push(`  ${propertyKey(method)}(input: ${T}Input, ctx: Ctx): ${T}Result | Promise<${T}Result>;`);
    const missing = op.parameters
      .filter((p) => p.required && (p.in === 'header' || p.in === 'query') && typeof p.raw['x-missing-error'] === 'string')
      .map((p) => ({ in: p.in, name: p.in === 'header' ? p.name.toLowerCase() : p.name, code: p.raw['x-missing-error'] }));
    specs.push(
      `  { operationId: ${JSON.stringify(method)}, method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(expressPath(op.path))}, ` +
        `headers: ${JSON.stringify(op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()))}, ` +
        `missing: ${JSON.stringify(missing)}, responses: ${JSON.stringify(spec)}${Object.keys(media).length ? `, media: ${JSON.stringify(media)}` : ''}${semanticsFields(doc, op)} },`,
    );
  }

  const bodyTypesUsed = ['FormValue', 'UploadedFile'].filter((t) => out.some((l, i) => i > bodiesImport && new RegExp(`\\b${t}\\b`).test(l)));
  const imports: string[] = [];
  if (bodyTypesUsed.length) imports.push(`import type { ${bodyTypesUsed.join(', ')} } from './bodies${x}';`);
  if (out.some((l, i) => i > bodiesImport && /\bServerSentEvent</.test(l))) imports.push(`import type { ServerSentEvent } from './responses${x}';`);
  out[bodiesImport] = imports.join('\n');
  out.push(`/** One method per operation. Each returns its result; the router renders it. */`);
  out.push(`export interface Handlers<Ctx = unknown> {`);
  out.push(...handlerLines);
  out.push(`}\n`);
  out.push(`/** The operation table the runtime routes by. */`);
  out.push(`export const operations: OperationSpec[] = [`);
  out.push(...specs);
  out.push(`];\n`);
  out.push(...securityVerifierLines(doc));
  out.push(`export interface RouterOptions<Ctx> extends Omit<RuntimeOptions<Ctx>, 'mapError' | 'security'> {`);
  out.push(`  /** One verifier per security scheme the operations require; a scheme without one answers 401 (fail closed). */`);
  out.push(`  security?: SecurityVerifiers;`);
  out.push(`  /** Turn a thrown error into a problem the catalogue declares (e.g. SERVICE_UNAVAILABLE); unmapped errors become 500 INTERNAL. */`);
  out.push(`  mapError?(err: unknown, operationId: string): ProblemResult<ErrorCode> | undefined;`);
  out.push(`}\n`);
  out.push(`let apiSpec: object | undefined;\n`);
  out.push(`/** The expanded contract the router validates against (the same document as openapi.json, embedded in document.ts). */`);
  out.push(`export function loadApiSpec(): object {`);
  out.push(`  apiSpec ??= JSON.parse(apiDocument) as object;`);
  out.push(`  return apiSpec;`);
  out.push(`}\n`);
  out.push(`/** An Express router serving every operation under \`basePath\`. */`);
  out.push(`export function createRouter<Ctx>(handlers: Handlers<Ctx>, options: RouterOptions<Ctx>): Router {`);
  out.push(`  return createRuntimeRouter<Ctx>({`);
  out.push(`    apiSpec: loadApiSpec(),`);
  out.push(`    basePath,`);
  out.push(`    operations,`);
  out.push(`    handlers: handlers as unknown as Record<string, (input: unknown, ctx: unknown) => never>,`);
  out.push(`    catalogue,`);
  out.push(`    options: options as RuntimeOptions<Ctx>,`);
  out.push(`    requestPlans,`);
  out.push(`  });`);
  out.push(`}\n`);
  out.push(`/** Mount last: answers every other path with a ROUTE_NOT_FOUND problem. */`);
  out.push(`export function notFoundFallback(options: { requestId?(req: Request): string | undefined } = {}): (req: Request, res: Response) => void {`);
  out.push(`  return runtimeNotFound(catalogue, options);`);
  out.push(`}`);
  files.set('server/index.ts', out.filter((l) => l !== '').join('\n') + '\n');
  files.set('server/document.ts', documentModule(doc, header));
  for (const module of ['server-runtime', 'schema30-runtime', 'body-runtime', 'response-runtime', 'refusal-runtime', 'security-runtime'] as const) files.set(...runtimeFile(module, header, x));
  for (const [f, text] of emitRequestValidation({ doc, operations: ops, names: methodNames, header, importExtension: x })) files.set(f, text);
  return files;
}

/**
 * The expanded document as a module, so the server needs no file beside its code at run time
 * (a `tsc` build copies no JSON, and bundlers would need a loader for it). It is one string
 * literal, parsed on first use: tsc only scans a string, and infers nothing from it. For the
 * GitHub REST contract (2.3 MB of JSON) tsc takes 0.7 s and 81 MB on document.ts alone, against
 * 1.4 s and 150 MB for the same document as an object literal (1.9 s and 212 MB `as const`);
 * and V8's JSON.parse is faster than evaluating the equivalent object literal.
 */
export function documentModule(doc: Record<string, any>, header: string): string {
  return (
    `${header}\n` +
    `/** The expanded contract (openapi.json, with the error catalogue turned into responses), as JSON text. */\n` +
    `export const apiDocument: string = ${JSON.stringify(JSON.stringify(doc))};\n`
  );
}

function resultMembers(doc: Record<string, any>, op: OperationView, opts: PrintOptions, hasCatalogue: boolean): { members: string[]; spec: Record<string, string | undefined>; media: Record<string, string[]> } {
  const members: string[] = [];
  const spec: Record<string, string | undefined> = {};
  const all: Record<string, string[]> = {};
  const responses = op.op.responses && typeof op.op.responses === 'object' ? op.op.responses : {};
  for (const status of Object.keys(responses).sort()) {
    const r = deref(doc, responses[status]);
    if (!r || typeof r !== 'object') continue;
    const codes: string[] | undefined = r['x-charter-codes'];
    const media = pickMediaType(r.content);
    spec[status] = media;
    if (hasCatalogue && Array.isArray(codes) && codes.length) {
      members.push(...codes.map((c) => `ProblemResult<${JSON.stringify(c)}>`));
      continue;
    }
    const statusType = /^[1-5][0-9][0-9]$/.test(status) ? status : 'number';
    const parts = [`status: ${statusType}`];
    const headers = r.headers && typeof r.headers === 'object' ? Object.entries<any>(r.headers) : [];
    const headerFields = headers
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, h]) => {
        const hv = deref(doc, h);
        return `${propertyKey(name)}${hv?.required ? '' : '?'}: ${printType(hv?.schema, opts, '    ')}`;
      });
    if (headerFields.length) {
      const anyRequired = headerFields.some((f) => !/^[^:]*\?:/.test(f));
      parts.push(`headers${anyRequired ? '' : '?'}: { ${headerFields.join('; ')} }`);
    } else {
      parts.push('headers?: Record<string, string>');
    }
    const declared = media && r.content[media] ? Object.keys(r.content) : [];
    if (declared.length > 1) {
      // Several representations: one member per media type, the contract's preferred one the default.
      all[status] = [media!, ...declared.filter((m) => m !== media)];
      for (const m of all[status]!) {
        const c = r.content[m];
        const tag = `contentType${m === media ? '?' : ''}: ${JSON.stringify(m)}`;
        members.push(`{ ${[parts[0], tag, ...parts.slice(1), `body: ${responseBodyType(m, c, opts)}`].join('; ')} }`);
      }
      continue;
    }
    parts.push(declared.length ? `body: ${responseBodyType(media!, r.content[media!], opts)}` : 'body?: undefined');
    members.push(`{ ${parts.join('; ')} }`);
  }
  if (!members.length) members.push('{ status: number; headers?: Record<string, string>; body?: unknown }');
  return { members, spec, media: all };
}

export function basePathOf(doc: Record<string, any>): string {
  const server = Array.isArray(doc.servers) ? doc.servers[0] : undefined;
  let url: string = typeof server?.url === 'string' ? server.url : '';
  url = url.replace(/\{([^}]+)\}/g, (_m, v: string) => String(server?.variables?.[v]?.default ?? v));
  let path = url;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
  if (abs) path = abs[1] ?? '';
  path = path.replace(/\/+$/, '');
  return path && path.startsWith('/') ? path : '';
}

/** OpenAPI `{param}` templates to Express 5 `:param`, escaping characters Express treats specially. */
export function expressPath(path: string): string {
  return path
    .split(/(\{[^}]*\})/)
    .map((part) => {
      const m = /^\{([^}]*)\}$/.exec(part);
      if (m) return `:${m[1]!.replace(/[^A-Za-z0-9_]/g, '_') || 'param'}`;
      return part.replace(/[()[\]{}*+?!:\\]/g, (c) => `\\${c}`);
    })
    .join('');
}

const UPLOADED_FILE_REF = '#charter/UploadedFile';

/**
 * The handler's type of a request body by its media type, as the runtime reads it (bodies.ts):
 * JSON and forms by their schema (a multipart file member as UploadedFile), text as a string,
 * any other media type as a Buffer (a wildcard may also be JSON).
 */
function requestBodyType(doc: Record<string, any>, media: string, schema: unknown, opts: PrintOptions): string {
  const m = media.split(';')[0]!.trim().toLowerCase();
  if (m === 'multipart/form-data') {
    const s = deref(doc, schema);
    if (s && typeof s === 'object' && s.properties && typeof s.properties === 'object') {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries<any>(s.properties)) {
        const d = deref(doc, sub);
        if (isBinarySchema(doc, d)) props[name] = { $ref: UPLOADED_FILE_REF };
        else if (d?.type === 'array' && isBinarySchema(doc, d.items)) props[name] = { ...d, items: { $ref: UPLOADED_FILE_REF } };
        else props[name] = sub;
      }
      const fileOpts: PrintOptions = { ...opts, refName: (ref) => (ref === UPLOADED_FILE_REF ? 'UploadedFile' : opts.refName(ref)) };
      return printType({ ...s, properties: props }, fileOpts, '  ');
    }
    return 'Record<string, FormValue>';
  }
  if (m === 'application/x-www-form-urlencoded') return printType(schema, opts, '  ');
  if (isJsonMedia(m) && !m.includes('*')) return printType(schema, opts, '  ');
  if (m.startsWith('text/')) return 'string';
  if (m === '*/*' || m === 'application/*') return `${printType(schema, opts, '  ')} | Buffer`;
  return 'Buffer';
}

/**
 * What a handler returns as a response body of this media type: JSON by its schema, text as a
 * string, bytes as a Buffer or a stream, and server-sent events as an async iterable of events
 * whose data is the schema of one event (`itemSchema`, else `schema`).
 */
function responseBodyType(media: string, content: any, opts: PrintOptions): string {
  const m = media.split(';')[0]!.trim().toLowerCase();
  const schema = content?.schema;
  if (m === 'text/event-stream') return `AsyncIterable<ServerSentEvent<${printType(content?.itemSchema ?? schema, opts, '    ')}>>`;
  if (isJsonMedia(m) && !m.includes('*')) return printType(schema, opts, '    ');
  if (m.startsWith('text/')) return 'string';
  const bytes = `Buffer | Uint8Array | import('node:stream').Readable`;
  if (m === '*/*' || m === 'application/*') return `${printType(schema, opts, '    ')} | ${bytes}`;
  return bytes;
}

/** The verifier map, typed from the contract's security schemes: the credential each one is given. */
function securityVerifierLines(doc: Record<string, any>): string[] {
  const schemes = doc.components?.securitySchemes && typeof doc.components.securitySchemes === 'object' ? doc.components.securitySchemes : {};
  const lines = [`/** What each security scheme's verifier is given: a bearer token or API key as a string, http basic as username and password. */`, `export interface SecurityVerifiers {`];
  for (const name of Object.keys(schemes).sort()) {
    const def = deref(doc, schemes[name]) ?? {};
    const credential = def.type === 'http' && String(def.scheme ?? '').toLowerCase() === 'basic' ? 'BasicCredential' : def.type === 'mutualTLS' ? 'never' : 'string';
    const what =
      def.type === 'http' ? `http ${String(def.scheme ?? 'bearer')}` : def.type === 'apiKey' ? `apiKey in ${String(def.in)} ${String(def.name)}` : def.type === 'mutualTLS' ? 'mutualTLS (not supported: always 401)' : String(def.type);
    lines.push(`  /** ${what.replace(/\*\//g, '*\\/')} */`);
    lines.push(`  ${propertyKey(name)}?: SecurityVerifier<${credential}>;`);
  }
  lines.push(`}\n`);
  return lines;
}

/** Security, rate-limit policy and idempotency, as the runtime's admission hooks need them. Omitted when the contract says nothing. */
function semanticsFields(doc: Record<string, any>, op: OperationView): string {
  const parts: string[] = [];
  const security = Array.isArray(op.op.security) ? op.op.security : Array.isArray(doc.security) ? doc.security : undefined;
  if (security) parts.push(`security: ${JSON.stringify(security)}`);
  const group = op.op['x-rate-limit']?.group;
  const policy = typeof group === 'string' ? doc['x-rate-limits']?.[group] : undefined;
  if (policy && Number.isInteger(policy.limit) && Number.isInteger(policy.windowSeconds)) {
    parts.push(`rateLimit: ${JSON.stringify({ group, limit: policy.limit, windowSeconds: policy.windowSeconds })}`);
  }
  const declared = op.op['x-idempotency'];
  const keyParam = op.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
  const idempotency = declared === 'required' || declared === 'optional' ? declared : declared === 'not-required' || !keyParam ? undefined : keyParam.required ? 'required' : 'optional';
  if (idempotency) parts.push(`idempotency: ${JSON.stringify(idempotency)}`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}
