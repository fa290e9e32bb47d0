import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-message-headers-removed',
  level: 'breaking',
  direction: 'response',
  on: 'message',
  summary: 'A sent message no longer describes its headers.',
  doc: 'Consumers that read the headers (a correlation id, a tenant) may no longer get them. Headers brought in by a message trait count too.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (base.headers && !head.headers) ctx.report(`message ${head.key} no longer has a headers schema`, { side: 'base' });
  },
});
