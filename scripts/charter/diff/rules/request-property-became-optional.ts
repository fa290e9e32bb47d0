import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-property-became-optional',
  level: 'info',
  direction: 'request',
  on: 'schema',
  summary: 'A request property that was required is now optional.',
  doc: 'A widening of the request.',
  check({ base, head, dir }, ctx) {
    for (const name of base.required) {
      if (head.required.has(name) || !head.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` became optional`, { pointer: head.properties.get(name)!.node.pointer, file: head.properties.get(name)!.node.file, schemaPath: ['properties', name] });
    }
  },
});
