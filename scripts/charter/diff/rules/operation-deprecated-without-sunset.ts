import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'operation-deprecated-without-sunset',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation was deprecated without an `x-sunset` date, under a policy that requires one.',
  doc: 'Checked only when `diff.lifecycle.requireSunset` is true. A deprecation tells clients to move; the sunset date tells them by when, and is what the minimum deprecation window is measured against.',
  check({ base, head }, ctx) {
    if (!ctx.policy.requireSunset || !base || !head) return;
    if (head.deprecated && !base.deprecated && head.node.value['x-sunset'] === undefined) ctx.report(`${head.label} deprecated without an x-sunset date`, { keyword: 'deprecated' });
  },
});
