import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'server-removed',
  level: 'warning',
  direction: 'none',
  on: 'document',
  summary: 'An OpenAPI server URL was removed.',
  doc: 'Clients configured with the removed base URL stop working unless it still answers (which the contract cannot tell). AsyncAPI servers are `async-server-removed`.',
  check({ base, head }, ctx) {
    const urls = (d: any) => (Array.isArray(d.root.servers) ? d.root.servers.map((s: any) => s?.url ?? s?.host) : []);
    if (base.kind === 'asyncapi') return; // async-server-removed
    const h = new Set(urls(head));
    urls(base).forEach((u: string, i: number) => {
      if (!h.has(u)) ctx.report(`server ${u} removed`, { side: 'base', pointer: `/servers/${i}` });
    });
  },
});
