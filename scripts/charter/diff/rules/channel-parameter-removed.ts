import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-parameter-removed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel address parameter was removed.',
  doc: 'Clients build the address with a parameter it no longer has.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const p of Object.keys(base.parameters)) if (!(p in head.parameters)) ctx.report(`parameter ${p} of channel ${head.id} removed`, { side: 'base', keyword: `parameters/${p}` });
  },
});
