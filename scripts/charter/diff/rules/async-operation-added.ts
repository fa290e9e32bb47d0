import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-added',
  level: 'info',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An operation was added.',
  doc: 'Nothing breaks.',
  check({ base, head }, ctx) {
    if (!base && head) ctx.report(`operation ${head.id} (${head.action}) added`);
  },
});
