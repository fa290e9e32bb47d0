/**
 * The contract model: one loaded contract, read-only, with everything the emitters, lint rules
 * and diff rules need and none should recompute.
 *
 * - `$ref` resolution across every file the loader read (relative file refs, YAML and JSON,
 *   nested folders), memoised per (file, ref).
 * - Nodes: a value together with the file it is written in and its JSON pointer there, so
 *   every element can be located (file, line, column) in the file the author wrote.
 * - For OpenAPI documents with an error catalogue, the catalogue expanded into the document
 *   (`root`), and a locator that maps the expanded parts back to the `x-errors` entry or the
 *   catalogue file that produced them.
 * - The operations (see `openapi.ts`), computed once, on first use.
 *
 * Build it with `buildModel(contract)` (catalogue expanded) or `ContractModel.fromDocument`
 * (a plain in-memory document, e.g. the bundled contract `generate` emits from).
 */
import path from 'node:path';
import type { LoadedContract, RefProblem } from '../loader/load.ts';
import { getPointer, isRemoteRef } from '../loader/load.ts';
import { expandCatalogue, loadCatalogue, type ErrorCatalogue } from '../loader/catalogue.ts';
import { ContractError } from '../loader/errors.ts';
import type { Location } from '../loader/source.ts';
import { escapePointer, unescapePointer } from '../loader/source.ts';
import { collectOperations, type Operation } from './openapi.ts';
import { buildAsyncApiModel, type AsyncApiModel } from './asyncapi.ts';

/** A value together with where it lives: an absolute file path and a JSON pointer in it. */
export interface Node<T = any> {
  value: T;
  file: string;
  pointer: string;
}

/** A place in the files the author wrote. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  pointer: string;
}

/** A named component schema (`components/schemas/<name>`); names are the stable type names. */
export interface ComponentSchema {
  name: string;
  node: Node;
}

export interface ModelInput {
  contract: LoadedContract;
  /** The document the model reads: the catalogue-expanded copy, or the contract's own doc. */
  root?: Record<string, any>;
  catalogue?: ErrorCatalogue;
  /** Why the catalogue could not be loaded or expanded, when it could not. */
  catalogueProblem?: ContractError;
}

const MAX_REF_HOPS = 64;

export class ContractModel {
  readonly contract: LoadedContract;
  readonly kind: LoadedContract['kind'];
  readonly specVersion: string;
  /** What is read: for OpenAPI with a catalogue, the document with catalogue responses expanded into it. */
  readonly root: Record<string, any>;
  /** The entry document as written (refs in place, no catalogue expansion). */
  readonly source: Record<string, any>;
  readonly catalogue?: ErrorCatalogue;
  readonly catalogueProblem?: ContractError;
  /** Absolute path of the entry document. */
  readonly file: string;
  readonly refProblems: RefProblem[];

  #refCache = new Map<string, Node | null>();
  #operations?: Operation[];
  #schemas?: ComponentSchema[];
  #asyncapi?: AsyncApiModel;

  constructor(input: ModelInput) {
    this.contract = input.contract;
    this.kind = input.contract.kind;
    this.specVersion = input.contract.specVersion;
    this.root = input.root ?? input.contract.doc;
    this.source = input.contract.doc;
    this.catalogue = input.catalogue;
    this.catalogueProblem = input.catalogueProblem;
    this.file = path.resolve(input.contract.file);
    this.refProblems = input.contract.refProblems ?? [];
  }

  /**
   * A model of a plain document that exists only in memory (a bundled contract, a test
   * fixture): one file, local refs only, locations by pointer.
   */
  static fromDocument(doc: Record<string, any>, file = '<document>', sources?: ReadonlyMap<string, { value: unknown }>): ContractModel {
    const abs = path.resolve(file);
    const kind = typeof doc.asyncapi === 'string' ? 'asyncapi' : 'openapi';
    const contract: LoadedContract = {
      kind,
      specVersion: String(doc.openapi ?? doc.asyncapi ?? ''),
      file: abs,
      doc,
      sources: (sources ?? new Map()) as LoadedContract['sources'],
      locate: (pointer: string, f?: string) => ({ file: f ?? abs, pointer }),
      resolve: (ref: string) => {
        const pointer = ref.startsWith('#') ? ref.slice(1) : ref;
        return { value: getPointer(doc, pointer), file: abs, pointer };
      },
      refProblems: [],
    };
    return new ContractModel({ contract });
  }

  /** The entry file. */
  get entry(): string {
    return this.file;
  }

