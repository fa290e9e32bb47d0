import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-channel-changed',
  level: 'breaking',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An operation moved to another channel.',
  doc: 'Clients listen on or publish to the old channel.',
  check({ base, head }, ctx) {
    if (base && head && base.channelId !== head.channelId) ctx.report(`operation ${head.id} moved from channel ${base.channelId} to ${head.channelId}`, { keyword: 'channel' });
  },
});
