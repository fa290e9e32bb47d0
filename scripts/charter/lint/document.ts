/**
 * The document a lint run looks at: the loaded contract, with the error catalogue expanded
 * into it (OpenAPI), plus the things every rule needs and none should recompute:
 * memoised `$ref` resolution, the list of operations, the list of messages, and a locator
 * that maps pointers in the expanded document back to the source the author wrote.
 *
 * Everything here is computed lazily and at most once per document.
 */
import path from 'node:path';
import type { LoadedContract, RefProblem } from '../loader/load.ts';
import { getPointer, isRemoteRef } from '../loader/load.ts';
import type { ErrorCatalogue } from '../loader/catalogue.ts';
import type { ContractError } from '../loader/errors.ts';
import { escapePointer, unescapePointer } from '../loader/source.ts';
import { HTTP_METHODS, type HttpMethod } from '../model/openapi.ts';
import type { FindingLocation } from './types.ts';

/** A value together with where it lives: an absolute file path and a JSON pointer in it. */
export interface Node<T = any> {
  value: T;
  file: string;
  pointer: string;
}

export interface ParameterNode extends Node<Record<string, any>> {
  /** The file `site` is in (the operation's or path item's file). */
  siteFile: string;
  /** Where the parameter is listed (the `$ref` site, or the inline parameter). */
  site: string;
  level: 'path-item' | 'operation';
}

export interface OperationNode {
  path: string;
  method: HttpMethod;
  op: Record<string, any>;
  /** Pointer of the operation in `file`. */
  pointer: string;
  /** The file the operation is written in: the entry, or the file its path item is `$ref`'d from. */
  file: string;
  pathItem: Record<string, any>;
  pathItemPointer: string;
  /** Path-item parameters overridden by operation ones (same name and `in`), `$ref`s resolved. */
  parameters: ParameterNode[];
}

export interface MessageNode extends Node<Record<string, any>> {
  /** A short name for messages: the message's `name`, its component key, or its pointer. */
  label: string;
  /** The message's traits, resolved (AsyncAPI applies them onto the message). */
  traits: Node<Record<string, any>>[];
}

export interface DocumentInput {
  contract: LoadedContract;
  /** The OpenAPI document with the catalogue expanded; the contract's own doc otherwise. */
  root: Record<string, any>;
  catalogue?: ErrorCatalogue;
  /** Why the catalogue could not be loaded or expanded, when it could not. */
  catalogueProblem?: ContractError;
}

const MAX_REF_HOPS = 64;

export class LintDocument {
  readonly contract: LoadedContract;
  readonly kind: LoadedContract['kind'];
  readonly specVersion: string;
  /** What the rules read: for OpenAPI, the document with catalogue responses expanded into it. */
  readonly root: Record<string, any>;
  /** The entry document as written (refs in place, no catalogue expansion). */
  readonly source: Record<string, any>;
  readonly catalogue?: ErrorCatalogue;
  readonly catalogueProblem?: ContractError;
  /** Absolute path of the entry document. */
  readonly file: string;
  readonly refProblems: RefProblem[];

  #refCache = new Map<string, Node | null>();
  #operations?: OperationNode[];
  #messages?: MessageNode[];

  constructor(input: DocumentInput) {
    this.contract = input.contract;
    this.kind = input.contract.kind;
    this.specVersion = input.contract.specVersion;
    this.root = input.root;
    this.source = input.contract.doc;
    this.catalogue = input.catalogue;
    this.catalogueProblem = input.catalogueProblem;
    this.file = path.resolve(input.contract.file);
    this.refProblems = input.contract.refProblems ?? [];
  }

  get isOpenApi31(): boolean {
    return this.kind === 'openapi' && this.specVersion.startsWith('3.1');
  }

  /** The parsed value of a loaded file (the expanded document for the entry). */
  rootOf(file: string): unknown {
    if (file === this.file) return this.root;
    return this.contract.sources.get(file)?.value;
  }

  /**
   * Resolve one `$ref` written in `fromFile`. Remote and broken refs resolve to undefined
   * (they are reported by their own rules). Memoised per (file, ref).
   */
  resolveRef(ref: string, fromFile: string = this.file): Node | undefined {
    const key = `${fromFile}\u0000${ref}`;
    const hit = this.#refCache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let out: Node | null = null;
    if (!isRemoteRef(ref)) {
      const hash = ref.indexOf('#');
      const filePart = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? '' : ref.slice(hash + 1);
      const target = filePart ? path.resolve(path.dirname(fromFile), filePart) : fromFile;
      const root = this.rootOf(target);
      if (root !== undefined) {
        let value: unknown;
        try {
          value = getPointer(root, fragment);
        } catch {
          value = undefined; // a malformed %-escape in the fragment
        }
        if (value !== undefined) out = { value, file: target, pointer: fragment };
      }
    }
    this.#refCache.set(key, out);
    return out ?? undefined;
  }

  /** Follow `$ref`s from a node until a value that is not a reference. */
  deref<T = any>(node: Node<T>): Node<T> | undefined {
    let cur: Node = node;
    for (let i = 0; i < MAX_REF_HOPS; i++) {
      const v = cur.value;
      if (v === null || typeof v !== 'object' || typeof v.$ref !== 'string') return cur as Node<T>;
      const next = this.resolveRef(v.$ref, cur.file);
      if (!next) return undefined;
      cur = next;
    }
    return undefined; // a cycle of pure references
  }

  /** A child node, by key. */
  child(node: Node, key: string | number): Node | undefined {
    const v = node.value?.[key];
    if (v === undefined) return undefined;
    return { value: v, file: node.file, pointer: `${node.pointer}/${escapePointer(String(key))}` };
  }

