/**
 * Values generated from a JSON Schema (OpenAPI 3.0 or 3.1 dialect), deterministic for a seed:
 * what the mock answers when an operation has no example, and what the conformance suite sends.
 *
 * Covered: `type` (one or a list, `null` included) and the 3.0 `nullable`; `enum` and `const`;
 * string formats (date-time, date, time, email, uuid, uri and its kin, hostname, ipv4, ipv6,
 * byte, binary, duration) and `pattern` (an example that matches it, else a string built from
 * the pattern, see pattern.ts); `minLength`/`maxLength`, `minimum`/`maximum` (both dialects of
 * `exclusive*`), `multipleOf`, `minItems`/`maxItems`/`uniqueItems`, `prefixItems`,
 * `minProperties`/`maxProperties`; required properties always, optional ones at random, fewer the
 * deeper the value; `allOf` (merged), `oneOf` (a branch the whole `oneOf` accepts, when a checker is
 * given; the discriminator set to the branch's name) and `anyOf`; local `$ref`s (with 3.1 siblings);
 * `readOnly` properties left out of requests and `writeOnly` ones out of responses. A leaf's own
 * `example` is used when it obviously fits. What cannot be generated is recorded in `notes`.
 */
import { patternString } from './pattern.ts';
import type { Random } from './random.ts';

export type Schema = Record<string, any>;

export interface GenerateContext {
  doc: Record<string, any>;
  random: Random;
  /** A request carries no `readOnly` property; a response no `writeOnly` one. */
  direction: 'request' | 'response';
  /**
   * Whether `value` is valid against the document's schema at `pointer` (a `#/…` pointer), as the
   * server's validator says; undefined when it cannot tell. Used to pick a `oneOf` branch only.
   */
  check?(pointer: string, value: unknown): boolean | undefined;
  /** Why a value may not be what the schema asks (an unsupported pattern, say), each once. */
  notes: Set<string>;
  /** Required properties only (a retry of a `oneOf` branch whose optional properties matched another branch too). */
  minimal?: boolean;
}

/** Each schema object of the document by identity, with its JSON pointer (for `check`). */
const pointers = new WeakMap<object, WeakMap<object, string>>();

function pointerIndex(doc: Record<string, any>): WeakMap<object, string> {
  let index = pointers.get(doc);
  if (index) return index;
  index = new WeakMap();
  const walk = (node: unknown, at: string, depth: number) => {
    if (node === null || typeof node !== 'object' || depth > 200 || index!.has(node)) return;
    index!.set(node, at);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}/${i}`, depth + 1));
    else for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples' && k !== 'const' && k !== 'enum' && k !== 'default') walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
  };
  walk(doc, '#', 0);
  pointers.set(doc, index);
  return index;
}

/** The JSON pointer (`#/…`) of a schema object of the document, if it is one (not a merged copy). */
export function pointerOf(doc: Record<string, any>, node: unknown): string | undefined {
  return node !== null && typeof node === 'object' ? pointerIndex(doc).get(node) : undefined;
}

export function getRef(doc: Record<string, any>, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let v: any = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = v[token];
  }
  return v;
}

/** A schema with its `$ref` chain followed (3.1 siblings of a `$ref` merged over its target). */
export function resolve(doc: Record<string, any>, schema: unknown): Schema {
  let s: any = schema;
  for (let hops = 0; hops < 32 && s && typeof s === 'object' && typeof s.$ref === 'string'; hops++) {
    const target = getRef(doc, s.$ref);
    if (target === undefined) return {};
    const { $ref: _ref, ...siblings } = s;
    const meaningful = Object.keys(siblings).filter((k) => !['description', 'summary', 'title', '$comment'].includes(k));
    s = meaningful.length ? { allOf: [target, siblings] } : target;
  }
  if (s === true || s === undefined || s === null) return {};
  if (s === false) return { not: {} };
  return s as Schema;
}

