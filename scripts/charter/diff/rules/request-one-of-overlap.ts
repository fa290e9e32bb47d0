import { defineRule } from '../rule.ts';
import { oneOfOverlap } from './kit.ts';

export default defineRule({
  id: 'request-one-of-overlap',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request schema became a oneOf whose variants overlap for the instances it described.',
  doc: 'For example, an object requiring `foo` and `bar` becomes `oneOf: [required foo | required bar]`: every old payload has both, matches both variants, and `oneOf` accepts exactly one. Clients send what the old schema described; each such payload now matches several variants and is rejected. Use `anyOf`, or make the variants exclusive (a discriminator, `not`, `additionalProperties: false`).',
  check: (payload, ctx) => oneOfOverlap(payload, ctx),
});
