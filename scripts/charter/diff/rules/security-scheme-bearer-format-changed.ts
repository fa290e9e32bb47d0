import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-bearer-format-changed',
  level: 'info',
  direction: 'none',
  on: 'securityScheme',
  summary: 'The bearerFormat hint of a security scheme changed.',
  doc: 'Documentation only.',
  check({ base, head, name }, ctx) {
    if (base && head && base.value?.bearerFormat !== head.value?.bearerFormat && base.value?.bearerFormat && head.value?.bearerFormat) ctx.report(`bearerFormat of ${name} changed`, { keyword: 'bearerFormat' });
  },
});
