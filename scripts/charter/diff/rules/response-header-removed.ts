import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-header-removed',
  level: 'breaking',
  direction: 'response',
  on: 'header',
  summary: 'A required response header was removed.',
  doc: 'Clients that read it (ETag, Location, rate-limit headers) break.',
  check({ base, head, name }, ctx) {
    if (base && !head && base.value?.required === true) ctx.report(`required response header ${name} removed`, { side: 'base' });
  },
});
