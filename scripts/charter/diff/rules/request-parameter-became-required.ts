import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-parameter-became-required',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: 'An optional parameter became required.',
  doc: 'Clients that leave it out are rejected.',
  check({ base, head }, ctx) {
    if (base && head && !base.required && head.required) ctx.report(`${head.in} parameter \`${head.name}\` became required`, { keyword: 'required' });
  },
});
