import { defineRule } from '../rule.ts';
import { typeLabel, typesCover } from '../schema-view.ts';

export default defineRule({
  id: 'response-type-narrowed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response value has fewer possible types than before.',
  doc: 'Every value the head can return was already possible. Clients keep working.',
  check({ base, head }, ctx) {
    if (typesCover(base.types, head.types) && !typesCover(head.types, base.types)) ctx.report(`type narrowed from ${typeLabel(base)} to ${typeLabel(head)}`, { keyword: 'type' });
  },
});
