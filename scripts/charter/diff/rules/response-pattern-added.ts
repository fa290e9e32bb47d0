import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-pattern-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response string now promises a pattern.',
  doc: 'The response says more than before.',
  check({ base, head }, ctx) {
    if (base.pattern === undefined && head.pattern !== undefined) ctx.report(`now matches /${head.pattern}/`, { keyword: 'pattern' });
  },
});
