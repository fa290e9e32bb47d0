import { defineRule } from '../rule.ts';
const WIDER: Record<string, string[]> = { int32: ['int64'], float: ['double'], date: ['date-time'] };

export default defineRule({
  id: 'request-format-changed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request value got a format, or a different one.',
  doc: 'A `format` was added (`uuid`, `email`, `date-time`, ...) or replaced by another. Values the old contract accepted may now be rejected. Widening a numeric format (`int32` to `int64`, `float` to `double`) is reported as `request-format-widened` instead.',
  check({ base, head }, ctx) {
    if (head.format === undefined || head.format === base.format) return;
    if (base.format && WIDER[base.format]?.includes(head.format)) return;
    ctx.report(base.format ? `format changed from ${base.format} to ${head.format}` : `format ${head.format} added`, { keyword: 'format' });
  },
});
