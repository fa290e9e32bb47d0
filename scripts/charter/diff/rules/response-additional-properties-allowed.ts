import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-additional-properties-allowed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response object may now carry properties it did not declare.',
  doc: 'The base promised `additionalProperties: false`; clients that validate strictly may reject responses with extra properties.',
  check({ base, head }, ctx) {
    if (base.additionalProperties === false && head.additionalProperties !== false) ctx.report('may now carry undeclared properties', { keyword: 'additionalProperties', side: 'base' });
  },
});
