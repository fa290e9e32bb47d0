import { defineRule } from '../rule.ts';
import { typeLabel, typesCover } from '../schema-view.ts';

export default defineRule({
  id: 'request-type-changed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request value no longer accepts a type it accepted.',
  doc: 'The head schema does not accept every JSON type the base schema accepted (string to integer, number to integer, an object that became an array). Clients that send the old type are rejected. `integer` to `number` is a widening, not reported here.',
  check({ base, head }, ctx) {
    if (!typesCover(head.types, base.types)) ctx.report(`type changed from ${typeLabel(base)} to ${typeLabel(head)}`, { keyword: 'type' });
  },
});
