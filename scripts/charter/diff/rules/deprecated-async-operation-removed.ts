import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'deprecated-async-operation-removed',
  level: 'info',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'A deprecated operation was removed.',
  doc: 'Its removal was announced.',
  check({ base, head }, ctx) {
    if (base && !head && base.deprecated) ctx.report(`deprecated operation ${base.id} removed`, { side: 'base' });
  },
});
