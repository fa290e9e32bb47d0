import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-media-type-removed',
  level: 'breaking',
  direction: 'request',
  on: 'mediaType',
  summary: 'A request body media type was removed.',
  doc: 'Clients that send that content type get 415.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'request body' && base && !head) ctx.report(`request body media type ${mediaType} removed`, { side: 'base' });
  },
});
