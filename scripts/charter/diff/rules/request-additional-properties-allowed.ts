import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-additional-properties-allowed',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request object now accepts unknown properties.',
  doc: 'A widening of the request.',
  check({ base, head }, ctx) {
    if (base.additionalProperties === false && head.additionalProperties !== false) ctx.report('unknown properties are now accepted', { keyword: 'additionalProperties', side: 'base' });
  },
});
