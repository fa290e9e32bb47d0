import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-became-write-only',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response property became writeOnly.',
  doc: 'writeOnly properties are not returned: clients that read it lose it.',
  check({ base, head, dir }, ctx) {
    for (const [name, p] of head.properties) {
      const b = base.properties.get(name);
      if (b && !b.writeOnly && p.writeOnly) ctx.report(`property \`${name}\` became writeOnly (no longer returned)`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
