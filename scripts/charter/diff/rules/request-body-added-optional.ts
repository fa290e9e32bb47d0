import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-body-added-optional',
  level: 'info',
  direction: 'request',
  on: 'requestBody',
  summary: 'An optional request body was added.',
  doc: 'Clients that send none keep working.',
  check({ base, head }, ctx) {
    if (!base && head && head.value?.required !== true) ctx.report('optional request body added');
  },
});
