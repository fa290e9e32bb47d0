/**
 * One side of a diff: the loaded contract plus the document actually compared (the
 * catalogue-expanded copy for OpenAPI documents with `x-error-catalogue`), with `$ref`
 * resolution over that document and the other files the loader read.
 */
import path from 'node:path';
import type { LoadedContract } from '../loader/load.ts';
import { getPointer } from '../loader/load.ts';
import { expandCatalogue, loadCatalogue, type ErrorCatalogue } from '../loader/catalogue.ts';
import { escapePointer, unescapePointer } from '../loader/source.ts';
import type { Node } from './types.ts';

const MAX_REF_HOPS = 64;

export class DocSide {
  readonly contract: LoadedContract;
  /** The document compared (expanded when a catalogue is present). */
  readonly root: Record<string, any>;
  readonly entry: string;
  readonly catalogue?: ErrorCatalogue;
  /** Absolute file → name shown to the user (e.g. `main:contracts/openapi.yaml`). */
  readonly displayNames = new Map<string, string>();

  constructor(contract: LoadedContract, opts: { display?: (abs: string) => string; expand?: boolean } = {}) {
    this.contract = contract;
    this.entry = path.resolve(contract.file);
    let root = contract.doc;
    if (contract.kind === 'openapi' && opts.expand !== false && contract.doc['x-error-catalogue'] !== undefined) {
      const cat = loadCatalogue(contract);
      if (cat) {
        this.catalogue = cat;
        root = expandCatalogue(contract, cat);
      }
    }
    this.root = root;
    const display = opts.display ?? ((abs: string) => path.relative(process.cwd(), abs) || abs);
    for (const abs of contract.sources.keys()) this.displayNames.set(abs, display(abs));
    if (this.catalogue) {
      const abs = path.resolve(this.catalogue.file);
      this.displayNames.set(abs, display(abs));
    }
  }

  get kind() {
    return this.contract.kind;
  }

  display(abs: string): string {
    return this.displayNames.get(abs) ?? path.relative(process.cwd(), abs);
  }

  node(pointer: string): Node {
    return { value: getPointer(this.root, pointer), file: this.entry, pointer };
  }

  /** The value of a file's document (the compared root for the entry file). */
  fileRoot(abs: string): any {
    if (abs === this.entry) return this.root;
    return this.contract.sources.get(abs)?.value;
  }

  /** Resolve `ref` written in `fromFile`; undefined when it points nowhere. */
  resolve(ref: string, fromFile: string): Node | undefined {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const raw = hash === -1 ? '' : ref.slice(hash + 1);
    const file = filePart ? path.resolve(path.dirname(fromFile), filePart) : fromFile;
    const root = this.fileRoot(file);
    if (root === undefined) return undefined;
    const pointer = normalisePointer(raw);
    const value = getPointer(root, pointer);
    if (value === undefined) return undefined;
    return { value, file, pointer };
  }

  /** Follow `$ref` chains from a node; stops (returning the last node) on a cycle or a dangling ref. */
  deref(n: Node): Node {
    let cur = n;
    for (let i = 0; i < MAX_REF_HOPS; i++) {
      const v = cur.value;
      if (!v || typeof v !== 'object' || typeof v.$ref !== 'string') return cur;
      const next = this.resolve(v.$ref, cur.file);
      if (!next) return cur;
      cur = next;
    }
    return cur;
  }

  child(n: Node, ...keys: Array<string | number>): Node {
    let value = n.value;
    let pointer = n.pointer;
    for (const k of keys) {
      value = value == null ? undefined : value[k];
      pointer += `/${escapePointer(String(k))}`;
    }
    return { value, file: n.file, pointer };
  }

  /** child() then deref(). */
  get(n: Node, ...keys: Array<string | number>): Node {
    return this.deref(this.child(n, ...keys));
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

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
