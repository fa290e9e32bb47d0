import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'response-enum-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response value is now restricted to an enum.',
  doc: 'The response promises a closed list of values where it promised none.',
  check({ base, head }, ctx) {
    if (!base.enum && head.enum && base.const === undefined) ctx.report(`now restricted to ${list(head.enum)}`, { keyword: 'enum' });
  },
});
