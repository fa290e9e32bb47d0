/**
 * The names hey-api's `@hey-api/typescript` plugin gives the component schemas of a document,
 * so the server bindings can use the SDK's types (client/types.gen.ts) instead of printing their
 * own: one printer for OpenAPI schemas, and the server's `User` is the client's `User`.
 *
 * hey-api 0.99 names a schema in three steps, each mirrored here from its source:
 *
 * 1. The readWrite transform (parser.transforms.readWrite, on by default) splits a schema that
 *    mixes plain properties with readOnly or writeOnly ones (directly, or through the schemas it
 *    references) into a readable variant under the schema's own name, without its writeOnly
 *    parts, and a writable one, `<name>Writable` (made unique among the component names), without
 *    its readOnly parts. Requests (bodies, parameters) refer to the writable variant, responses
 *    and headers to the readable one. A discriminated parent that a split schema extends through
 *    `allOf` gets a writable variant too.
 * 2. The type's name is the component name in PascalCase (`applyNaming`, hey-api's own function).
 * 3. When rendering types.gen.ts, the name is made a valid identifier (a `_` prefix, `_` for
 *    other characters, a `_` suffix for keywords) and a clash with an earlier type gets `2`, `3`, …
 *    Schemas are declared first, in document order with the writable variants after them, so no
 *    operation type can take a schema's name.
 *
 * test/generate/type-agreement.test.ts holds this to hey-api's own symbol table for every schema
 * of the public corpus and of tricky names; a hey-api upgrade that renames anything fails it.
 */
import { applyNaming, regexp, reserved } from '@hey-api/openapi-ts';

export interface HeyApiSchemaName {
  /** The type of the schema as responses carry it (hey-api's readable variant, or the only one). */
  read: string;
  /** The type requests carry, when hey-api split the schema; otherwise requests use `read`. */
  write?: string;
}

type Scope = 'normal' | 'read' | 'write';

interface GraphNode {
  node: unknown;
  parent: string | null;
  scopes?: Set<Scope>;
}

const SCHEMAS = '#/components/schemas/';

/** The child-schema keywords hey-api prunes by scope, and how each holds its schemas. */
const CHILD_SCHEMAS: Array<[string, 'single' | 'array' | 'objectMap' | 'singleOrArray']> = [
  ['additionalProperties', 'single'],
  ['allOf', 'array'],
  ['anyOf', 'array'],
  ['contains', 'single'],
  ['dependentSchemas', 'objectMap'],
  ['else', 'single'],
  ['if', 'single'],
  ['items', 'singleOrArray'],
  ['oneOf', 'array'],
  ['patternProperties', 'objectMap'],
  ['properties', 'objectMap'],
  ['propertyNames', 'single'],
  ['then', 'single'],
  ['unevaluatedProperties', 'single'],
];

function encodeSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

