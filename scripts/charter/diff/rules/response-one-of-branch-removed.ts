import { defineRule } from '../rule.ts';
import { reportVariantChanges } from '../schema-compare.ts';

export default defineRule({
  id: 'response-one-of-branch-removed',
  level: 'info',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response oneOf/anyOf lost a variant.',
  doc: 'The server returns fewer shapes than before.',
  check: (payload, ctx) => reportVariantChanges('removed', payload, ctx),
});
