import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-media-type-schema-removed',
  level: 'breaking',
  direction: 'response',
  on: 'mediaType',
  summary: 'A response media type no longer describes its body.',
  doc: 'The schema was dropped: the body may now be anything.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'response' && base && head && base.value?.schema !== undefined && head.value?.schema === undefined) ctx.report(`response ${mediaType} body no longer has a schema`, { side: 'base', keyword: 'schema' });
  },
});
