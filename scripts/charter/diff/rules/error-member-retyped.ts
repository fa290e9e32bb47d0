import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-member-retyped',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'An extension member of an error changed type.',
  doc: 'Clients decode the member with the old type.',
  check({ base, head, renamedFrom }, ctx) {
    const b = base ?? renamedFrom;
    if (!b || !head) return;
    const t = (s: any) => (s && typeof s === 'object' ? JSON.stringify(s.type ?? (s.$ref ? `ref:${s.$ref}` : 'any')) : 'any');
    for (const m of Object.keys(b.members)) {
      if (!(m in head.members)) continue;
      if (t(b.members[m]) !== t(head.members[m])) ctx.report(`${head.code}: member ${m} changed type from ${t(b.members[m])} to ${t(head.members[m])}`, { pointer: `${head.pointer}/members/${m}` });
    }
  },
});
