/**
 * A normalised view of one JSON Schema node, so that rules compare meaning, not spelling:
 * `$ref`s followed, `allOf` merged, `nullable: true` (3.0), `type: [x, 'null']` (3.1) and
 * `anyOf: [x, {type: 'null'}]` all read as "x, nullable", 3.0 boolean and 3.1 numeric
 * `exclusiveMaximum` read as the same bound.
 */
import type { DocSide } from './docside.ts';
import { isObject } from './docside.ts';
import type { Node } from './types.ts';

export interface Bound {
  value: number;
  exclusive: boolean;
  /** Keyword that carries it, for locations. */
  keyword: string;
}

export interface PropertyView {
  node: Node;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** `x-sunset` of the property, when set. */
  sunset?: unknown;
}

export interface SchemaView {
  /** The node the view was read from (after `$ref`s). Keywords are reported at `${node.pointer}/keyword`. */
  node: Node;
  /** Pointer of the last `$ref` target followed, e.g. `/components/schemas/User`. */
  refTarget?: string;
  /** Allowed JSON types; undefined means any type. 'null' is kept apart in `nullable`. */
  types?: Set<string>;
  nullable: boolean;
  format?: string;
  enum?: unknown[];
  const?: { value: unknown };
  pattern?: string;
  bounds: Partial<Record<BoundKeyword, Bound>>;
  multipleOf?: number;
  uniqueItems: boolean;
  properties: Map<string, PropertyView>;
  required: Set<string>;
  /** undefined: not said (open); true/false; or a schema. */
  additionalProperties?: boolean | Node;
  items?: Node;
  branches?: { kind: 'oneOf' | 'anyOf'; nodes: Node[] };
  discriminator?: { propertyName?: string; mapping: Record<string, string>; node: Node };
  default?: { value: unknown };
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** `false` schema (nothing valid) or `not: {}`. */
  never: boolean;
  // JSON Schema 2020-12 applicators and content keywords (first one met wins, like `format`).
  prefixItems?: Node[];
  /** `items: false` (nothing after the prefix). */
  itemsFalse?: boolean;
  contains?: Node;
  /** Property name → names it requires when present (merged over allOf). */
  dependentRequired: Map<string, string[]>;
  dependentSchemas: Map<string, Node>;
  conditional?: { if?: Node; then?: Node; else?: Node };
  patternProperties: Map<string, Node>;
  propertyNames?: Node;
  /** The schema form of `unevaluatedProperties` (`false` reads as additionalProperties false). */
  unevaluatedProperties?: Node;
  /** `false` or a schema. */
  unevaluatedItems?: false | Node;
  contentSchema?: Node;
  contentMediaType?: string;
  contentEncoding?: string;
  /** A non-empty `not` schema. */
  not?: Node;
  /** `x-extensible-enum` values (open enums: clients must accept others). */
  extensibleEnum?: unknown[];
  /** Where each keyword was found (allOf members keep their own pointers). */
  at: Record<string, Node>;
}

export type BoundKeyword = 'maximum' | 'minimum' | 'maxLength' | 'minLength' | 'maxItems' | 'minItems' | 'maxProperties' | 'minProperties' | 'maxContains' | 'minContains';
export const BOUND_KEYWORDS: BoundKeyword[] = ['maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties', 'maxContains', 'minContains'];
export const isUpperBound = (k: BoundKeyword) => k.startsWith('max');

const MAX_ALLOF_DEPTH = 32;

const views = new WeakMap<DocSide, Map<string, SchemaView>>();