function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type.filter((t: unknown): t is string => typeof t === 'string');
  if (typeof s.type === 'string') return s.nullable === true ? [s.type, 'null'] : [s.type];
  if (s.properties || s.additionalProperties || s.required || s.minProperties !== undefined || s.patternProperties) return ['object'];
  if (s.items || s.prefixItems || s.minItems !== undefined || s.maxItems !== undefined) return ['array'];
  if (s.minLength !== undefined || s.maxLength !== undefined || s.pattern !== undefined || s.format !== undefined && !['int32', 'int64', 'float', 'double'].includes(s.format)) return ['string'];
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined || typeof s.exclusiveMinimum === 'number' || typeof s.exclusiveMaximum === 'number') return ['number'];
  return [];
}

/** `allOf` merged into one schema (properties and `required` joined, bounds tightened). */
export function mergeAllOf(doc: Record<string, any>, schema: Schema, depth = 0): Schema {
  if (!Array.isArray(schema.allOf) || depth > 16) return schema;
  const { allOf, ...rest } = schema;
  let out: Schema = mergeAllOf(doc, rest, depth + 1);
  for (const part of allOf as unknown[]) out = merge(out, mergeAllOf(doc, resolve(doc, part), depth + 1));
  return out;
}

function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    if (mine === undefined) {
      out[k] = v;
      continue;
    }
    switch (k) {
      case 'properties':
        out[k] = { ...mine };
        for (const [name, p] of Object.entries(v as Schema)) out[k][name] = out[k][name] === undefined ? p : { allOf: [out[k][name], p] };
        break;
      case 'required':
        out[k] = [...new Set([...(mine as string[]), ...(v as string[])])];
        break;
      case 'type': {
        const ta = Array.isArray(mine) ? mine : [mine];
        const tb = Array.isArray(v) ? v : [v];
        const both = ta.filter((t: string) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
        const extra = tb.filter((t: string) => t === 'integer' && ta.includes('number'));
        out[k] = [...new Set([...both, ...extra])];
        break;
      }
      case 'enum':
        out[k] = (mine as unknown[]).filter((x) => (v as unknown[]).some((y) => JSON.stringify(x) === JSON.stringify(y)));
        break;
      case 'minimum': case 'minLength': case 'minItems': case 'minProperties':
        out[k] = Math.max(mine, v);
        break;
      case 'maximum': case 'maxLength': case 'maxItems': case 'maxProperties':
        out[k] = Math.min(mine, v);
        break;
      case 'nullable':
        out[k] = mine === true && v === true;
        break;
      case 'additionalProperties':
        out[k] = mine === false || v === false ? false : { allOf: [mine, v] };
        break;
      case 'items':
        out[k] = { allOf: [mine, v] };
        break;
      case 'oneOf': case 'anyOf':
        // Two alternatives lists: both must hold; keep the first and the second as an allOf part.
        out['allOf'] = [...(out['allOf'] ?? []), { [k]: v }];
        break;
      default:
        break;
    }
  }
  return out;
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
const MAX_DEPTH = 24;

/** Whether a leaf example obviously fits its schema (type, enum, bounds, pattern); formats are not checked, so formatted strings never use it. */
function leafExampleFits(s: Schema, v: unknown): boolean {
  if (v === undefined || v === null || typeof v === 'object') return false;
  const types = typesOf(s);
  if (typeof v === 'string') {
    if (!types.includes('string') || s.format !== undefined) return false;
    if (typeof s.minLength === 'number' && v.length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) return false;
    if (typeof s.pattern === 'string') {
      try {
        if (!new RegExp(s.pattern, 'u').test(v)) return false;
      } catch {
        return false;
      }
    }
  } else if (typeof v === 'number') {
    if (!(types.includes('number') || (types.includes('integer') && Number.isInteger(v)))) return false;
    if (s.format !== undefined && !['int32', 'int64', 'float', 'double'].includes(s.format)) return false;
    if (typeof s.minimum === 'number' && v < s.minimum) return false;
    if (typeof s.maximum === 'number' && v > s.maximum) return false;
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) return false;
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) return false;
    if (s.exclusiveMinimum === true && v <= s.minimum) return false;
    if (s.exclusiveMaximum === true && v >= s.maximum) return false;
    if (typeof s.multipleOf === 'number' && !isMultiple(v, s.multipleOf)) return false;
    if (s.format === 'int32' && Math.abs(v) > 2 ** 31 - 1) return false;
  } else if (typeof v === 'boolean') {
    if (!types.includes('boolean')) return false;
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) return false;
  return true;
}

