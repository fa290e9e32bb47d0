import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-added-closed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'A response object that promised no other properties has a new one.',
  doc: 'The base said `additionalProperties: false`; clients that validate responses strictly (or generate exact types) may reject the new property.',
  check({ base, head, dir }, ctx) {
    if (!isClosed(base)) return;
    for (const [name, p] of head.properties) {
      if (base.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` added to an object that allowed no other properties`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
