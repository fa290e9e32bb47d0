import { defineRule } from '../rule.ts';
import { isSuccess } from './kit.ts';

export default defineRule({
  id: 'response-success-status-removed',
  level: 'breaking',
  direction: 'response',
  on: 'response',
  summary: 'A success status was removed from an operation.',
  doc: 'Clients check the status (`if (res.status === 200)`) or generated code switches on it; a different success status breaks them (200 to 201 included).',
  check({ base, head, status }, ctx) {
    if (base && !head && isSuccess(status)) ctx.report(`success response ${status} removed`, { side: 'base' });
  },
});
