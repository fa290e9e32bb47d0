import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'path-parameter-renamed',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'A path parameter was renamed.',
  doc: 'The URL does not change, so clients keep working; generated SDKs may rename an argument.',
  check({ base, head }, ctx) {
    if (!base || !head || base.webhook || base.path === head.path) return;
    ctx.report(`path changed from ${base.path} to ${head.path} (same URLs)`);
  },
});
