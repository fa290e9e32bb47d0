import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-const-changed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request value must now be a constant (or a different one).',
  doc: '`const` was added or changed: clients that send the old value are rejected.',
  check({ base, head }, ctx) {
    if (!head.const) return;
    if (base.const && same(base.const.value, head.const.value)) return;
    if (!base.const && base.enum && base.enum.length === 1 && same(base.enum[0], head.const.value)) return;
    ctx.report(base.const ? `const changed from ${fmt(base.const.value)} to ${fmt(head.const.value)}` : `must now be ${fmt(head.const.value)}`, { keyword: 'const' });
  },
});
