import { defineRule } from '../rule.ts';
import { branchLabel } from '../schema-compare.ts';

export default defineRule({
  id: 'response-one-of-branch-removed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response oneOf/anyOf lost a variant.',
  doc: 'The server returns fewer shapes than before.',
  check({ base, head, branches }, ctx) {
    if (!branches) return;
    const kind = head.branches?.kind ?? base.branches?.kind ?? 'oneOf';
    for (const n of branches.removed) {
      const name = n.value && typeof n.value.$ref === 'string' ? n.value.$ref.split('/').pop() : typeof ctx.base.deref(n).value?.title === 'string' ? ctx.base.deref(n).value.title : `#${branchLabel(ctx.base, n)}`;
      ctx.report(`${kind} variant ${name} removed`, { side: 'base', pointer: n.pointer, file: n.file, schemaPath: [kind, branchLabel(ctx.base, n)] });
    }
  },
});
