import { defineRule } from '../rule.ts';
import { isSuccess } from './kit.ts';

export default defineRule({
  id: 'response-success-status-added',
  level: 'warning',
  direction: 'response',
  on: 'response',
  summary: 'An operation has a new success status besides the ones it had.',
  doc: 'Clients that accept only the statuses they know may treat the new one as a failure.',
  check({ base, head, status, baseAll }, ctx) {
    if (!base && head && isSuccess(status) && baseAll.some(isSuccess)) ctx.report(`success response ${status} added`);
  },
});
