import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'path-parameter-name-changed',
  level: 'info',
  direction: 'request',
  on: 'parameter',
  summary: 'A path parameter has a new name.',
  doc: 'The URL template is the same; only generated argument names change.',
  check({ base, head }, ctx) {
    if (base && head && base.in === 'path' && base.name !== head.name) ctx.report(`path parameter \`${base.name}\` renamed to \`${head.name}\``, { keyword: 'name' });
  },
});
