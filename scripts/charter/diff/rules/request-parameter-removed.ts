import { defineRule } from '../rule.ts';
import { movedFrom } from './kit.ts';

export default defineRule({
  id: 'request-parameter-removed',
  level: 'warning',
  direction: 'request',
  on: 'parameter',
  summary: 'A parameter was removed.',
  doc: 'Clients that still send it are ignored, or rejected by servers that refuse unknown parameters. What they meant by it is lost either way.',
  check({ base, head, op }, ctx) {
    if (!base || head || base.in === 'path') return;
    if (movedFrom(base, op.head.parameters)) return;
    ctx.report(`${base.in} parameter \`${base.name}\` removed`, { side: 'base' });
  },
});
