import { defineRule } from '../rule.ts';
import { isSuccess } from './kit.ts';

export default defineRule({
  id: 'response-non-success-status-added',
  level: 'info',
  direction: 'response',
  on: 'response',
  summary: 'A non-success response (3xx, 4xx, 5xx, default) was added.',
  doc: 'Usually documentation of a failure that could already happen. Catalogue error codes are reported by operation-error-code-added.',
  check({ base, head, status }, ctx) {
    if (!base && head && !isSuccess(status) && !Array.isArray(head.value?.['x-charter-codes'])) ctx.report(`response ${status} added`);
  },
});
