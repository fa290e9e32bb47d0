import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-message-headers-added',
  level: 'breaking',
  direction: 'request',
  on: 'message',
  summary: 'A received message gained a headers schema.',
  doc: 'Producers sent messages without the headers the new schema describes; those that do not match it are rejected. Headers brought in by a message trait count too.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (!base.headers && head.headers) ctx.report(`message ${head.key} now has a headers schema`, { side: 'head' });
  },
});
