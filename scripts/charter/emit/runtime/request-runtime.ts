/**
 * Request routing and parameter decoding for the generated server. `charter generate` copies this
 * file verbatim to generated/server/request.ts; the per-operation plans it runs (which parameters,
 * in which style, of which types, and the compiled validators) are emitted into validators.ts.
 *
 * - `CompiledRouter`: a segment tree (one node per path segment), so finding an operation costs
 *   the same with 7 operations as with 1,000. OpenAPI matching: exact case, no trailing-slash
 *   match, literal segments before templated ones (with backtracking), a parameter takes one or
 *   more characters of its segment.
 * - `decodeRequest`: every OpenAPI style for path, query, header and cookie parameters (simple,
 *   label, matrix, form, spaceDelimited, pipeDelimited, deepObject; primitives, arrays, objects;
 *   `content`-encoded parameters), with strict coercion to the schema's type: canonical numerals
 *   only, safe integers only, `true`/`false` only. A value that does not coerce stays a string,
 *   so the compiled validator refuses it with the schema's own message at its location.
 */

export type ParamIn = 'path' | 'query' | 'header' | 'cookie';

/** What a value is declared as, enough to decode and coerce it (the validator checks the rest). */
export interface ValueShape {
  /** JSON types the schema admits (`[]`: unknown, no coercion). */
  types: string[];
  /** Array items (when `types` includes `array`). */
  items?: ValueShape;
  /** Object properties (when `types` includes `object`). */
  properties?: Record<string, ValueShape>;
  /** The members of a map: an object's explicit `additionalProperties` (`true`: of unknown type). */
  additional?: ValueShape;
  /**
   * When every string the schema admits is listed (`anyOf [enum [now, unchanged], integer]`), the
   * list: a value outside it is read as the schema's other types (`921` as an integer).
   */
  strings?: string[];
}

export interface ParamPlan {
  name: string;
  in: ParamIn;
  /** Where the handler finds it: the name, lower-cased for headers. */
  key: string;
  required: boolean;
  style: string;
  explode: boolean;
  shape: ValueShape;
  /** For a `content`-encoded parameter: its media type (JSON ones are parsed). */
  media?: string;
  /** A query parameter's `allowEmptyValue`: without it, `?name=` is refused. */
  allowEmpty?: boolean;
  /** A query parameter's `allowReserved`: without it, RFC 3986 reserved characters must come percent-encoded. */
  allowReserved?: boolean;
}

export interface ValidationIssue {
  location: string;
  message: string;
}

/** A compiled validator (Ajv standalone): true, or false with `errors` set. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

export interface OperationPlan {
  params: ParamPlan[];
  /** Validates `{ path, query, header, cookie }` after decoding. */
  validateParams?: CompiledValidator;
  /** Request body validators by media type (`*` entries such as `application/*` allowed). */
  bodies?: Record<string, CompiledValidator | null>;
  bodyRequired?: boolean;
}

export interface DecodedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Routing

interface Route<T> {
  value: T;
  names: string[];
  /**
   * Query pairs the path key itself carries (`/responses/{id}?beta=true`, which OpenAPI does not
   * define but contracts write): the request must carry them too. Another operation on the same
   * method and path, with other pairs or none, is an alternative to it.
   */
  fixed?: Array<[string, string]>;
  alternatives?: Route<T>[];
}

interface Pattern<T> {
  regexp: RegExp;
  names: string[];
  node: Node<T>;
}

interface Node<T> {
  literal: Map<string, Node<T>>;
  patterns: Pattern<T>[];
  param?: { name: string; node: Node<T> };
  /** Operations ending here, by upper-case method. */
  methods?: Map<string, Route<T>>;
}

const newNode = <T>(): Node<T> => ({ literal: new Map(), patterns: [] });

