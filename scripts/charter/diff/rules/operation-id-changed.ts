import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-id-changed',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operationId changed.',
  doc: "Generated SDKs name their methods after operationIds (Charter's own client does): renaming one renames the SDK method and breaks callers at compile time.",
  check({ base, head }, ctx) {
    if (base?.declaredOperationId && head?.declaredOperationId && base.operationId !== head.operationId) ctx.report(`operationId changed from ${base.operationId} to ${head.operationId}`, { keyword: 'operationId' });
  },
});
