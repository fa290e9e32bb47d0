import { defineRule } from '../rule.ts';
import { addDays, parseSunset, stabilityOf } from '../policy.ts';

export default defineRule({
  id: 'deprecation-window-too-short',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation was deprecated (or its sunset set) with a sunset closer than the minimum deprecation window.',
  doc: 'The lifecycle policy gives each stability level a minimum number of days between deprecation and sunset (`diff.lifecycle.deprecationDays`; default beta 31, stable 180, as oasdiff). A sunset sooner than today plus that window leaves clients less time than the policy promises. Parameters are checked the same way.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const level = stabilityOf(base.node.value, ctx.policy);
    const days = ctx.policy.deprecationDays[level] ?? 0;
    if (!days) return;
    const earliest = addDays(ctx.today, days);
    const check = (b: Record<string, any>, h: Record<string, any>, what: string, pointer: string, file: string) => {
      if (h.deprecated !== true) return;
      const sunset = parseSunset(h['x-sunset'], ctx.policy.dateFormat);
      if (!sunset) return;
      const newly = b.deprecated !== true || JSON.stringify(b['x-sunset']) !== JSON.stringify(h['x-sunset']);
      if (newly && sunset < earliest) ctx.report(`${what} sunset ${sunset} is less than ${days} days away (${level}: not before ${earliest})`, { pointer, file });
    };
    check(base.node.value, head.node.value, head.label, `${head.node.pointer}/x-sunset`, head.node.file);
    for (const p of head.parameters) {
      const bp = base.parameters.find((q) => q.key === p.key);
      if (bp) check(bp.node.value, p.node.value, `${p.in} parameter \`${p.name}\`:`, `${p.node.pointer}/x-sunset`, p.node.file);
    }
  },
});
