import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'received-message-added',
  level: 'info',
  direction: 'request',
  on: 'message',
  summary: 'The application accepts a new message on an operation.',
  doc: 'Producers may send more.',
  check({ base, head }, ctx) {
    if (!base && head) ctx.report(`message ${head.key} is now accepted`);
  },
});
