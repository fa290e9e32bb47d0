import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-default-added',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request value got a default.',
  doc: 'Documents what the server does when the value is left out.',
  check({ base, head }, ctx) {
    if (!base.default && head.default) ctx.report(`default ${fmt(head.default.value)} added`, { keyword: 'default' });
  },
});
