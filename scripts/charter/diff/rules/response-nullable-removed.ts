import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-nullable-removed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response value is never null any more.',
  doc: 'A narrowing of the response: clients that handled null still work.',
  check({ base, head }, ctx) {
    if (base.nullable && !head.nullable) ctx.report('is never null any more', { keyword: 'type' });
  },
});
