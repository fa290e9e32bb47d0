import { defineRule } from '../rule.ts';
import { typeLabel, typesCover } from '../schema-view.ts';

export default defineRule({
  id: 'request-type-widened',
  level: 'info',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request value accepts more types than before.',
  doc: 'Every type the base accepted is still accepted, and more are. No client breaks.',
  check({ base, head }, ctx) {
    if (typesCover(head.types, base.types) && !typesCover(base.types, head.types)) ctx.report(`type widened from ${typeLabel(base)} to ${typeLabel(head)}`, { keyword: 'type' });
  },
});
