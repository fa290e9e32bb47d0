import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'response-default-changed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'The default of a response value changed.',
  doc: 'Defaults in responses are documentation only.',
  check({ base, head }, ctx) {
    if (base.default && head.default && !same(base.default.value, head.default.value)) ctx.report(`default changed from ${fmt(base.default.value)} to ${fmt(head.default.value)}`, { keyword: 'default' });
  },
});
