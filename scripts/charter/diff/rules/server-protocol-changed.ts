import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'server-protocol-changed',
  level: 'breaking',
  direction: 'none',
  on: 'document',
  summary: 'A server changed protocol (AsyncAPI) or its URL scheme (OpenAPI).',
  doc: 'Clients connect with the old protocol (kafka vs amqp, http vs https) and fail.',
  check({ base, head }, ctx) {
    if (base.kind === 'asyncapi') {
      const b = base.root.servers ?? {};
      const h = head.root.servers ?? {};
      for (const k of Object.keys(b)) {
        if (!h[k]) continue;
        if (b[k]?.protocol !== h[k]?.protocol) ctx.report(`server ${k} protocol changed from ${b[k]?.protocol} to ${h[k]?.protocol}`, { pointer: `/servers/${k}/protocol` });
      }
      return;
    }
    const byHost = (d: any) => {
      const out = new Map<string, string>();
      for (const srv of Array.isArray(d.root.servers) ? d.root.servers : []) {
        const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(String(srv?.url ?? ''));
        if (m) out.set(m[2]!, m[1]!.toLowerCase());
      }
      return out;
    };
    const b = byHost(base);
    const h = byHost(head);
    for (const [host, scheme] of b) {
      const now = h.get(host);
      if (now && now !== scheme) ctx.report(`server ${host} changed scheme from ${scheme} to ${now}`, { pointer: '/servers' });
    }
  },
});
