import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { fmt } from './kit.ts';

export default defineRule({
  id: 'request-parameter-default-changed',
  level: 'breaking',
  direction: 'request',
  on: 'parameter',
  summary: 'The default of a parameter changed.',
  doc: 'The default is what the server does for clients that leave the parameter out: every such client gets a different result without changing anything (a page size, a sort order, a filter). Defaults inside request bodies are `request-default-changed`.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    const d = (p: typeof base) => {
      const s = p.schemaNode ? ctx[p === base ? 'base' : 'head'].deref(p.schemaNode).value : undefined;
      return s && typeof s === 'object' && 'default' in s ? { value: s.default } : undefined;
    };
    const b = d(base);
    const h = d(head);
    if (!b || !h || same(b.value, h.value)) return;
    const at = ctx.head.deref(head.schemaNode!);
    ctx.report(`${head.in} parameter \`${head.name}\`: default changed from ${fmt(b.value)} to ${fmt(h.value)}`, { pointer: `${at.pointer}/default`, file: at.file });
  },
});