/** The view of a schema node; cached per document and node (views are never modified). */
export function readView(side: DocSide, start: Node, depth = 0): SchemaView {
  let cache = views.get(side);
  if (!cache) views.set(side, (cache = new Map()));
  const key = `${start.file}#${start.pointer}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const view = computeView(side, start, depth);
  if (depth === 0) cache.set(key, view);
  return view;
}

function computeView(side: DocSide, start: Node, depth: number): SchemaView {
  const node = side.deref(start);
  const view: SchemaView = {
    node,
    refTarget: node.pointer !== start.pointer || node.file !== start.file ? node.pointer : undefined,
    nullable: false,
    bounds: {},
    uniqueItems: false,
    properties: new Map(),
    required: new Set(),
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    never: false,
    dependentRequired: new Map(),
    dependentSchemas: new Map(),
    patternProperties: new Map(),
    at: {},
  };
  merge(side, view, node, 0, new Set());
  // `anyOf/oneOf: [X, {type: null}]` is "X, nullable".
  if (view.branches) {
    const nonNull = view.branches.nodes.filter((b) => !isNullSchema(side.deref(b).value));
    if (nonNull.length < view.branches.nodes.length) {
      view.nullable = true;
      if (nonNull.length === 1 && depth < 16) {
        const inner = nonNull[0]!;
        view.branches = undefined;
        const innerView = readView(side, inner, depth + 1);
        return combine(view, innerView);
      }
      view.branches = { kind: view.branches.kind, nodes: nonNull };
    }
  }
  // A composition without its own `type` has the types of its branches.
  if (view.branches && !view.types && depth < 6) {
    const union = new Set<string>();
    let all = true;
    for (const b of view.branches.nodes) {
      const bv = readView(side, b, depth + 1);
      if (!bv.types) {
        all = false;
        break;
      }
      for (const t of bv.types) union.add(t);
      if (bv.nullable) view.nullable = true;
    }
    if (all) view.types = union;
  }
  return view;
}

/** The outer view adds nullability/doc flags around the inner one. */
function combine(outer: SchemaView, inner: SchemaView): SchemaView {
  return {
    ...inner,
    refTarget: inner.refTarget ?? outer.refTarget,
    nullable: outer.nullable || inner.nullable,
    readOnly: outer.readOnly || inner.readOnly,
    writeOnly: outer.writeOnly || inner.writeOnly,
    deprecated: outer.deprecated || inner.deprecated,
    default: outer.default ?? inner.default,
    properties: outer.properties.size ? new Map([...inner.properties, ...outer.properties]) : inner.properties,
    required: new Set([...inner.required, ...outer.required]),
    dependentRequired: outer.dependentRequired.size ? new Map([...inner.dependentRequired, ...outer.dependentRequired]) : inner.dependentRequired,
    at: { ...inner.at, ...outer.at },
  };
}

export function isNullSchema(v: any): boolean {
  if (!isObject(v)) return false;
  if (v.type === 'null') return true;
  if (Array.isArray(v.type) && v.type.length === 1 && v.type[0] === 'null') return true;
  if ('const' in v && v.const === null && Object.keys(v).every((k) => k === 'const' || k === 'description' || k === 'title')) return true;
  if (Array.isArray(v.enum) && v.enum.length === 1 && v.enum[0] === null && !v.type) return true;
  return false;
}

function merge(side: DocSide, view: SchemaView, node: Node, depth: number, seen: Set<string>): void {
  const s = node.value;
  const key = `${node.file}#${node.pointer}`;
  if (seen.has(key) || depth > MAX_ALLOF_DEPTH) return;
  seen.add(key);
  if (s === false) {
    view.never = true;
    return;
  }
  if (!isObject(s)) return;
  const here = (k: string): Node => ({ value: s[k], file: node.file, pointer: `${node.pointer}/${k}` });

  if (s.type !== undefined) {
    const list: string[] = Array.isArray(s.type) ? s.type.map(String) : [String(s.type)];
    const set = new Set(list.filter((t) => t !== 'null'));
    if (list.includes('null')) view.nullable = true;
    if (set.size === 0 && list.includes('null')) {
      // `type: null` alone: only null.
      view.types = intersect(view.types, new Set(['null-only']));
    } else view.types = intersect(view.types, set);
    view.at.type ??= here('type');
  }
  if (s.nullable === true) {
    view.nullable = true;
    view.at.nullable ??= here('nullable');
  }
  if (typeof s.format === 'string' && view.format === undefined) {
    view.format = s.format;
    view.at.format = here('format');
  }
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v: unknown) => v !== null);
    if (s.enum.includes(null)) view.nullable = true;
    view.enum = view.enum ? view.enum.filter((v) => values.some((w: unknown) => same(v, w))) : values;
    view.at.enum ??= here('enum');
  }
  if ('const' in s && view.const === undefined) {
    view.const = { value: s.const };
    view.at.const = here('const');
  }
  // An empty pattern matches every string: it is no pattern.
  if (typeof s.pattern === 'string' && s.pattern !== '' && view.pattern === undefined) {
    view.pattern = s.pattern;
    view.at.pattern = here('pattern');
  }
  for (const k of BOUND_KEYWORDS) {
    if (typeof s[k] !== 'number') continue;
    let exclusive = false;
    if (k === 'maximum' && s.exclusiveMaximum === true) exclusive = true;
    if (k === 'minimum' && s.exclusiveMinimum === true) exclusive = true;
    tighten(view, k, { value: s[k], exclusive, keyword: k }, here(k));
  }
  if (typeof s.exclusiveMaximum === 'number') tighten(view, 'maximum', { value: s.exclusiveMaximum, exclusive: true, keyword: 'exclusiveMaximum' }, here('exclusiveMaximum'));
  if (typeof s.exclusiveMinimum === 'number') tighten(view, 'minimum', { value: s.exclusiveMinimum, exclusive: true, keyword: 'exclusiveMinimum' }, here('exclusiveMinimum'));
  if (typeof s.multipleOf === 'number' && view.multipleOf === undefined) {
    view.multipleOf = s.multipleOf;
    view.at.multipleOf = here('multipleOf');
  }
  if (s.uniqueItems === true) {
    view.uniqueItems = true;
    view.at.uniqueItems ??= here('uniqueItems');
  }
  if (isObject(s.properties)) {
    for (const name of Object.keys(s.properties)) {
      if (view.properties.has(name)) continue;
      const pnode: Node = { value: s.properties[name], file: node.file, pointer: `${node.pointer}/properties/${escape(name)}` };
      const resolved = side.deref(pnode).value;
      const own = isObject(pnode.value) ? pnode.value : {};
      const res = isObject(resolved) ? resolved : {};
      view.properties.set(name, {
        node: pnode,
        readOnly: own.readOnly === true || res.readOnly === true,
        writeOnly: own.writeOnly === true || res.writeOnly === true,
        deprecated: own.deprecated === true || res.deprecated === true,
        sunset: own['x-sunset'] ?? res['x-sunset'],
      });
    }
  }
  if (Array.isArray(s.required)) {
    for (const r of s.required) if (typeof r === 'string') view.required.add(r);
    view.at.required ??= here('required');
  }
  if (s.additionalProperties !== undefined && view.additionalProperties === undefined) {
    const ap = s.additionalProperties;
    view.additionalProperties = typeof ap === 'boolean' ? ap : here('additionalProperties');
    view.at.additionalProperties = here('additionalProperties');
  } else if (s.unevaluatedProperties === false && view.additionalProperties === undefined) {
    view.additionalProperties = false;
    view.at.additionalProperties = here('unevaluatedProperties');
  }
  if (s.items === false) {
    view.itemsFalse = true;
    view.at.items ??= here('items');
  } else if (s.items !== undefined && !Array.isArray(s.items) && view.items === undefined) {
    view.items = here('items');
  }
  read2020(view, s, node, here);
  for (const kind of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[kind]) && !view.branches) {
      view.branches = { kind, nodes: s[kind].map((_: unknown, i: number) => ({ value: s[kind][i], file: node.file, pointer: `${node.pointer}/${kind}/${i}` })) };
      view.at[kind] = here(kind);
    }
  }
  if (isObject(s.discriminator) && !view.discriminator) {
    view.discriminator = {
      propertyName: typeof s.discriminator.propertyName === 'string' ? s.discriminator.propertyName : undefined,
      mapping: isObject(s.discriminator.mapping) ? s.discriminator.mapping : {},
      node: here('discriminator'),
    };
  }
  if ('default' in s && view.default === undefined) {
    view.default = { value: s.default };
    view.at.default = here('default');
  }
  if (s.readOnly === true) view.readOnly = true;
  if (s.writeOnly === true) view.writeOnly = true;
  if (s.deprecated === true) view.deprecated = true;
  if (isObject(s.not) && Object.keys(s.not).length === 0) view.never = true;

  if (Array.isArray(s.allOf)) {
    s.allOf.forEach((_: unknown, i: number) => {
      const member = side.deref({ value: s.allOf[i], file: node.file, pointer: `${node.pointer}/allOf/${i}` });
      merge(side, view, member, depth + 1, seen);
    });
  }
}

