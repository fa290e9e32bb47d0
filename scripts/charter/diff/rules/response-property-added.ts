import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-added',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response object has a new property.',
  doc: 'Clients that ignore unknown properties keep working (the usual case for open objects).',
  check({ base, head, dir }, ctx) {
    if (isClosed(base)) return;
    for (const [name, p] of head.properties) {
      if (base.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` added`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
