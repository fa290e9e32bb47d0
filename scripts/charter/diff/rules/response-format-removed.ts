import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-format-removed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response value no longer promises a format.',
  doc: 'Clients that parse the value by its format (dates, UUIDs) may meet values they cannot parse. Unprovable from the contract, hence a warning.',
  check({ base, head }, ctx) {
    if (base.format !== undefined && head.format === undefined) ctx.report(`format ${base.format} removed`, { keyword: 'format', side: 'base' });
  },
});
