import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-added',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'An operation was added.',
  doc: 'New capability; nothing breaks.',
  check({ base, head }, ctx) {
    if (!base && head) ctx.report(`${head.label} added`);
  },
});
