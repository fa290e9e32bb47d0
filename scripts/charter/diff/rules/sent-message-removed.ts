import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'sent-message-removed',
  level: 'warning',
  direction: 'response',
  on: 'message',
  summary: 'The application no longer sends a message.',
  doc: 'Consumers waiting for it never get it.',
  check({ base, head }, ctx) {
    if (base && !head) ctx.report(`message ${base.key} is no longer sent`, { side: 'base' });
  },
});
