import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-media-type-added',
  level: 'info',
  direction: 'request',
  on: 'mediaType',
  summary: 'A request body media type was added.',
  doc: 'Clients may send another content type.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'request body' && !base && head) ctx.report(`request body media type ${mediaType} added`);
  },
});
