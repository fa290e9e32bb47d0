import { defineRule } from '../rule.ts';
import { movedFrom } from './kit.ts';

export default defineRule({
  id: 'request-parameter-location-changed',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: 'A parameter moved (query to header, header to cookie, ...).',
  doc: 'Clients send it where it used to be, and the server no longer looks there.',
  check({ base, head, op }, ctx) {
    if (!base || head) return;
    const to = movedFrom(base, op.head.parameters);
    if (to) ctx.report(`parameter \`${base.name}\` moved from ${base.in} to ${to.in}`, { side: 'head', pointer: to.node.pointer, file: to.node.file });
  },
});