export interface RouteMatch<T> {
  value: T;
  /** Raw (still percent-encoded) path parameter values. */
  params: Record<string, string>;
  /** The query pairs the matched path key carries: part of the route, not parameters. */
  fixed?: Array<[string, string]>;
}

export type RouteResult<T> =
  | { kind: 'found'; match: RouteMatch<T> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Operations by OpenAPI path template (`/users/{userId}`) and method. A HEAD request is served by
 * the GET operation when no HEAD operation is declared.
 */
export class CompiledRouter<T> {
  readonly #root: Node<T> = newNode();

  add(method: string, template: string, value: T): void {
    let node = this.#root;
    const names: string[] = [];
    const q = template.indexOf('?');
    const fixed = q === -1 ? undefined : [...parseQuery(template.slice(q + 1))].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]));
    for (const segment of (q === -1 ? template : template.slice(0, q)).split('/').slice(1)) {
      const whole = /^\{([^{}]+)\}$/.exec(segment);
      if (whole) {
        names.push(whole[1]!);
        node.param ??= { name: whole[1]!, node: newNode() };
        node = node.param.node;
      } else if (segment.includes('{')) {
        const own: string[] = [];
        const source = segment
          .split(/(\{[^{}]+\})/)
          .map((part) => {
            const m = /^\{([^{}]+)\}$/.exec(part);
            if (!m) return escapeRegExp(part);
            own.push(m[1]!);
            return '(.+)';
          })
          .join('');
        names.push(...own);
        let pattern = node.patterns.find((p) => p.regexp.source === `^${source}$`);
        if (!pattern) {
          pattern = { regexp: new RegExp(`^${source}$`), names: own, node: newNode() };
          node.patterns.push(pattern);
        }
        node = pattern.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) {
          next = newNode();
          node.literal.set(segment, next);
        }
        node = next;
      }
    }
    node.methods ??= new Map();
    const route: Route<T> = { value, names, ...(fixed?.length ? { fixed } : {}) };
    const existing = node.methods.get(method.toUpperCase());
    if (existing && (existing.fixed || route.fixed)) {
      // The variants of one path, the most specific first; the plain path (no pairs) last.
      const all = [...(existing.alternatives ?? [existing]), route].sort((a, b) => (b.fixed?.length ?? 0) - (a.fixed?.length ?? 0));
      node.methods.set(method.toUpperCase(), { ...all[0]!, alternatives: all });
    } else node.methods.set(method.toUpperCase(), route);
  }

  /**
   * Match a path relative to the base path (the part before any `?`). `search` (the part after it)
   * is read only where a path key carries query pairs of its own.
   */
  find(method: string, path: string, search?: string): RouteResult<T> {
    if (path.charCodeAt(0) !== 47 /* / */) return { kind: 'none' };
    const segments = path.split('/');
    const values: string[] = [];
    const node = this.#walk(this.#root, segments, 1, values);
    if (!node?.methods) return { kind: 'none' };
    let route = node.methods.get(method) ?? (method === 'HEAD' ? node.methods.get('GET') : undefined);
    if (!route) return { kind: 'method', allowed: [...node.methods.keys()].sort() };
    if (route.alternatives || route.fixed) {
      const query = parseQuery(search ?? '');
      route = (route.alternatives ?? [route]).find((r) => !r.fixed || r.fixed.every(([k, v]) => query.get(k)?.includes(v)));
      if (!route) return { kind: 'none' };
    }
    const params: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) params[route.names[i]!] = values[i]!;
    return { kind: 'found', match: { value: route.value, params, ...(route.fixed ? { fixed: route.fixed } : {}) } };
  }

  #walk(node: Node<T>, segments: string[], i: number, values: string[]): Node<T> | undefined {
    if (i === segments.length) return node.methods ? node : undefined;
    const segment = segments[i]!;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.#walk(literal, segments, i + 1, values);
      if (found) return found;
    }
    if (segment === '') return undefined;
    for (const pattern of node.patterns) {
      const m = pattern.regexp.exec(segment);
      if (!m) continue;
      const mark = values.length;
      for (let k = 1; k < m.length; k++) values.push(m[k]!);
      const found = this.#walk(pattern.node, segments, i + 1, values);
      if (found) return found;
      values.length = mark;
    }
    if (node.param) {
      values.push(segment);
      const found = this.#walk(node.param.node, segments, i + 1, values);
      if (found) return found;
      values.pop();
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Strict coercion

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * A wire string as the schema's type, when it is that type's canonical spelling; otherwise the
 * string itself (which the validator then refuses as the wrong type).
 */
export function coerce(raw: string, shape: ValueShape): unknown {
  const { types } = shape;
  if (types.length === 0 || (types.includes('string') && (!shape.strings || shape.strings.includes(raw)))) return raw;
  if (types.includes('integer') && INTEGER.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
    if (!types.includes('number')) return raw;
  }
  if (types.includes('number') && NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean')) {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
  }
  if (types.includes('null') && raw === 'null') return null;
  return raw;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export class RequestDecodeError extends Error {
  readonly issues: ValidationIssue[];
  readonly status = 400;
  constructor(issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.location}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

function decode(raw: string, location: string): string {
  if (raw.indexOf('%') === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RequestDecodeError([{ location, message: `Failed to decode param '${raw}'` }]);
  }
}

export function decodeForm(raw: string, location: string): string {
  return decode(raw.indexOf('+') === -1 ? raw : raw.replace(/\+/g, ' '), location);
}

const isArray = (shape: ValueShape) => shape.types.includes('array') && !shape.types.includes('string');
const isObject = (shape: ValueShape) => shape.types.includes('object') && !shape.types.includes('string') && !isArray(shape);

function items(parts: string[], shape: ValueShape, location: string, form: boolean): unknown[] {
  const item = shape.items ?? { types: [] };
  return parts.map((p) => coerce(form ? decodeForm(p, location) : decode(p, location), item));
}

function pairsToObject(parts: string[], shape: ValueShape, location: string, form: boolean): Record<string, unknown> | string {
  // `role,admin,firstName,Alex`: an even number of parts, names and values alternating.
  if (parts.length % 2 !== 0) return parts.join(',');
  const out: Record<string, unknown> = {};
  for (let i = 0; i < parts.length; i += 2) {
    const name = form ? decodeForm(parts[i]!, location) : decode(parts[i]!, location);
    out[name] = coerce(form ? decodeForm(parts[i + 1]!, location) : decode(parts[i + 1]!, location), shape.properties?.[name] ?? { types: [] });
  }
  return out;
}

function assignmentsToObject(parts: string[], shape: ValueShape, location: string): Record<string, unknown> | string {
  // `role=admin,firstName=Alex`
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return parts.join(',');
    const name = decode(part.slice(0, eq), location);
    out[name] = coerce(decode(part.slice(eq + 1), location), shape.properties?.[name] ?? { types: [] });
  }
  return out;
}

function parseContent(raw: string, plan: ParamPlan, location: string): unknown {
  if (plan.media && /(^application\/json|[/+]json)(;|$)/i.test(plan.media)) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new RequestDecodeError([{ location, message: `must be ${plan.media}` }]);
    }
  }
  return raw;
}

