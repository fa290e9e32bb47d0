import { defineRule } from '../rule.ts';

/** JSON Schema and the AsyncAPI schema (its superset) are one family; other formats by name, without version. */
function family(f: string | undefined): string {
  if (f === undefined) return 'json-schema';
  const s = f.toLowerCase().replace(/\s+/g, '');
  if (s.startsWith('application/vnd.aai.asyncapi') || s.startsWith('application/schema+json') || s.startsWith('application/schema+yaml')) return 'json-schema';
  return s.replace(/;version=.*$/, '');
}

export default defineRule({
  id: 'message-schema-format-changed',
  level: 'breaking',
  direction: 'both',
  on: 'message',
  summary: 'A message payload changed schema format (JSON Schema → Avro, Protobuf, RAML…).',
  doc: 'The schema format says how the payload is encoded and read; producers and consumers built for the old one cannot read the new one. AsyncAPI schemas and JSON Schema (any version) count as one format.',
  check({ base, head }, ctx) {
    if (!base || !head) return;
    if (family(base.schemaFormat) !== family(head.schemaFormat)) ctx.report(`message ${head.key} schema format changed from ${base.schemaFormat ?? 'AsyncAPI schema'} to ${head.schemaFormat ?? 'AsyncAPI schema'}`);
  },
});
