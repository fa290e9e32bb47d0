/**
 * OpenAPI operations of one document, keyed so that the two sides can be matched:
 * `GET /users/{}` (path parameter names do not matter, they are not part of the URL).
 */
import type { DocSide } from './docside.ts';
import { isObject } from './docside.ts';
import type { Operation, Parameter } from './rule.ts';
import type { Node } from './types.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function normalisePath(p: string): string {
  let out = p.replace(/\{[^}/]*\}/g, '{}');
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

export function operations(side: DocSide): Map<string, Operation> {
  const out = new Map<string, Operation>();
  const root = side.root;
  const collect = (container: string, webhook: boolean) => {
    const items = root[container];
    if (!isObject(items)) return;
    for (const p of Object.keys(items)) {
      const pathItem = side.get(side.node(`/${container}`), p);
      if (!isObject(pathItem.value)) continue;
      for (const m of METHODS) {
        if (!isObject(pathItem.value[m])) continue;
        const node = side.child(pathItem, m);
        const op = node.value;
        const method = m.toUpperCase();
        const key = webhook ? `WEBHOOK ${p} ${method}` : `${method} ${normalisePath(p)}`;
        const label = webhook ? `WEBHOOK ${p} ${method}` : `${method} ${p}`;
        const securityNode = op.security !== undefined ? side.child(node, 'security') : side.node('/security');
        out.set(key, {
          method,
          path: p,
          key,
          label,
          webhook,
          node,
          pathItem,
          operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
          deprecated: op.deprecated === true,
          sunset: typeof op['x-sunset'] === 'string' ? op['x-sunset'] : undefined,
          security: Array.isArray(securityNode.value) ? securityNode.value : undefined,
          securityNode,
          parameters: parameters(side, pathItem, node, p),
          errorCodes: Array.isArray(op['x-charter-errors']) ? op['x-charter-errors'] : undefined,
        });
        if (isObject(op.callbacks)) callbacks(side, node, key, label, out);
      }
    }
  };
  collect('paths', false);
  collect('webhooks', true);
  return out;
}

/**
 * Callbacks are requests the API sends to the consumer, like webhooks: their bodies are
 * read like responses. Keyed under the operation that registers them.
 */
function callbacks(side: DocSide, op: Node, opKey: string, opLabel: string, out: Map<string, Operation>): void {
  for (const name of Object.keys(op.value.callbacks)) {
    const cb = side.get(op, 'callbacks', name);
    if (!isObject(cb.value)) continue;
    for (const expr of Object.keys(cb.value)) {
      const pathItem = side.get(cb, expr);
      if (!isObject(pathItem.value)) continue;
      for (const m of METHODS) {
        if (!isObject(pathItem.value[m])) continue;
        const node = side.child(pathItem, m);
        const method = m.toUpperCase();
        const key = `${opKey} CALLBACK ${name} ${method} ${expr}`;
        out.set(key, {
          method,
          path: expr,
          key,
          label: `${opLabel} callback ${name}: ${method} ${expr}`,
          webhook: true,
          node,
          pathItem,
          operationId: typeof node.value.operationId === 'string' ? node.value.operationId : undefined,
          deprecated: node.value.deprecated === true,
          sunset: typeof node.value['x-sunset'] === 'string' ? node.value['x-sunset'] : undefined,
          security: undefined,
          securityNode: side.child(node, 'security'),
          parameters: parameters(side, pathItem, node, expr),
        });
      }
    }
  }
}

function parameters(side: DocSide, pathItem: Node, op: Node, path: string): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const pathNames = [...path.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]);
  for (const owner of [pathItem, op]) {
    const list = owner.value.parameters;
    if (!Array.isArray(list)) continue;
    list.forEach((_: unknown, i: number) => {
      const node = side.get(owner, 'parameters', i);
      const v = node.value;
      if (!isObject(v) || typeof v.name !== 'string' || typeof v.in !== 'string') return;
      const where = v.in;
      let key: string;
      if (where === 'path') {
        const pos = pathNames.indexOf(v.name);
        key = pos >= 0 ? `path:#${pos}` : `path:${v.name}`;
      } else key = `${where}:${where === 'header' ? v.name.toLowerCase() : v.name}`;
      const style = typeof v.style === 'string' ? v.style : defaultStyle(where);
      byKey.set(key, {
        name: v.name,
        in: where,
        key,
        node,
        required: v.required === true || where === 'path',
        deprecated: v.deprecated === true,
        style,
        explode: typeof v.explode === 'boolean' ? v.explode : style === 'form',
        allowEmptyValue: v.allowEmptyValue === true,
        schema: v.schema !== undefined ? side.child(node, 'schema') : undefined,
        content: isObject(v.content) ? side.child(node, 'content') : undefined,
      });
    });
  }
  return [...byKey.values()];
}

function defaultStyle(where: string): string {
  return where === 'query' || where === 'cookie' ? 'form' : 'simple';
}
