/**
 * Meaning-only hashes of JSON subtrees, cached per object: documentation keywords,
 * examples and extensions do not count and key order does not matter. Two subtrees with
 * the same hash and no `$ref` inside are equivalent for the diff, which lets the engine
 * skip the (large) unchanged parts of big documents at once.
 */
import crypto from 'node:crypto';

const DOC_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', '$comment', 'x-examples']);
/** Extensions the diff reads (all others are documentation to it). */
const MEANINGFUL_EXTENSIONS = new Set(['x-extensible-enum', 'x-sunset', 'x-stability-level']);
const skipped = (k: string) => DOC_KEYS.has(k) || (k.startsWith('x-') && !MEANINGFUL_EXTENSIONS.has(k));

interface Entry {
  hash: string;
  hasRef: boolean;
}

const cache = new WeakMap<object, Entry>();

export function structHash(v: unknown): Entry {
  if (v === null || typeof v !== 'object') return { hash: `${typeof v}:${JSON.stringify(v)}`, hasRef: false };
  const hit = cache.get(v as object);
  if (hit) return hit;
  let hasRef = false;
  let text: string;
  if (Array.isArray(v)) {
    text = '[';
    for (const item of v) {
      const e = structHash(item);
      hasRef ||= e.hasRef;
      text += `${e.hash},`;
    }
  } else {
    text = '{';
    for (const k of Object.keys(v).sort()) {
      if (skipped(k)) continue;
      if (k === '$ref') hasRef = true;
      const e = structHash((v as Record<string, unknown>)[k]);
      hasRef ||= e.hasRef;
      text += `${k}:${e.hash},`;
    }
  }
  // Short texts stand for themselves; longer ones are folded into two 53-bit hashes.
  const entry = { hash: text.length <= 64 ? text : `#${cyrb53(text, 1)}.${cyrb53(text, 7)}`, hasRef };
  cache.set(v as object, entry);
  return entry;
}

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
function cyrb53(str: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function fingerprint(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

interface RefNode {
  value: unknown;
  file: string;
  pointer: string;
}

interface Resolver {
  deref(n: RefNode): RefNode;
}

/**
 * Meaning-only hashes with `$ref`s followed: two schemas with the same deep hash mean the
 * same thing, whatever their names, key order or documentation. A schema that reaches a
 * cycle gets no hash (null), so the comparer walks it instead of trusting a hash that a
 * cut would make incomplete.
 */
export class DeepHasher {
  readonly #side: Resolver;
  readonly #memo = new Map<string, string | null>();
  readonly #active = new Set<string>();

  constructor(side: Resolver) {
    this.#side = side;
  }

  hash(n: RefNode): string | null {
    const d = this.#side.deref(n);
    const key = `${d.file}#${d.pointer}`;
    const hit = this.#memo.get(key);
    if (hit !== undefined) return hit;
    if (this.#active.has(key)) return null;
    this.#active.add(key);
    let h: string | null;
    try {
      h = this.#value(d.value, d.file, d.pointer, 0);
    } finally {
      this.#active.delete(key);
    }
    this.#memo.set(key, h);
    return h;
  }

  #value(v: unknown, file: string, pointer: string, depth: number): string | null {
    if (v === null || typeof v !== 'object') return structHash(v).hash;
    const shallow = structHash(v);
    if (!shallow.hasRef) return shallow.hash;
    if (depth > 64) return null;
    let text: string;
    if (Array.isArray(v)) {
      text = '[';
      for (let i = 0; i < v.length; i++) {
        const h = this.#child(v[i], file, `${pointer}/${i}`, depth);
        if (h === null) return null;
        text += `${h},`;
      }
    } else {
      const o = v as Record<string, unknown>;
      text = '{';
      if (typeof o.$ref === 'string') {
        const target = this.hash({ value: o, file, pointer });
        if (target === null) return null;
        text += `=${target},`;
      }
      for (const k of Object.keys(o).sort()) {
        if (k === '$ref' || skipped(k)) continue;
        const h = this.#child(o[k], file, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth);
        if (h === null) return null;
        text += `${k}:${h},`;
      }
    }
    return text.length <= 64 ? text : `#${cyrb53(text, 1)}.${cyrb53(text, 7)}`;
  }

  #child(v: unknown, file: string, pointer: string, depth: number): string | null {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $ref?: unknown }).$ref === 'string') {
      const target = this.hash({ value: v, file, pointer });
      if (target === null) return null;
      const rest = Object.keys(v).filter((k) => k !== '$ref' && !skipped(k));
      if (!rest.length) return `=${target}`;
      const siblings = this.#value(Object.fromEntries(rest.map((k) => [k, (v as Record<string, unknown>)[k]])), file, pointer, depth + 1);
      return siblings === null ? null : `=${target}&${siblings}`;
    }
    return this.#value(v, file, pointer, depth + 1);
  }
}
