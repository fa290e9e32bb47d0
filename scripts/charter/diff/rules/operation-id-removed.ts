import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-id-removed',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operationId was removed.',
  doc: 'Generated SDKs fall back to a derived method name, which breaks callers.',
  check({ base, head }, ctx) {
    if (base?.declaredOperationId && head && !head.declaredOperationId) ctx.report(`operationId ${base.operationId} removed`, { side: 'base', keyword: 'operationId' });
  },
});
