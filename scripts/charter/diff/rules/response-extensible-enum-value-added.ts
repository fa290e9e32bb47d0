import { defineRule } from '../rule.ts';
import { same } from '../schema-view.ts';
import { list } from './kit.ts';

export default defineRule({
  id: 'response-extensible-enum-value-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response `x-extensible-enum` gained values.',
  doc: 'An extensible enum tells clients to expect values it does not list yet, so a new one does not break them (unlike a new `enum` value).',
  check({ base, head }, ctx) {
    if (!base.extensibleEnum || !head.extensibleEnum) return;
    const more = head.extensibleEnum.filter((v) => !base.extensibleEnum!.some((w) => same(v, w)));
    if (more.length) ctx.report(`x-extensible-enum value${more.length > 1 ? 's' : ''} ${list(more)} added`, { keyword: 'x-extensible-enum' });
  },
});
