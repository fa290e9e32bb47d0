import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-undeprecated',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'An operation is no longer deprecated.',
  doc: 'Its removal is cancelled.',
  check({ base, head }, ctx) {
    if (base && head && base.deprecated && !head.deprecated) ctx.report(`${head.label} is no longer deprecated`);
  },
});
