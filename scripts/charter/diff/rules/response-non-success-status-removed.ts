import { defineRule } from '../rule.ts';
import { isSuccess } from './kit.ts';

export default defineRule({
  id: 'response-non-success-status-removed',
  level: 'info',
  direction: 'response',
  on: 'response',
  summary: 'A non-success response (3xx, 4xx, 5xx, default) was removed.',
  doc: 'The operation documents one outcome fewer; clients that handle it keep working.',
  check({ base, head, status }, ctx) {
    if (base && !head && !isSuccess(status)) ctx.report(`response ${status} removed`, { side: 'base' });
  },
});
