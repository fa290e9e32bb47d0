import { defineRule } from '../rule.ts';
import { security2, security30 } from '../asyncapi-model.ts';
import { asyncServers } from '../servers.ts';
import { securityDiff } from './security.ts';

export default defineRule({
  id: 'server-security-changed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'An AsyncAPI server requires security it did not require (added, or another scheme or scope).',
  doc: 'Security alternatives are compared like OpenAPI requirements: reported when some way of connecting that worked before no longer does (an open server now secured, a scheme replaced, a scope added). Every client without the new credentials fails to connect.',
  check({ base, head }, ctx) {
    if (base.kind !== 'asyncapi') return;
    const h = asyncServers(head);
    const is3 = (d: typeof base) => !d.contract.specVersion.startsWith('2.');
    const sec = (d: typeof base, n: import('../types.ts').Node) => (n.value.security === undefined ? undefined : is3(d) ? security30(d, d.child(n, 'security')) : security2(n.value.security));
    for (const [name, b] of asyncServers(base)) {
      const s = h.get(name);
      if (!s) continue;
      for (const d of securityDiff(sec(base, b.node), sec(head, s.node))) ctx.report(`server ${name}: ${d.message}`, { pointer: `${s.node.pointer}${s.node.value.security !== undefined ? '/security' : ''}`, file: s.node.file });
    }
  },
});
