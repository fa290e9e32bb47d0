import { defineRule } from '../rule.ts';
import { parseSunset } from '../policy.ts';

export default defineRule({
  id: 'operation-sunset-earlier',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'A sunset date was moved earlier.',
  doc: 'Clients planned their migration for the old date; the operation may now stop working before they are done. Moving a sunset later, or setting one, is fine.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    // Dates that cannot be read are sunset-invalid.
    const b = parseSunset(base.sunset, 'any');
    const h = parseSunset(head.sunset, 'any');
    if (h && b && h < b) ctx.report(`sunset moved from ${b} to ${h}`, { keyword: 'x-sunset' });
  },
});
