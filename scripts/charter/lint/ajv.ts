/**
 * JSON Schema validation for lint: the spec schemas (compiled once per process) and the
 * contract's own schemas (compiled once per document, for examples), plus the translation
 * of ajv's errors into findings a contract author can act on.
 */
import { closest } from '../loader/suggest.ts';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { escapePointer, unescapePointer } from '../loader/source.ts';
import { isObject, type LintDocument, type Node } from './document.ts';

// ajv-formats is CommonJS; depending on the interop its plugin is the default export or `.default`.
const addFormats: (ajv: Ajv) => void = ((addFormatsImport as any).default ?? addFormatsImport) as any;

const SCHEMA_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'schemas');

export type SpecSchemaId = 'openapi-3.0' | 'openapi-3.1' | 'asyncapi-2.6' | 'asyncapi-3.0' | 'asyncapi-3.1';

const specValidators = new Map<SpecSchemaId, ValidateFunction>();

/** The validator of a spec's own JSON Schema, compiled on first use and kept for the process. */
export function specValidator(id: SpecSchemaId): ValidateFunction {
  let v = specValidators.get(id);
  if (v) return v;
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `${id}.json`), 'utf8'));
  const opts = { strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false } as const;
  const ajv = id.startsWith('openapi') ? new Ajv2020(opts) : new Ajv(opts);
  v = ajv.compile(schema);
  specValidators.set(id, v);
  return v;
}

