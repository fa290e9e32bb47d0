import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-parameter-added',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel has a new address parameter.',
  doc: 'Clients build the address without it.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const p of Object.keys(head.parameters)) if (!(p in base.parameters)) ctx.report(`channel ${head.id} has a new parameter ${p}`, { keyword: `parameters/${p}` });
  },
});