/** A path, header or cookie value in simple style (headers, path), or a path value in label/matrix style. */
function decodeDelimited(raw: string, plan: ParamPlan, location: string): unknown {
  const { shape } = plan;
  let value = raw;
  let sep = ',';
  if (plan.in === 'path' && plan.style === 'label') {
    if (value[0] !== '.') return decode(value, location);
    value = value.slice(1);
    if (plan.explode) sep = '.';
  } else if (plan.in === 'path' && plan.style === 'matrix') {
    // `;id=5`, `;id=3,4,5`, `;id=3;id=4;id=5`, `;role=admin;firstName=Alex`
    if (value[0] !== ';') return decode(value, location);
    const parts = value.slice(1).split(';');
    if (isObject(shape) && plan.explode) return assignmentsToObject(parts, shape, location);
    const prefix = `${plan.name}=`;
    const stripped: string[] = [];
    for (const part of parts) {
      if (part === plan.name && !isArray(shape) && !isObject(shape)) {
        stripped.push('');
        continue;
      }
      if (!part.startsWith(prefix)) return decode(value, location);
      stripped.push(part.slice(prefix.length));
    }
    if (isArray(shape)) return items(plan.explode ? stripped : stripped.join(';').split(','), shape, location, false);
    if (isObject(shape)) return pairsToObject(stripped.join(';').split(','), shape, location, false);
    return coerce(decode(stripped.join(';'), location), shape);
  }
  if (isArray(shape)) return items(value === '' ? [] : value.split(sep), shape, location, false);
  if (isObject(shape)) {
    const parts = value === '' ? [] : value.split(sep);
    return plan.explode ? assignmentsToObject(parts, shape, location) : pairsToObject(parts, shape, location, false);
  }
  return coerce(decode(value, location), shape);
}

