import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'parameter-removed-before-sunset',
  level: 'breaking',
  direction: 'none',
  on: 'parameter',
  summary: 'A parameter was removed before its `x-sunset` date.',
  doc: 'The parameter promised (`x-sunset`) to keep working until a date that has not come yet; clients that still send it lose what it did.',
  check({ base, head }, ctx) {
    if (!base || head) return;
    const sunset = isoDate(base.node.value['x-sunset']);
    if (sunset && sunset > ctx.today) ctx.report(`${base.in} parameter \`${base.name}\` removed before its sunset date ${sunset}`, { side: 'base' });
  },
});