export function specSchemaFor(kind: 'openapi' | 'asyncapi', version: string): SpecSchemaId | undefined {
  if (kind === 'openapi') return version.startsWith('3.1') ? 'openapi-3.1' : version.startsWith('3.0') ? 'openapi-3.0' : undefined;
  // 2.0 to 2.5 documents are checked against 2.6, which only added to them (see structure.ts).
  return /^2\.[0-6]\./.test(version) ? 'asyncapi-2.6' : version.startsWith('3.0') ? 'asyncapi-3.0' : version.startsWith('3.1') ? 'asyncapi-3.1' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Explaining ajv errors

export interface Explained {
  /** Pointer relative to the validated value ('' is the value itself). */
  pointer: string;
  message: string;
  hint?: string;
}

const depth = (p: string): number => (p === '' ? 0 : p.split('/').length - 1);
const under = (p: string, base: string): boolean => p === base || p.startsWith(`${base}/`);

/**
 * Turn ajv's raw error list into the few errors that explain it. With `oneOf`/`anyOf`, ajv
 * reports every alternative's failures; we keep the alternative that got furthest into the
 * value (the deepest errors), or, when none got anywhere, one summary error.
 */
export function explainAjvErrors(raw: ErrorObject[] | null | undefined, maxPerPointer = 3): Explained[] {
  if (!raw?.length) return [];
  const errors = raw.filter((e) => e.keyword !== 'if' && e.keyword !== '$ref');
  const alive = errors.map(() => true);
  const summaries = new Map<number, Explained>();
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    if ((e.keyword !== 'oneOf' && e.keyword !== 'anyOf') || (e.params as any)?.passingSchemas) continue;
    const block: number[] = [];
    for (let j = i - 1; j >= 0; j--) {
      if (!under(errors[j]!.instancePath, e.instancePath)) break;
      if (alive[j]) block.push(j);
    }
    if (!block.length) continue;
    const base = depth(e.instancePath);
    const maxDepth = Math.max(...block.map((j) => depth(errors[j]!.instancePath)));
    if (maxDepth > base) {
      for (const j of block) if (depth(errors[j]!.instancePath) < maxDepth) alive[j] = false;
      alive[i] = false;
      continue;
    }
    // No alternative got past this value: one summary error instead of each alternative's.
    for (const j of block) alive[j] = false;
    const parts = block.map((j) => errors[j]!);
    const allowed = parts.flatMap((p) => (p.keyword === 'enum' ? ((p.params as any).allowedValues as unknown[]) : p.keyword === 'const' ? [(p.params as any).allowedValue] : []));
    if (allowed.length === parts.length || (allowed.length && parts.every((p) => p.keyword === 'enum' || p.keyword === 'const'))) {
      summaries.set(i, { pointer: e.instancePath, message: `${subject(e.instancePath)} must be one of: ${listValues(allowed)}` });
    } else {
      const reasons = [...new Set(parts.reverse().map((p) => describe(p).message))];
      summaries.set(i, {
        pointer: e.instancePath,
        message: `${subject(e.instancePath)} matches none of the ${e.keyword === 'oneOf' ? 'alternatives' : 'allowed forms'}`,
        hint: `Make it satisfy one of them: ${reasons.slice(0, 4).join('; or ')}.`,
      });
    }
  }
  const out: Explained[] = [];
  const seen = new Set<string>();
  const perPointer = new Map<string, number>();
  for (let i = 0; i < errors.length; i++) {
    let x: Explained | undefined;
    if (summaries.has(i)) x = summaries.get(i);
    else if (alive[i]) x = describe(errors[i]!);
    if (!x) continue;
    const key = `${x.pointer}\u0000${x.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = perPointer.get(x.pointer) ?? 0;
    if (n >= maxPerPointer) continue;
    perPointer.set(x.pointer, n + 1);
    out.push(x);
  }
  return out;
}

function lastSegment(p: string): string | undefined {
  if (p === '') return undefined;
  return unescapePointer(p.slice(p.lastIndexOf('/') + 1));
}

function subject(p: string): string {
  const last = lastSegment(p);
  if (last === undefined) return 'the value';
  if (/^\d+$/.test(last)) {
    const parent = lastSegment(p.slice(0, p.lastIndexOf('/')));
    return parent === undefined ? `item ${last}` : `item ${last} of "${parent}"`;
  }
  return `"${last}"`;
}

function listValues(values: unknown[]): string {
  const uniq = [...new Set(values.map((v) => JSON.stringify(v)))];
  return uniq.length > 10 ? `${uniq.slice(0, 10).join(', ')}, …` : uniq.join(', ');
}

/** JSON Schema keywords that OpenAPI 3.0's Schema Object does not have. */
const JSON_SCHEMA_ONLY = new Set([
  '$schema', '$id', '$anchor', '$defs', '$comment', '$recursiveRef', '$recursiveAnchor', '$dynamicRef', '$dynamicAnchor',
  'const', 'contains', 'minContains', 'maxContains', 'propertyNames', 'patternProperties', 'additionalItems', 'prefixItems',
  'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'dependencies', 'unevaluatedProperties', 'unevaluatedItems',
  'examples', 'definitions', 'contentMediaType', 'contentEncoding', 'contentSchema',
]);

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function describe(e: ErrorObject): Explained {
  const p = e.params as Record<string, any>;
  const at = e.instancePath;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const prop = String(p.additionalProperty ?? p.unevaluatedProperty);
      // OpenAPI 3.0's Schema Object (the definition that knows `nullable`) is a subset of JSON Schema.
      if (isObject(e.parentSchema?.properties) && 'nullable' in e.parentSchema.properties && JSON_SCHEMA_ONLY.has(prop)) {
        return {
          pointer: `${at}/${escapePointer(prop)}`,
          message: `"${prop}" in ${subject(at)} is JSON Schema, but not a keyword of OpenAPI 3.0 schemas`,
          hint: 'OpenAPI 3.0 supports a subset of JSON Schema: remove it, or move the document to OpenAPI 3.1, which supports all of JSON Schema 2020-12.',
        };
      }
      const known = isObject(e.parentSchema) && isObject(e.parentSchema.properties) ? Object.keys(e.parentSchema.properties) : [];
      const near = closest(prop, known);
      const extensible = isObject(e.parentSchema) && isObject(e.parentSchema.patternProperties) && Object.keys(e.parentSchema.patternProperties).some((k) => k.startsWith('^x-') || k === '^x-');
      let hint = near ? `Did you mean "${near}"? ` : '';
      if (!near && known.length && known.length <= 12) hint += `Allowed here: ${known.join(', ')}. `;
      hint += extensible ? 'Remove it, or prefix it with x- to make it an extension.' : 'Remove it.';
      return { pointer: `${at}/${escapePointer(prop)}`, message: `unknown property "${prop}"${at ? ` in ${subject(at)}` : ''}`, hint };
    }
    case 'required':
      return { pointer: at, message: `${subject(at)} is missing the required property "${p.missingProperty}"` };
    case 'type': {
      const types = String(p.type).split(',');
      return { pointer: at, message: `${subject(at)} must be ${types.map(article).join(' or ')}` };
    }
    case 'enum': {
      const out: Explained = { pointer: at, message: `${subject(at)} must be one of: ${listValues(p.allowedValues ?? [])}` };
      // `type: int64` and friends: a format written where the type goes.
      const FORMAT_TYPES: Record<string, string> = { int32: 'integer', int64: 'integer', float: 'number', double: 'number', 'date-time': 'string', date: 'string', uuid: 'string', email: 'string', uri: 'string', binary: 'string', byte: 'string' };
      if (at.endsWith('/type') && typeof e.data === 'string' && FORMAT_TYPES[e.data]) out.hint = `${e.data} is a format: write type: ${FORMAT_TYPES[e.data]} with format: ${e.data}.`;
      return out;
    }
    case 'const':
      return { pointer: at, message: `${subject(at)} must be ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return { pointer: at, message: `${subject(at)} must match the pattern ${p.pattern}` };
    case 'format':
      return { pointer: at, message: `${subject(at)} is not a valid ${p.format}` };
    case 'false schema':
      return { pointer: at, message: `${subject(at)} is not allowed here` };
    case 'propertyNames':
      return { pointer: `${at}/${escapePointer(String(p.propertyName))}`, message: `property name "${p.propertyName}" is not allowed in ${subject(at)}` };
    case 'oneOf':
      if (p.passingSchemas) return { pointer: at, message: `${subject(at)} matches more than one of the alternatives (oneOf)`, hint: 'Make the alternatives mutually exclusive, or use anyOf.' };
      return { pointer: at, message: `${subject(at)} matches none of the alternatives` };
    default:
      return { pointer: at, message: `${subject(at)} ${e.message ?? 'is invalid'}` };
  }
}

