/**
 * A read-only view of an OpenAPI document's operations, shared by the emitters.
 * Parameters are merged (path-item level, then operation level) and `$ref`s resolved.
 */
import { escapePointer } from '../loader/source.ts';
import { getPointer } from '../loader/load.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ParameterView {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: unknown;
  raw: Record<string, any>;
}

export interface OperationView {
  method: HttpMethod;
  path: string;
  /** The declared operationId, or one derived from method and path. */
  operationId: string;
  declaredOperationId: boolean;
  op: Record<string, any>;
  parameters: ParameterView[];
  pointer: string;
}

/** Follow local `$ref`s (document-internal) until a non-ref value. */
export function deref(doc: unknown, value: any, max = 32): any {
  let v = value;
  for (let i = 0; i < max && v && typeof v === 'object' && typeof v.$ref === 'string' && v.$ref.startsWith('#'); i++) {
    v = getPointer(doc, v.$ref.slice(1));
  }
  return v;
}

export function listOperations(doc: Record<string, any>): OperationView[] {
  const out: OperationView[] = [];
  const paths = doc.paths && typeof doc.paths === 'object' ? doc.paths : {};
  for (const path of Object.keys(paths)) {
    const item = deref(doc, paths[path]);
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op || typeof op !== 'object') continue;
      const params = new Map<string, ParameterView>();
      for (const list of [item.parameters, op.parameters]) {
        if (!Array.isArray(list)) continue;
        for (const p of list) {
          const r = deref(doc, p);
          if (!r || typeof r.name !== 'string' || typeof r.in !== 'string') continue;
          params.set(`${r.in}:${r.in === 'header' ? r.name.toLowerCase() : r.name}`, {
            name: r.name,
            in: r.in,
            required: r.in === 'path' ? true : r.required === true,
            schema: r.schema ?? firstMediaSchema(r.content),
            raw: r,
          });
        }
      }
      const declared = typeof op.operationId === 'string' && op.operationId.length > 0;
      out.push({
        method,
        path,
        operationId: declared ? op.operationId : `${method} ${path}`,
        declaredOperationId: declared,
        op,
        parameters: [...params.values()],
        pointer: `/paths/${escapePointer(path)}/${method}`,
      });
    }
  }
  return out;
}

function firstMediaSchema(content: unknown): unknown {
  if (!content || typeof content !== 'object') return undefined;
  const first = Object.values(content as Record<string, any>)[0];
  return first?.schema;
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
