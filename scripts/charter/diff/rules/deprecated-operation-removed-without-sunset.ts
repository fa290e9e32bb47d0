import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'deprecated-operation-removed-without-sunset',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'A deprecated operation with no sunset date was removed.',
  doc: 'Deprecation without an `x-sunset` date tells clients to move, not when the operation stops working, so removing it still breaks those that have not moved. Set `x-sunset` when deprecating; removal after that date is reported as info.',
  check({ base, head }, ctx) {
    if (!base || head || !base.deprecated) return;
    const sunset = isoDate(base.sunset);
    if (!sunset) ctx.report(`deprecated ${base.label} removed, but it never announced a sunset date`);
  },
});
