import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'stability-level-decreased',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'An operation moved to a less stable `x-stability-level` (stable → beta).',
  doc: 'Clients adopted the operation under the old promise; a lower level allows breaking changes from now on (see the lifecycle policy in docs/diff.md). Levels are ordered by `diff.lifecycle.levels` in charter.config.yaml (default draft, alpha, beta, stable); an operation without the extension has the default level.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const { levels, defaultLevel } = ctx.policy;
    const lv = (o: typeof base) => {
      const s = o.node.value['x-stability-level'];
      return typeof s === 'string' ? s : defaultLevel;
    };
    const b = levels.indexOf(lv(base));
    const h = levels.indexOf(lv(head));
    if (b >= 0 && h >= 0 && h < b) ctx.report(`stability level lowered from ${levels[b]} to ${levels[h]}`, head.node.value['x-stability-level'] !== undefined ? { keyword: 'x-stability-level' } : {});
  },
});
