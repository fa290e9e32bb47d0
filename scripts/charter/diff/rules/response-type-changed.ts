import { defineRule } from '../rule.ts';
import { typeLabel, typesCover } from '../schema-view.ts';

export default defineRule({
  id: 'response-type-changed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response value may now have a type it could not have before.',
  doc: 'The head schema allows JSON types the base did not (string to integer, integer to number, a single type to several). Clients parse responses with the old types in mind and break on the new ones.',
  check({ base, head }, ctx) {
    if (!typesCover(base.types, head.types)) ctx.report(`type changed from ${typeLabel(base)} to ${typeLabel(head)}`, { keyword: 'type' });
  },
});
