import { defineRule } from '../rule.ts';
import { securityDiff } from './security.ts';

export default defineRule({
  id: 'request-security-scope-added',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation requires OAuth/OpenID scopes it did not require.',
  doc: 'Tokens issued with the old scopes are refused.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const d of securityDiff(base.security, head.security)) if (d.kind === 'scope') ctx.report(d.message, { pointer: head.securityNode.pointer });
  },
});
