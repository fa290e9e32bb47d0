import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-optional-member-removed',
  level: 'warning',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'An optional extension member of an error was removed.',
  doc: 'Clients that read it when present lose it.',
  check({ base, head, renamedFrom }, ctx) {
    const b = base ?? renamedFrom;
    if (!b || !head) return;
    for (const m of Object.keys(b.members)) if (!b.required.includes(m) && !(m in head.members)) ctx.report(`${head.code}: optional member ${m} removed`, { side: 'base', pointer: `${b.pointer}/members/${m}` });
  },
});
