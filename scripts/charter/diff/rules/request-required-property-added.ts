import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-required-property-added',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request object has a new required property.',
  doc: 'Clients built against the old contract do not send it and are rejected. Add it as optional, with a default on the server.',
  check({ base, head, dir }, ctx) {
    for (const name of head.required) {
      if (!visible(head, name, dir) || base.properties.has(name) || !head.properties.has(name)) continue;
      ctx.report(`required property \`${name}\` added`, { pointer: head.properties.get(name)!.node.pointer, file: head.properties.get(name)!.node.file, schemaPath: ['properties', name] });
    }
  },
});
