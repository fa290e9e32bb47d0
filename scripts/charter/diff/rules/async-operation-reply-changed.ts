import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-reply-changed',
  level: 'breaking',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'The reply of a request/reply operation changed channel or address, or was removed.',
  doc: 'Requesters wait for replies where the old contract said they would come.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const reply = (o: any) => {
      const r = o?.reply;
      if (!r || typeof r !== 'object') return undefined;
      return JSON.stringify({ channel: r.channel?.$ref ?? null, address: r.address?.location ?? r.address?.$ref ?? null });
    };
    const b = reply(base.node.value);
    const h = reply(head.node.value);
    if (b && b !== h) ctx.report(h ? `reply of operation ${head.id} changed` : `operation ${head.id} no longer replies`, { keyword: 'reply' });
  },
});
