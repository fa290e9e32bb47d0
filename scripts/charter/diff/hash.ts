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
  const h = crypto.createHash('sha1');
  if (Array.isArray(v)) {
    h.update('[');
    for (const item of v) {
      const e = structHash(item);
      hasRef ||= e.hasRef;
      h.update(e.hash);
      h.update(',');
    }
  } else {
    h.update('{');
    for (const k of Object.keys(v).sort()) {
      if (DOC_KEYS.has(k) || k.startsWith('x-')) continue;
      if (k === '$ref') hasRef = true;
      const e = structHash((v as Record<string, unknown>)[k]);
      hasRef ||= e.hasRef;
      h.update(k);
      h.update(':');
      h.update(e.hash);
      h.update(',');
    }
  }
  const entry = { hash: h.digest('base64'), hasRef };
  cache.set(v as object, entry);
  return entry;
}

export function fingerprint(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
