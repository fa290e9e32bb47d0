import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-added',
  level: 'info',
  direction: 'none',
  on: 'channel',
  summary: 'A channel was added.',
  doc: 'Nothing breaks.',
  check({ base, head }, ctx) {
    if (!base && head) ctx.report(`channel ${head.id} added`);
  },
});
