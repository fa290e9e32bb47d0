import { defineRule } from '../rule.ts';
import { securityDiff } from './security.ts';

export default defineRule({
  id: 'request-security-scheme-added',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation requires a security scheme it did not require.',
  doc: 'Security requirements are alternatives (OR) of schemes that must all be satisfied (AND). Reported when some way of calling the operation that worked before no longer does because a scheme was added to it (or the operation went from public to secured).',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const d of securityDiff(base.security, head.security)) if (d.kind === 'scheme') ctx.report(d.message, { pointer: head.securityNode.pointer });
  },
});
