import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-additional-properties-restricted',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response object now promises no undeclared properties.',
  doc: 'The response promises more than before.',
  check({ base, head }, ctx) {
    if (base.additionalProperties !== false && head.additionalProperties === false) ctx.report('now carries declared properties only', { keyword: 'additionalProperties' });
  },
});
