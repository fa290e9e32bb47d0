/**
 * The one loader: every command (generate, lint, diff, verify, docs) reads contracts
 * through `loadContract`. It parses, detects the kind, follows relative-file `$ref`s,
 * refuses remote ones (Charter never touches the network), and keeps locations.
 */
import path from 'node:path';
import { ContractError } from './errors.ts';
import { readSource, SourceFile, escapePointer, unescapePointer, type Location } from './source.ts';

export type ContractKind = 'openapi' | 'asyncapi';

export interface LoadedContract {
  kind: ContractKind;
  /** The `openapi` or `asyncapi` version string, e.g. "3.1.0". */
  specVersion: string;
  /** The entry file as given. */
  file: string;
  /** The parsed entry document (refs left in place). */
  doc: Record<string, any>;
  /** Every file that takes part, keyed by absolute path; the entry is first. */
  sources: Map<string, SourceFile>;
  /** Locate a JSON pointer in the entry document (or in another file with `file`). */
  locate(pointer: string, file?: string): Location;
  /** Follow a `$ref` written in `fromFile` (default: the entry). */
  resolve(ref: string, fromFile?: string): { value: any; file: string; pointer: string };
  /**
   * With `collectRefProblems`: the `$ref`s that are remote, point to a file that cannot be
   * loaded, or point to nothing, each located at the `$ref`. Empty otherwise (the load throws).
   */
  refProblems: RefProblem[];
}

export interface RefProblem {
  kind: 'remote' | 'unloadable' | 'missing';
  ref: string;
  error: ContractError;
}

export interface LoadOptions {
  expectKind?: ContractKind;
  /**
   * Record `$ref` problems in `refProblems` instead of throwing on the first one, so a linter
   * can report them all, located, and still check the rest. Remote refs are never fetched.
   */
  collectRefProblems?: boolean;
}

/** Keys whose values are data, not schema: `$ref` inside them is literal text (e.g. GitHub's SCIM examples). */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'x-examples']);
const MAX_DEPTH = 512;

export function loadContract(file: string, opts: LoadOptions = {}): LoadedContract {
  const entry = readSource(file);
  const doc = entry.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ContractError('not an OpenAPI or AsyncAPI document: the top level is not a mapping', { file, line: 1 }, 'A contract starts with `openapi: 3.1.0` or `asyncapi: 3.0.0`.');
  }
  const d = doc as Record<string, any>;
  let kind: ContractKind;
  let specVersion: string;
  if (typeof d.openapi === 'string' || typeof d.openapi === 'number') {
    kind = 'openapi';
    specVersion = String(d.openapi);
    if (!/^3\.[01]\.\d+$/.test(specVersion)) {
      throw new ContractError(`unsupported OpenAPI version ${specVersion}`, entry.locate('/openapi'), 'Charter reads OpenAPI 3.0.x and 3.1.x.');
    }
  } else if (typeof d.asyncapi === 'string') {
    kind = 'asyncapi';
    specVersion = d.asyncapi;
    if (!/^(2\.[0-6]|3\.[01])\.\d+$/.test(specVersion)) {
      throw new ContractError(`unsupported AsyncAPI version ${specVersion}`, entry.locate('/asyncapi'), 'Charter reads AsyncAPI 2.0.x to 2.6.x, 3.0.x and 3.1.x.');
    }
  } else if (typeof d.swagger === 'string') {
    throw new ContractError(`Swagger ${d.swagger} is not supported`, entry.locate('/swagger'), 'Convert the document to OpenAPI 3 first (for example with swagger2openapi).');
  } else {
    throw new ContractError('not an OpenAPI or AsyncAPI document: no `openapi` or `asyncapi` field', { file, line: 1 }, 'A contract starts with `openapi: 3.1.0` or `asyncapi: 3.0.0`.');
  }
  if (opts.expectKind && opts.expectKind !== kind) {
    throw new ContractError(`expected an ${opts.expectKind} document, found ${kind} ${specVersion}`, { file, line: 1 });
  }

  const sources = new Map<string, SourceFile>();
  const entryAbs = path.resolve(file);
  sources.set(entryAbs, entry);
  const refProblems: RefProblem[] = [];
  scanRefs(entry, entryAbs, sources, opts.collectRefProblems ? refProblems : undefined);

  const locate = (pointer: string, f?: string): Location => {
    const src = f ? sources.get(path.resolve(f)) : entry;
    return src ? src.locate(pointer) : { file: f ?? file, pointer };
  };
  const resolve = (ref: string, fromFile?: string) => resolveRef(ref, fromFile ? path.resolve(fromFile) : entryAbs, sources);
  return { kind, specVersion, file, doc: d, sources, locate, resolve, refProblems };
}

/**
 * Walk every `$ref` in a file: refuse remote ones, load relative files, check local targets exist.
 * With `problems`, ref problems are recorded there instead of thrown.
 */
