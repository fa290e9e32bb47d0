import { defineRule } from '../rule.ts';
import { asyncServers } from '../servers.ts';

export default defineRule({
  id: 'async-server-removed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'An AsyncAPI server was removed.',
  doc: 'Applications connect to the brokers the contract names; the removed one is no longer where the channels are served.',
  check({ base, head }, ctx) {
    if (base.kind !== 'asyncapi') return;
    const h = asyncServers(head);
    for (const [name, s] of asyncServers(base)) if (!h.has(name)) ctx.report(`server ${name} (${s.address}) removed`, { side: 'base', pointer: s.node.pointer, file: s.node.file });
  },
});
