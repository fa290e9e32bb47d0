import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-deprecated',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'An operation was deprecated.',
  doc: 'Nothing breaks yet. Give it an `x-sunset` date so clients know how long they have.',
  check({ base, head }, ctx) {
    if (base && head && !base.deprecated && head.deprecated) ctx.report(`${head.label} deprecated${head.sunset ? `, sunset ${head.sunset}` : ''}`, { keyword: 'deprecated' });
  },
});
