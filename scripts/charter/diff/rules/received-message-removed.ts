import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'received-message-removed',
  level: 'breaking',
  direction: 'request',
  on: 'message',
  summary: 'A message the application receives was removed from an operation.',
  doc: 'Producers that send it are no longer understood.',
  check({ base, head }, ctx) {
    if (base && !head) ctx.report(`message ${base.key} is no longer accepted`, { side: 'base' });
  },
});
