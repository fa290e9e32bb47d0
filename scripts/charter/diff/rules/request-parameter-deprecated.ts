import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-parameter-deprecated',
  level: 'info',
  direction: 'request',
  on: 'parameter',
  summary: 'A parameter was deprecated.',
  doc: 'Nothing breaks yet.',
  check({ base, head }, ctx) {
    if (base && head && !base.deprecated && head.deprecated) ctx.report(`${head.in} parameter \`${head.name}\` deprecated`, { keyword: 'deprecated' });
  },
});
