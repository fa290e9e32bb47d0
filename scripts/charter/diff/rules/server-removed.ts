import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'server-removed',
  level: 'warning',
  direction: 'none',
  on: 'document',
  summary: 'A server URL was removed.',
  doc: 'Clients configured with the removed base URL stop working unless it still answers.',
  check({ base, head }, ctx) {
    const urls = (d: any) => (Array.isArray(d.root.servers) ? d.root.servers.map((s: any) => s?.url ?? s?.host) : []);
    if (base.kind === 'asyncapi') {
      const b = base.root.servers ?? {};
      const h = head.root.servers ?? {};
      for (const k of Object.keys(b)) if (!(k in h)) ctx.report(`server ${k} removed`, { side: 'base', pointer: `/servers/${k}` });
      return;
    }
    const h = new Set(urls(head));
    urls(base).forEach((u: string, i: number) => {
      if (!h.has(u)) ctx.report(`server ${u} removed`, { side: 'base', pointer: `/servers/${i}` });
    });
  },
});
