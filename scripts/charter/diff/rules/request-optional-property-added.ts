import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-optional-property-added',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request object has a new optional property.',
  doc: 'Old clients do not send it and keep working.',
  check({ base, head, dir }, ctx) {
    for (const [name, p] of head.properties) {
      if (base.properties.has(name) || head.required.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`optional property \`${name}\` added`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
