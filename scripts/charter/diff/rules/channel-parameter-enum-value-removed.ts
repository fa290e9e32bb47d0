import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'channel-parameter-enum-value-removed',
  level: 'breaking',
  direction: 'none',
  on: 'channel',
  summary: 'A channel parameter lost allowed values.',
  doc: 'Clients address channels with values that are no longer valid.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    for (const [p, n] of Object.entries(head.parameters)) {
      const b = base.parameters[p];
      const be = b?.value?.enum ?? b?.value?.schema?.enum;
      const he = n.value?.enum ?? n.value?.schema?.enum;
      if (!Array.isArray(be)) continue;
      const gone = Array.isArray(he) ? be.filter((v: unknown) => !he.includes(v)) : [];
      if (gone.length) ctx.report(`channel ${head.id} parameter ${p}: values ${gone.join(', ')} removed`, { pointer: n.pointer, file: n.file });
    }
  },
});