/** The 2020-12 applicators and content keywords of one schema object. */
function read2020(view: SchemaView, s: Record<string, any>, node: Node, here: (k: string) => Node): void {
  if (Array.isArray(s.prefixItems) && !view.prefixItems) {
    view.prefixItems = s.prefixItems.map((_: unknown, i: number) => ({ value: s.prefixItems[i], file: node.file, pointer: `${node.pointer}/prefixItems/${i}` }));
    view.at.prefixItems = here('prefixItems');
  }
  if (s.contains !== undefined && !view.contains) {
    view.contains = here('contains');
    view.at.contains = view.contains;
  }
  if (isObject(s.dependentRequired)) {
    for (const [k, list] of Object.entries(s.dependentRequired)) {
      if (!Array.isArray(list)) continue;
      const cur = view.dependentRequired.get(k) ?? [];
      view.dependentRequired.set(k, [...new Set([...cur, ...list.filter((x): x is string => typeof x === 'string')])]);
    }
    view.at.dependentRequired ??= here('dependentRequired');
  }
  if (isObject(s.dependentSchemas)) {
    for (const k of Object.keys(s.dependentSchemas)) {
      if (!view.dependentSchemas.has(k)) view.dependentSchemas.set(k, { value: s.dependentSchemas[k], file: node.file, pointer: `${node.pointer}/dependentSchemas/${escape(k)}` });
    }
    view.at.dependentSchemas ??= here('dependentSchemas');
  }
  if ((s.if !== undefined || s.then !== undefined || s.else !== undefined) && !view.conditional) {
    view.conditional = {
      ...(s.if !== undefined ? { if: here('if') } : {}),
      ...(s.then !== undefined ? { then: here('then') } : {}),
      ...(s.else !== undefined ? { else: here('else') } : {}),
    };
    view.at.if = here(s.if !== undefined ? 'if' : s.then !== undefined ? 'then' : 'else');
  }
  if (isObject(s.patternProperties)) {
    for (const k of Object.keys(s.patternProperties)) {
      if (!view.patternProperties.has(k)) view.patternProperties.set(k, { value: s.patternProperties[k], file: node.file, pointer: `${node.pointer}/patternProperties/${escape(k)}` });
    }
    view.at.patternProperties ??= here('patternProperties');
  }
  if (s.propertyNames !== undefined && !view.propertyNames && !(isObject(s.propertyNames) && Object.keys(s.propertyNames).length === 0)) {
    view.propertyNames = here('propertyNames');
    view.at.propertyNames = view.propertyNames;
  }
  if (isObject(s.unevaluatedProperties) && !view.unevaluatedProperties) {
    view.unevaluatedProperties = here('unevaluatedProperties');
    view.at.unevaluatedProperties = view.unevaluatedProperties;
  }
  if ((s.unevaluatedItems === false || isObject(s.unevaluatedItems)) && view.unevaluatedItems === undefined) {
    view.unevaluatedItems = s.unevaluatedItems === false ? false : here('unevaluatedItems');
    view.at.unevaluatedItems = here('unevaluatedItems');
  }
  if (s.contentSchema !== undefined && !view.contentSchema) {
    view.contentSchema = here('contentSchema');
    view.at.contentSchema = view.contentSchema;
  }
  if (typeof s.contentMediaType === 'string' && view.contentMediaType === undefined) {
    view.contentMediaType = s.contentMediaType;
    view.at.contentMediaType = here('contentMediaType');
  }
  if (typeof s.contentEncoding === 'string' && view.contentEncoding === undefined) {
    view.contentEncoding = s.contentEncoding;
    view.at.contentEncoding = here('contentEncoding');
  }
  if (s.not !== undefined && !(isObject(s.not) && Object.keys(s.not).length === 0) && !view.not) {
    view.not = here('not');
    view.at.not = view.not;
  }
  if (Array.isArray(s['x-extensible-enum']) && !view.extensibleEnum) {
    view.extensibleEnum = s['x-extensible-enum'];
    view.at['x-extensible-enum'] = here('x-extensible-enum');
  }
}

