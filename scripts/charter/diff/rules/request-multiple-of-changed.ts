import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-multiple-of-changed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request number must now be a multiple of a value that old values may not be.',
  doc: '`multipleOf` was added, or changed to a value that does not divide the old one: numbers valid before may be rejected.',
  check({ base, head }, ctx) {
    const h = head.multipleOf;
    if (h === undefined) return;
    const b = base.multipleOf;
    if (b !== undefined && (b === h || Math.abs(b / h - Math.round(b / h)) < 1e-9)) return;
    ctx.report(b === undefined ? `multipleOf ${h} added` : `multipleOf changed from ${b} to ${h}`, { keyword: 'multipleOf' });
  },
});