  /** The entry document's node at a pointer. */
  at(pointer: string): Node | undefined {
    const value = getPointer(this.root, pointer);
    return value === undefined ? undefined : { value, file: this.file, pointer };
  }

  /** Every operation under `paths`, in document order, with its effective parameters. */
  get operations(): OperationNode[] {
    if (this.#operations) return this.#operations;
    const out: OperationNode[] = [];
    const paths = this.root.paths;
    if (this.kind === 'openapi' && isObject(paths)) {
      for (const p of Object.keys(paths)) {
        const itemNode = this.deref({ value: paths[p], file: this.file, pointer: `/paths/${escapePointer(p)}` });
        if (!itemNode || !isObject(itemNode.value)) continue;
        const item = itemNode.value;
        const itemParams = this.#parameters(itemNode, 'path-item');
        for (const method of HTTP_METHODS) {
          const op = item[method];
          if (!isObject(op)) continue;
          const opNode = { value: op, file: itemNode.file, pointer: `${itemNode.pointer}/${method}` };
          const merged = new Map<string, ParameterNode>();
          for (const prm of [...itemParams, ...this.#parameters(opNode, 'operation')]) {
            const name = typeof prm.value.name === 'string' ? prm.value.name : '';
            const where = typeof prm.value.in === 'string' ? prm.value.in : '';
            merged.set(`${where}:${where === 'header' ? name.toLowerCase() : name}`, prm);
          }
          out.push({
            path: p,
            method,
            op,
            pointer: opNode.pointer,
            file: opNode.file,
            pathItem: item,
            pathItemPointer: itemNode.pointer,
            parameters: [...merged.values()],
          });
        }
      }
    }
    this.#operations = out;
    return out;
  }

  #parameters(owner: Node, level: ParameterNode['level']): ParameterNode[] {
    const list = owner.value.parameters;
    if (!Array.isArray(list)) return [];
    const out: ParameterNode[] = [];
    list.forEach((raw, i) => {
      const site = `${owner.pointer}/parameters/${i}`;
      const node = this.deref({ value: raw, file: owner.file, pointer: site });
      if (node && isObject(node.value)) out.push({ ...node, site, siteFile: owner.file, level });
    });
    return out;
  }

  /** Every AsyncAPI message, once each (by where it is defined), with its traits resolved. */
  get messages(): MessageNode[] {
    if (this.#messages) return this.#messages;
    const seen = new Set<string>();
    const out: MessageNode[] = [];
    const add = (raw: unknown, pointer: string, key?: string): void => {
      const found = this.deref({ value: raw, file: this.file, pointer });
      if (!found || !isObject(found.value)) return;
      const node = found as Node<Record<string, any>>;
      const id = `${node.file}#${node.pointer}`;
      if (seen.has(id)) return;
      seen.add(id);
      const traits: Node<Record<string, any>>[] = [];
      if (Array.isArray(node.value.traits)) {
        node.value.traits.forEach((t: unknown, i: number) => {
          const tn = this.deref({ value: t, file: node.file, pointer: `${node.pointer}/traits/${i}` });
          if (tn && isObject(tn.value)) traits.push(tn as Node<Record<string, any>>);
        });
      }
      const label = typeof node.value.name === 'string' ? node.value.name : (key ?? node.pointer);
      out.push({ ...node, label, traits });
    };
    if (this.kind === 'asyncapi') {
      const channels = this.root.channels;
      if (isObject(channels)) {
        for (const c of Object.keys(channels)) {
          const ch = this.deref({ value: channels[c], file: this.file, pointer: `/channels/${escapePointer(c)}` });
          if (!ch || !isObject(ch.value)) continue;
          if (ch.file !== this.file) continue; // messages of channels in other files are linted with that file
          if (isObject(ch.value.messages)) {
            for (const m of Object.keys(ch.value.messages)) add(ch.value.messages[m], `${ch.pointer}/messages/${escapePointer(m)}`, m);
          }
          for (const verb of ['publish', 'subscribe']) {
            const op = ch.value[verb];
            if (!isObject(op) || op.message === undefined) continue;
            const msg = op.message;
            if (isObject(msg) && Array.isArray(msg.oneOf)) {
              msg.oneOf.forEach((m: unknown, i: number) => add(m, `${ch.pointer}/${verb}/message/oneOf/${i}`));
            } else add(msg, `${ch.pointer}/${verb}/message`);
          }
        }
      }
      const comp = this.root.components?.messages;
      if (isObject(comp)) for (const m of Object.keys(comp)) add(comp[m], `/components/messages/${escapePointer(m)}`, m);
    }
    this.#messages = out;
    return out;
  }

  /**
   * Where a pointer of the linted document is in the files the author wrote. Catalogue
   * responses and problem schemas exist only in the expanded document: they are located at
   * the `x-errors` entry that produced them, or at the code's entry in the catalogue file.
   */
  locate(pointer: string, file: string = this.file): FindingLocation {
    // Positions come from the loader (SourceFile.locate), fast for JSON and block YAML alike.
    if (file !== this.file) {
      const cat = this.catalogue;
      if (cat && path.resolve(cat.file) === file) return toLocation(cat.source.locate(pointer), pointer, cat.file);
      return toLocation(this.contract.locate(pointer, file), pointer, file);
    }
    const mapped = this.#mapExpanded(pointer);
    if (mapped) return mapped;
    return toLocation(this.contract.locate(pointer), pointer, this.contract.file);
  }

  #mapExpanded(pointer: string): FindingLocation | undefined {
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

function toLocation(loc: { file: string; line?: number; column?: number }, pointer: string, file: string): FindingLocation {
  return { file: loc.file ?? file, line: loc.line, column: loc.column, pointer };
}

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