function scanRefs(src: SourceFile, abs: string, sources: Map<string, SourceFile>, problems?: RefProblem[]): void {
  const pending: Array<{ ref: string; pointer: string }> = [];
  const fail = (kind: RefProblem['kind'], ref: string, error: ContractError): void => {
    if (!problems) throw error;
    problems.push({ kind, ref, error });
  };
  const walk = (node: unknown, ptr: string, depth: number, exampleObject = false): void => {
    if (depth > MAX_DEPTH) {
      throw new ContractError(`nesting deeper than ${MAX_DEPTH} levels`, src.locate(ptr), 'Flatten the structure with named components.');
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], `${ptr}/${i}`, depth + 1);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const v = (node as Record<string, unknown>)[key];
      if (key === '$ref' && typeof v === 'string') {
        pending.push({ ref: v, pointer: `${ptr}/$ref` });
        continue;
      }
      // An Example Object's `value` is data: a `$ref` in it is literal text (GitHub's SCIM examples).
      if (exampleObject && key === 'value') continue;
      const namedExamples = key === 'examples' && isNamedExampleMap(v);
      if (DATA_KEYS.has(key) && !namedExamples) continue;
      if (v !== null && typeof v === 'object') {
        if (namedExamples) {
          for (const [name, ex] of Object.entries(v as Record<string, unknown>)) {
            walk(ex, `${ptr}/${escapePointer(key)}/${escapePointer(name)}`, depth + 2, true);
          }
        } else walk(v, `${ptr}/${escapePointer(key)}`, depth + 1);
      }
    }
  };
  walk(src.value, '', 0);
  const broken = new Set<string>();
  for (const { ref, pointer } of pending) {
    if (isRemoteRef(ref)) {
      broken.add(pointer);
      fail(
        'remote',
        ref,
        new ContractError(
          `remote $ref "${ref}" is not fetched: Charter resolves references offline only`,
          src.locate(pointer),
          'Download the referenced document into the repository and point the $ref at it with a relative path.',
        ),
      );
      continue;
    }
    const [filePart] = ref.split('#', 1) as [string];
    if (filePart) {
      const target = path.resolve(path.dirname(abs), filePart);
      if (!sources.has(target)) {
        let loaded: SourceFile;
        try {
          loaded = readSource(target);
        } catch (e) {
          if (e instanceof ContractError) {
            broken.add(pointer);
            fail('unloadable', ref, new ContractError(`$ref "${ref}" cannot be loaded: ${e.message}`, src.locate(pointer), e.hint));
            continue;
          }
          throw e;
        }
        sources.set(target, loaded);
        scanRefs(loaded, target, sources, problems);
      }
    }
  }
  for (const { ref, pointer } of pending) {
    if (broken.has(pointer)) continue;
    try {
      resolveRef(ref, abs, sources);
    } catch (e) {
      if (e instanceof ContractError) fail('missing', ref, new ContractError(e.message, src.locate(pointer), e.hint));
      else throw e;
      continue;
    }
    const cycle = pureRefCycle(ref, abs, sources);
    if (cycle) {
      fail(
        'missing',
        ref,
        new ContractError(`$ref cycle that never reaches a definition: ${cycle.join(' → ')}`, src.locate(pointer), 'One of the references must point at a real schema; a cycle through properties or items is fine.'),
      );
    }
  }
}

/**
 * A chain of `$ref`s that only points at more `$ref`s and comes back to itself (A → B → A) has
 * no value at all; code generators recurse on it forever or crash (hey-api did). A cycle through
 * a real schema (a tree whose `children` items refer back to it) is legitimate and not reported.
 */
function pureRefCycle(ref: string, fromAbs: string, sources: Map<string, SourceFile>): string[] | undefined {
  const seen: string[] = [];
  let current = { ref, from: fromAbs };
  for (let hops = 0; hops < 64; hops++) {
    let resolved: { value: any; file: string; pointer: string };
    try {
      resolved = resolveRef(current.ref, current.from, sources);
    } catch {
      return undefined; // a broken link further on is reported where it is written
    }
    const key = `${path.basename(resolved.file)}#${resolved.pointer}`;
    if (seen.includes(key)) return [...seen, key];
    seen.push(key);
    const next = resolved.value;
    if (next === null || typeof next !== 'object' || typeof next.$ref !== 'string' || isRemoteRef(next.$ref)) return undefined;
    current = { ref: next.$ref, from: resolved.file };
  }
  return undefined;
}

/** A `$ref` with a URI scheme (`https://…`, `file://…`): Charter never fetches these. */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);
}

/** OpenAPI `examples` is a map of Example Objects, which may themselves be `$ref`s. */
function isNamedExampleMap(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every((e) => e !== null && typeof e === 'object' && ('value' in e || '$ref' in e || 'externalValue' in e || 'summary' in e));
}

export function resolveRef(ref: string, fromAbs: string, sources: Map<string, SourceFile>): { value: any; file: string; pointer: string } {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const target = filePart ? path.resolve(path.dirname(fromAbs), filePart) : fromAbs;
  const src = sources.get(target);
  if (!src) throw new ContractError(`$ref "${ref}" points to a file that was not loaded`, { file: fromAbs });
  const value = getPointer(src.value, pointer);
  if (value === undefined) {
    throw new ContractError(`$ref "${ref}" points to nothing: ${pointer || '/'} does not exist`, { file: fromAbs }, 'Fix the reference, or add the component it names.');
  }
  return { value, file: target, pointer };
}

export function getPointer(root: unknown, pointer: string): any {
  if (pointer === '' || pointer === '/') return root;
  if (!pointer.startsWith('/')) return undefined;
  let cur: any = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = unescapePointer(decodeURIComponent(raw));
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
    if (cur === undefined) return undefined;
  }
  return cur;
}
