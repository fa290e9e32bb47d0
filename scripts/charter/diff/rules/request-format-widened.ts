import { defineRule } from '../rule.ts';
const WIDER: Record<string, string[]> = { int32: ['int64'], float: ['double'], date: ['date-time'] };

export default defineRule({
  id: 'request-format-widened',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request value has a wider or no format.',
  doc: 'The format was removed or widened (`int32` to `int64`): everything valid before is still valid.',
  check({ base, head }, ctx) {
    if (base.format === undefined || head.format === base.format) return;
    if (head.format === undefined || WIDER[base.format]?.includes(head.format)) ctx.report(head.format ? `format widened from ${base.format} to ${head.format}` : `format ${base.format} removed`, { keyword: 'format', side: head.format ? 'head' : 'base' });
  },
});
