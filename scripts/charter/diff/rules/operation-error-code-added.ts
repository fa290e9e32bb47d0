import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-error-code-added',
  level: 'warning',
  direction: 'none',
  on: 'operation',
  summary: 'An operation can return a new catalogue error code.',
  doc: 'Clients narrow problem responses by `code`; a new one reaches them as an unknown problem. Charter clients have a fallback for that, other clients may not.',
  check({ base, head }, ctx) {
    if (!base?.errorCodes || !head?.errorCodes) return;
    const added = head.errorCodes.filter((c) => !base.errorCodes!.includes(c));
    if (added.length) ctx.report(`can now return ${added.join(', ')}`, { pointer: `${head.node.pointer}/x-errors`, context: { errorCode: added.join(',') } });
  },
});
