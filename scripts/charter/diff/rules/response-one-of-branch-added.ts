import { defineRule } from '../rule.ts';
import { branchLabel } from '../schema-compare.ts';

export default defineRule({
  id: 'response-one-of-branch-added',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response oneOf/anyOf gained a variant.',
  doc: 'Clients handle the variants they know (often with an exhaustive switch on the discriminator) and break on a new one.',
  check({ base, head, branches }, ctx) {
    if (!branches) return;
    const kind = head.branches?.kind ?? base.branches?.kind ?? 'oneOf';
    for (const n of branches.added) {
      const name = n.value && typeof n.value.$ref === 'string' ? n.value.$ref.split('/').pop() : typeof ctx.head.deref(n).value?.title === 'string' ? ctx.head.deref(n).value.title : `#${branchLabel(ctx.head, n)}`;
      ctx.report(`${kind} variant ${name} added`, { side: 'head', pointer: n.pointer, file: n.file, schemaPath: [kind, branchLabel(ctx.head, n)] });
    }
  },
});
