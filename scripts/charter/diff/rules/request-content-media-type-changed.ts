import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-content-media-type-changed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'The `contentMediaType` of a request string changed, was added or was removed.',
  doc: '`contentMediaType` says how the string is encoded (the media type of the content it carries): the strings clients send mean something else under the new one, even when they still validate.',
  check({ base, head }, ctx) {
    const b = base.contentMediaType;
    const h = head.contentMediaType;
    if (b === h) return;
    ctx.report(b === undefined ? `contentMediaType "${h}" added` : h === undefined ? `contentMediaType "${b}" removed` : `contentMediaType changed from "${b}" to "${h}"`, { keyword: 'contentMediaType', side: h === undefined ? 'base' : 'head' });
  },
});
