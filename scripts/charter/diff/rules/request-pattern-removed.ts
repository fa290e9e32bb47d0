import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-pattern-removed',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request string no longer has to match a pattern.',
  doc: 'A widening of the request.',
  check({ base, head }, ctx) {
    if (base.pattern !== undefined && head.pattern === undefined) ctx.report(`pattern /${base.pattern}/ removed`, { keyword: 'pattern', side: 'base' });
  },
});
