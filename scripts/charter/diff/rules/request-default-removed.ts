import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-default-removed',
  level: 'warning',
  direction: 'request',
  on: 'schema',
  summary: 'A request value lost its default.',
  doc: 'Clients that relied on the default now send nothing and get whatever the server does without one.',
  check({ base, head }, ctx) {
    if (base.default && !head.default) ctx.report(`default ${fmt(base.default.value)} removed`, { keyword: 'default', side: 'base' });
  },
});
