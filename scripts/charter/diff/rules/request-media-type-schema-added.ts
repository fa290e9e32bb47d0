import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'request-media-type-schema-added',
  level: 'breaking',
  direction: 'request',
  on: 'mediaType',
  summary: 'A request media type that had no schema (any body) now has one.',
  doc: 'A media type without `schema` (`application/json: {}`) accepts any body; with a schema, bodies that do not match it are rejected. An empty schema (`schema: {}`) still accepts anything and is not reported.',
  check({ base, head, mediaType, part }, ctx) {
    if (part !== 'request body' || !base || !head) return;
    const h = head.value?.schema;
    if (base.value?.schema !== undefined || h === undefined) return;
    if (h === true || (h && typeof h === 'object' && Object.keys(h).length === 0)) return;
    ctx.report(`request body ${mediaType} now has a schema (it accepted any body)`, { keyword: 'schema' });
  },
});
