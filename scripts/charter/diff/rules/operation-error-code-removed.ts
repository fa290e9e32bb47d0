import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-error-code-removed',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'An operation no longer returns a catalogue error code.',
  doc: 'Clients handle a code that no longer occurs.',
  check({ base, head }, ctx) {
    if (!base?.errorCodes || !head?.errorCodes) return;
    const gone = base.errorCodes.filter((c) => !head.errorCodes!.includes(c));
    if (gone.length) ctx.report(`no longer returns ${gone.join(', ')}`, { pointer: `${head.node.pointer}/x-errors` });
  },
});
