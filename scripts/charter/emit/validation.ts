/**
 * The request-validation emitter: per operation, a plan the runtime decodes parameters by
 * (style, explode, the schema's types) and validators compiled at generate time with Ajv's
 * standalone code, one for the decoded parameters (`{ path, query, header, cookie }`) and one per
 * request body media type. It writes generated/server/validators.ts (the compiled code and the
 * plans), and copies the runtimes it needs: request.ts (router and decoders) and formats.ts.
 *
 * The validators are held to express-openapi-validator, which the runtime can still be switched
 * to (`requestValidation: 'express-openapi-validator'`): the same Ajv options (no coercion inside
 * the validator, defaults applied, formats as it defines them for requests, 3.0 schemas read as
 * OpenAPI 3.0 defines them). test/runtime/differential.test.ts compares the two.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { canBeSent, deref, type OperationView, type ParameterView } from '../model/openapi.ts';
import { formats } from './runtime/formats-runtime.ts';
import { fromOpenApi30 } from './runtime/schema30-runtime.ts';
import type { OperationPlan, ParamPlan, ValueShape } from './runtime/request-runtime.ts';
import { isJsonRequest, type BodyReadPlan, type FormField } from './runtime/body-runtime.ts';
import type { FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';

const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule) as unknown as (
  ajv: Ajv2020,
  refs: Record<string, string>,
) => string;

const DOC_ID = 'charter:openapi';

/** The runtime helpers Ajv's standalone code requires, and what formats.ts exports for them. */
const AJV_RUNTIME: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': 'ucs2length',
  'require("ajv/dist/runtime/equal").default': 'equal',
};

export interface RequestValidationInput {
  doc: Record<string, any>;
  operations: OperationView[];
  /** The identifier each operation has in the generated operation table (by operationId). */
  names: Map<string, string>;
  header: string;
  importExtension: ImportExtension;
}

/** A plan as emitted: the validators are named by their export in validators.ts. */
interface EmittedPlan extends Omit<OperationPlan, 'validateParams' | 'bodies'> {
  method: string;
  template: string;
  validateParams?: string;
  bodies?: Record<string, string | null>;
  /** How each non-JSON media type is read (form members, byte limits), by media type. */
  reads?: Record<string, BodyReadPlan>;
}

/** The runtime templates (emit/runtime/<module>.ts) and the names they are generated under (server/<name>.ts). */
export const SERVER_RUNTIMES = {
  'server-runtime': 'runtime',
  'request-runtime': 'request',
  'formats-runtime': 'formats',
  'body-runtime': 'bodies',
  'response-runtime': 'responses',
  'refusal-runtime': 'refusals',
  'schema30-runtime': 'schema30',
  'security-runtime': 'security',
} as const;
export type ServerRuntime = keyof typeof SERVER_RUNTIMES;

/** A runtime template as generated: its imports of the other templates point at their generated names, with the project's extension. */
export function runtimeSource(source: string, x: ImportExtension): string {
  return source.replace(/from '\.\/([a-z0-9]+-runtime)\.ts';/g, (_, module: string) => {
    const name = (SERVER_RUNTIMES as Record<string, string>)[module];
    if (!name) throw new Error(`a server runtime imports ./${module}.ts, which is not in SERVER_RUNTIMES`);
    return `from './${name}${x}';`;
  });
}

/** The generated file of one runtime template: `server/<name>.ts` and its text. */
export function runtimeFile(module: ServerRuntime, header: string, x: ImportExtension): [string, string] {
  const source = fs.readFileSync(fileURLToPath(new URL(`./runtime/${module}.ts`, import.meta.url)), 'utf8');
  return [`server/${SERVER_RUNTIMES[module]}.ts`, header + '\n' + runtimeSource(source, x)];
}

/** Whether a media type's body is JSON (parsed by the runtime, so validated against its schema). */
export function isJsonMedia(media: string): boolean {
  return /^application\/json(;|$)|^[^/]+\/[^;]*\+json(;|$)|^\*\/\*$|^application\/\*$/i.test(media.trim());
}