export { closest };

// ---------------------------------------------------------------------------------------------
// The contract's own schemas, for validating examples

/** Keys whose values are data, never schemas: copied as they are. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'x-examples']);

/**
 * Rewrites OpenAPI 3.0 schema keywords to their JSON Schema meaning (`nullable`, boolean
 * `exclusiveMinimum`/`exclusiveMaximum`) and drops a typeless `nullable` (ajv refuses it).
 * Applied to a whole document: the keywords it touches only mean this in schemas.
 */
function toJsonSchema(node: unknown, openapi30: boolean, depthLeft = 512): unknown {
  if (depthLeft <= 0 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, openapi30, depthLeft - 1));
  const src = node as Record<string, any>;
  const out: Record<string, any> = {};
  for (const k of Object.keys(src)) {
    const v = src[k];
    out[k] = DATA_KEYS.has(k) || k.startsWith('x-') ? v : toJsonSchema(v, openapi30, depthLeft - 1);
  }
  if (typeof out.nullable === 'boolean') {
    if (out.nullable && openapi30) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    if (openapi30 || out.type === undefined) delete out.nullable;
  }
  if (openapi30) {
    for (const [ex, lim] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof out[ex] !== 'boolean') continue;
      if (out[ex] && typeof out[lim] === 'number') {
        out[ex] = out[lim];
        delete out[lim];
      } else delete out[ex];
    }
  }
  // `discriminator` is an OpenAPI annotation; ajv's own `discriminator` keyword is stricter.
  if (isObject(out.discriminator)) delete out.discriminator;
  return out;
}

export type SchemaValidator = ValidateFunction | { error: string };

/**
 * Compiles the contract's schemas for example validation: each loaded file is registered
 * once (converted to JSON Schema), each schema pointer is compiled once, and a schema ajv
 * cannot compile is remembered as such (its examples are skipped, with a warning).
 */
export class ContractSchemas {
  readonly #doc: LintDocument;
  /** Converted file roots, registered with each ajv instance. */
  readonly #roots: Array<{ id: string; root: Record<string, any> }> = [];
  readonly #ids = new Map<string, string>();
  readonly #ajv: { strict?: Ajv; coercing?: Ajv } = {};
  readonly #cache = new Map<string, SchemaValidator>();

  constructor(doc: LintDocument) {
    this.#doc = doc;
    const openapi30 = doc.kind === 'openapi' && !doc.isOpenApi31;
    const files = [doc.file, ...[...doc.contract.sources.keys()].filter((f) => f !== doc.file)];
    for (const f of files) {
      const id = pathToFileURL(f).href;
      this.#ids.set(f, id);
      const root = doc.fileRoot(f);
      if (!isObject(root)) continue;
      const converted = toJsonSchema(root, openapi30) as Record<string, any>;
      // Registered as a plain container: `$id`/`$schema` at the top would change its meaning.
      delete converted.$id;
      delete converted.$schema;
      this.#roots.push({ id, root: converted });
    }
  }

