import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'request-extensible-enum-value-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request `x-extensible-enum` lost values.',
  doc: '`x-extensible-enum` lists the values known today and tells clients to accept others in responses; in a request the server still understands only the listed values, so clients that send a removed one are misunderstood or rejected.',
  check({ base, head }, ctx) {
    if (!base.extensibleEnum || !head.extensibleEnum) return;
    const gone = base.extensibleEnum.filter((v) => !head.extensibleEnum!.some((w) => same(v, w)));
    if (gone.length) ctx.report(`x-extensible-enum value${gone.length > 1 ? 's' : ''} ${list(gone)} removed`, { keyword: 'x-extensible-enum' });
  },
});
