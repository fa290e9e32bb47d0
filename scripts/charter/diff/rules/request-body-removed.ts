import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-body-removed',
  level: 'warning',
  direction: 'request',
  on: 'requestBody',
  summary: 'The request body was removed.',
  doc: 'Clients still send a body the server now ignores (or rejects).',
  check({ base, head }, ctx) {
    if (base && !head) ctx.report('request body removed', { side: 'base' });
  },
});
