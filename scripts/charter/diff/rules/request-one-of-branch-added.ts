import { defineRule } from '../rule.ts';
import { reportVariantChanges } from '../schema-compare.ts';

export default defineRule({
  id: 'request-one-of-branch-added',
  level: 'info',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request oneOf/anyOf gained a variant.',
  doc: 'Clients may send more shapes than before; the old ones still work.',
  check: (payload, ctx) => reportVariantChanges('added', payload, ctx),
});
