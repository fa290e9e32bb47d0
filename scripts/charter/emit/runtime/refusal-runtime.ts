/**
 * The router's own refusals (400, 401, 403, 404, 405, 413, 415, 500) in the shape the contract
 * declares. `charter generate` copies this file verbatim to generated/server/refusals.ts. A code
 * the error catalogue declares is answered as the catalogue says (runtime.ts). Without one (a
 * contract with no catalogue, such as most public ones), the operation's declared response for
 * that status is used (the exact status, else `4XX`/`5XX`, else `default`): its JSON media type,
 * and a body built to pass its schema as far as can be, with required text members (`message`,
 * `error`, `detail`, …) filled from the problem's text and numeric ones (`code`, `status`) from
 * the status. When the operation declares nothing usable (no such response, a non-JSON media
 * type, a schema that cannot be built), the answer is the documented default: an RFC 9457 problem
 * (`application/problem+json`, `type: about:blank`).
 */

export interface RefusalProblem {
  status: number;
  headers?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface ShapedRefusal extends RefusalProblem {
  /** The declared media type the body is rendered as. */
  media: string;
}

interface Operation {
  operationId: string;
  method: string;
}

type Schema = Record<string, any>;

const JSON_MEDIA = /^application\/json(;|$)|^[^/]+\/[^;]*\+json(;|$)/i;
// Members read as the refusal's text, and as its numeric status or code.
const TEXT_MEMBERS = ['message', 'detail', 'error', 'error_description', 'title', 'description', 'reason', 'msg'];
const NUMERIC_MEMBERS = ['code', 'status', 'statusCode', 'status_code', 'httpStatus'];

function pointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let v: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

export class RefusalShapes<Op extends Operation = Operation> {
  readonly #doc: Record<string, any>;
  readonly #templates: Record<string, { template: string }>;
  readonly #cache = new Map<string, { media: string; schema: Schema } | null>();

  readonly #operations: readonly Op[];

  /** `operations`: where a refusal no operation matched (404) finds its shape: the first that declares one. */
  constructor(doc: object, templates: Record<string, { template: string }> = {}, operations: readonly Op[] = []) {
    this.#doc = doc as Record<string, any>;
    this.#templates = templates;
    this.#operations = operations;
  }

  /** The first operation that declares a usable response for this status (for a refusal no operation matched). */
  representative(status: number): Op | undefined {
    return this.#operations.find((op) => this.declared(op, status) !== null);
  }

  #deref(value: unknown): any {
    let v: any = value;
    for (let hops = 0; hops < 16 && v && typeof v === 'object' && typeof v.$ref === 'string'; hops++) v = pointer(this.#doc, v.$ref);
    return v;
  }

  /** The operation's declared response for this status: its JSON media type and schema, or null. */
  declared(op: Operation & { path?: string }, status: number): { media: string; schema: Schema } | null {
    const key = `${op.operationId} ${status}`;
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit;
    let found: { media: string; schema: Schema } | null = null;
    const template = this.#templates[op.operationId]?.template;
    const responses = template === undefined ? undefined : this.#deref(this.#doc['paths']?.[template])?.[op.method]?.responses;
    if (responses && typeof responses === 'object') {
      const code = [String(status), `${String(status)[0]}XX`, 'default'].find((c) => responses[c] !== undefined);
      const response = code === undefined ? undefined : this.#deref(responses[code]);
      const content = response?.content && typeof response.content === 'object' ? (response.content as Record<string, any>) : undefined;
      const media = content ? Object.keys(content).find((m) => JSON_MEDIA.test(m)) : undefined;
      const schema = media ? this.#deref(content![media]?.schema) : undefined;
      if (media && schema && typeof schema === 'object') found = { media, schema };
    }
    this.#cache.set(key, found);
    return found;
  }

