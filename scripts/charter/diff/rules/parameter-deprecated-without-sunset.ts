import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'parameter-deprecated-without-sunset',
  level: 'breaking',
  direction: 'none',
  on: 'parameter',
  summary: 'A parameter was deprecated without an `x-sunset` date, under a policy that requires one.',
  doc: 'Checked only when `diff.lifecycle.requireSunset` is true: clients need to know until when the parameter keeps working.',
  check({ base, head }, ctx) {
    if (!ctx.policy.requireSunset || !base || !head) return;
    if (head.deprecated && !base.deprecated && head.node.value['x-sunset'] === undefined) ctx.report(`${head.in} parameter \`${head.name}\` deprecated without an x-sunset date`, { keyword: 'deprecated' });
  },
});
