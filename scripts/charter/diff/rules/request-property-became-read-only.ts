import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-property-became-read-only',
  level: 'warning',
  direction: 'request',
  on: 'schema',
  summary: 'A request property became readOnly.',
  doc: 'Clients that set it are now ignored or rejected, depending on the server. If it was required, clients can no longer provide it.',
  check({ base, head, dir }, ctx) {
    for (const [name, p] of head.properties) {
      const b = base.properties.get(name);
      if (b && !b.readOnly && p.readOnly) ctx.report(`property \`${name}\` became readOnly`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
