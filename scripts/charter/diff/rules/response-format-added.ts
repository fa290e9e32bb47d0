import { defineRule } from '../rule.ts';
const WIDER: Record<string, string[]> = { int32: ['int64'], float: ['double'], date: ['date-time'] };

export default defineRule({
  id: 'response-format-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response value now promises a format (or a narrower one).',
  doc: 'The response says more about its values than before. No client breaks.',
  check({ base, head }, ctx) {
    if (head.format === undefined || head.format === base.format) return;
    if (base.format === undefined || WIDER[head.format]?.includes(base.format)) ctx.report(base.format ? `format narrowed from ${base.format} to ${head.format}` : `format ${head.format} added`, { keyword: 'format' });
  },
});
