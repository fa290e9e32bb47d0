import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-optional-header-removed',
  level: 'warning',
  direction: 'response',
  on: 'header',
  summary: 'An optional response header was removed.',
  doc: 'Clients that use it when present lose it.',
  check({ base, head, name }, ctx) {
    if (base && !head && base.value?.required !== true) ctx.report(`optional response header ${name} removed`, { side: 'base' });
  },
});
