/**
 * OpenAPI operations of the contract model: the one place where methods are listed,
 * path-item and operation parameters merged, and request bodies, responses and their headers
 * resolved through `$ref`s (across files). Emitters, lint rules and diff rules all read these.
 *
 * Every element is a located node (`{ value, file, pointer }`) in the file the author wrote,
 * after following `$ref`s; `site` pointers say where a `$ref`'d thing is used.
 */
import { ContractModel, isObject, type Node } from './contract.ts';
import { escapePointer } from '../loader/source.ts';
import { getPointer } from '../loader/load.ts';
import { operationCodes } from '../loader/catalogue.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface Parameter extends Node<Record<string, any>> {
  name: string;
  in: ParameterLocation;
  /** `query:limit`; header names lower-cased; path parameters keyed by their position in the template (`path:#0`). */
  key: string;
  /** Path parameters are always required. */
  required: boolean;
  deprecated: boolean;
  style: string;
  explode: boolean;
  allowEmptyValue: boolean;
  /** The parameter's schema value (`schema`, else the schema of its first `content` entry). */
  schema: unknown;
  /** The `schema` node, when the parameter has one. */
  schemaNode?: Node;
  /** The `content` node, when the parameter is content-encoded. */
  contentNode?: Node;
  /** The resolved parameter object (same as `value`). */
  raw: Record<string, any>;
  /** The resolved parameter as a node (same file and pointer as this). */
  node: Node<Record<string, any>>;
  /** Where the parameter is listed: the `$ref` site, or the inline parameter. */
  site: string;
  /** The file `site` is in (the operation's or path item's file). */
  siteFile: string;
  level: 'path-item' | 'operation';
}

export interface MediaTypeEntry {
  mediaType: string;
  node: Node;
  /** The media type's `schema` node (refs not followed: emitters name `$ref`'d schemas), when present. */
  schema?: Node;
}

export interface RequestBody {
  node: Node;
  required: boolean;
  content: MediaTypeEntry[];
}

export interface ResponseHeader {
  name: string;
  node: Node;
  required: boolean;
  schema?: Node;
}

export interface Response {
  /** `200`, `4XX`, `default`. */
  status: string;
  /** The response, `$ref`s followed (still a `$ref` object when one leads nowhere). */
  node: Node;
  /** Where the operation lists it (in the operation's file): the `$ref` site, or the inline response. */
  site: string;
  content: MediaTypeEntry[];
  headers: ResponseHeader[];
}

export interface Operation {
  /** Under `paths`, under `webhooks`, or a callback an operation registers. */
  kind: 'path' | 'webhook' | 'callback';
  method: HttpMethod;
  /** The path as written (a webhook's name, a callback's expression). */
  path: string;
  /** `GET /users/{}`: method + path with parameter names blanked, what two versions are matched on. */
  key: string;
  /** `POST /users`, `WEBHOOK newTicket POST`, `GET /x callback onEvent: POST {$request…}`. */
  label: string;
  /** A request the API sends (webhook or callback): its body reaches the consumer like a response does. */
  webhook: boolean;
  /** The declared operationId, or one derived from method and path. */
  operationId: string;
  declaredOperationId: boolean;
  node: Node<Record<string, any>>;
  /** The operation object (`node.value`). */
  op: Record<string, any>;
  /** Pointer of the operation in `file`. */
  pointer: string;
  /** The file the operation is written in: the entry, or the file its path item is `$ref`'d from. */
  file: string;
  pathItem: Node<Record<string, any>>;
  /** Path-item parameters overridden by operation ones (same name and `in`), `$ref`s resolved. */
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  deprecated: boolean;
  /** `x-sunset` (YYYY-MM-DD or an HTTP date) when set. */
  sunset?: string;
  /** Effective security requirements (the operation's, or the document's). */
  security?: Array<Record<string, string[]>>;
  securityNode: Node;
  /** Catalogue codes after expansion (`x-charter-errors`), when the document has a catalogue. */
  errorCodes?: string[];
}

/** `/users/{id}/` → `/users/{}`. */
export function normalisePath(p: string): string {
  let out = p.replace(/\{[^}/]*\}/g, '{}');
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

