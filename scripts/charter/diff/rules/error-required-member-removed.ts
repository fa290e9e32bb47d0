import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-required-member-removed',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'A required extension member of an error was removed or became optional.',
  doc: 'Clients read the member (e.g. `requiredScopes`) from every problem with this code.',
  check({ base, head, renamedFrom }, ctx) {
    const b = base ?? renamedFrom;
    if (!b || !head) return;
    for (const m of b.required) {
      if (!(m in head.members)) ctx.report(`${head.code}: required member ${m} removed`, { side: 'base', pointer: `${b.pointer}/members/${m}` });
      else if (!head.required.includes(m)) ctx.report(`${head.code}: member ${m} is no longer always present`, { keyword: 'required' });
    }
  },
});
