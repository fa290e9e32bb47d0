/**
 * OpenAPI 3.0 schema keywords in JSON Schema 2020-12 terms, for the response validators (Ajv
 * 2020). `charter generate` copies this file verbatim to generated/server/schema30.ts. Ajv refuses
 * `nullable: true` without a `type` beside it (next to `allOf`, `anyOf`, `oneOf`, `$ref` or `enum`)
 * and a boolean `exclusiveMinimum`/`exclusiveMaximum`, so the document is rewritten once, on the
 * router's creation: `nullable: true` becomes `null` added to `type` (and `enum`), or an `anyOf`
 * with `{ type: 'null' }` where there is no type; a boolean exclusive bound becomes the numeric
 * one. 3.1 documents that use the 3.0 spellings are read the same way. A document without them is
 * returned as it is.
 */

type Node = Record<string, unknown>;

function needsRewrite(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > 512) return false;
  if (Array.isArray(value)) return value.some((v) => needsRewrite(v, depth + 1));
  const o = value as Node;
  if (typeof o['nullable'] === 'boolean' || typeof o['exclusiveMinimum'] === 'boolean' || typeof o['exclusiveMaximum'] === 'boolean') return true;
  for (const k in o) if (needsRewrite(o[k], depth + 1)) return true;
  return false;
}

function rewrite(value: unknown, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 512) return value;
  if (Array.isArray(value)) return value.map((v) => rewrite(v, depth + 1));
  const out: Node = {};
  for (const [k, v] of Object.entries(value as Node)) out[k] = rewrite(v, depth + 1);
  for (const [bool, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[bool] !== 'boolean') continue;
    if (out[bool] === true && typeof out[bound] === 'number') {
      out[bool] = out[bound];
      delete out[bound];
    } else {
      delete out[bool];
    }
  }
  if (typeof out['nullable'] !== 'boolean') return out;
  const nullable = out['nullable'];
  delete out['nullable'];
  if (!nullable) return out;
  const type = out['type'];
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = Array.isArray(type) ? [...type] : [type];
    if (!types.includes('null')) types.push('null');
    out['type'] = types;
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    return out;
  }
  // No type: the schema or null. Annotations stay outside so they are still read where they are.
  return { anyOf: [out, { type: 'null' }] };
}

/** The document with the 3.0 spellings rewritten (a copy), or the document itself when it has none. */
export function withJsonSchemaKeywords<T extends object>(doc: T): T {
  return needsRewrite(doc) ? (rewrite(doc, 0) as T) : doc;
}
