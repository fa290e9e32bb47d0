import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-pattern-changed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response pattern changed.',
  doc: 'Whether every string the server may now return matches the old pattern cannot be proven: check it by hand.',
  check({ base, head }, ctx) {
    if (base.pattern !== undefined && head.pattern !== undefined && base.pattern !== head.pattern) ctx.report(`pattern changed from /${base.pattern}/ to /${head.pattern}/`, { keyword: 'pattern' });
  },
});
