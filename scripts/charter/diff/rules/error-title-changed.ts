import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-title-changed',
  level: 'info',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'The title of an error code changed.',
  doc: 'Titles are for people and may change; `code` may not.',
  check({ base, head }, ctx) {
    if (base && head && base.title !== head.title) ctx.report(`${head.code}: title changed`, { keyword: 'title' });
  },
});
