import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-property-removed',
  level: 'warning',
  direction: 'request',
  on: 'schema',
  summary: 'A request property was removed from an open object.',
  doc: 'The object still allows unknown properties, so clients that send it are not rejected, but the server ignores what they send.',
  check({ base, head, dir }, ctx) {
    if (isClosed(head)) return;
    for (const [name, p] of base.properties) {
      if (head.properties.has(name) || !visible(base, name, dir)) continue;
      ctx.report(`property \`${name}\` removed`, { side: 'base', pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
