import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-pattern-added',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request string must now match a pattern.',
  doc: 'Clients that send strings outside the new `pattern` are rejected.',
  check({ base, head }, ctx) {
    if (base.pattern === undefined && head.pattern !== undefined) ctx.report(`must now match /${head.pattern}/`, { keyword: 'pattern' });
  },
});
