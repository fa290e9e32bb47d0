import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-action-changed',
  level: 'breaking',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An operation changed action (send to receive or back).',
  doc: 'Every client of the operation is now on the wrong side of it.',
  check({ base, head }, ctx) {
    if (base && head && base.action !== head.action) ctx.report(`operation ${head.id} changed from ${base.action} to ${head.action}`, { keyword: 'action' });
  },
});
