import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-nullable-added',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  alsoWhenMixed: true,
  summary: 'A response value may now be null.',
  doc: 'Clients that read the value without a null check break when the server starts returning null.',
  check({ base, head }, ctx) {
    if (!base.nullable && head.nullable) ctx.report('may now be null', { keyword: 'type' });
  },
});
