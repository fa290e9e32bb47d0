import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'sent-message-added',
  level: 'warning',
  direction: 'response',
  on: 'message',
  summary: 'The application sends a new message on an operation.',
  doc: 'Consumers that handle every message of the channel meet one they do not know.',
  check({ base, head }, ctx) {
    if (!base && head) ctx.report(`message ${head.key} is now sent`);
  },
});
