import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'request-enum-value-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request enum lost values.',
  doc: 'Clients that send a removed value are rejected. Deprecate the value first and remove it in a major version.',
  check({ base, head }, ctx) {
    if (!base.enum || !head.enum) return;
    const gone = base.enum.filter((v) => !head.enum!.some((w) => same(v, w)));
    if (gone.length) ctx.report(`enum value${gone.length > 1 ? 's' : ''} ${list(gone)} removed`, { keyword: 'enum' });
  },
});
