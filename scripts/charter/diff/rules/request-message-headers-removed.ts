import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-message-headers-removed',
  level: 'info',
  direction: 'request',
  on: 'message',
  summary: 'A received message no longer describes its headers.',
  doc: 'Any headers are accepted now: what producers send still works. Headers brought in by a message trait count too.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (base.headers && !head.headers) ctx.report(`message ${head.key} no longer has a headers schema`, { side: 'base' });
  },
});
