import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'stability-level-invalid',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation has an `x-stability-level` the lifecycle policy does not know.',
  doc: 'Nobody can tell which changes the operation allows, so the policy cannot be applied. Use one of `diff.lifecycle.levels` (default draft, alpha, beta, stable). Reported when the value is new or changed.',
  check({ base, head }, ctx) {
    if (!head) return;
    const h = head.node.value['x-stability-level'];
    if (h === undefined || (typeof h === 'string' && ctx.policy.levels.includes(h))) return;
    if (base && JSON.stringify(base.node.value['x-stability-level']) === JSON.stringify(h)) return;
    ctx.report(`x-stability-level ${JSON.stringify(h)} is not one of ${ctx.policy.levels.join(', ')}`, { keyword: 'x-stability-level' });
  },
});
