import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-removed',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation that was not deprecated was removed.',
  doc: 'Clients calling it get 404 or 405. Deprecate the operation first (`deprecated: true`, ideally with an `x-sunset` date), then remove it after the sunset.',
  check({ base, head }, ctx) {
    if (base && !head && !base.deprecated) ctx.report(`${base.label} removed without deprecation`);
  },
});