/** Query pairs, split at `&` and the first `=`, names decoded, values left raw. */
export function parseQuery(search: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (search === '') return out;
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const raw = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decodeForm(rawName, 'query');
    const list = out.get(name);
    if (list) list.push(raw);
    else out.set(name, [raw]);
  }
  return out;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

// RFC 3986 reserved characters, but for `,` (the delimiter of form arrays and objects) and `+` (a
// space in form encoding, as URLSearchParams writes it).
const RESERVED = /[:/?#[\]@!$&'()*;=]/;

function checkReserved(plan: ParamPlan, raws: readonly string[], location: string): void {
  if (plan.allowReserved) return;
  for (const raw of raws) {
    if (RESERVED.test(raw)) throw new RequestDecodeError([{ location, message: `Parameter '${plan.name}' must be url encoded. Its value may not contain reserved characters.` }]);
  }
}

/** The most items one array of a deepObject parameter takes by index (`lines[9999][amount]`). */
const MAX_DEEP_INDEX = 9999;

/**
 * A bracketed key below a value means the value is a container: where the schema admits an array
 * (`anyOf [array, enum ['']]`, Stripe's list-or-unset), a numeric key is an index.
 */
const indexes = (shape: ValueShape, key: string) => shape.types.includes('array') && /^\d+$/.test(key);

/**
 * Whether a bracketed leaf's values are a list. A member that admits both an array and a string
 * (`tax_rates: anyOf [array of string, enum ['']]`) sent once is ambiguous: a one-item list and a
 * string serialise alike. It reads as the string when the schema admits that string (`''`, Stripe's
 * "unset"), else as a list of one (`txr_1`).
 */
function listLeaf(shape: ValueShape, raws: readonly string[], location: string): boolean {
  if (isArray(shape)) return true;
  if (!shape.types.includes('array')) return false;
  if (raws.length !== 1) return true;
  return !(shape.types.includes('string') && (!shape.strings || shape.strings.includes(decodeForm(raws[0]!, location))));
}

/**
 * The values one query key carries, read by the schema of what it names: a list item by item,
 * else one value coerced, several left as strings for the validator.
 */
function formValue(raws: string[], shape: ValueShape, location: string, list = isArray(shape)): unknown {
  if (list) return items(raws, shape, location, true);
  return raws.length === 1 ? coerce(decodeForm(raws[0]!, location), shape) : raws.map((r) => decodeForm(r, location));
}

/** The shape one level down: a property's, an array's items', a map's members'. */
function memberShape(shape: ValueShape, key: string): ValueShape {
  if (indexes(shape, key)) return shape.items ?? { types: [] };
  return shape.properties?.[key] ?? shape.additional ?? { types: [] };
}

/**
 * A deepObject parameter in bracket notation, to any depth: `created[gt]=5`, `lines[0][amount]=3`,
 * `a[b][c]=x`. A numeric key where the schema has an array is an index (the items are kept in
 * index order); every leaf is coerced by its schema. Undefined when no member is present.
 */
function deepObject(plan: ParamPlan, query: Map<string, string[]>, used: Set<string>, location: string): unknown {
  type Container = Map<number, unknown> | Record<string, unknown>;
  const isContainer = (v: unknown): v is Container => v instanceof Map || (!!v && typeof v === 'object' && !Array.isArray(v));
  const make = (shape: ValueShape, key: string): Container => (indexes(shape, key) ? new Map() : {});
  const slot = (c: Container, key: string): number | string => {
    if (!(c instanceof Map)) return key;
    if (!/^\d+$/.test(key)) throw new RequestDecodeError([{ location, message: `Query parameter '${plan.name}' mixes array indexes and member names` }]);
    if (Number(key) > MAX_DEEP_INDEX) throw new RequestDecodeError([{ location, message: `Index ${key} of query parameter '${plan.name}' is above ${MAX_DEEP_INDEX}` }]);
    return Number(key);
  };
  const get = (c: Container, key: string): unknown => (c instanceof Map ? c.get(slot(c, key) as number) : c[key]);
  const set = (c: Container, key: string, v: unknown): void => {
    if (c instanceof Map) c.set(slot(c, key) as number, v);
    else c[key] = v;
  };
  const prefix = `${plan.name}[`;
  let root: Container | undefined;
  for (const [name, raws] of query) {
    if (!name.startsWith(prefix) || !name.endsWith(']')) continue;
    const keys = name.slice(prefix.length, -1).split('][');
    if (keys.some((k) => k.includes('[') || k.includes(']'))) continue;
    used.add(name);
    checkReserved(plan, raws, location);
    let shape = plan.shape;
    root ??= make(shape, keys[0]!);
    let container: Container = root;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const child = memberShape(shape, key);
      if (i === keys.length - 1) {
        set(container, key, formValue(raws, child, location, listLeaf(child, raws, location)));
        break;
      }
      const found = get(container, key);
      const next = isContainer(found) ? found : make(child, keys[i + 1]!);
      if (next !== found) set(container, key, next);
      container = next;
      shape = child;
    }
  }
  return denseArrays(root);
}

