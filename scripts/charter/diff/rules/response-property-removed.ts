import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-removed',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A required response property was removed.',
  doc: 'Clients read it and break when it is missing.',
  check({ base, head, dir }, ctx) {
    for (const [name, p] of base.properties) {
      if (head.properties.has(name) || !base.required.has(name) || !visible(base, name, dir)) continue;
      ctx.report(`required property \`${name}\` removed`, { side: 'base', pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
