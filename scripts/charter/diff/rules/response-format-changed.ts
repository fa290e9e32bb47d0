import { defineRule } from '../rule.ts';
const WIDER: Record<string, string[]> = { int32: ['int64'], float: ['double'], date: ['date-time'] };

export default defineRule({
  id: 'response-format-changed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response value changed format.',
  doc: 'The response promised one `format` and now promises another (`uuid` to `uri`, `int32` to `int64`). Clients parse or store the value by the old format.',
  check({ base, head }, ctx) {
    if (base.format === undefined || head.format === undefined || head.format === base.format) return;
    if (WIDER[head.format]?.includes(base.format)) return;
    ctx.report(`format changed from ${base.format} to ${head.format}`, { keyword: 'format' });
  },
});
