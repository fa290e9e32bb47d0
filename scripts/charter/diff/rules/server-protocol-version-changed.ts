import { defineRule } from '../rule.ts';
import { asyncServers } from '../servers.ts';

export default defineRule({
  id: 'server-protocol-version-changed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'An AsyncAPI server changed, added or removed `protocolVersion` (MQTT 3.1.1 → 5, AMQP 0-9-1 → 1.0).',
  doc: 'Clients speak the protocol version the contract named (or the one they chose when it named none); brokers of another version refuse them or behave differently.',
  check({ base, head }, ctx) {
    if (base.kind !== 'asyncapi') return;
    const h = asyncServers(head);
    for (const [name, b] of asyncServers(base)) {
      const s = h.get(name);
      if (!s || s.protocolVersion === b.protocolVersion) continue;
      ctx.report(`server ${name} protocolVersion changed from ${b.protocolVersion ?? 'none'} to ${s.protocolVersion ?? 'none'}`, { pointer: `${s.node.pointer}${s.protocolVersion !== undefined ? '/protocolVersion' : ''}`, file: s.node.file });
    }
  },
});
