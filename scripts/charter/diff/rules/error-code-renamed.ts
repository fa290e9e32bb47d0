import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-code-renamed',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'An error code was renamed.',
  doc: 'Detected as a code removed and one added with the same status and the same type URI or title. Clients matching the old code stop recognising the error.',
  check({ head, renamedFrom }, ctx) {
    if (head && renamedFrom) ctx.report(`error code ${renamedFrom.code} renamed to ${head.code}`);
  },
});
