import { defineRule } from '../rule.ts';
import { formatText, parseSunset } from '../policy.ts';

export default defineRule({
  id: 'sunset-invalid',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An `x-sunset` date (of an operation or one of its parameters) is not a valid date.',
  doc: 'Clients and tools read the sunset date to plan their migration; one that cannot be read (`2026-02-30`, `next spring`, or a format other than `diff.lifecycle.dateFormat`) promises nothing. Reported when the value is new or changed.',
  check({ base, head }, ctx) {
    if (!head) return;
    const fmt = ctx.policy.dateFormat;
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const h = head.node.value['x-sunset'];
    if (h !== undefined && parseSunset(h, fmt) === undefined && !(base && same(base.node.value['x-sunset'], h))) {
      ctx.report(`x-sunset ${JSON.stringify(h)} is not ${formatText[fmt]}`, { keyword: 'x-sunset' });
    }
    for (const p of head.parameters) {
      const v = p.node.value['x-sunset'];
      if (v === undefined || parseSunset(v, fmt) !== undefined) continue;
      const bp = base?.parameters.find((q) => q.key === p.key);
      if (bp && same(bp.node.value['x-sunset'], v)) continue;
      ctx.report(`${p.in} parameter \`${p.name}\`: x-sunset ${JSON.stringify(v)} is not ${formatText[fmt]}`, { pointer: `${p.node.pointer}/x-sunset`, file: p.node.file });
    }
  },
});
