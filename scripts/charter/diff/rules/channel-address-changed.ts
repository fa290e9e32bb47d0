import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-address-changed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel address changed.',
  doc: 'Clients publish to and subscribe on the old address (topic, subject, queue, path).',
  check({ base, head }, ctx) {
    if (base && head && (base.address ?? '') !== (head.address ?? '')) ctx.report(`address of channel ${head.id} changed from ${base.address ?? 'none'} to ${head.address ?? 'none'}`, { keyword: 'address' });
  },
});
