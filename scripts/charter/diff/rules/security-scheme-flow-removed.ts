import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-flow-removed',
  level: 'breaking',
  direction: 'none',
  on: 'securityScheme',
  summary: 'An OAuth 2 flow was removed from a security scheme.',
  doc: 'Clients that obtain tokens with that flow can no longer do so.',
  check({ base, head, name }, ctx) {
    const b = base?.value?.flows;
    const h = head?.value?.flows;
    if (!b || !h || typeof b !== 'object' || typeof h !== 'object') return;
    for (const f of Object.keys(b)) if (!(f in h)) ctx.report(`OAuth flow ${f} removed from ${name}`, { side: 'base', keyword: `flows/${f}` });
  },
});
