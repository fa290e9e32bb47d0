import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-media-type-schema-added',
  level: 'info',
  direction: 'response',
  on: 'mediaType',
  summary: 'A response media type that had no schema now describes its body.',
  doc: 'The body could be anything before; clients lose nothing when it is described.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'response' && base && head && base.value?.schema === undefined && head.value?.schema !== undefined) ctx.report(`response ${mediaType} body now has a schema`, { keyword: 'schema' });
  },
});
