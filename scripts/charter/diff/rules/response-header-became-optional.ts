import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-header-became-optional',
  level: 'breaking',
  direction: 'response',
  on: 'header',
  summary: 'A response header that was always sent may now be missing.',
  doc: 'Clients read it without checking.',
  check({ base, head, name }, ctx) {
    if (base && head && base.value?.required === true && head.value?.required !== true) ctx.report(`response header ${name} became optional`);
  },
});
