import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'message-correlation-id-changed',
  level: 'breaking',
  direction: 'both',
  on: 'message',
  summary: 'Where a message carries its correlation id changed.',
  doc: 'Request/reply clients match replies to requests by the correlation id; reading it from the old location loses every reply.',
  check({ base, head }, ctx) {
    const loc = (m: any, side: typeof ctx.base, file: string) => (m && typeof m === 'object' ? (m.correlationId?.location ?? (typeof m.correlationId?.$ref === 'string' ? side.resolveRef(m.correlationId.$ref, file)?.value?.location : undefined)) : undefined);
    if (!base || !head) return;
    const b = loc(base.node.value, ctx.base, base.node.file);
    const h = loc(head.node.value, ctx.head, head.node.file);
    if (b && b !== h) ctx.report(`message ${head.key} correlation id moved from ${b} to ${h ?? 'nowhere'}`, { keyword: 'correlationId' });
  },
});