export function emitRequestValidation({ doc, operations, names, header, importExtension: x }: RequestValidationInput): FileMap {
  const files: FileMap = new Map();
  const is30 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.0');
  const brokenDefault = defaultChecker(doc);
  const admits = schemaChecker(doc);
  const normalise = (schema: unknown): unknown => rebase(withoutBrokenDefaults(withoutReadOnlyRequired(doc, fromOpenApi30(schema)), brokenDefault));
  const ajv = new Ajv2020({
    strict: false,
    strictNumbers: true,
    strictTuples: false,
    allErrors: false,
    useDefaults: true,
    validateSchema: false,
    validateFormats: true,
    logger: false,
    formats: formats as never,
    code: { source: true, esm: true, formats: _`formats`, lines: false },
    passContext: true,
  });
  // A readOnly member SHOULD NOT be sent in a request (OpenAPI 3.0 and 3.1, Schema Object): refused
  // in a body. Body validators are called with `{ body: true }` as `this`; the parameter validator is
  // not, so a parameter whose schema is marked readOnly (GitHub's alert_number) is still accepted.
  ajv.removeKeyword('readOnly');
  ajv.addKeyword({
    keyword: 'readOnly',
    schemaType: 'boolean',
    code(cxt) {
      if (cxt.schema === true) cxt.fail(_`this !== undefined && this !== null && this.body === true`);
    },
    error: { message: 'is read-only' },
  });
  // A file member of a multipart body (`format: binary`, `contentMediaType`) is an UploadedFile
  // once read: its presence and count are checked, not its content.
  ajv.addKeyword({
    keyword: 'charterFile',
    schemaType: 'boolean',
    code(cxt) {
      const d = cxt.data;
      cxt.fail(_`!(${d} !== null && typeof ${d} === "object" && !Array.isArray(${d}) && typeof ${d}.size === "number")`);
    },
    error: { message: 'must be one file' },
  });
  // 3.1 documents get the same reading: Ajv (and so express-openapi-validator) gives `nullable` its
  // 3.0 meaning in any version, and real 3.1 documents still carry draft 4's boolean exclusive bounds.
  ajv.addSchema(withoutBrokenDefaults(withoutReadOnlyRequired(doc, fromOpenApi30(doc)), brokenDefault) as object, DOC_ID);

  const exportsByName: Record<string, string> = {};
  const plans: Array<[string, EmittedPlan]> = [];
  let n = 0;
  const addValidator = (schema: object): string => {
    const id = `v${n++}`;
    ajv.addSchema({ ...schema, $id: `charter:${id}` });
    exportsByName[id] = `charter:${id}`;
    return id;
  };

  for (const op of operations) {
    const name = names.get(op.operationId);
    if (!name) continue;
    const sendable = op.parameters.filter(canBeSent);
    const params = sendable.map((p) => paramPlan(doc, p, is30, admits));
    const plan: EmittedPlan = { method: op.method, template: op.path, params };
    if (params.length) {
      const where = { path: 'path', query: 'query', header: 'header', cookie: 'cookie' } as const;
      const properties: Record<string, any> = {};
      for (const loc of Object.keys(where) as Array<keyof typeof where>) {
        const own = sendable.filter((p) => p.in === loc);
        if (!own.length) continue;
        const props: Record<string, unknown> = {};
        for (const p of own) props[loc === 'header' ? p.name.toLowerCase() : p.name] = normalise(p.schema ?? {});
        const required = own.filter((p) => p.required).map((p) => (loc === 'header' ? p.name.toLowerCase() : p.name));
        properties[loc] = { type: 'object', properties: props, ...(required.length ? { required } : {}) };
      }
      plan.validateParams = addValidator({ type: 'object', properties });
    }
    const rb = deref(doc, op.op.requestBody);
    if (rb && typeof rb === 'object' && rb.content && typeof rb.content === 'object') {
      plan.bodyRequired = rb.required === true;
      plan.bodies = {};
      for (const media of Object.keys(rb.content).sort()) {
        const mediaObject = rb.content[media] ?? {};
        const schema = mediaObject.schema;
        const m = media.split(';')[0]!.trim().toLowerCase();
        const key = media.toLowerCase();
        if (schema === undefined) plan.bodies[key] = null;
        else if (isJsonMedia(media)) plan.bodies[key] = addValidator({ allOf: [normalise(schema)] });
        else if (m === 'application/x-www-form-urlencoded' || m === 'multipart/form-data') {
          const multipart = m === 'multipart/form-data';
          (plan.reads ??= {})[key] = { fields: formFields(doc, schema, mediaObject.encoding, multipart, is30) };
          plan.bodies[key] = addValidator({ allOf: [normalise(multipart ? withFileMembers(doc, schema) : schema)] });
        } else if (m.startsWith('text/')) {
          // Text is a string: checked when the schema admits one (maxLength, pattern, enum); a text
          // body declared with an object schema cannot be read as one, and is not checked.
          const types = shapeOf(doc, schema, is30, 0).types;
          plan.bodies[key] = types.length === 0 || types.includes('string') ? addValidator({ allOf: [normalise(schema)] }) : null;
        } else {
          // Bytes: not checked against the schema, but its maxLength is their limit (octets, for unencoded binary).
          plan.bodies[key] = null;
          const max = deref(doc, schema)?.maxLength;
          if (typeof max === 'number' && Number.isSafeInteger(max) && max >= 0) (plan.reads ??= {})[key] = { maxBytes: max };
        }
      }
    }
    plans.push([name, plan]);
  }

  let code = n ? standaloneCode(ajv, exportsByName) : '"use strict";';
  for (const [from, to] of Object.entries(AJV_RUNTIME)) code = code.split(from).join(to);
  const leftover = /require\("([^"]+)"\)/.exec(code);
  if (leftover) throw new Error(`the compiled request validators need ${leftover[1]}, which the generated server does not provide`);

  const out: string[] = [header];
  out.push('// @ts-nocheck -- Ajv standalone code, compiled from the contract by `charter generate`.');
  out.push(`import { equal, formats, ucs2length } from './formats${x}';`);
  out.push(`import type { OperationPlan } from './request${x}';`);
  out.push(`import type { BodyReadPlan } from './bodies${x}';\n`);
  out.push(code.replace(/^"use strict";/, ''));
  out.push('');
  out.push('/** Per operation: how its parameters are decoded, and the validators compiled for them and its body. */');
  out.push('export const requestPlans: Record<string, OperationPlan & { method: string; template: string; reads?: Record<string, BodyReadPlan> }> = {');
  for (const [name, plan] of plans.sort(([a], [b]) => a.localeCompare(b))) {
    const { validateParams, bodies, reads, ...rest } = plan;
    const fields = [JSON.stringify(rest).slice(1, -1)];
    if (reads) fields.push(`reads: ${JSON.stringify(reads)}`);
    if (validateParams) fields.push(`validateParams: ${validateParams}`);
    if (bodies) fields.push(`bodies: { ${Object.entries(bodies).map(([m, v]) => `${JSON.stringify(m)}: ${v ?? 'null'}`).join(', ')} }`);
    out.push(`  ${JSON.stringify(name)}: { ${fields.join(', ')} },`);
  }
  out.push('};');
  // Unused until a validator needs them; referenced so no import is reported unused.
  out.push('void equal; void ucs2length; void formats;');
  files.set('server/validators.ts', out.join('\n') + '\n');
  for (const module of ['request-runtime', 'formats-runtime'] as const) files.set(...runtimeFile(module, header, x));
  return files;
}