/** As Ajv tests `multipleOf` (without multipleOfPrecision). */
function isMultiple(v: number, m: number): boolean {
  const div = v / m;
  return div === parseInt(String(div), 10);
}

function leafExample(s: Schema): unknown {
  if (s.example !== undefined && leafExampleFits(s, s.example)) return s.example;
  if (Array.isArray(s.examples) && s.examples.length && leafExampleFits(s, s.examples[0])) return s.examples[0];
  return undefined;
}

/** A value for `schema`, a schema object of `ctx.doc` (or inside it). */
export function generateValue(schema: unknown, ctx: GenerateContext, depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    ctx.notes.add('a schema nests deeper than the generator follows; the innermost value is null');
    return null;
  }
  let s = resolve(ctx.doc, schema);
  const original = s;
  if (Array.isArray(s.allOf)) s = mergeAllOf(ctx.doc, s);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) {
    const nonNull = s.enum.filter((v: unknown) => v !== null);
    return ctx.random.pick(nonNull.length ? nonNull : s.enum);
  }
  const alternatives = Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : undefined;
  if (alternatives) return generateAlternative(original, s, alternatives, ctx, depth);
  // A leftover allOf part (two alternatives lists merged): satisfy its alternatives too.
  const types = typesOf(s);
  const nonNull = types.filter((t) => t !== 'null');
  if (!types.length) {
    if (s.not !== undefined && Object.keys(s).length === 1) return 'value';
    return 'value';
  }
  if (!nonNull.length) return null;
  const type = nonNull.includes('object') ? 'object' : nonNull.includes('array') && depth < 8 ? 'array' : ctx.random.pick(nonNull);
  switch (type) {
    case 'object': return generateObject(s, ctx, depth);
    case 'array': return generateArray(s, ctx, depth);
    case 'string': return generateString(s, ctx);
    case 'integer': return generateNumber(s, ctx, true);
    case 'number': return generateNumber(s, ctx, false);
    case 'boolean': {
      const ex = leafExample(s);
      return typeof ex === 'boolean' ? ex : ctx.random.chance(0.5);
    }
    default:
      ctx.notes.add(`type "${type}" is not a JSON Schema type; generated a string`);
      return 'value';
  }
}

