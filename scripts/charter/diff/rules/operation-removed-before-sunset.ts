import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'operation-removed-before-sunset',
  level: 'breaking',
  direction: 'none',
  on: 'operation',
  summary: 'A deprecated operation was removed before its sunset date.',
  doc: 'The operation promised (`x-sunset`) to keep working until a date that has not come yet.',
  check({ base, head }, ctx) {
    if (!base || head || !base.deprecated) return;
    const sunset = isoDate(base.sunset);
    if (sunset && sunset > ctx.today) ctx.report(`${base.label} removed before its sunset date ${sunset}`);
  },
});
