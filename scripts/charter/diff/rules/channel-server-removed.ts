import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-server-removed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel is no longer available on a server it was available on.',
  doc: 'A channel without `servers` is on every server; one that lists servers is only on those. Applications using the channel through a server it left stop receiving or can no longer publish.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const all = (d: typeof ctx.base) => Object.keys(d.root.servers && typeof d.root.servers === 'object' ? d.root.servers : {});
    const b = base.servers ?? all(ctx.base);
    const h = new Set(head.servers ?? all(ctx.head));
    // A server gone from the document is async-server-removed.
    const exists = new Set(all(ctx.head));
    const gone = b.filter((s) => !h.has(s) && exists.has(s));
    if (gone.length) ctx.report(`channel ${head.id} no longer on server${gone.length > 1 ? 's' : ''} ${gone.join(', ')}`, head.node.value.servers !== undefined ? { pointer: `${head.node.pointer}/servers`, file: head.node.file } : {});
  },
});
