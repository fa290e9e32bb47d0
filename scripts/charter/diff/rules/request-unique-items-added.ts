import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-unique-items-added',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request array must now have unique items.',
  doc: 'Clients that send duplicates are rejected.',
  check({ base, head }, ctx) {
    if (!base.uniqueItems && head.uniqueItems) ctx.report('items must now be unique', { keyword: 'uniqueItems' });
  },
});