/** The index maps of deepObject() as arrays, in index order. */
function denseArrays(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => denseArrays(v));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out = value as Record<string, unknown>;
    for (const k of Object.keys(out)) out[k] = denseArrays(out[k]);
  }
  return value;
}

function decodeQuery(plan: ParamPlan, query: Map<string, string[]>, used: Set<string>): unknown {
  const location = `query/${plan.name}`;
  const { shape } = plan;
  if (plan.media) {
    const raw = query.get(plan.name);
    if (!raw) return undefined;
    used.add(plan.name);
    return raw.length === 1 ? parseContent(decodeForm(raw[0]!, location), plan, location) : raw.map((r) => decodeForm(r, location));
  }
  // Any schema with a container reading, `anyOf [array, enum ['']]` included.
  if (plan.style === 'deepObject' && (shape.types.includes('object') || shape.types.includes('array'))) {
    const out = deepObject(plan, query, used, location);
    if (out !== undefined) return out;
    // A schema that also admits a primitive (`anyOf [range object, integer]`): `created=591`.
    const primitive = shape.types.filter((t) => t !== 'object' && t !== 'array');
    const raws = query.get(plan.name);
    // An array without brackets is read below, as repeated values (`expand=a&expand=b`).
    if (isArray(shape) && !primitive.length) return decodeRepeated(plan, query, used, location);
    if (!primitive.length || !raws) return undefined;
    used.add(plan.name);
    checkReserved(plan, raws, location);
    return raws.length === 1 ? coerce(decodeForm(raws[0]!, location), { types: primitive }) : raws.map((r) => decodeForm(r, location));
  }
  if (isObject(shape) && plan.explode && plan.style === 'form') {
    // Each property is a query parameter of its own.
    let out: Record<string, unknown> | undefined;
    for (const prop of Object.keys(shape.properties ?? {})) {
      const raws = query.get(prop);
      if (!raws) continue;
      used.add(prop);
      checkReserved(plan, raws, location);
      out ??= {};
      const propShape = shape.properties![prop]!;
      out[prop] = formValue(raws, propShape, location);
    }
    // A map (explicit additionalProperties): every query key no other parameter took is a member.
    // decodeParameters reads such a parameter last, so the others have taken theirs.
    if (shape.additional) {
      for (const [key, raws] of query) {
        if (used.has(key)) continue;
        used.add(key);
        checkReserved(plan, raws, location);
        out ??= {};
        out[key] = formValue(raws, shape.additional, location);
      }
    }
    return out;
  }
  return decodeRepeated(plan, query, used, location);
}

