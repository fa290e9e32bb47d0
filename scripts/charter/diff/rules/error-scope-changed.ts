import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-scope-changed',
  level: 'info',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'The scope of an error code changed.',
  doc: 'Operations that gain or lose the code are reported on their own.',
  check({ base, head }, ctx) {
    if (base && head && base.scope !== head.scope) ctx.report(`${head.code}: scope changed from ${base.scope} to ${head.scope}`, { keyword: 'scope' });
  },
});
