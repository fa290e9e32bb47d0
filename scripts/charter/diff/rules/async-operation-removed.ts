import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-removed',
  level: 'breaking',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An operation (send or receive) was removed.',
  doc: 'Consumers of what it sent stop receiving it, or producers sending to it are no longer read.',
  check({ base, head }, ctx) {
    if (base && !head && !base.deprecated) ctx.report(`operation ${base.id} (${base.action}${base.channelId ? ` on ${base.channelId}` : ''}) removed`, { side: 'base' });
  },
});
