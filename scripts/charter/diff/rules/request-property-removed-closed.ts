import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-property-removed-closed',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request property was removed from an object that forbids unknown properties.',
  doc: 'With `additionalProperties: false`, clients that still send the property are rejected.',
  check({ base, head, dir }, ctx) {
    if (!isClosed(head)) return;
    for (const [name, p] of base.properties) {
      if (head.properties.has(name) || !visible(base, name, dir)) continue;
      ctx.report(`property \`${name}\` removed (and unknown properties are rejected)`, { side: 'base', pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
