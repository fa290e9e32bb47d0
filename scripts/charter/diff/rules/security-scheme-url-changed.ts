import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-scheme-url-changed',
  level: 'warning',
  direction: 'none',
  on: 'securityScheme',
  summary: 'An OAuth token/authorization URL or OpenID Connect URL changed.',
  doc: 'Clients configured with the old URL fail to get tokens unless the old one redirects.',
  check({ base, head, name }, ctx) {
    if (!base || !head) return;
    if (base.value?.openIdConnectUrl !== head.value?.openIdConnectUrl) ctx.report(`openIdConnectUrl of ${name} changed`, { keyword: 'openIdConnectUrl' });
    const b = base.value?.flows ?? {};
    const h = head.value?.flows ?? {};
    for (const f of Object.keys(b)) {
      if (!h[f]) continue;
      for (const k of ['authorizationUrl', 'tokenUrl', 'refreshUrl']) {
        if (b[f]?.[k] !== h[f]?.[k]) ctx.report(`${k} of ${name} (${f}) changed from ${b[f]?.[k] ?? 'none'} to ${h[f]?.[k] ?? 'none'}`, { keyword: `flows/${f}/${k}` });
      }
    }
  },
});
