import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'error-type-changed',
  level: 'breaking',
  direction: 'none',
  on: 'catalogueEntry',
  summary: 'The RFC 9457 type URI of an error code changed.',
  doc: '`type` identifies the problem for clients and links its documentation.',
  check({ base, head }, ctx) {
    if (base && head && base.type !== head.type) ctx.report(`${head.code}: type changed from ${base.type} to ${head.type}`, { keyword: 'type' });
  },
});