/** A string schema that carries bytes (a file part of a multipart body). */
export function isBinarySchema(doc: Record<string, any>, schema: unknown): boolean {
  const s = deref(doc, schema);
  return !!s && typeof s === 'object' && (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'))) && (s.format === 'binary' || (typeof s.contentMediaType === 'string' && s.contentEncoding === undefined));
}

/** The file members of a multipart schema (its own properties, as the handler types read them). */
function fileMembers(doc: Record<string, any>, schema: unknown): Map<string, { many: boolean; file: any; array?: any }> {
  const out = new Map<string, { many: boolean; file: any; array?: any }>();
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || !s.properties || typeof s.properties !== 'object') return out;
  for (const [name, sub] of Object.entries<any>(s.properties)) {
    const d = deref(doc, sub);
    if (isBinarySchema(doc, d)) out.set(name, { many: false, file: d });
    else if (d?.type === 'array' && isBinarySchema(doc, d.items)) out.set(name, { many: true, file: deref(doc, d.items), array: d });
  }
  return out;
}

/** A multipart schema with its file members checked as files (presence, count), not as strings. */
function withFileMembers(doc: Record<string, any>, schema: unknown): unknown {
  const files = fileMembers(doc, schema);
  if (!files.size) return schema;
  const s = deref(doc, schema);
  const properties: Record<string, unknown> = { ...s.properties };
  for (const [name, f] of files) {
    if (!f.many) properties[name] = { charterFile: true };
    else {
      const { items: _items, ...array } = f.array;
      properties[name] = { ...array, items: { charterFile: true } };
    }
  }
  return { ...s, properties };
}

