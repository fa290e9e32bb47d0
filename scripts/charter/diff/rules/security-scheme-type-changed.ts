import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-type-changed',
  level: 'breaking',
  direction: 'none',
  on: 'securityScheme',
  summary: 'A security scheme changed type (or HTTP scheme).',
  doc: 'Clients authenticate the old way (`apiKey` vs `http bearer` vs `oauth2`) and are refused.',
  check({ base, head, name }, ctx) {
    if (!base || !head) return;
    const b = `${base.value?.type}${base.value?.scheme ? ` ${String(base.value.scheme).toLowerCase()}` : ''}`;
    const h = `${head.value?.type}${head.value?.scheme ? ` ${String(head.value.scheme).toLowerCase()}` : ''}`;
    if (b !== h) ctx.report(`security scheme ${name} changed from ${b} to ${h}`, { keyword: 'type' });
  },
});
