/**
 * OpenAPI 3.0 schema keywords in JSON Schema 2020-12 terms, for the response validators (Ajv
 * 2020). `charter generate` copies this file verbatim to generated/server/schema30.ts. Ajv refuses
 * `nullable: true` without a `type` beside it (next to `allOf`, `anyOf`, `oneOf`, `$ref` or `enum`)
 * and a boolean `exclusiveMinimum`/`exclusiveMaximum`, so the document is rewritten once, on the
 * router's creation: `nullable: true` becomes `null` added to `type` (and `enum`), or an `anyOf`
 * with `{ type: 'null' }` where there is no type; a boolean exclusive bound becomes the numeric
 * one. Data (`enum`, `example`, `default`, `examples`) is left as written. 3.1 documents that use the 3.0 spellings are read the same way. A document without them is
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

/** Keys whose values are data, not schemas: never rewritten. */
const DATA_KEYS = new Set(['enum', 'example', 'default', 'examples']);
/** Keywords that make a schema constrain something: `nullable` beside one of them, without a type, means "null or that". */
const SCHEMA_KEYWORDS = new Set(['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'properties', 'items', 'enum', 'const', 'format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'required', 'additionalProperties']);

/**
 * A schema (or a whole document) with OpenAPI 3.0's `nullable` and boolean exclusive bounds in
 * JSON Schema 2020-12 terms, as a copy. `charter generate` compiles the request validators from
 * the same reading.
 */
export function fromOpenApi30(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 512) return value;
  if (Array.isArray(value)) return value.map((v) => fromOpenApi30(v, depth + 1));
  const out: Node = {};
  for (const [k, v] of Object.entries(value as Node)) out[k] = DATA_KEYS.has(k) ? v : fromOpenApi30(v, depth + 1);
  if (typeof out['nullable'] === 'boolean') {
    const nullable = out['nullable'];
    delete out['nullable'];
    const type = out['type'];
    if (nullable && (typeof type === 'string' || Array.isArray(type))) {
      const types = Array.isArray(type) ? [...type] : [type];
      if (!types.includes('null')) types.push('null');
      out['type'] = types;
      if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    } else if (nullable && type === undefined && Object.keys(out).some((k) => SCHEMA_KEYWORDS.has(k))) {
      // `nullable` beside `$ref`/`allOf`/…: null, or whatever the rest admits.
      return { anyOf: [{ type: 'null' }, out] };
    }
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

/** The document with the 3.0 spellings rewritten (a copy), or the document itself when it has none. */
export function withJsonSchemaKeywords<T extends object>(doc: T): T {
  return needsRewrite(doc) ? (fromOpenApi30(doc) as T) : doc;
}
