import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-nullable-added',
  level: 'info',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request value now accepts null.',
  doc: 'A widening of the request: no client breaks.',
  check({ base, head }, ctx) {
    if (!base.nullable && head.nullable) ctx.report('null is now accepted', { keyword: 'type' });
  },
});
