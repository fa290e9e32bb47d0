import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'response-enum-value-removed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response enum lost values.',
  doc: 'The server returns fewer values than before; clients handle a subset of what they knew.',
  check({ base, head }, ctx) {
    if (!base.enum || !head.enum) return;
    const gone = base.enum.filter((v) => !head.enum!.some((w) => same(v, w)));
    if (gone.length) ctx.report(`enum value${gone.length > 1 ? 's' : ''} ${list(gone)} removed`, { keyword: 'enum' });
  },
});
