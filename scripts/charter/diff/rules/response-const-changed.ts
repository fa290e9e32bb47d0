import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'response-const-changed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response constant changed or was removed.',
  doc: 'Clients rely on a `const` (often a discriminator such as `object: "user"`). Changing or dropping it breaks them.',
  check({ base, head }, ctx) {
    if (!base.const) return;
    if (head.const && same(base.const.value, head.const.value)) return;
    if (!head.const && head.enum && head.enum.length === 1 && same(head.enum[0], base.const.value)) return;
    ctx.report(head.const ? `const changed from ${fmt(base.const.value)} to ${fmt(head.const.value)}` : `const ${fmt(base.const.value)} removed`, { keyword: 'const', side: head.const ? 'head' : 'base' });
  },
});
