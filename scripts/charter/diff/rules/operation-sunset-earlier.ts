import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'operation-sunset-earlier',
  level: 'warning',
  direction: 'none',
  on: 'operation',
  summary: 'A sunset date was moved earlier (or set on an already deprecated operation).',
  doc: 'Clients planned their migration for the old date.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const b = isoDate(base.sunset);
    const h = isoDate(head.sunset);
    if (h && b && h < b) ctx.report(`sunset moved from ${b} to ${h}`, { keyword: 'x-sunset' });
  },
});
