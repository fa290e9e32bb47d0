import { defineRule } from '../rule.ts';
import { securityDiff } from './security.ts';

export default defineRule({
  id: 'request-security-relaxed',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'An operation requires less security than before.',
  doc: 'Scopes or schemes were removed, or an alternative added.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (securityDiff(base.security, head.security).length === 0 && securityDiff(head.security, base.security).length > 0) ctx.report('security requirements relaxed', { pointer: head.securityNode.pointer });
  },
});
