import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-pattern-removed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response string no longer promises a pattern.',
  doc: 'Clients that rely on the shape of the string (splitting an id, parsing a code) may break.',
  check({ base, head }, ctx) {
    if (base.pattern !== undefined && head.pattern === undefined) ctx.report(`pattern /${base.pattern}/ removed`, { keyword: 'pattern', side: 'base' });
  },
});
