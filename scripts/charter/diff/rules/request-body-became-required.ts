import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-body-became-required',
  level: 'breaking',
  direction: 'request',
  on: 'requestBody',
  summary: 'The request body became required.',
  doc: 'Clients that send no body are rejected.',
  check({ base, head }, ctx) {
    if (base && head && base.value?.required !== true && head.value?.required === true) ctx.report('request body became required', { keyword: 'required' });
  },
});
