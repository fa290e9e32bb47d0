import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'received-message-payload-added',
  level: 'breaking',
  direction: 'request',
  on: 'message',
  summary: 'A received message that had no payload schema now has one.',
  doc: 'Without a schema any payload was accepted; producers that send payloads outside the new schema are now rejected. An empty schema is not reported.',
  check({ base, head }, ctx) {
    if (!base || !head || base.payload || !head.payload) return;
    const v = ctx.head.deref(head.payload).value;
    if (v === true || (v && typeof v === 'object' && Object.keys(v).length === 0)) return;
    ctx.report(`message ${head.key} now has a payload schema (any payload was accepted)`);
  },
});
