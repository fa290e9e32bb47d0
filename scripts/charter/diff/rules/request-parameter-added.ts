import { defineRule } from '../rule.ts';
import { movedFrom } from './kit.ts';

export default defineRule({
  id: 'request-parameter-added',
  level: 'info',
  direction: 'request',
  on: 'parameter',
  summary: 'A new optional parameter.',
  doc: 'Old clients do not send it and keep working.',
  check({ base, head, op }, ctx) {
    if (base || !head || head.required) return;
    if (movedFrom(head, op.base.parameters)) return;
    ctx.report(`new optional ${head.in} parameter \`${head.name}\``);
  },
});
