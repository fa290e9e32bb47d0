import { defineRule } from '../rule.ts';
import { asyncServers } from '../servers.ts';

export default defineRule({
  id: 'server-url-changed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'An AsyncAPI server moved: its `url` (2.x) or `host`/`pathname` (3.0) changed.',
  doc: 'Applications connect to the address the contract gives; after the change they connect to the wrong broker or path.',
  check({ base, head }, ctx) {
    if (base.kind !== 'asyncapi') return;
    const h = asyncServers(head);
    for (const [name, b] of asyncServers(base)) {
      const s = h.get(name);
      if (!s || s.address === b.address) continue;
      const v = s.node.value;
      const key = typeof v.url === 'string' ? 'url' : v.host !== b.node.value.host ? 'host' : 'pathname';
      ctx.report(`server ${name} moved from ${b.address} to ${s.address}`, { pointer: `${s.node.pointer}/${key}`, file: s.node.file });
    }
  },
});
