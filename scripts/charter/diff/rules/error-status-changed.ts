import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-status-changed',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'The HTTP status of an error code changed.',
  doc: 'Clients branch on the status before they read the code.',
  check({ base, head, renamedFrom }, ctx) {
    const b = base ?? renamedFrom;
    if (b && head && b.status !== head.status) ctx.report(`${head.code}: status changed from ${b.status} to ${head.status}`, { keyword: 'status' });
  },
});