export function collectOperations(model: ContractModel): Operation[] {
  const out: Operation[] = [];
  const root = model.root;
  for (const container of ['paths', 'webhooks'] as const) {
    const items = root[container];
    if (!isObject(items)) continue;
    const webhook = container === 'webhooks';
    for (const p of Object.keys(items)) {
      const item = model.resolve({ value: items[p], file: model.file, pointer: `/${container}/${escapePointer(p)}` });
      if (!item || !isObject(item.value)) continue;
      for (const method of HTTP_METHODS) {
        if (!isObject(item.value[method])) continue;
        const key = webhook ? `WEBHOOK ${p} ${method.toUpperCase()}` : `${method.toUpperCase()} ${normalisePath(p)}`;
        const op = operation(model, item, method, p, webhook ? 'webhook' : 'path', key, key.startsWith('WEBHOOK') ? key : `${method.toUpperCase()} ${p}`);
        out.push(op);
        if (isObject(op.op.callbacks)) out.push(...callbacks(model, op));
      }
    }
  }
  return out;
}

function operation(model: ContractModel, pathItem: Node, method: HttpMethod, p: string, kind: Operation['kind'], key: string, label: string): Operation {
  const node = model.descend(pathItem, method) as Node<Record<string, any>>;
  const op = node.value;
  const declared = typeof op.operationId === 'string' && op.operationId.length > 0;
  const securityNode = kind === 'callback' || op.security !== undefined ? model.descend(node, 'security') : model.node('/security');
  return {
    kind,
    method,
    path: p,
    key,
    label,
    webhook: kind !== 'path',
    operationId: declared ? op.operationId : `${method} ${p}`,
    declaredOperationId: declared,
    node,
    op,
    pointer: node.pointer,
    file: node.file,
    pathItem,
    parameters: parameters(model, pathItem, node, p),
    requestBody: requestBody(model, node),
    responses: responses(model, node),
    deprecated: op.deprecated === true,
    sunset: typeof op['x-sunset'] === 'string' ? op['x-sunset'] : undefined,
    // A callback is a request the API makes: no requirement of the API's applies to it.
    security: kind !== 'callback' && Array.isArray(securityNode.value) ? securityNode.value : undefined,
    securityNode,
    errorCodes: kind === 'callback' ? undefined : errorCodes(model, op),
  };
}

/**
 * The catalogue codes an operation can return: as expanded into the document, or, for an
 * operation written in another file (the expansion rewrites the entry document only), read
 * from its own `x-errors` and the catalogue's implicit scopes the same way.
 */
function errorCodes(model: ContractModel, op: Record<string, any>): string[] | undefined {
  if (Array.isArray(op['x-charter-errors'])) return op['x-charter-errors'];
  if (!model.catalogue) return undefined;
  return operationCodes(op, model.catalogue, model.root).filter((c) => model.catalogue!.byCode.has(c));
}

/** Callbacks are requests the API sends to the consumer, like webhooks; keyed under the operation that registers them. */
function callbacks(model: ContractModel, parent: Operation): Operation[] {
  const out: Operation[] = [];
  for (const name of Object.keys(parent.op.callbacks)) {
    const cb = model.follow(model.descend(parent.node, 'callbacks', name));
    if (!isObject(cb.value)) continue;
    for (const expr of Object.keys(cb.value)) {
      const item = model.follow(model.descend(cb, expr));
      if (!isObject(item.value)) continue;
      for (const method of HTTP_METHODS) {
        if (!isObject(item.value[method])) continue;
        const m = method.toUpperCase();
        out.push(operation(model, item, method, expr, 'callback', `${parent.key} CALLBACK ${name} ${m} ${expr}`, `${parent.label} callback ${name}: ${m} ${expr}`));
      }
    }
  }
  return out;
}

