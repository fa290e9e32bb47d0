import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-media-type-added',
  level: 'info',
  direction: 'response',
  on: 'mediaType',
  summary: 'A response media type was added.',
  doc: 'Clients that ask for the old types still get them.',
  check({ base, head, mediaType, part }, ctx) {
    if (part === 'response' && !base && head) ctx.report(`response media type ${mediaType} added`);
  },
});
