import { defineRule } from '../rule.ts';
import { branchLabel } from '../schema-compare.ts';

export default defineRule({
  id: 'request-one-of-branch-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request oneOf/anyOf lost a variant.',
  doc: 'Clients that send values of the removed variant are rejected. Also reported when a `oneOf`/`anyOf` replaced a plain schema that matches none of its variants.',
  check({ base, head, branches }, ctx) {
    if (!branches) return;
    const kind = head.branches?.kind ?? base.branches?.kind ?? 'oneOf';
    for (const n of branches.removed) {
      const name = n.value && typeof n.value.$ref === 'string' ? n.value.$ref.split('/').pop() : typeof ctx.base.deref(n).value?.title === 'string' ? ctx.base.deref(n).value.title : `#${branchLabel(ctx.base, n)}`;
      ctx.report(`${kind} variant ${name} removed`, { side: 'base', pointer: n.pointer, file: n.file, schemaPath: [kind, branchLabel(ctx.base, n)] });
    }
  },
});
