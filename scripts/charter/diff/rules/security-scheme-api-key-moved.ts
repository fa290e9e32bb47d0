import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-api-key-moved',
  level: 'breaking',
  direction: 'none',
  on: 'securityScheme',
  summary: 'An apiKey security scheme changed its name or location.',
  doc: 'Clients send the key in the old header, query parameter or cookie.',
  check({ base, head, name }, ctx) {
    if (!base || !head || base.value?.type !== 'apiKey' || head.value?.type !== 'apiKey') return;
    if (base.value.in !== head.value.in || base.value.name !== head.value.name) ctx.report(`API key ${name} moved from ${base.value.in} ${base.value.name} to ${head.value.in} ${head.value.name}`, { keyword: 'name' });
  },
});
