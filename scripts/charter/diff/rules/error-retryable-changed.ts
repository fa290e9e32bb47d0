import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-retryable-changed',
  level: 'warning',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'Whether an error is retryable changed.',
  doc: 'Clients with retry policies built from the catalogue now retry too much or too little.',
  check({ base, head }, ctx) {
    if (base && head && base.retryable !== head.retryable) ctx.report(`${head.code}: retryable changed from ${base.retryable} to ${head.retryable}`, { keyword: 'retryable' });
  },
});