  get isOpenApi31(): boolean {
    return this.kind === 'openapi' && this.specVersion.startsWith('3.1');
  }

  /** The parsed value of a loaded file (the read document for the entry). */
  fileRoot(file: string): unknown {
    if (file === this.file) return this.root;
    return this.contract.sources.get(file)?.value;
  }

  /** The entry document's node at a pointer (the value may be undefined). */
  node(pointer: string): Node {
    return { value: getPointer(this.root, pointer), file: this.file, pointer };
  }

  /** The entry document's node at a pointer, or undefined when nothing is there. */
  at(pointer: string): Node | undefined {
    const value = getPointer(this.root, pointer);
    return value === undefined ? undefined : { value, file: this.file, pointer };
  }

  /**
   * Resolve one `$ref` written in `fromFile`. Remote and broken refs resolve to undefined
   * (they are reported where they are written). Memoised per (file, ref).
   */
  resolveRef(ref: string, fromFile: string = this.file): Node | undefined {
    const key = `${fromFile}\u0000${ref}`;
    const hit = this.#refCache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let out: Node | null = null;
    if (!isRemoteRef(ref)) {
      const hash = ref.indexOf('#');
      const filePart = hash === -1 ? ref : ref.slice(0, hash);
      const pointer = normalisePointer(hash === -1 ? '' : ref.slice(hash + 1));
      const target = filePart ? path.resolve(path.dirname(fromFile), filePart) : fromFile;
      const root = this.fileRoot(target);
      if (root !== undefined) {
        let value: unknown;
        try {
          value = getPointer(root, pointer);
        } catch {
          value = undefined; // a malformed %-escape in the fragment
        }
        if (value !== undefined) out = { value, file: target, pointer };
      }
    }
    this.#refCache.set(key, out);
    return out ?? undefined;
  }

  /** Follow `$ref`s from a node until a value that is not a reference; undefined when a ref is broken or the chain is a cycle. */
  resolve<T = any>(node: Node<T>): Node<T> | undefined {
    let cur: Node = node;
    for (let i = 0; i < MAX_REF_HOPS; i++) {
      const v = cur.value;
      if (v === null || typeof v !== 'object' || typeof v.$ref !== 'string') return cur as Node<T>;
      const next = this.resolveRef(v.$ref, cur.file);
      if (!next) return undefined;
      cur = next;
    }
    return undefined;
  }

  /** Follow `$ref`s from a node as far as they lead: on a cycle or a dangling ref, the last node reached. */
  follow(node: Node): Node {
    let cur = node;
    for (let i = 0; i < MAX_REF_HOPS; i++) {
      const v = cur.value;
      if (!v || typeof v !== 'object' || typeof v.$ref !== 'string') return cur;
      const next = this.resolveRef(v.$ref, cur.file);
      if (!next) return cur;
      cur = next;
    }
    return cur;
  }

  /** A descendant node by keys; its value is undefined when nothing is there. */
  descend(n: Node, ...keys: Array<string | number>): Node {
    let value = n.value;
    let pointer = n.pointer;
    for (const k of keys) {
      value = value == null ? undefined : value[k];
      pointer += `/${escapePointer(String(k))}`;
    }
    return { value, file: n.file, pointer };
  }

  /** Every operation under `paths`, in document order (see `openapi.ts`). */
  get operations(): Operation[] {
    return this.allOperations.filter((o) => o.kind === 'path');
  }

  /** Operations under `paths`, then `webhooks`, then the callbacks each operation registers. */
  get allOperations(): Operation[] {
    this.#operations ??= this.kind === 'openapi' ? collectOperations(this) : [];
    return this.#operations;
  }

  /** The AsyncAPI model (servers, channels, operations, messages), built on first use with this model's `$ref` resolution. */
  get asyncapi(): AsyncApiModel {
    if (this.kind !== 'asyncapi') throw new Error(`${this.file} is not an AsyncAPI document`);
    this.#asyncapi ??= buildAsyncApiModel({ doc: this.root, file: this.file, sources: this.contract.sources, model: this });
    return this.#asyncapi;
  }

