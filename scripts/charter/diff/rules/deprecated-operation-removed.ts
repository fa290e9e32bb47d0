import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'deprecated-operation-removed',
  level: 'info',
  direction: 'none',
  on: 'operation',
  summary: 'A deprecated operation was removed after its sunset date.',
  doc: 'The removal was announced by `deprecated: true` and an `x-sunset` date that has passed.',
  check({ base, head }, ctx) {
    if (!base || head || !base.deprecated) return;
    const sunset = isoDate(base.sunset);
    if (sunset && sunset <= ctx.today) ctx.report(`deprecated ${base.label} removed after its sunset ${sunset}`);
  },
});
