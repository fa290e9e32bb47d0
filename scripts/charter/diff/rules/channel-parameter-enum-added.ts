import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-parameter-enum-added',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A parameter of a channel the application receives on now lists its allowed values.',
  doc: 'Producers address the channel with any value the old contract allowed; values outside the new `enum` are no longer served. On a channel the application only sends on, it chooses the values itself, and this is not reported.',
  check({ base, head }, ctx) {
    if (!base || !head || !head.actions.has('receive')) return;
    const en = (n: import('../types.ts').Node | undefined, d: typeof ctx.base) => {
      if (!n) return undefined;
      const v = d.deref(n).value;
      const s = v?.schema ? d.deref(d.child(d.deref(n), 'schema')).value : undefined;
      return Array.isArray(v?.enum) ? v.enum : Array.isArray(s?.enum) ? s.enum : undefined;
    };
    for (const [p, n] of Object.entries(head.parameters)) {
      const b = base.parameters[p];
      if (!b || en(b, ctx.base)) continue;
      const h = en(n, ctx.head);
      if (h) ctx.report(`channel ${head.id} parameter ${p}: values now limited to ${h.join(', ')}`, { pointer: n.pointer, file: n.file });
    }
  },
});
