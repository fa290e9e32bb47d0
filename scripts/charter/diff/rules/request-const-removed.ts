import { defineRule } from '../rule.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-const-removed',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request value is no longer a fixed constant.',
  doc: 'A widening of the request.',
  check({ base, head }, ctx) {
    if (base.const && !head.const && !(head.enum && head.enum.length === 1)) ctx.report(`const ${fmt(base.const.value)} removed`, { keyword: 'const', side: 'base' });
  },
});
