import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-removed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel was removed.',
  doc: 'Producers and consumers of the channel lose it.',
  check({ base, head }, ctx) {
    if (base && !head) ctx.report(`channel ${base.id}${base.address && base.address !== base.id ? ` (${base.address})` : ''} removed`, { side: 'base' });
  },
});