function parameters(model: ContractModel, pathItem: Node, op: Node, p: string): Parameter[] {
  const merged = new Map<string, Parameter>();
  const pathNames = [...p.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]);
  for (const [owner, level] of [[pathItem, 'path-item'], [op, 'operation']] as const) {
    const list = owner.value.parameters;
    if (!Array.isArray(list)) continue;
    list.forEach((raw: unknown, i: number) => {
      const site = `${owner.pointer}/parameters/${i}`;
      const n = model.resolve({ value: raw, file: owner.file, pointer: site });
      if (!n || !isObject(n.value)) return;
      const v = n.value;
      const name = typeof v.name === 'string' ? v.name : '';
      const where = (typeof v.in === 'string' ? v.in : '') as ParameterLocation;
      let key: string;
      if (where === 'path') {
        const pos = pathNames.indexOf(name);
        key = pos >= 0 ? `path:#${pos}` : `path:${name}`;
      } else key = `${where}:${where === 'header' ? name.toLowerCase() : name}`;
      const style = typeof v.style === 'string' ? v.style : where === 'query' || where === 'cookie' ? 'form' : 'simple';
      const schemaNode = v.schema !== undefined ? model.descend(n, 'schema') : undefined;
      const contentNode = isObject(v.content) ? model.descend(n, 'content') : undefined;
      merged.set(`${where}:${where === 'header' ? name.toLowerCase() : name}`, {
        value: v,
        file: n.file,
        pointer: n.pointer,
        node: n as Node<Record<string, any>>,
        raw: v,
        name,
        in: where,
        key,
        required: where === 'path' ? true : v.required === true,
        deprecated: v.deprecated === true,
        style,
        explode: typeof v.explode === 'boolean' ? v.explode : style === 'form',
        allowEmptyValue: v.allowEmptyValue === true,
        schema: v.schema ?? firstMediaSchema(v.content),
        schemaNode,
        contentNode,
        site,
        siteFile: owner.file,
        level,
      });
    });
  }
  return [...merged.values()];
}

function mediaTypes(model: ContractModel, owner: Node): MediaTypeEntry[] {
  const content = owner.value?.content;
  if (!isObject(content)) return [];
  const c = model.descend(owner, 'content');
  return Object.keys(content).map((mediaType) => {
    const node = model.follow(model.descend(c, mediaType));
    return { mediaType, node, schema: isObject(node.value) && node.value.schema !== undefined ? model.descend(node, 'schema') : undefined };
  });
}

function requestBody(model: ContractModel, op: Node): RequestBody | undefined {
  if (op.value.requestBody === undefined) return undefined;
  const node = model.follow(model.descend(op, 'requestBody'));
  return { node, required: node.value?.required === true, content: mediaTypes(model, node) };
}

function responses(model: ContractModel, op: Node): Response[] {
  const map = op.value.responses;
  if (!isObject(map)) return [];
  return Object.keys(map).map((status) => {
    const node = model.follow(model.descend(op, 'responses', status));
    const headers: ResponseHeader[] = [];
    if (isObject(node.value?.headers)) {
      for (const name of Object.keys(node.value.headers)) {
        const h = model.follow(model.descend(node, 'headers', name));
        headers.push({ name, node: h, required: h.value?.required === true, schema: isObject(h.value) && h.value.schema !== undefined ? model.descend(h, 'schema') : undefined });
      }
    }
    return { status, node, site: `${op.pointer}/responses/${escapePointer(status)}`, content: mediaTypes(model, node), headers };
  });
}

function firstMediaSchema(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const first = Object.values(content)[0];
  return first?.schema;
}

// ---------------------------------------------------------------- emitter helpers

/** The operations of a plain, self-contained document (the bundled contract the emitters read). */
export function listOperations(doc: Record<string, any>): Operation[] {
  return modelOf(doc).operations;
}

const models = new WeakMap<object, ContractModel>();

/** The model of a plain document, memoised by identity. */
export function modelOf(doc: Record<string, any>): ContractModel {
  let m = models.get(doc);
  if (!m) {
    m = ContractModel.fromDocument(doc);
    models.set(doc, m);
  }
  return m;
}

/** Follow local `$ref`s (document-internal) until a non-ref value. */
export function deref(doc: unknown, value: any, max = 32): any {
  let v = value;
  for (let i = 0; i < max && v && typeof v === 'object' && typeof v.$ref === 'string' && v.$ref.startsWith('#'); i++) {
    v = getPointer(doc, v.$ref.slice(1));
  }
  return v;
}

/** The JSON-ish media type of a content map, preferring application/json. */
export function pickMediaType(content: Record<string, any> | undefined): string | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const types = Object.keys(content);
  return (
    types.find((t) => t === 'application/json') ??
    types.find((t) => t === 'application/problem+json') ??
    types.find((t) => /[/+]json(;|$)/.test(t)) ??
    types[0]
  );
}

/**
 * Whether a request can carry the parameter: a path parameter the template does not name
 * (`/model` declaring `id`) never arrives, so the server neither requires nor offers it.
 */
export function canBeSent(p: Parameter): boolean {
  return p.in !== 'path' || p.key.startsWith('path:#');
}

/** The emitters' names for the model's operation and parameter. */
export type OperationView = Operation;
export type ParameterView = Parameter;
