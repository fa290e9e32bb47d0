import { defineRule } from '../rule.ts';
import { isSuccess } from './kit.ts';

export default defineRule({
  id: 'response-success-status-documented',
  level: 'info',
  direction: 'response',
  on: 'response',
  summary: 'An operation that documented no success status now documents one.',
  doc: 'The base described only failures (or a default); the head says what success looks like.',
  check({ base, head, status, baseAll }, ctx) {
    if (!base && head && isSuccess(status) && !baseAll.some(isSuccess)) ctx.report(`success response ${status} documented`);
  },
});
