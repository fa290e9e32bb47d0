import { defineRule } from '../rule.ts';
import { movedFrom } from './kit.ts';

export default defineRule({
  id: 'request-parameter-added-required',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: 'A new required parameter.',
  doc: 'Clients built against the old contract do not send it and are rejected. Make it optional with a server-side default.',
  check({ base, head, op }, ctx) {
    if (base || !head || !head.required) return;
    if (movedFrom(head, op.base.parameters)) return;
    ctx.report(`new required ${head.in} parameter \`${head.name}\``);
  },
});
