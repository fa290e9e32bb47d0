/**
 * Walking JSON Schemas inside a contract: every subschema once, iteratively (no recursion
 * limit to hit on deep documents), optionally following `$ref`s with a shared `seen` set so
 * a component reached from a hundred operations is visited, and reported, once.
 */
import { escapePointer } from '../loader/source.ts';
import { isObject, type LintDocument, type Node } from './document.ts';
import { schemaFormatOf } from '../model/asyncapi-schema-format.ts';

/** Keywords whose value is one subschema. */
const ONE = ['additionalProperties', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['patternProperties', '$defs', 'definitions', 'dependentSchemas'];

export interface SchemaVisit {
  node: Node;
  /** The property name when the schema is `properties.<name>` of its parent. */
  property?: string;
  /** True when the schema sits under `properties` (directly) of an object schema. */
  depth: number;
}

export interface WalkOptions {
  /** Follow `$ref`s into their targets (visiting each target once per `seen`). */
  followRefs: boolean;
  /** Shared across walks so each schema is visited once per rule. */
  seen?: Set<string>;
  /** Return false to skip a schema's subschemas. */
  descend?: (v: SchemaVisit) => boolean;
}

/** Visit `start` and every subschema under it. */
export function walkSchema(doc: LintDocument, start: Node, visit: (v: SchemaVisit) => void, opts: WalkOptions): void {
  const seen = opts.seen ?? new Set<string>();
  const stack: SchemaVisit[] = [{ node: start, depth: 0 }];
  while (stack.length) {
    const cur = stack.pop()!;
    let node: Node | undefined = cur.node;
    if (isObject(node.value) && typeof node.value.$ref === 'string') {
      if (!opts.followRefs) continue;
      // A $ref with sibling keywords (3.1, AsyncAPI) still has those siblings checked.
      if (Object.keys(node.value).length > 1) pushChildren(node, cur.depth, stack);
      node = doc.deref(node);
      if (!node) continue;
    }
    if (!isObject(node.value)) continue;
    const id = `${node.file}#${node.pointer}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const v: SchemaVisit = { node, property: cur.property, depth: cur.depth };
    visit(v);
    if (opts.descend && !opts.descend(v)) continue;
    pushChildren(node, cur.depth, stack);
  }
}

function pushChildren(node: Node, depth: number, stack: SchemaVisit[]): void {
  const s = node.value as Record<string, any>;
  const at = (suffix: string, value: unknown, property?: string): void => {
    if (value !== null && typeof value === 'object') stack.push({ node: { value, file: node.file, pointer: `${node.pointer}/${suffix}` }, property, depth: depth + 1 });
  };
  // Pushed in reverse so that, popped from the stack, properties come out in document order.
  for (const k of LIST) if (Array.isArray(s[k])) for (let i = s[k].length - 1; i >= 0; i--) at(`${k}/${i}`, s[k][i]);
  for (const k of MAP) if (isObject(s[k])) for (const name of Object.keys(s[k]).reverse()) at(`${k}/${escapePointer(name)}`, s[k][name]);
  for (const k of ONE) if (isObject(s[k])) at(k, s[k]);
  if (Array.isArray(s.items)) for (let i = s.items.length - 1; i >= 0; i--) at(`items/${i}`, s.items[i]);
  else if (isObject(s.items)) at('items', s.items);
  if (isObject(s.properties)) for (const name of Object.keys(s.properties).reverse()) at(`properties/${escapePointer(name)}`, s.properties[name], name);
}

/** The JSON types a schema allows, from `type` (string or list); empty when unconstrained. */
export function schemaTypes(s: Record<string, any>): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t: unknown): t is string => typeof t === 'string');
  return [];
}

/** OpenAPI: where request/response/parameter schemas are, each with its role. */
export type SchemaRole = 'request' | 'response' | 'parameter' | 'header' | 'component' | 'message';

export interface SchemaRoot {
  node: Node;
  role: SchemaRole;
}

/**
 * The schema roots of an OpenAPI document in the entry file: media-type schemas of request
 * bodies and responses, parameter and header schemas (operations, path items, webhooks,
 * callbacks and components), and `components.schemas`. Refs are not followed here.
 */
export function openApiSchemaRoots(doc: LintDocument): SchemaRoot[] {
  const roots: SchemaRoot[] = [];
  const root = doc.root;
  const file = doc.file;
  const N = (value: unknown, pointer: string): Node => ({ value, file, pointer });
  const content = (c: unknown, ptr: string, role: SchemaRole): void => {
    if (!isObject(c)) return;
    for (const mt of Object.keys(c)) {
      const m = c[mt];
      if (isObject(m) && m.schema !== undefined) roots.push({ node: N(m.schema, `${ptr}/${escapePointer(mt)}/schema`), role });
    }
  };
  const param = (p: unknown, ptr: string, role: SchemaRole = 'parameter'): void => {
    if (!isObject(p) || typeof p.$ref === 'string') return;
    if (p.schema !== undefined) roots.push({ node: N(p.schema, `${ptr}/schema`), role });
    content(p.content, `${ptr}/content`, role);
  };
  const headers = (h: unknown, ptr: string): void => {
    if (!isObject(h)) return;
    for (const name of Object.keys(h)) param(h[name], `${ptr}/${escapePointer(name)}`, 'header');
  };
  const response = (r: unknown, ptr: string): void => {
    if (!isObject(r) || typeof r.$ref === 'string') return;
    content(r.content, `${ptr}/content`, 'response');
    headers(r.headers, `${ptr}/headers`);
  };
  const requestBody = (b: unknown, ptr: string): void => {
    if (!isObject(b) || typeof b.$ref === 'string') return;
    content(b.content, `${ptr}/content`, 'request');
  };
  const pathItem = (item: unknown, ptr: string, depth: number): void => {
    if (!isObject(item) || depth > 8) return;
    if (Array.isArray(item.parameters)) item.parameters.forEach((p: unknown, i: number) => param(p, `${ptr}/parameters/${i}`));
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const op = item[m];
      if (!isObject(op)) continue;
      const opPtr = `${ptr}/${m}`;
      if (Array.isArray(op.parameters)) op.parameters.forEach((p: unknown, i: number) => param(p, `${opPtr}/parameters/${i}`));
      requestBody(op.requestBody, `${opPtr}/requestBody`);
      if (isObject(op.responses)) for (const s of Object.keys(op.responses)) response(op.responses[s], `${opPtr}/responses/${escapePointer(s)}`);
      if (isObject(op.callbacks)) {
        for (const cb of Object.keys(op.callbacks)) {
          const c = op.callbacks[cb];
          if (!isObject(c)) continue;
          for (const expr of Object.keys(c)) pathItem(c[expr], `${opPtr}/callbacks/${escapePointer(cb)}/${escapePointer(expr)}`, depth + 1);
        }
      }
    }
  };
  for (const section of ['paths', 'webhooks']) {
    const s = root[section];
    if (isObject(s)) for (const k of Object.keys(s)) pathItem(s[k], `/${section}/${escapePointer(k)}`, 0);
  }
  const comp = root.components;
  if (isObject(comp)) {
    if (isObject(comp.schemas)) for (const k of Object.keys(comp.schemas)) roots.push({ node: N(comp.schemas[k], `/components/schemas/${escapePointer(k)}`), role: 'component' });
    if (isObject(comp.parameters)) for (const k of Object.keys(comp.parameters)) param(comp.parameters[k], `/components/parameters/${escapePointer(k)}`);
    if (isObject(comp.headers)) headers(comp.headers, '/components/headers');
    if (isObject(comp.responses)) for (const k of Object.keys(comp.responses)) response(comp.responses[k], `/components/responses/${escapePointer(k)}`);
    if (isObject(comp.requestBodies)) for (const k of Object.keys(comp.requestBodies)) requestBody(comp.requestBodies[k], `/components/requestBodies/${escapePointer(k)}`);
    if (isObject(comp.pathItems)) for (const k of Object.keys(comp.pathItems)) pathItem(comp.pathItems[k], `/components/pathItems/${escapePointer(k)}`, 0);
    if (isObject(comp.callbacks)) {
      for (const cb of Object.keys(comp.callbacks)) {
        const c = comp.callbacks[cb];
        if (isObject(c)) for (const expr of Object.keys(c)) pathItem(c[expr], `/components/callbacks/${escapePointer(cb)}/${escapePointer(expr)}`, 1);
      }
    }
  }
  return roots;
}

/**
 * The JSON Schema of an AsyncAPI payload or headers value, or undefined when it is in
 * another schema language (Avro, RAML, Protobuf: `schemaFormat` says so).
 */
export function asyncApiSchema(doc: LintDocument, node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const v = node.value;
  // AsyncAPI 3.0 Multi Format Schema Object: { schemaFormat, schema }.
  if (isObject(v) && typeof v.schemaFormat === 'string' && 'schema' in v) {
    if (!isJsonSchemaFormat(v.schemaFormat)) return undefined;
    return { value: v.schema, file: node.file, pointer: `${node.pointer}/schema` };
  }
  return node;
}

/** A schema format lint reads as JSON Schema: the one the emitter types and validates (see model/asyncapi-schema-format.ts). */
export function isJsonSchemaFormat(format: unknown): boolean {
  return schemaFormatOf(format, undefined).kind !== 'unsupported';
}

/** AsyncAPI schema roots: message payloads and headers (traits included) and components.schemas. */
export function asyncApiSchemaRoots(doc: LintDocument): SchemaRoot[] {
  const roots: SchemaRoot[] = [];
  for (const m of doc.messages) {
    if (!isJsonSchemaFormat(m.value.schemaFormat)) continue;
    const payload = asyncApiSchema(doc, doc.child(m, 'payload'));
    if (payload) roots.push({ node: payload, role: 'message' });
    const headers = asyncApiSchema(doc, doc.child(m, 'headers'));
    if (headers) roots.push({ node: headers, role: 'header' });
    for (const t of m.traits) {
      const th = asyncApiSchema(doc, doc.child(t, 'headers'));
      if (th) roots.push({ node: th, role: 'header' });
    }
  }
  const comp = doc.root.components;
  if (isObject(comp?.schemas)) {
    for (const k of Object.keys(comp.schemas)) roots.push({ node: { value: comp.schemas[k], file: doc.file, pointer: `/components/schemas/${escapePointer(k)}` }, role: 'component' });
  }
  if (isObject(comp?.messageTraits)) {
    for (const k of Object.keys(comp.messageTraits)) {
      const t = comp.messageTraits[k];
      if (isObject(t) && t.headers !== undefined) {
        const h = asyncApiSchema(doc, { value: t.headers, file: doc.file, pointer: `/components/messageTraits/${escapePointer(k)}/headers` });
        if (h) roots.push({ node: h, role: 'header' });
      }
    }
  }
  return roots;
}
