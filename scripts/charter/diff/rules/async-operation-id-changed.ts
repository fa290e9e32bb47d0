import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'async-operation-id-changed',
  level: 'warning',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An AsyncAPI 2.x operation was renamed (its operationId changed or was removed).',
  doc: 'A 2.x operation is identified by its channel and verb, so a renamed or newly added `operationId` is the same operation, not one removed and another added. Generated code named after the old id changes name; adding an id is not reported.',
  check({ base, head }, ctx) {
    if (!base || !head || !base.operationId || base.operationId === head.operationId) return;
    if (!head.operationId) ctx.report(`operationId ${base.operationId} removed`, { side: 'base', keyword: 'operationId' });
    else ctx.report(`operationId renamed from ${base.operationId} to ${head.operationId}`, { keyword: 'operationId' });
  },
});
