import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-nullable-removed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A request value no longer accepts null.',
  doc: 'OpenAPI 3.0 `nullable: true`, a 3.1 `type` array with `null`, or an `anyOf` with a `{type: null}` branch was dropped. Clients that send null are rejected.',
  check({ base, head }, ctx) {
    if (base.nullable && !head.nullable) ctx.report('null is no longer accepted', { keyword: 'type' });
  },
});
