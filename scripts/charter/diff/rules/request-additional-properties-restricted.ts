import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-additional-properties-restricted',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request object now rejects unknown properties.',
  doc: '`additionalProperties: false` was added: clients that send extra properties (often harmless before) are rejected.',
  check({ base, head }, ctx) {
    if (base.additionalProperties !== false && head.additionalProperties === false && (base.types?.has('object') ?? true)) ctx.report('unknown properties are now rejected', { keyword: 'additionalProperties' });
  },
});
