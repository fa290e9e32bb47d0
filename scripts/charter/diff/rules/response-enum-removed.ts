import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'response-enum-removed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response value is no longer restricted to an enum.',
  doc: 'The response may now carry any value where clients expected a closed list.',
  check({ base, head }, ctx) {
    if (base.enum && !head.enum && head.const === undefined) ctx.report(`no longer restricted to ${list(base.enum)}`, { keyword: 'enum', side: 'base' });
  },
});
