import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-message-headers-added',
  level: 'info',
  direction: 'response',
  on: 'message',
  summary: 'A sent message now describes its headers.',
  doc: 'Consumers lose nothing when the headers are described. Headers brought in by a message trait count too.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (!base.headers && head.headers) ctx.report(`message ${head.key} now has a headers schema`, { side: 'head' });
  },
});
