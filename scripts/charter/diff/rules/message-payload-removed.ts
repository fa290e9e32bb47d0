import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'message-payload-removed',
  level: 'breaking',
  direction: 'both',
  on: 'message',
  summary: 'A message no longer describes its payload.',
  doc: 'The payload may now be anything.',
  check({ base, head }, ctx) {
    if (base?.payload && head && !head.payload) ctx.report(`message ${head.key} lost its payload schema`, { side: 'base' });
  },
});
