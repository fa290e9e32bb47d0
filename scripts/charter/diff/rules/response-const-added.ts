import { defineRule } from '../rule.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'response-const-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response value is now a fixed constant.',
  doc: 'The response promises more than before.',
  check({ base, head }, ctx) {
    if (!base.const && head.const && !(base.enum && base.enum.length === 1)) ctx.report(`is now always ${fmt(head.const.value)}`, { keyword: 'const' });
  },
});
