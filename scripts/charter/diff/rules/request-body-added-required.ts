import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-body-added-required',
  level: 'breaking',
  direction: 'request',
  on: 'requestBody',
  summary: 'A required request body was added.',
  doc: 'Clients that send no body are rejected.',
  check({ base, head }, ctx) {
    if (!base && head && head.value?.required === true) ctx.report('request body added and required');
  },
});