/** A query parameter read by its own name: one value, or an array as repeated or delimited values. */
function decodeRepeated(plan: ParamPlan, query: Map<string, string[]>, used: Set<string>, location: string): unknown {
  const { shape } = plan;
  const raws = query.get(plan.name);
  if (!raws) return undefined;
  used.add(plan.name);
  // As the reference: an empty value is refused for a single value, not as an item of an array.
  if (!plan.allowEmpty && !isArray(shape) && raws.includes('')) throw new RequestDecodeError([{ location, message: `Empty value found for query parameter '${plan.name}'` }]);
  checkReserved(plan, raws, location);
  if (isArray(shape)) {
    if (plan.explode) return items(raws, shape, location, true);
    const sep = plan.style === 'spaceDelimited' ? /%20|\+| /i : plan.style === 'pipeDelimited' ? /%7C|\|/i : ',';
    if (raws.length !== 1) return raws.map((r) => decodeForm(r, location));
    return raws[0] === '' ? [] : items(raws[0]!.split(sep), shape, location, true);
  }
  if (isObject(shape)) {
    if (raws.length !== 1) return raws.map((r) => decodeForm(r, location));
    const sep = plan.style === 'spaceDelimited' ? /%20|\+| /i : plan.style === 'pipeDelimited' ? /%7C|\|/i : ',';
    return pairsToObject(raws[0] === '' ? [] : raws[0]!.split(sep), shape, location, true);
  }
  // A primitive given more than once is not that primitive: the validator refuses the list.
  if (raws.length !== 1) return raws.map((r) => decodeForm(r, location));
  return coerce(decodeForm(raws[0]!, location), shape);
}

function takesLeftovers(plan: ParamPlan): boolean {
  return plan.in === 'query' && !plan.media && plan.style === 'form' && plan.explode && plan.shape.additional !== undefined && isObject(plan.shape);
}

/**
 * The declared parameters of one operation, decoded from the request's parts. Unknown query
 * parameters are refused (the contract lists every parameter an operation takes).
 */