  /**
   * The refusal as `op` declares it, or undefined (answer the default problem). `text` is what the
   * problem says (its detail, else its title).
   */
  shape(op: Op | undefined, problem: RefusalProblem, check?: (media: string, body: unknown) => boolean): ShapedRefusal | undefined {
    op ??= this.representative(problem.status);
    if (!op) return undefined;
    const declared = this.declared(op, problem.status);
    if (!declared) return undefined;
    const p = (problem.body ?? {}) as Record<string, unknown>;
    const text = String(p['detail'] ?? p['title'] ?? 'Error');
    const body = this.#build(declared.schema, { status: problem.status, text, title: String(p['title'] ?? text), problem: p }, 0);
    if (body === undefined) return undefined;
    // Where the schema admits members it does not list, the validation issues are kept: they say what to fix.
    const open = declared.schema['additionalProperties'] !== false && declared.schema['unevaluatedProperties'] !== false && !Array.isArray(declared.schema['oneOf']) && !Array.isArray(declared.schema['anyOf']);
    if (open && body && typeof body === 'object' && !Array.isArray(body) && Array.isArray(p['errors']) && !('errors' in body)) (body as Record<string, unknown>)['errors'] = p['errors'];
    if (check && !check(declared.media, body)) return undefined;
    return { status: problem.status, ...(problem.headers ? { headers: problem.headers } : {}), body, media: declared.media };
  }

  #build(raw: Schema, ctx: { status: number; text: string; title: string; problem: Record<string, unknown> }, depth: number, member?: string): unknown {
    const schema = this.#deref(raw) as Schema | undefined;
    if (!schema || typeof schema !== 'object' || depth > 8) return undefined;
    if ('const' in schema) return schema['const'];
    if (Array.isArray(schema['enum']) && schema['enum'].length) return schema['enum'].includes(ctx.text) ? ctx.text : schema['enum'][0];
    for (const key of ['allOf'] as const) {
      if (Array.isArray(schema[key])) {
        let merged: Record<string, unknown> | undefined;
        for (const part of schema[key]) {
          const built = this.#build(part, ctx, depth + 1, member);
          if (built && typeof built === 'object' && !Array.isArray(built)) merged = { ...merged, ...(built as object) };
          else if (built !== undefined && merged === undefined) return built;
        }
        const own = this.#build({ ...schema, allOf: undefined }, ctx, depth + 1, member);
        return own && typeof own === 'object' ? { ...merged, ...(own as object) } : (merged ?? own);
      }
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(schema[key]) && schema[key].length) return this.#build(schema[key][0], ctx, depth + 1, member);
    }
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : typeof schema['type'] === 'string' ? [schema['type'] as string] : schema['properties'] ? ['object'] : [];
    const type = types.find((t) => t !== 'null') ?? types[0];
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        const props = (schema['properties'] ?? {}) as Record<string, Schema>;
        const required = new Set<string>(Array.isArray(schema['required']) ? schema['required'] : []);
        for (const [name, sub] of Object.entries(props)) {
          const known = TEXT_MEMBERS.includes(name) || NUMERIC_MEMBERS.includes(name) || name === 'type' || name === 'errors';
          if (!required.has(name) && !known) continue;
          if (!required.has(name) && name === 'errors' && ctx.problem['errors'] === undefined) continue;
          const value = this.#build(sub, ctx, depth + 1, name);
          if (value !== undefined) out[name] = value;
          else if (required.has(name)) return undefined;
        }
        for (const name of required) if (!(name in out)) out[name] = ctx.text;
        return out;
      }
      case 'string': {
        if (member === 'type') return 'about:blank';
        if (member === 'title') return ctx.title;
        if (member === 'code' && typeof ctx.problem['code'] === 'string') return ctx.problem['code'];
        const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
        return max !== undefined && ctx.text.length > max ? ctx.text.slice(0, max) : ctx.text;
      }
      case 'integer':
      case 'number':
        return ctx.status;
      case 'boolean':
        return false;
      case 'array': {
        if (member === 'errors' && Array.isArray(ctx.problem['errors'])) return ctx.problem['errors'];
        return [];
      }
      default:
        return member === undefined ? undefined : ctx.text;
    }
  }
}
