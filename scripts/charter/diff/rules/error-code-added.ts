import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-code-added',
  level: 'info',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'An error code was added to the catalogue.',
  doc: 'Operations that can return it are reported by operation-error-code-added.',
  check({ base, head, renamedFrom }, ctx) {
    if (!base && head && !renamedFrom) ctx.report(`error code ${head.code} added`);
  },
});
