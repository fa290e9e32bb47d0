import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-unique-items-removed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response array may now contain duplicates.',
  doc: 'Clients that store the items in a set or rely on uniqueness may misbehave.',
  check({ base, head }, ctx) {
    if (base.uniqueItems && !head.uniqueItems) ctx.report('items are no longer guaranteed unique', { keyword: 'uniqueItems', side: 'base' });
  },
});