export function decodeParameters(
  plans: readonly ParamPlan[],
  rawPath: Record<string, string>,
  search: string,
  headers: Record<string, string | string[] | undefined>,
  fixed?: ReadonlyArray<readonly [string, string]>,
): DecodedParameters {
  const out: DecodedParameters = { path: {}, query: {}, headers: {}, cookies: {} };
  const query = parseQuery(search);
  // The query pairs the matched path key carries are the route's, not parameters.
  const used = new Set<string>(fixed?.map(([k]) => k));
  let cookies: Map<string, string> | undefined;
  // A form-exploded map takes the query keys left over, so it is read after every other parameter.
  const ordered = plans.some(takesLeftovers) ? [...plans.filter((p) => !takesLeftovers(p)), ...plans.filter(takesLeftovers)] : plans;
  for (const plan of ordered) {
    let value: unknown;
    switch (plan.in) {
      case 'path': {
        const raw = rawPath[plan.name];
        if (raw === undefined) continue;
        const location = `path/${plan.name}`;
        value = plan.media ? parseContent(decode(raw, location), plan, location) : decodeDelimited(raw, plan, location);
        out.path[plan.key] = value;
        continue;
      }
      case 'query':
        value = decodeQuery(plan, query, used);
        if (value !== undefined) out.query[plan.key] = value;
        continue;
      case 'header': {
        const raw = headers[plan.key];
        if (raw === undefined) continue;
        const text = Array.isArray(raw) ? raw.join(', ') : raw;
        const location = `header/${plan.key}`;
        // Header values are not percent-encoded: simple style splits them, nothing else.
        value = plan.media
          ? parseContent(text, plan, location)
          : isArray(plan.shape)
            ? text.split(',').map((p) => coerce(p.trim(), plan.shape.items ?? { types: [] }))
            : isObject(plan.shape)
              ? (plan.explode ? assignmentsToObject : (parts: string[], s: ValueShape, l: string) => pairsToObject(parts, s, l, false))(text.split(',').map((p) => p.trim()), plan.shape, location)
              : coerce(text, plan.shape);
        out.headers[plan.key] = value;
        continue;
      }
      case 'cookie': {
        cookies ??= parseCookies(typeof headers['cookie'] === 'string' ? headers['cookie'] : undefined);
        const raw = cookies.get(plan.name);
        if (raw === undefined) continue;
        const location = `cookie/${plan.name}`;
        value = plan.media
          ? parseContent(decode(raw, location), plan, location)
          : isArray(plan.shape)
            ? items(raw === '' ? [] : raw.split(','), plan.shape, location, false)
            : isObject(plan.shape)
              ? pairsToObject(raw === '' ? [] : raw.split(','), plan.shape, location, false)
              : coerce(decode(raw, location), plan.shape);
        out.cookies[plan.key] = value;
        continue;
      }
    }
  }
  if (query.size > used.size) {
    const unknown = [...query.keys()].filter((k) => !used.has(k));
    if (unknown.length) throw new RequestDecodeError(unknown.slice(0, 100).map((k) => ({ location: `query/${k}`, message: `Unknown query parameter '${k}'` })));
  }
  return out;
}

/** Ajv's errors as problem members: `body/items/0/email`, `query/limit`; required and unknown members are named. */
export function issuesOf(errors: CompiledValidator['errors'], prefix: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const e of errors ?? []) {
    let path = e.instancePath;
    if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') path += `/${e.params['missingProperty']}`;
    else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') path += `/${e.params['additionalProperty']}`;
    else if (e.keyword === 'unevaluatedProperties' && typeof e.params['unevaluatedProperty'] === 'string') path += `/${e.params['unevaluatedProperty']}`;
    const location = prefix + path.replace(/~1/g, '/').replace(/~0/g, '~');
    out.push({ location: location.replace(/^\//, ''), message: (e.message ?? 'is invalid').slice(0, 1024) });
    if (out.length === 100) break;
  }
  return out;
}

/** The body validator for a media type: exact, then `type/*`, then `*\/*`; undefined when none is declared. */
export function bodyValidatorFor(bodies: Record<string, CompiledValidator | null>, contentType: string): { media: string; validate: CompiledValidator | null } | undefined {
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  if (media in bodies) return { media, validate: bodies[media]! };
  for (const declared of Object.keys(bodies)) {
    if (declared.split(';')[0]!.trim().toLowerCase() === media) return { media: declared, validate: bodies[declared]! };
  }
  const family = `${media.split('/')[0]}/*`;
  if (family in bodies) return { media: family, validate: bodies[family]! };
  if ('*/*' in bodies) return { media: '*/*', validate: bodies['*/*']! };
  return undefined;
}
