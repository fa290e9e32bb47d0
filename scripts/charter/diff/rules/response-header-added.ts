import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-header-added',
  level: 'info',
  direction: 'response',
  on: 'header',
  summary: 'A response header was added.',
  doc: 'Clients ignore headers they do not know.',
  check({ base, head, name }, ctx) {
    if (!base && head) ctx.report(`response header ${name} added`);
  },
});
