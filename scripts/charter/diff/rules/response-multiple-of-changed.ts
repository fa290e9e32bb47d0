import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-multiple-of-changed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response number is no longer guaranteed to be a multiple of the old value.',
  doc: '`multipleOf` was removed, or changed to a value the old one does not divide.',
  check({ base, head }, ctx) {
    const b = base.multipleOf;
    if (b === undefined) return;
    const h = head.multipleOf;
    if (h !== undefined && (b === h || Math.abs(h / b - Math.round(h / b)) < 1e-9)) return;
    ctx.report(h === undefined ? `multipleOf ${b} removed` : `multipleOf changed from ${b} to ${h}`, { keyword: 'multipleOf', side: h === undefined ? 'base' : 'head' });
  },
});
