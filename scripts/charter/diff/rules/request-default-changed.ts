import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-default-changed',
  level: 'warning',
  direction: 'request',
  on: 'schema',
  summary: 'The default of a request value changed.',
  doc: 'Clients that leave the value out get different behaviour from the server without changing anything.',
  check({ base, head }, ctx) {
    if (base.default && head.default && !same(base.default.value, head.default.value)) ctx.report(`default changed from ${fmt(base.default.value)} to ${fmt(head.default.value)}`, { keyword: 'default' });
  },
});
