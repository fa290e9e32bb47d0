import { defineRule } from '../rule.ts';
import { reportVariantChanges } from '../schema-compare.ts';

export default defineRule({
  id: 'request-one-of-branch-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request oneOf/anyOf lost a variant.',
  doc: 'Clients that send values of the removed variant are rejected. Also reported when a `oneOf`/`anyOf` replaced a plain schema that matches none of its variants.',
  check: (payload, ctx) => reportVariantChanges('removed', payload, ctx),
});
