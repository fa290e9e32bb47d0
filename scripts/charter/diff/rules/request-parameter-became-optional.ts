import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-parameter-became-optional',
  level: 'info',
  direction: 'request',
  on: 'parameter',
  summary: 'A required parameter became optional.',
  doc: 'A widening of the request.',
  check({ base, head }, ctx) {
    if (base && head && base.required && !head.required) ctx.report(`${head.in} parameter \`${head.name}\` became optional`);
  },
});
