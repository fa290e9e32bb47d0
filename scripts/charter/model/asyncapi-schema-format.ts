/**
 * AsyncAPI schema formats: what a message's `schemaFormat` (2.x) or a Multi Format Schema
 * Object's `schemaFormat` (3.x) says its payload is written in, and whether Charter can read it.
 *
 * Read: JSON Schema (`application/schema+json;version=draft-04|draft-06|draft-07|2019-09|2020-12`
 * and the `+yaml` equivalents) and AsyncAPI Schema Objects
 * (`application/vnd.aai.asyncapi[+json|+yaml];version=<AsyncAPI version>`, the default: a
 * superset of JSON Schema draft-07). Anything else (Avro, RAML, Protobuf, OpenAPI schemas, an
 * unknown JSON Schema draft) is `unsupported`: it is neither typed nor validated, and the
 * emitter and lint say so.
 */

export type JsonSchemaDraft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export interface SchemaFormat {
  /** The format as written, or the default for the document's version when none is. */
  format: string;
  /** Whether the author wrote it. */
  declared: boolean;
  kind: 'json-schema' | 'asyncapi' | 'unsupported';
  /** The JSON Schema dialect to validate with (AsyncAPI Schema Objects: draft-07). */
  draft?: JsonSchemaDraft;
  /** Why it is unsupported, for messages. */
  reason?: string;
}

const DRAFTS: Record<string, JsonSchemaDraft> = {
  'draft-04': 'draft-04',
  'draft-06': 'draft-06',
  'draft-07': 'draft-07',
  '2019-09': '2019-09',
  '2020-12': '2020-12',
};

/** The `$schema` URI ajv knows each dialect by. */
export const DRAFT_URI: Record<JsonSchemaDraft, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/** Well-known formats Charter does not read, by media type, for a precise message. */
const KNOWN_UNSUPPORTED: Array<[RegExp, string]> = [
  [/^application\/vnd\.apache\.avro/, 'Avro'],
  [/^application\/raml/, 'RAML'],
  [/^application\/vnd\.oai\.openapi/, 'OpenAPI Schema Object'],
  [/^application\/(vnd\.google\.protobuf|x-protobuf|protobuf)/, 'Protocol Buffers'],
];

function parameters(format: string): { type: string; params: Map<string, string> } {
  const [type, ...rest] = format.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq === -1) continue;
    params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: type!.trim().toLowerCase(), params };
}

/** What `schemaFormat` (undefined: not written) means in a document of `asyncapiVersion`. */
export function schemaFormatOf(schemaFormat: unknown, asyncapiVersion: unknown): SchemaFormat {
  const version = String(asyncapiVersion ?? '3.0.0');
  if (schemaFormat === undefined) {
    return { format: `application/vnd.aai.asyncapi+json;version=${version}`, declared: false, kind: 'asyncapi', draft: 'draft-07' };
  }
  if (typeof schemaFormat !== 'string') {
    return { format: String(schemaFormat), declared: true, kind: 'unsupported', reason: 'schemaFormat is not a string' };
  }
  const { type, params } = parameters(schemaFormat);
  if (type === 'application/vnd.aai.asyncapi' || type === 'application/vnd.aai.asyncapi+json' || type === 'application/vnd.aai.asyncapi+yaml') {
    return { format: schemaFormat, declared: true, kind: 'asyncapi', draft: 'draft-07' };
  }
  if (type === 'application/schema+json' || type === 'application/schema+yaml') {
    const v = params.get('version');
    const draft = v === undefined ? 'draft-07' : DRAFTS[v];
    if (!draft) {
      return { format: schemaFormat, declared: true, kind: 'unsupported', reason: `JSON Schema version ${v} is not one Charter reads (draft-04, draft-06, draft-07, 2019-09, 2020-12)` };
    }
    return { format: schemaFormat, declared: true, kind: 'json-schema', draft };
  }
  const known = KNOWN_UNSUPPORTED.find(([re]) => re.test(type));
  return {
    format: schemaFormat,
    declared: true,
    kind: 'unsupported',
    reason: known ? `${known[1]} schemas are not read by Charter` : `the schema format ${type} is not read by Charter`,
  };
}

/**
 * A draft-04 schema in draft-07 terms, for validators that do not read draft-04: boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become the numeric bounds they qualify, and `id` and the
 * draft-04 `$schema` are dropped. Every other keyword means the same in both.
 */
export function draft04ToDraft07(schema: unknown): unknown {
  const walk = (node: unknown, inData: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, inData));
    if (node === null || typeof node !== 'object' || inData) return node;
    const o = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === '$schema' && typeof v === 'string' && v.includes('draft-04')) continue;
      // A draft-04 `id` only names the schema; dropped, so validators compiling many messages see no clashing ids.
      if (k === 'id' && typeof v === 'string') continue;
      if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean') {
        const bound = k === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (v && typeof o[bound] === 'number') out[k] = o[bound];
        continue;
      }
      const data = k === 'enum' || k === 'default' || k === 'example' || k === 'examples' || k === 'const';
      out[k] = k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === 'dependencies'
        ? mapValues(v, (x) => walk(x, false))
        : walk(v, data);
    }
    // The bound an exclusive flag turned into an exclusive bound no longer applies inclusively.
    if (o.exclusiveMinimum === true && typeof o.minimum === 'number') delete out.minimum;
    if (o.exclusiveMaximum === true && typeof o.maximum === 'number') delete out.maximum;
    return out;
  };
  return walk(schema, false);
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, f(x)]));
}
