import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'sent-message-payload-added',
  level: 'info',
  direction: 'response',
  on: 'message',
  summary: 'A sent message that had no payload schema now has one.',
  doc: 'The payload could be anything before; consumers lose nothing when it is described.',
  check({ base, head }, ctx) {
    if (base && head && !base.payload && head.payload) ctx.report(`message ${head.key} now has a payload schema`);
  },
});