  /** `components/schemas`, in document order, each resolved to its definition. */
  get schemas(): ComponentSchema[] {
    if (this.#schemas) return this.#schemas;
    const out: ComponentSchema[] = [];
    const map = this.root.components?.schemas;
    if (isObject(map)) {
      for (const name of Object.keys(map)) {
        const n = this.follow({ value: map[name], file: this.file, pointer: `/components/schemas/${escapePointer(name)}` });
        out.push({ name, node: n });
      }
    }
    this.#schemas = out;
    return out;
  }

  /**
   * Where a pointer of the read document is in the files the author wrote. Catalogue
   * responses and problem schemas exist only in the expanded document: they are located at
   * the `x-errors` entry that produced them, or at the code's entry in the catalogue file.
   */
  locate(pointer: string, file: string = this.file): SourceLocation {
    if (file !== this.file) {
      const cat = this.catalogue;
      if (cat && path.resolve(cat.file) === file) return toLocation(cat.source.locate(pointer), pointer, cat.file);
      return toLocation(this.contract.locate(pointer, file), pointer, file);
    }
    const mapped = this.#mapExpanded(pointer);
    if (mapped) return mapped;
    return toLocation(this.contract.locate(pointer), pointer, this.contract.file);
  }

  /** `locate` for a node. */
  where(n: Node): SourceLocation {
    return this.locate(n.pointer, n.file);
  }

  #mapExpanded(pointer: string): SourceLocation | undefined {
    const cat = this.catalogue;
    if (!cat || this.root === this.source) return undefined;
    if (pointer === '/x-charter-catalogue' || pointer.startsWith('/x-charter-catalogue/')) {
      return toLocation(this.contract.locate('/x-error-catalogue'), '/x-error-catalogue', this.contract.file);
    }
    const segs = pointer.split('/').slice(1).map(unescapePointer);
    if (segs[0] === 'components' && segs[1] === 'schemas' && segs[2] !== undefined && this.source.components?.schemas?.[segs[2]] === undefined) {
      const def = cat.errors.find((d) => d.schemaName === segs[2]);
      if (def) {
        let inCatalogue = def.pointer;
        if (segs[3] === 'properties' && segs[4] !== undefined && segs[4] in def.members) {
          inCatalogue += `/members/${[segs[4], ...segs.slice(5)].map(escapePointer).join('/')}`;
        }
        return toLocation(cat.source.locate(inCatalogue), inCatalogue, cat.file);
      }
    }
    if (segs[0] === 'paths' && segs[2] !== undefined && segs[3] === 'responses' && segs[4] !== undefined) {
      const opPtr = `/paths/${escapePointer(segs[1]!)}/${segs[2]}`;
      if (getPointer(this.source, `${opPtr}/responses/${escapePointer(segs[4])}`) === undefined) {
        const codes: unknown = getPointer(this.root, `${opPtr}/responses/${escapePointer(segs[4])}/x-charter-codes`);
        const own: unknown = getPointer(this.source, `${opPtr}/x-errors`);
        if (Array.isArray(codes) && Array.isArray(own)) {
          for (const code of codes) {
            const i = own.indexOf(code);
            if (i !== -1) return toLocation(this.contract.locate(`${opPtr}/x-errors/${i}`), `${opPtr}/x-errors/${i}`, this.contract.file);
          }
        }
        return toLocation(this.contract.locate(opPtr), opPtr, this.contract.file);
      }
    }
    return undefined;
  }
}

/**
 * The model of a loaded contract, with its error catalogue expanded (OpenAPI). A catalogue
 * that cannot be read is kept as `catalogueProblem` (lint reports it); the rest of the model
 * is still built.
 */
export function buildModel(contract: LoadedContract, opts: { expandCatalogue?: boolean } = {}): ContractModel {
  if (contract.kind !== 'openapi' || opts.expandCatalogue === false || contract.doc['x-error-catalogue'] === undefined) {
    return new ContractModel({ contract });
  }
  try {
    const catalogue = loadCatalogue(contract);
    if (!catalogue) return new ContractModel({ contract });
    return new ContractModel({ contract, root: expandCatalogue(contract, catalogue), catalogue });
  } catch (e) {
    if (!(e instanceof ContractError)) throw e;
    return new ContractModel({ contract, catalogueProblem: e });
  }
}

/** `/a/b%20c/~1x` → `/a/b c/~1x`: decode percent escapes, keep `~` escaping. */
export function normalisePointer(raw: string): string {
  if (raw === '' || raw === '/') return '';
  if (!raw.includes('%')) return raw;
  return raw
    .split('/')
    .map((seg) => {
      try {
        return escapePointer(unescapePointer(decodeURIComponent(seg)));
      } catch {
        return seg;
      }
    })
    .join('/');
}

function toLocation(loc: Location, pointer: string, file: string): SourceLocation {
  return { file: loc.file ?? file, line: loc.line, column: loc.column, pointer };
}

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
