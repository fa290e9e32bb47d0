import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-enum-removed',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request value is no longer restricted to an enum.',
  doc: 'A widening of the request: every value accepted before still is.',
  check({ base, head }, ctx) {
    if (base.enum && !head.enum && head.const === undefined) ctx.report('enum restriction removed', { keyword: 'enum', side: 'base' });
  },
});