/** How each member of a form body is read: its types, its encoding, and for multipart its file limits. */
function formFields(doc: Record<string, any>, schema: unknown, encoding: unknown, multipart: boolean, is30: boolean): Record<string, FormField> {
  const shape = shapeOf(doc, schema, is30, 0);
  const files = multipart ? fileMembers(doc, schema) : new Map();
  const encodings = (encoding && typeof encoding === 'object' ? encoding : {}) as Record<string, any>;
  const out: Record<string, FormField> = {};
  for (const [name, memberShape] of Object.entries(shape.properties ?? {})) {
    const field: FormField = { shape: memberShape };
    const enc = encodings[name] && typeof encodings[name] === 'object' ? encodings[name] : {};
    const contentType = typeof enc.contentType === 'string' ? enc.contentType : undefined;
    const file = files.get(name);
    if (file) {
      field.file = file.many ? 'many' : 'one';
      if (typeof file.file?.maxLength === 'number') field.maxBytes = file.file.maxLength;
      if (file.many && typeof file.array?.maxItems === 'number') field.maxFiles = file.array.maxItems;
      const accept = contentType ?? (typeof file.file?.contentMediaType === 'string' ? file.file.contentMediaType : undefined);
      if (accept) field.accept = accept.split(',').map((t: string) => t.trim()).filter(Boolean);
    } else {
      const styled = !multipart && (typeof enc.style === 'string' || typeof enc.explode === 'boolean');
      if (styled) {
        if (typeof enc.style === 'string') field.style = enc.style;
        if (typeof enc.explode === 'boolean') field.explode = enc.explode;
        else if (enc.style !== undefined && enc.style !== 'form') field.explode = false;
      }
      const item = memberShape.types.includes('array') ? memberShape.items : memberShape;
      const objectValued = !!item && item.types.includes('object') && !item.types.includes('string');
      // An encoding's contentType may list several media types; the first is the one a client sends.
      if (contentType ? isJsonRequest(contentType.split(',')[0]!) : !styled && objectValued) field.json = true;
    }
    out[name] = field;
  }
  return out;
}

/** Whether a schema lists `''` in an `enum` or `const`, here or in a branch it reaches. */
function namesEmptyString(doc: Record<string, any>, schema: unknown, depth = 0): boolean {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || depth > 16) return false;
  if (s.const === '' || (Array.isArray(s.enum) && s.enum.includes(''))) return true;
  return ['anyOf', 'oneOf', 'allOf'].some((k) => Array.isArray(s[k]) && s[k].some((b: unknown) => namesEmptyString(doc, b, depth + 1)));
}

