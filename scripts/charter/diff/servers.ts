/**
 * AsyncAPI servers of both sides, matched by name (2.x `url`, 3.0 `host` + `pathname`), and
 * the server variables of either kind of document.
 */
import type { DocSide } from './docside.ts';
import { isObject } from './docside.ts';
import type { ServerModel } from '../model/asyncapi.ts';
import type { Node } from './types.ts';

/** An AsyncAPI server of the model (`model/asyncapi.ts`). */
export type AsyncServer = ServerModel;

/** The servers of an AsyncAPI side, by name. */
export function asyncServers(side: DocSide): Map<string, AsyncServer> {
  return new Map(side.asyncapi.servers.map((s) => [s.name, s]));
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
