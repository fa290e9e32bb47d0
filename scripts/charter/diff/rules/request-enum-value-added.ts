import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'request-enum-value-added',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request enum gained values.',
  doc: 'Clients may now send more values; none of the old ones is refused.',
  check({ base, head }, ctx) {
    if (!base.enum || !head.enum) return;
    const added = head.enum.filter((v) => !base.enum!.some((w) => same(v, w)));
    if (added.length) ctx.report(`enum value${added.length > 1 ? 's' : ''} ${list(added)} added`, { keyword: 'enum' });
  },
});