function paramPlan(doc: Record<string, any>, p: ParameterView, is30: boolean, admits: (schema: unknown, value: unknown) => boolean | undefined): ParamPlan {
  const raw = p.raw;
  const style = typeof raw.style === 'string' ? raw.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  const explode = typeof raw.explode === 'boolean' ? raw.explode : style === 'form';
  const plan: ParamPlan = {
    name: p.name,
    in: p.in,
    key: p.in === 'header' ? p.name.toLowerCase() : p.name,
    required: p.required,
    style,
    explode,
    shape: shapeOf(doc, p.schema, is30, 0),
  };
  // `?name=` is refused unless allowed, or unless the schema names the empty string as a value
  // (Stripe's "unset", `enum: ['']`) and admits it: that value is not refused before the schema is consulted.
  if (p.in === 'query' && (raw.allowEmptyValue === true || (namesEmptyString(doc, p.schema) && admits(fromOpenApi30(p.schema), '') === true))) plan.allowEmpty = true;
  if (p.in === 'query' && raw.allowReserved === true) plan.allowReserved = true;
  if (raw.schema === undefined && raw.content && typeof raw.content === 'object') {
    const media = Object.keys(raw.content)[0];
    if (media) plan.media = media;
  }
  return plan;
}

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];

/** The types a schema admits, its items' and its properties', following $refs and combinators. */
export function shapeOf(doc: Record<string, any>, schema: unknown, is30: boolean, depth: number): ValueShape {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || depth > 8) return { types: [] };
  const types = new Set<string>();
  let items: ValueShape | undefined;
  let properties: Record<string, ValueShape> | undefined;
  let additional: ValueShape | undefined;
  // The strings admitted: listed ones, unless some part admits any string.
  let strings: string[] | undefined;
  let anyString = false;
  const merge = (other: ValueShape) => {
    if (other.types.includes('string')) {
      if (other.strings) strings = [...(strings ?? []), ...other.strings];
      else anyString = true;
    }
    for (const t of other.types) types.add(t);
    if (other.items) items ??= other.items;
    if (other.properties) properties = { ...other.properties, ...properties };
    if (other.additional) additional ??= other.additional;
  };
  if (typeof s.type === 'string') types.add(s.type);
  else if (Array.isArray(s.type)) for (const t of s.type) if (typeof t === 'string') types.add(t);
  if (is30 && s.nullable === true && types.size) types.add('null');
  const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : undefined;
  if (!types.size && values) {
    for (const v of values) types.add(v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  }
  if (types.has('string')) {
    if (values) strings = values.filter((v: unknown): v is string => typeof v === 'string');
    else anyString = true;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    const parts = s[key].map((sub: unknown) => shapeOf(doc, sub, is30, depth + 1));
    if (key === 'allOf') {
      for (const part of parts) merge(part);
    } else if (parts.every((part: ValueShape) => part.types.length)) {
      for (const part of parts) merge(part);
    } else if (!types.size) {
      // A branch of unknown type: leave the value a string, as the validator will see it.
      return { types: [] };
    }
  }
  if (s.items && typeof s.items === 'object') items = shapeOf(doc, s.items, is30, depth + 1);
  if (s.properties && typeof s.properties === 'object') {
    properties = { ...properties };
    for (const [k, v] of Object.entries<unknown>(s.properties)) properties[k] = shapeOf(doc, v, is30, depth + 1);
  }
  // A map: only an explicit additionalProperties makes one (its absence admits anything, but declares no members).
  if (s.additionalProperties === true) additional = { types: [] };
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') additional = shapeOf(doc, s.additionalProperties, is30, depth + 1);
  if (!types.size && (properties || additional)) types.add('object');
  if (!types.size && items) types.add('array');
  const out: ValueShape = { types: [...types].filter((t) => JSON_TYPES.includes(t)).sort() };
  if (items) out.items = items;
  if (properties) out.properties = properties;
  if (additional) out.additional = additional;
  if (strings && !anyString && out.types.includes('string')) out.strings = [...new Set(strings)];
  return out;
}

/**
 * A readOnly property listed in `required` is required in responses only (OpenAPI Schema Object):
 * in the copy the request validators are compiled from, it is not required.
 */
