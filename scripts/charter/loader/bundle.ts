/**
 * A multi-file contract as one self-contained document: every `$ref` into another file is
 * rewritten so that the result refers only to itself. The generators (hey-api among them) and
 * the published `openapi.json` then see the same contract lint and diff follow file by file.
 *
 * - A target that another file keeps under `components/<section>/<name>` is hoisted into the
 *   bundle's own `components/<section>`, under its name (a different component already holding
 *   that name gets the file's stem as a prefix, then a number), and the `$ref` points at it.
 * - A schema from a file that is not a components section (`$ref: ./pet.yaml`,
 *   `schemas.yaml#/Pet`) is hoisted into `components/schemas` too, named after the pointer's
 *   last segment or the file: schemas keep names (types are named after them) and cycles.
 * - Anything else (a path item, a response, an AsyncAPI message or server in a plain file) is
 *   inlined where it is referenced, so the entry document's own `$ref`s to those places (an
 *   AsyncAPI 3 operation naming `#/channels/x/messages/y`) keep meaning what they meant.
 * - `$ref`s inside the pulled-in content are relative to the file it came from, and are
 *   rewritten the same way. The entry file's own local `$ref`s are left as written.
 *
 * Data (examples, defaults, enums, consts) is copied as is: a `$ref` inside it is text.
 * Hoisting is memoised by target, so a schema shared by many files appears once.
 */
import path from 'node:path';
import { ContractError } from './errors.ts';
import { escapePointer, type Location } from './source.ts';
import { resolveRef, type LoadedContract } from './load.ts';

const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'x-examples']);

/** Keys under which a value is a schema (or a map/list of schemas), in a schema or a document. */
const SCHEMA_VALUE = new Set(['schema', 'items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema', 'additionalItems']);
const SCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

type Json = any;

export interface BundleResult {
  /** The self-contained document. The input is never modified. */
  doc: Record<string, Json>;
  /** How many `$ref`s into other files were rewritten (0: the contract was one file). */
  externalRefs: number;
  /**
   * Where a place in the bundle is written in the contract's files: the file, line and column
   * of the value at a JSON pointer into `doc` (a hoisted schema is found in the file it was
   * hoisted from, an inlined path item in its own file), so that a problem found in the bundle
   * is reported where the user can fix it.
   */
  locate(pointer: string): Location;
}

/** Where a value of the bundle was read from. */
interface Origin {
  file: string;
  pointer: string;
}

