import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-parameter-empty-value-disallowed',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: 'A query parameter no longer accepts an empty value.',
  doc: '`allowEmptyValue` was dropped: clients that send `?flag=` are rejected.',
  check({ base, head }, ctx) {
    if (base && head && base.allowEmptyValue && !head.allowEmptyValue) ctx.report(`${head.in} parameter \`${head.name}\` no longer accepts an empty value`);
  },
});
