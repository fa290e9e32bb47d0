import { defineRule } from '../rule.ts';
import { oneOfOverlap } from './kit.ts';

export default defineRule({
  id: 'response-one-of-overlap',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response schema became a oneOf whose variants overlap for the instances it described.',
  doc: 'For example, an object requiring `foo` and `bar` becomes `oneOf: [required foo | required bar]`: every payload of the old shape matches both variants, and `oneOf` accepts exactly one. The responses the contract describes shrink (so clients reading them do not break by that alone), but clients that validate responses, or decode them by variant, reject or misread payloads of the old shape that the server may still send. Use `anyOf`, or make the variants exclusive (a discriminator, `not`, `additionalProperties: false`).',
  check: (payload, ctx) => oneOfOverlap(payload, ctx),
});