function withoutReadOnlyRequired(doc: Record<string, any>, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutReadOnlyRequired(doc, v));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'example' || k === 'examples' ? v : withoutReadOnlyRequired(doc, v);
  const props = out['properties'];
  if (Array.isArray(out['required']) && props && typeof props === 'object') {
    out['required'] = (out['required'] as unknown[]).filter((name) => deref(doc, (props as Record<string, any>)[name as string])?.readOnly !== true);
  }
  return out;
}

/**
 * Whether a schema's `default` fails the schema itself (`type: object, default: null`). Such a
 * default is not applied (OpenAPI: a default MUST conform to its schema): filled in before
 * validation, it would make a request that leaves the member out invalid. `charter generate` warns
 * about each one (`brokenDefaults`). The node is one of the request validators' normalised copies.
 */
function defaultChecker(doc: Record<string, any>): (node: Record<string, unknown>) => boolean {
  const admits = schemaChecker(doc);
  const seen = new Map<string, boolean>();
  return (node) => {
    const { default: value, ...rest } = node;
    const key = JSON.stringify(node);
    let broken = seen.get(key);
    if (broken === undefined) {
      // A schema Ajv cannot compile here is reported where the validators are compiled.
      broken = admits(rest, value) === false;
      seen.set(key, broken);
    }
    return broken;
  };
}

/**
 * Whether a (normalised, document-relative) schema admits a value, at generate time: undefined
 * when Ajv cannot compile the schema.
 */
function schemaChecker(doc: Record<string, any>): (schema: unknown, value: unknown) => boolean | undefined {
  let checker: Ajv2020 | undefined;
  return (schema, value) => {
    if (!checker) {
      checker = new Ajv2020({ strict: false, strictNumbers: true, strictTuples: false, allErrors: false, validateSchema: false, validateFormats: true, logger: false, formats: formats as never });
      checker.addKeyword({ keyword: 'charterFile', schemaType: 'boolean' });
      checker.addSchema(withoutReadOnlyRequired(doc, fromOpenApi30(doc)) as object, DOC_ID);
    }
    try {
      return checker.compile(rebase(schema) as object)(value);
    } catch {
      return undefined;
    }
  };
}

/** Keys whose values are data, not schemas. */
const SCHEMA_DATA_KEYS = new Set(['enum', 'const', 'default', 'example', 'examples']);

/** A copy without the defaults that fail their own schema. */
function withoutBrokenDefaults(value: unknown, broken: (node: Record<string, unknown>) => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutBrokenDefaults(v, broken));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SCHEMA_DATA_KEYS.has(k) ? v : withoutBrokenDefaults(v, broken);
  if ('default' in out && broken(out)) delete out['default'];
  return out;
}

/**
 * The schemas of a document whose `default` fails the schema itself, by JSON pointer, for
 * `charter generate`'s warnings: the generated server does not apply those defaults.
 */
export function brokenDefaults(doc: Record<string, any>): string[] {
  const check = defaultChecker(doc);
  const out: string[] = [];
  const walk = (value: unknown, pointer: string, depth: number): void => {
    if (!value || typeof value !== 'object' || depth > 256) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${pointer}/${i}`, depth + 1));
      return;
    }
    const node = value as Record<string, unknown>;
    if ('default' in node && ('type' in node || '$ref' in node || 'properties' in node || 'anyOf' in node || 'oneOf' in node || 'allOf' in node || 'enum' in node)) {
      if (check(withoutReadOnlyRequired(doc, fromOpenApi30(node)) as Record<string, unknown>)) out.push(pointer);
    }
    for (const [k, v] of Object.entries(node)) if (!SCHEMA_DATA_KEYS.has(k)) walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
  };
  walk(doc['paths'], '/paths', 0);
  walk(doc['components'], '/components', 0);
  walk(doc['webhooks'], '/webhooks', 0);
  return out;
}

/** Local references made to point into the document registered with Ajv. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${DOC_ID}${v}` : rebase(v);
  }
  return out;
}
