import { defineRule } from '../rule.ts';
import { reportVariantChanges } from '../schema-compare.ts';

export default defineRule({
  id: 'response-one-of-branch-added',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response oneOf/anyOf gained a variant.',
  doc: 'Clients handle the variants they know (often with an exhaustive switch on the discriminator) and break on a new one.',
  check: (payload, ctx) => reportVariantChanges('added', payload, ctx),
});