function normalizePointer(pointer: string): string {
  let p = pointer.trim();
  if (!p.startsWith('#')) p = `#${p}`;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p.replace(/\/+/g, '/');
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every node of the document by JSON pointer, with the readOnly/writeOnly scopes hey-api's graph gives it. */
function buildGraph(root: unknown): { nodes: Map<string, GraphNode>; deps: Map<string, Set<string>>; transitive: (pointer: string) => Set<string> } {
  const nodes = new Map<string, GraphNode>();
  const deps = new Map<string, Set<string>>();
  const children = new Map<string, string[]>();
  const walk = (node: unknown, parent: string | null, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (isObject(node) && typeof node.$ref === 'string') {
      if (!deps.has(pointer)) deps.set(pointer, new Set());
      deps.get(pointer)!.add(normalizePointer(node.$ref));
    }
    nodes.set(pointer, { node, parent });
    if (parent !== null) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent)!.push(pointer);
    }
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, pointer, `${pointer}/${encodeSegment(i)}`));
    else for (const [k, v] of Object.entries(node)) walk(v, pointer, `${pointer}/${encodeSegment(k)}`);
  };
  walk(root, null, '#');

  for (const [pointer, info] of nodes) {
    const n = info.node;
    if (!isObject(n)) continue;
    if (n.readOnly === true) info.scopes = new Set(['read']);
    else if (n.writeOnly === true) info.scopes = new Set(['write']);
    else {
      const last = pointer.lastIndexOf('/');
      if (last > 0) {
        const prev = pointer.lastIndexOf('/', last - 1);
        if (prev >= 0 && pointer.slice(prev + 1, last) === 'properties') info.scopes = new Set(['normal']);
      }
    }
  }
  // Scopes flow from a $ref target to the referring node and from a node to its parent, until nothing changes.
  const add = (from: GraphNode, to: GraphNode): boolean => {
    if (!from.scopes) return false;
    to.scopes ??= new Set();
    let changed = false;
    for (const s of from.scopes) {
      if (!to.scopes.has(s)) {
        to.scopes.add(s);
        changed = true;
      }
    }
    return changed;
  };
  const bottomUp = [...nodes].reverse();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [pointer, info] of bottomUp) {
      for (const dep of deps.get(pointer) ?? []) {
        const target = nodes.get(dep);
        if (target?.scopes && add(target, info)) changed = true;
      }
      if (info.scopes && info.parent !== null) {
        const parent = nodes.get(info.parent);
        if (parent && add(info, parent)) changed = true;
      }
    }
  }
  for (const [, info] of nodes) {
    if (info.scopes || info.parent === null) continue;
    const parent = nodes.get(info.parent);
    if (parent?.scopes) info.scopes = new Set(parent.scopes);
  }

  const cache = new Map<string, Set<string>>();
  const transitive = (pointer: string): Set<string> => {
    const hit = cache.get(pointer);
    if (hit) return hit;
    const out = new Set<string>();
    const seen = new Set<string>();
    const visit = (p: string): void => {
      if (seen.has(p) || !nodes.has(p)) return;
      seen.add(p);
      for (const d of deps.get(p) ?? []) {
        out.add(d);
        visit(d);
      }
      for (const c of children.get(p) ?? []) visit(c);
    };
    visit(pointer);
    cache.set(pointer, out);
    return out;
  };
  return { nodes, deps, transitive };
}

/** hey-api's pruneSchemaByScope: drop the parts of a schema that carry `scope`; true when the schema itself goes. */
function prune(nodes: Map<string, GraphNode>, schema: unknown, scope: 'readOnly' | 'writeOnly'): boolean {
  if (!isObject(schema)) return false;
  if (typeof schema.$ref === 'string') {
    const target = nodes.get(schema.$ref)?.scopes;
    if (target && target.size === 1 && ((scope === 'writeOnly' && target.has('write')) || (scope === 'readOnly' && target.has('read')))) {
      delete schema.$ref;
      if (!CHILD_SCHEMAS.some(([k]) => k in schema)) return true;
    }
  }
  const drop = (item: unknown): boolean => (isObject(item) && item[scope] === true) || prune(nodes, item, scope);
  for (const [keyword, shape] of CHILD_SCHEMAS) {
    if (!(keyword in schema)) continue;
    const value = schema[keyword];
    if ((shape === 'array' || shape === 'singleOrArray') && Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) if (drop(value[i])) value.splice(i, 1);
      if (!value.length) delete schema[keyword];
    } else if (shape === 'objectMap' && isObject(value)) {
      const removed = new Set<string>();
      for (const key of Object.keys(value)) {
        if (drop(value[key])) {
          delete value[key];
          if (keyword === 'properties') removed.add(key);
        }
      }
      if (removed.size && keyword === 'properties' && Array.isArray(schema.required)) {
        const required = schema.required.filter((p: unknown) => !removed.has(p as string));
        if (required.length) schema.required = required;
        else delete schema.required;
      }
      if (!Object.keys(value).length) delete schema[keyword];
    } else if ((shape === 'single' || shape === 'singleOrArray') && isObject(value)) {
      if (drop(value)) delete schema[keyword];
    }
  }
  return schema.type === 'object' && !CHILD_SCHEMAS.some(([k]) => k in schema);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]));
}

function uniqueComponentName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

const VALID_CHAR = /^[\u200c\u200d\p{ID_Continue}]$/u;

