import { defineRule } from '../rule.ts';
import { securityDiff } from './security.ts';

export default defineRule({
  id: 'async-operation-security-changed',
  level: 'breaking',
  direction: 'none',
  on: 'asyncOperation',
  summary: 'An AsyncAPI operation requires security it did not require.',
  doc: 'Reported when some way of using the operation that worked before no longer does: security added to an open operation, a scheme replaced, a scope added. Clients without the new credentials are refused.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const d of securityDiff(base.security, head.security)) ctx.report(`operation ${head.id}: ${d.message}`, head.securityNode ? { pointer: head.securityNode.pointer, file: head.securityNode.file } : {});
  },
});
