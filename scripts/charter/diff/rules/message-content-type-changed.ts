import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'message-content-type-changed',
  level: 'breaking',
  direction: 'both',
  on: 'message',
  summary: 'A message content type changed.',
  doc: 'Clients encode or decode the payload the old way.',
  check({ base, head }, ctx) {
    if (base && head && base.contentType && head.contentType && base.contentType !== head.contentType) ctx.report(`message ${head.key} content type changed from ${base.contentType} to ${head.contentType}`);
  },
});