function tighten(view: SchemaView, k: BoundKeyword, b: Bound, at: Node): void {
  const cur = view.bounds[k];
  if (!cur) {
    view.bounds[k] = b;
    view.at[k] = at;
    return;
  }
  const upper = isUpperBound(k);
  const tighter = upper ? b.value < cur.value || (b.value === cur.value && b.exclusive && !cur.exclusive) : b.value > cur.value || (b.value === cur.value && b.exclusive && !cur.exclusive);
  if (tighter) {
    view.bounds[k] = b;
    view.at[k] = at;
  }
}

function intersect(a: Set<string> | undefined, b: Set<string>): Set<string> {
  if (!a) return b;
  const out = new Set<string>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === 'integer' && b.has('number')) out.add('integer');
    else if (t === 'number' && b.has('integer')) out.add('integer');
  }
  return out;
}

export function escape(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) => (isObject(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, val[k]])) : val));
}

/** Whether type set `a` accepts every value of type set `b` (integer ⊂ number). undefined = any. */
export function typesCover(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (!a) return true;
  if (!b) return false;
  for (const t of b) {
    if (a.has(t)) continue;
    if (t === 'integer' && a.has('number')) continue;
    return false;
  }
  return true;
}

export function typeLabel(v: SchemaView): string {
  const t = v.types ? [...v.types].sort().join('|') || 'nothing' : 'any';
  return v.nullable ? `${t}|null` : t;
}
