/**
 * Meaning-only hashes of JSON subtrees, cached per object: documentation keywords,
 * examples and extensions do not count and key order does not matter. Two subtrees with
 * the same hash and no `$ref` inside are equivalent for the diff, which lets the engine
 * skip the (large) unchanged parts of big documents at once.
 */
import crypto from 'node:crypto';

const DOC_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', '$comment', 'x-examples']);

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
      if (DOC_KEYS.has(k) || k.startsWith('x-')) continue;
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
