import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-body-became-optional',
  level: 'info',
  direction: 'request',
  on: 'requestBody',
  summary: 'The request body became optional.',
  doc: 'A widening of the request.',
  check({ base, head }, ctx) {
    if (base && head && base.value?.required === true && head.value?.required !== true) ctx.report('request body became optional');
  },
});