function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function generateAlternative(original: Schema, merged: Schema, keyword: 'oneOf' | 'anyOf', ctx: GenerateContext, depth: number): unknown {
  const branches = merged[keyword] as unknown[];
  const { [keyword]: _alts, ...rest } = merged;
  const order = branches.map((_, i) => i);
  // A deterministic shuffle, but a non-null branch first: `anyOf: [X, {type: null}]` is how 3.1 writes "nullable X".
  for (let i = order.length - 1; i > 0; i--) {
    const j = ctx.random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const isNull = (b: unknown) => {
    const r = resolve(ctx.doc, b);
    return r.type === 'null' || (Array.isArray(r.enum) && r.enum.length === 1 && r.enum[0] === null);
  };
  order.sort((x, y) => Number(isNull(branches[x])) - Number(isNull(branches[y])));
  const pointer = pointerOf(ctx.doc, original);
  const discriminator = merged.discriminator?.propertyName as string | undefined;
  const mapping = (merged.discriminator?.mapping ?? {}) as Record<string, string>;
  let last: unknown;
  // Every branch as drawn, then every branch with required properties only (optional ones are what
  // makes a value match two branches), then further draws, so an overlap is retried, not returned.
  const attempts: Array<{ i: number; minimal: boolean }> = [];
  for (let round = 0; attempts.length < 12; round++) for (const i of order) attempts.push({ i, minimal: round === 1 });
  for (const { i, minimal } of attempts.slice(0, Math.max(12, order.length * 3))) {
    const branch = branches[i];
    const part = Object.keys(rest).filter((k) => k !== 'discriminator' && k !== 'nullable').length ? { allOf: [rest, branch] } : branch;
    let value = generateValue(part, minimal ? { ...ctx, minimal: true } : ctx, depth + 1);
    if (discriminator && value && typeof value === 'object' && !Array.isArray(value)) {
      const ref = (branch as { $ref?: string })?.$ref;
      const key = Object.entries(mapping).find(([, target]) => target === ref || refName(target) === refName(ref))?.[0] ?? refName(ref);
      const prop = resolve(ctx.doc, mergeAllOf(ctx.doc, resolve(ctx.doc, branch)).properties?.[discriminator]);
      const fixed = prop.const !== undefined || (Array.isArray(prop.enum) && !(key !== undefined && prop.enum.includes(key)));
      if (key !== undefined && !fixed) value = { ...(value as object), [discriminator]: key };
    }
    last = value;
    if (keyword === 'anyOf' || !ctx.check || pointer === undefined) return value;
    if (ctx.check(pointer, value) !== false) return value;
  }
  ctx.notes.add(`no branch of the ${keyword} at ${pointer ?? 'an inline schema'} produced a value the whole ${keyword} accepts`);
  return last;
}

function generateObject(s: Schema, ctx: GenerateContext, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  const skipped = (p: unknown) => {
    const r = resolve(ctx.doc, p);
    const m = Array.isArray(r.allOf) ? mergeAllOf(ctx.doc, r) : r;
    return ctx.direction === 'request' ? m.readOnly === true : m.writeOnly === true;
  };
  const optionalChance = ctx.minimal ? 0 : depth <= 1 ? 0.7 : depth <= 3 ? 0.4 : depth <= 6 ? 0.15 : 0;
  const maxProps = typeof s.maxProperties === 'number' ? s.maxProperties : Infinity;
  const names = Object.keys(properties);
  const propertyNames = s.propertyNames && typeof s.propertyNames === 'object' ? resolve(ctx.doc, s.propertyNames) : undefined;
  const nameFits = (name: string) => !propertyNames || leafExampleFits({ type: 'string', ...propertyNames, format: undefined }, name);
  for (const name of names) {
    const p = properties[name];
    if (skipped(p) && !(required.has(name) && ctx.direction === 'response')) continue;
    if (!required.has(name) && !nameFits(name)) continue;
    if (!required.has(name) && !(ctx.random.chance(optionalChance) && Object.keys(out).length < maxProps)) continue;
    out[name] = generateValue(p, ctx, depth + 1);
  }
  const extra = s.additionalProperties;
  const extraSchema = extra === undefined || extra === true ? {} : extra === false ? undefined : extra;
  for (const name of required) {
    if (name in out) continue;
    if (name in properties) {
      // A readOnly property a request cannot send; a validator that still requires it is the finding.
      continue;
    }
    out[name] = extraSchema === undefined ? 'value' : generateValue(extraSchema, ctx, depth + 1);
  }
  // What a present property brings with it: dependentRequired names, dependentSchemas' required members.
  for (let pass = 0; pass < 3; pass++) {
    for (const present of Object.keys(out)) {
      const names2 = [...(Array.isArray(s.dependentRequired?.[present]) ? (s.dependentRequired[present] as string[]) : [])];
      const dep = s.dependentSchemas?.[present] === undefined ? undefined : mergeAllOf(ctx.doc, resolve(ctx.doc, s.dependentSchemas[present]));
      if (dep && Array.isArray(dep.required)) names2.push(...(dep.required as string[]));
      for (const name of names2) {
        if (name in out) continue;
        const schema = dep?.properties?.[name] !== undefined ? (properties[name] !== undefined ? { allOf: [properties[name], dep.properties[name]] } : dep.properties[name]) : properties[name] ?? extraSchema ?? {};
        out[name] = generateValue(schema, ctx, depth + 1);
      }
    }
  }
  const min = typeof s.minProperties === 'number' ? s.minProperties : 0;
  for (const name of names) {
    if (Object.keys(out).length >= min) break;
    if (!(name in out) && !skipped(properties[name]) && nameFits(name)) out[name] = generateValue(properties[name], ctx, depth + 1);
  }
  const isMap = !names.length && extraSchema !== undefined && extra !== undefined && extra !== true;
  let k = 1;
  while (extraSchema !== undefined && (Object.keys(out).length < min || (isMap && k === 1 && depth < 4 && Object.keys(out).length < maxProps))) {
    let key = `key${k++}`;
    if (propertyNames && !nameFits(key)) {
      const generated = generateValue({ type: 'string', ...propertyNames }, ctx, depth + 1);
      if (typeof generated === 'string') key = generated;
    }
    out[key] = generateValue(extraSchema, ctx, depth + 1);
    if (k > min + 2) break;
  }
  return out;
}

function generateArray(s: Schema, ctx: GenerateContext, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  const wanted = depth > 6 ? min : Math.max(min, Math.min(max, ctx.random.int(1, 2)));
  const n = Math.min(max, Math.max(wanted, 0));
  const out: unknown[] = [];
  const seen = new Set<string>();
  const items = s.items === false ? undefined : s.items ?? {};
  // `contains`: the first minContains items (1 by default) are drawn from it as well.
  const containing = s.contains === undefined ? 0 : typeof s.minContains === 'number' ? s.minContains : 1;
  const n2 = Math.min(max, Math.max(n, containing));
  for (let attempt = 0; out.length < n2 && attempt < n2 * 6 + 4; attempt++) {
    const i = out.length;
    let itemSchema = i < prefix.length ? prefix[i] : items;
    if (i < containing && itemSchema !== undefined) itemSchema = { allOf: [itemSchema, s.contains] };
    if (itemSchema === undefined) break;
    const v = generateValue(itemSchema, ctx, depth + 1);
    if (s.uniqueItems === true) {
      const key = JSON.stringify(v);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(v);
  }
  if (out.length < min) ctx.notes.add(`could not generate ${min} distinct items for an array with uniqueItems`);
  return out;
}

function pad(text: string, min: number, max: number): string {
  let out = text;
  while (out.length < min) out += 'x';
  return out.length > max ? out.slice(0, Math.max(max, 0)) : out;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function generateString(s: Schema, ctx: GenerateContext): string {
  const r = ctx.random;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  const ex = leafExample(s);
  if (typeof ex === 'string') return ex;
  if (typeof s.pattern === 'string') {
    const fromPattern = patternString(s.pattern, r, min, max);
    if (fromPattern !== undefined) return fromPattern;
    ctx.notes.add(`cannot generate a string for the pattern ${JSON.stringify(s.pattern)} (give the schema an example that matches it)`);
  }
  const day = new Date(Date.UTC(2024, 0, 1) + r.int(0, 700) * 86_400_000 + r.int(0, 86_399) * 1000);
  const iso = day.toISOString().replace(/\.\d{3}Z$/, 'Z');
  let value: string | undefined;
  switch (s.format) {
    case 'date-time': value = iso; break;
    case 'date': value = iso.slice(0, 10); break;
    case 'time': value = `${iso.slice(11, 19)}Z`; break;
    case 'email': case 'idn-email': value = `${r.pick(WORDS)}${r.int(1, 99)}@example.com`; break;
    case 'uuid': {
      const hex = () => r.int(0, 15).toString(16);
      const h = (n: number) => Array.from({ length: n }, hex).join('');
      value = `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
      break;
    }
    case 'uri': case 'url': case 'iri': case 'uri-reference': case 'iri-reference': value = `https://example.com/${r.pick(WORDS)}/${r.int(1, 999)}`; break;
    case 'uri-template': value = `https://example.com/${r.pick(WORDS)}/{id}`; break;
    case 'hostname': case 'idn-hostname': value = `${r.pick(WORDS)}.example.com`; break;
    case 'ipv4': value = `192.0.2.${r.int(1, 254)}`; break;
    case 'ipv6': value = `2001:db8::${r.int(1, 65535).toString(16)}`; break;
    case 'byte': value = Buffer.from(pad(r.pick(WORDS), min, Infinity)).toString('base64'); break;
    case 'binary': value = r.pick(WORDS); break;
    case 'password': value = `secret-${r.int(100, 999)}`; break;
    case 'duration': value = `P${r.int(1, 30)}D`; break;
    case 'json-pointer': value = `/${r.pick(WORDS)}`; break;
    case 'relative-json-pointer': value = '0'; break;
    case 'regex': value = '^[a-z]+$'; break;
    case 'int64': case 'int32': value = String(r.int(1, 1000)); break;
    default: break;
  }
  if (value !== undefined) {
    if (value.length < min || value.length > max) ctx.notes.add(`a ${s.format} string cannot be ${min}..${max} characters long`);
    return value;
  }
  const words = [r.pick(WORDS)];
  if (r.chance(0.5)) words.push(r.pick(WORDS));
  return pad(words.join(' '), min, max);
}

function generateNumber(s: Schema, ctx: GenerateContext, integer: boolean): number {
  const ex = leafExample(s);
  if (typeof ex === 'number') return ex;
  const r = ctx.random;
  let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
  let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
  let loOpen = s.exclusiveMinimum === true;
  let hiOpen = s.exclusiveMaximum === true;
  if (typeof s.exclusiveMinimum === 'number' && s.exclusiveMinimum >= lo) [lo, loOpen] = [s.exclusiveMinimum, true];
  if (typeof s.exclusiveMaximum === 'number' && s.exclusiveMaximum <= hi) [hi, hiOpen] = [s.exclusiveMaximum, true];
  if (s.format === 'int32') [lo, hi] = [Math.max(lo, -(2 ** 31)), Math.min(hi, 2 ** 31 - 1)];
  if (lo === -Infinity && hi === Infinity) [lo, hi] = [1, 1000];
  else if (lo === -Infinity) lo = hi > 1 ? 1 : hi - 1000;
  else if (hi === Infinity) hi = lo + 1000;
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : integer ? 1 : undefined;
  if (step !== undefined) {
    const first = Math.ceil(lo / step);
    const last = Math.floor(hi / step);
    for (let attempt = 0; attempt < 40; attempt++) {
      const k = r.int(first, Math.min(last, first + 1000));
      let v = k * step;
      if (!Number.isInteger(step)) v = Number(v.toFixed(12));
      if ((loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi) && isMultiple(v, step) && (!integer || Number.isInteger(v))) return v;
    }
    if (lo <= 0 && hi >= 0 && !(loOpen && lo === 0) && !(hiOpen && hi === 0)) return 0;
    ctx.notes.add(`found no multiple of ${step} in [${lo}, ${hi}]`);
  }
  if (integer) {
    const a = Math.ceil(loOpen ? lo + 1e-9 : lo);
    const b = Math.floor(hiOpen ? hi - 1e-9 : hi);
    return r.int(a, Math.min(b, a + 1000));
  }
  const width = Math.min(hi - lo, 1000);
  // A number that is not an integer where the range allows it, so `oneOf: [number, integer]` can tell them apart.
  let v = Math.round((lo + r.next() * width) * 100) / 100;
  if (Number.isInteger(v) && (hiOpen ? v + 0.25 < hi : v + 0.25 <= hi)) v += 0.25;
  if (loOpen && v <= lo) v = lo + width / 2;
  if (hiOpen && v >= hi) v = lo + width / 2;
  return v;
}
