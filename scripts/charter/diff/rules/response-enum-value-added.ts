import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'response-enum-value-added',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response enum gained values.',
  doc: 'Clients with exhaustive handling of the enum (generated unions, switch statements, strict validators) break when the server returns a value they do not know. Add values in a major version, or document the enum as extensible and make clients tolerate unknown values.',
  check({ base, head }, ctx) {
    if (!base.enum || !head.enum) return;
    const added = head.enum.filter((v) => !base.enum!.some((w) => same(v, w)));
    if (added.length) ctx.report(`enum value${added.length > 1 ? 's' : ''} ${list(added)} added`, { keyword: 'enum' });
  },
});
