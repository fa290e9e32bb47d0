/**
 * AsyncAPI servers of both sides, matched by name (2.x `url`, 3.0 `host` + `pathname`), and
 * the server variables of either kind of document.
 */
import type { DocSide } from './docside.ts';
import { isObject } from './docside.ts';
import { escapePointer } from '../loader/source.ts';
import type { Node } from './types.ts';

export interface AsyncServer {
  name: string;
  node: Node;
  /** 2.x `url`; 3.0 `host` + `pathname`. */
  address: string;
  protocol?: string;
  protocolVersion?: string;
  variables: Record<string, any>;
}

export function asyncServers(side: DocSide): Map<string, AsyncServer> {
  const out = new Map<string, AsyncServer>();
  const servers = side.root.servers;
  if (!isObject(servers)) return out;
  for (const name of Object.keys(servers)) {
    const node = side.deref(side.node(`/servers/${escapePointer(name)}`));
    const v = node.value;
    if (!isObject(v)) continue;
    const address = typeof v.url === 'string' ? v.url : `${v.host ?? ''}${v.pathname ?? ''}`;
    out.set(name, {
      name,
      node,
      address,
      protocol: typeof v.protocol === 'string' ? v.protocol : undefined,
      protocolVersion: v.protocolVersion !== undefined ? String(v.protocolVersion) : undefined,
      variables: isObject(v.variables) ? v.variables : {},
    });
  }
  return out;
}

/** Server variables of matching servers (AsyncAPI: by name; OpenAPI: by URL template), dereferenced. */
export function serverVariablePairs(base: DocSide, head: DocSide): Array<{ server: string; name: string; base: any; head: any; pointer: string; file: string }> {
  const pairs: Array<{ server: string; name: string; base: any; head: any; pointer: string; file: string }> = [];
  const vars = (side: DocSide, n: Node) => (isObject(n.value?.variables) ? n.value.variables : {});
  const collect = (server: string, bn: Node, hn: Node) => {
    const bv = vars(base, bn);
    const hv = vars(head, hn);
    for (const name of Object.keys(hv)) {
      if (!(name in bv)) continue;
      const b = base.deref(base.child(bn, 'variables', name)).value;
      const h = head.deref(head.child(hn, 'variables', name));
      pairs.push({ server, name, base: b, head: h.value, pointer: h.pointer, file: h.file });
    }
  };
  if (base.kind === 'asyncapi') {
    const b = asyncServers(base);
    const h = asyncServers(head);
    for (const [name, hs] of h) {
      const bs = b.get(name);
      if (bs) collect(name, bs.node, hs.node);
    }
    return pairs;
  }
  const list = (side: DocSide) => (Array.isArray(side.root.servers) ? side.root.servers : []);
  const bl = list(base);
  list(head).forEach((s: any, i: number) => {
    const j = bl.findIndex((t: any) => t?.url === s?.url);
    if (j >= 0) collect(String(s.url), base.node(`/servers/${j}`), head.node(`/servers/${i}`));
  });
  return pairs;
}
