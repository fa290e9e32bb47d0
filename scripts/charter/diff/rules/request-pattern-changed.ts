import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-pattern-changed',
  level: 'warning',
  direction: 'request',
  on: 'schema',
  summary: 'A request pattern changed.',
  doc: 'Whether the new regular expression accepts every string the old one did cannot be proven from the contract: check it by hand.',
  check({ base, head }, ctx) {
    if (base.pattern !== undefined && head.pattern !== undefined && base.pattern !== head.pattern) ctx.report(`pattern changed from /${base.pattern}/ to /${head.pattern}/`, { keyword: 'pattern' });
  },
});