  /**
   * The ajv instance: strict types, or coercing ones for values that travel as strings
   * (parameters, form bodies), whose examples are often written as the wire shows them.
   */
  #instance(coerce: boolean): Ajv {
    const slot = coerce ? 'coercing' : 'strict';
    const have = this.#ajv[slot];
    if (have) return have;
    const opts = { strict: false, allErrors: true, validateSchema: false, logger: false, addUsedSchema: false, inlineRefs: false, coerceTypes: coerce ? ('array' as const) : false } as const;
    const ajv = this.#doc.isOpenApi31 ? new Ajv2020(opts) : new Ajv(opts);
    addFormats(ajv);
    for (const f of ['int32', 'int64', 'float', 'double']) ajv.addFormat(f, { type: 'number', validate: () => true });
    for (const f of ['byte', 'binary', 'password']) ajv.addFormat(f, () => true);
    for (const { id, root } of this.#roots) {
      try {
        ajv.addSchema(root, id, undefined, false);
      } catch {
        /* a file ajv cannot take (e.g. duplicate $ids): refs into it fail to compile, with a warning */
      }
    }
    this.#ajv[slot] = ajv;
    return ajv;
  }

  /** The validator of the schema at a node (refs inside resolve against the loaded files). */
  validator(node: Node, coerce = false): SchemaValidator {
    const key = `${coerce ? 'c' : 's'}${node.file}#${node.pointer}`;
    const hit = this.#cache.get(key);
    if (hit) return hit;
    let out: SchemaValidator;
    const id = this.#ids.get(node.file);
    try {
      if (!id) throw new Error('the schema is in a file that was not loaded');
      const fragment = node.pointer
        .split('/')
        .map((s) => encodeURIComponent(unescapePointer(s)).replace(/~/g, '~0').replace(/%2F/g, '~1'))
        .join('/');
      const validate = this.#instance(coerce).compile({ $ref: `${id}#${fragment}` });
      // Coercion writes into the value it checks: give it a copy, never the document.
      out = coerce ? withCopy(validate) : validate;
    } catch (e) {
      out = { error: firstLine((e as Error).message) };
    }
    this.#cache.set(key, out);
    return out;
  }

  /** A validator for all of several schemas at once (AsyncAPI message headers plus traits). */
  validatorAll(nodes: Node[]): SchemaValidator {
    if (nodes.length === 1) return this.validator(nodes[0]!);
    const key = nodes.map((n) => `${n.file}#${n.pointer}`).join('\u0000');
    const hit = this.#cache.get(key);
    if (hit) return hit;
    let out: SchemaValidator;
    try {
      const parts = nodes.map((n) => {
        const v = this.validator(n);
        if ('error' in v) throw new Error(v.error);
        return v;
      });
      const fn = ((data: unknown) => {
        const errs: ErrorObject[] = [];
        for (const p of parts) if (!p(data)) errs.push(...(p.errors ?? []));
        (fn as any).errors = errs.length ? errs : null;
        return errs.length === 0;
      }) as unknown as ValidateFunction;
      out = fn;
    } catch (e) {
      out = { error: firstLine((e as Error).message) };
    }
    this.#cache.set(key, out);
    return out;
  }
}

function withCopy(validate: ValidateFunction): ValidateFunction {
  const fn = ((data: unknown) => {
    const ok = validate(data !== null && typeof data === 'object' ? structuredClone(data) : data);
    (fn as any).errors = validate.errors;
    return ok;
  }) as unknown as ValidateFunction;
  return fn;
}

const firstLine = (s: string): string => s.split('\n')[0] ?? s;

const schemasByDoc = new WeakMap<LintDocument, ContractSchemas>();

/** One ContractSchemas per document, shared by the rules that validate examples. */
export function contractSchemas(doc: LintDocument): ContractSchemas {
  let s = schemasByDoc.get(doc);
  if (!s) {
    s = new ContractSchemas(doc);
    schemasByDoc.set(doc, s);
  }
  return s;
}
