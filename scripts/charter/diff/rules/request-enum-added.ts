import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'request-enum-added',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request value is now restricted to an enum.',
  doc: 'A free value became a closed list: clients that send anything else are rejected.',
  check({ base, head }, ctx) {
    if (!base.enum && head.enum && base.const === undefined) ctx.report(`now restricted to ${list(head.enum)}`, { keyword: 'enum' });
  },
});
