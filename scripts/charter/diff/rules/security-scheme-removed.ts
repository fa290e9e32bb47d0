import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-removed',
  level: 'info',
  direction: 'none',
  on: 'securityScheme',
  summary: 'A security scheme definition was removed.',
  doc: 'Operations that used it are reported on their own.',
  check({ base, head, name }, ctx) {
    if (base && !head) ctx.report(`security scheme ${name} removed`, { side: 'base' });
  },
});
