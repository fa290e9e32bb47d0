import type { Rule } from '../types.ts';
import { lintMessages } from '../../model/asyncapi.ts';

export const rule: Rule = {
  id: 'message-schema-format',
  level: 'warn',
  kinds: ['asyncapi'],
  summary: 'Every message payload and headers schema is in a format Charter reads (JSON Schema or AsyncAPI Schema).',
  docs:
    'Charter reads message schemas written as AsyncAPI Schema Objects (`application/vnd.aai.asyncapi+json;version=…`, ' +
    'the default) and as JSON Schema (`application/schema+json;version=draft-04|draft-06|draft-07|2019-09|2020-12`, ' +
    'or `+yaml`). A payload declared in another format (Avro, RAML, Protobuf, an OpenAPI Schema Object, an unknown ' +
    'JSON Schema version) is legal AsyncAPI, but `charter generate` can neither type it (it becomes `unknown`) nor ' +
    'validate it at run time, and lint cannot check its examples. The finding is at the `schemaFormat` that says so.',
  hint: 'Describe the payload in JSON Schema or as an AsyncAPI Schema Object, or accept that it is typed `unknown` and not validated.',
  check({ doc, report }) {
    const model = doc.asyncapi;
    const linted = new Set(lintMessages(model).map((m) => `${m.file}#${m.pointer}`));
    for (const m of model.messages) {
      if (!linted.has(`${m.node.file}#${m.node.pointer}`)) continue;
      const label = typeof m.node.value.name === 'string' ? m.node.value.name : m.key;
      for (const [part, s] of [['payload', m.payload], ['headers', m.headers]] as const) {
        if (!s || s.format.kind !== 'unsupported') continue;
        const at = s.formatNode ?? s.node;
        report({
          pointer: at.pointer,
          file: at.file,
          message: `the ${part} of message "${label}" is in schemaFormat ${s.format.format}: ${s.format.reason}, so it is typed unknown and not validated`,
        });
      }
    }
  },
};