/** hey-api's safeTypeName: a valid, non-keyword type identifier. */
function safeTypeName(name: string): string {
  let out = '';
  let i: number;
  const first = name[0] ?? '';
  regexp.illegalStartCharacters.lastIndex = 0;
  if (regexp.illegalStartCharacters.test(first)) {
    out += '_';
    i = VALID_CHAR.test(first) ? 0 : 1;
  } else {
    out += first;
    i = 1;
  }
  for (; i < name.length; i++) out += VALID_CHAR.test(name[i]!) ? name[i] : '_';
  if (reserved.type['~values'].has(out)) out = `${out}_`;
  return out || '_';
}

/**
 * hey-api's type names for the component schemas of `input`, the document exactly as hey-api is
 * given it (client.ts's `heyApiInput(doc)`), keyed by the schema's name in `components.schemas`.
 */
export function heyApiSchemaNames(input: Record<string, any>): Map<string, HeyApiSchemaName> {
  const schemas: Record<string, unknown> = isObject(input.components?.schemas) ? input.components.schemas : {};
  const original = Object.keys(schemas);
  const out = new Map<string, HeyApiSchemaName>();
  if (!original.length) return out;

  // 1. The readWrite split, as hey-api's splitSchemas decides it.
  const { nodes, transitive } = buildGraph(input);
  const topLevel = (pointer: string): string => {
    if (!pointer.startsWith(SCHEMAS)) return '';
    const rest = pointer.slice(SCHEMAS.length);
    return rest && !rest.includes('/') ? rest.replaceAll('~1', '/').replaceAll('~0', '~') : '';
  };
  const taken = new Set<string>();
  for (const pointer of nodes.keys()) {
    const name = topLevel(pointer);
    if (name) taken.add(name);
  }
  const writable = new Map<string, string>(); // original name → writable variant's component name
  const variants: Array<{ of: string; name: string; schema: unknown }> = [];
  for (const [pointer, info] of nodes) {
    const name = topLevel(pointer);
    const scopes = info.scopes;
    if (!name || !scopes || !(scopes.has('read') || scopes.has('write')) || !scopes.has('normal')) continue;
    const readSchema = structuredClone(info.node);
    prune(nodes, readSchema, 'writeOnly');
    taken.add(name);
    const writeSchema = structuredClone(info.node);
    prune(nodes, writeSchema, 'readOnly');
    const mixedDep = [...transitive(pointer)].some((d) => {
      const s = nodes.get(d)?.scopes;
      return !!s && s.has('normal') && (s.has('read') || s.has('write'));
    });
    if (!mixedDep && deepEqual(readSchema, writeSchema) && deepEqual(readSchema, info.node)) continue;
    const writeName = uniqueComponentName(`${name}Writable`, taken);
    taken.add(writeName);
    writable.set(name, writeName);
    variants.push({ of: name, name: writeName, schema: writeSchema });
  }
  // A discriminated parent that a split schema's writable variant extends through allOf gets a writable variant too;
  // only that variant refers to it, so requests that name the parent keep the readable one.
  const parents: string[] = [];
  for (const v of variants) {
    if (!isObject(v.schema) || !Array.isArray(v.schema.allOf)) continue;
    for (const part of v.schema.allOf) {
      if (!isObject(part) || typeof part.$ref !== 'string') continue;
      const parent = topLevel(normalizePointer(part.$ref));
      const target = parent ? schemas[parent] : undefined;
      if (isObject(target) && isObject(target.discriminator) && isObject(target.discriminator.mapping) && !parents.includes(parent)) parents.push(parent);
    }
  }
  const parentVariants: string[] = [];
  for (const parent of parents) {
    const name = uniqueComponentName(`${parent}Writable`, taken);
    taken.add(name);
    parentVariants.push(name);
  }

  // 2 and 3. The components in hey-api's order, PascalCased, then made valid and unique as types.gen.ts declares them.
  const order = [...original, ...variants.map((v) => v.name), ...parentVariants];
  const declared = new Set<string>();
  const typeName = new Map<string, string>();
  for (const component of order) {
    const base = applyNaming(component, { case: 'PascalCase', name: '{{name}}' } as never);
    let name = safeTypeName(base);
    for (let attempt = 1; declared.has(name); attempt++) name = safeTypeName(`${base}${attempt + 1}`);
    declared.add(name);
    typeName.set(component, name);
  }
  for (const name of original) {
    const write = writable.get(name);
    out.set(name, { read: typeName.get(name)!, ...(write ? { write: typeName.get(write)! } : {}) });
  }
  return out;
}