export function bundleContract(contract: LoadedContract): BundleResult {
  const entry = path.resolve(contract.file);
  if (contract.sources.size <= 1) return { doc: contract.doc, externalRefs: 0, locate: (pointer) => contract.locate(pointer) };
  const asyncapi = contract.kind === 'asyncapi';
  const out: Record<string, Json> = structuredClone(contract.doc);
  const components: Record<string, Record<string, Json>> = (out.components ??= {});
  const hoisted = new Map<string, string>();
  const inlining: string[] = [];
  const origins = new WeakMap<object, Origin>();
  const from = <T>(value: T, file: string, pointer: string): T => {
    if (value !== null && typeof value === 'object' && !origins.has(value)) origins.set(value, { file, pointer });
    return value;
  };
  let externalRefs = 0;

  const taken = (section: string, name: string) => components[section] !== undefined && Object.hasOwn(components[section], name);
  const stem = (file: string) => path.basename(file).replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_');

  /** Where the bundle keeps (file, pointer): a local pointer, hoisting the target if needed. */
  const hoist = (file: string, pointer: string, section: string, value: Json): string => {
    const key = `${file}#${pointer}`;
    const known = hoisted.get(key);
    if (known) return known;
    const segments = pointer.split('/').filter(Boolean);
    const title = typeof value?.title === 'string' && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value.title) ? value.title : undefined;
    // A whole file (or a plain mapping entry) is named by its title when it has a usable one.
    const base = segments.length ? decodeURIComponent(segments[segments.length - 1]!).replace(/~1/g, '/').replace(/~0/g, '~') : (title ?? stem(file));
    let name = base;
    if (taken(section, name)) name = `${stem(file)}_${base}`;
    for (let i = 2; taken(section, name); i++) name = `${stem(file)}_${base}_${i}`;
    const local = `#/components/${section}/${escapePointer(name)}`;
    hoisted.set(key, local);
    (components[section] ??= {})[name] = null; // reserved before the walk, for cycles
    components[section]![name] = rewrite(structuredClone(value), file, section === 'schemas', '', pointer);
    return local;
  };

  /** Rewrite the `$ref`s in a value that came from `file`, where it is at `at`. */
  const rewrite = (node: Json, file: string, schemaSite: boolean, key = '', at = ''): Json => {
    if (Array.isArray(node)) return from(node.map((n, i) => rewrite(n, file, schemaSite && SCHEMA_LIST.has(key), '', `${at}/${i}`)), file, at);
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const replaced = rewriteRef(node, file, schemaSite, at);
      if (replaced !== node) return replaced;
    }
    from(node, file, at);
    for (const k of Object.keys(node)) {
      if (k === '$ref' || DATA_KEYS.has(k) && !isExampleMap(k, node[k])) continue;
      const v = node[k];
      if (v === null || typeof v !== 'object') continue;
      const below = `${at}/${escapePointer(k)}`;
      if (SCHEMA_MAP.has(k) && !Array.isArray(v)) {
        const m: Record<string, Json> = from({}, file, below);
        for (const [name, s] of Object.entries(v)) m[name] = rewrite(s, file, true, '', `${below}/${escapePointer(name)}`);
        node[k] = m;
      } else if (SCHEMA_LIST.has(k) && Array.isArray(v)) {
        node[k] = from(v.map((s: Json, i: number) => rewrite(s, file, true, '', `${below}/${i}`)), file, below);
      } else {
        const site = SCHEMA_VALUE.has(k) || (asyncapi && (k === 'payload' || k === 'headers'));
        node[k] = rewrite(v, file, site, k, below);
      }
    }
    return node;
  };

  const rewriteRef = (node: Json, file: string, schemaSite: boolean, at: string): Json => {
    const ref: string = node.$ref;
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const target = filePart ? path.resolve(path.dirname(file), filePart) : file;
    if (target === entry && file === entry) return node; // the entry's own local refs stay
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return node; // remote: the loader already refused or lint reports it
    let resolved: { value: Json; file: string; pointer: string };
    try {
      resolved = resolveRef(ref, file, contract.sources);
    } catch (e) {
      if (e instanceof ContractError) throw new ContractError(e.message, { file: path.relative(process.cwd(), file) || file }, e.hint);
      throw e;
    }
    if (target === entry) {
      // A ref from a pulled-in file back into the entry: the same place in the bundle.
      return from({ ...node, $ref: `#${resolved.pointer}` }, file, at);
    }
    externalRefs++;
    const siblings = { ...node };
    delete siblings.$ref;
    const section = /^\/components\/([^/]+)\/[^/]+$/.exec(resolved.pointer)?.[1];
    if (section || schemaSite) {
      const local = hoist(resolved.file, resolved.pointer, section ?? 'schemas', resolved.value);
      return from({ ...siblings, $ref: local }, file, at);
    }
    const key = `${resolved.file}#${resolved.pointer}`;
    if (inlining.includes(key)) {
      // A cycle through objects that cannot be hoisted by kind: keep it as a schema component.
      const local = hoist(resolved.file, resolved.pointer, 'schemas', resolved.value);
      return from({ ...siblings, $ref: local }, file, at);
    }
    inlining.push(key);
    try {
      // An inlined value is located in the file it was read from, where it can be fixed.
      const value = rewrite(structuredClone(resolved.value), resolved.file, false, '', resolved.pointer);
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? from({ ...value, ...siblings }, resolved.file, resolved.pointer) : value;
    } finally {
      inlining.pop();
    }
  };

  // An entry component that is only a `$ref` into another file (`Note: { $ref: ./note.yaml }`)
  // is where that target lives in the bundle: every other `$ref` to it points at this slot.
  const adopted: Array<{ section: string; name: string; file: string; pointer: string; value: Json }> = [];
  for (const [section, entries] of Object.entries(components)) {
    if (entries === null || typeof entries !== 'object') continue;
    for (const [name, value] of Object.entries(entries)) {
      if (value === null || typeof value !== 'object' || typeof value.$ref !== 'string' || Object.keys(value).length !== 1) continue;
      const hash = value.$ref.indexOf('#');
      const filePart = hash === -1 ? value.$ref : value.$ref.slice(0, hash);
      if (!filePart || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.$ref)) continue;
      const target = resolveRef(value.$ref, entry, contract.sources);
      const key = `${target.file}#${target.pointer}`;
      if (hoisted.has(key)) continue;
      hoisted.set(key, `#/components/${section}/${escapePointer(name)}`);
      adopted.push({ section, name, file: target.file, pointer: target.pointer, value: target.value });
      externalRefs++;
    }
  }
  for (const a of adopted) components[a.section]![a.name] = rewrite(structuredClone(a.value), a.file, a.section === 'schemas', '', a.pointer);

  from(out, entry, '');
  for (const k of Object.keys(out)) {
    if (k === 'components') continue;
    out[k] = rewrite(out[k], entry, false, k, `/${escapePointer(k)}`);
  }
  from(components, entry, '/components');
  // The entry's own components, section by section (schemas are schema sites).
  for (const [section, entries] of Object.entries(components)) {
    if (entries === null || typeof entries !== 'object') continue;
    for (const name of Object.keys(entries)) {
      // Hoisted entries are already rewritten; a second pass over them changes nothing (their
      // refs are local now), so only the slots still reserved by a hoist in progress are skipped.
      if (entries[name] === null) continue;
      entries[name] = rewrite(entries[name], entry, section === 'schemas', '', `/components/${escapePointer(section)}/${escapePointer(name)}`);
    }
  }
  if (Object.keys(components).length === 0) delete out.components;

  const locate = (pointer: string): Location => {
    // The deepest value on the way down that was read from a file, and the rest of the pointer below it.
    let origin: Origin = { file: entry, pointer: '' };
    let rest: string[] = [];
    let cur: Json = out;
    for (const raw of pointer.split('/').slice(1)) {
      cur = cur !== null && typeof cur === 'object' ? cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      const known = cur !== null && typeof cur === 'object' ? origins.get(cur) : undefined;
      if (known) {
        origin = known;
        rest = [];
      } else rest.push(raw);
    }
    return contract.locate(origin.pointer + rest.map((r) => `/${r}`).join(''), origin.file);
  };
  return { doc: out, externalRefs, locate };
}

/** OpenAPI `examples` maps of Example Objects may hold `$ref`s (to example components). */
function isExampleMap(key: string, v: Json): boolean {
  if (key !== 'examples' || v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every((e: Json) => e !== null && typeof e === 'object' && ('$ref' in e || 'value' in e || 'externalValue' in e || 'summary' in e));
}
