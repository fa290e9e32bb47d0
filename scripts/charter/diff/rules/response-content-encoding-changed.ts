import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'response-content-encoding-changed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'The `contentEncoding` of a response string changed, was added or was removed.',
  doc: '`contentEncoding` says how the string is encoded (base64, quoted-printable…): the strings clients receive mean something else under the new one, even when they still validate.',
  check({ base, head }, ctx) {
    const b = base.contentEncoding;
    const h = head.contentEncoding;
    if (b === h) return;
    ctx.report(b === undefined ? `contentEncoding "${h}" added` : h === undefined ? `contentEncoding "${b}" removed` : `contentEncoding changed from "${b}" to "${h}"`, { keyword: 'contentEncoding', side: h === undefined ? 'base' : 'head' });
  },
});
