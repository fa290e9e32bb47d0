import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-media-type-removed',
  level: 'breaking',
  direction: 'response',
  on: 'mediaType',
  summary: 'A response media type was removed.',
  doc: 'Clients that ask for (Accept) or parse that content type break.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'response' && base && !head) ctx.report(`response media type ${mediaType} removed`, { side: 'base' });
  },
});
