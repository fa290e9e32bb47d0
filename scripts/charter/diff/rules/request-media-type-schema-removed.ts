import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-media-type-schema-removed',
  level: 'info',
  direction: 'request',
  on: 'mediaType',
  summary: 'A request media type no longer has a schema (any body is accepted).',
  doc: 'The server accepts any body of that media type: what clients sent still works.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'request body' && base && head && base.value?.schema !== undefined && head.value?.schema === undefined) ctx.report(`request body ${mediaType} no longer has a schema`, { side: 'base', keyword: 'schema' });
  },
});
