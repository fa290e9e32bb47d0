import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-became-optional',
  level: 'breaking',
  direction: 'response',
  on: 'schema',
  summary: 'A response property that was always present may now be missing.',
  doc: 'Clients read it without a presence check and break when it is absent.',
  check({ base, head, dir }, ctx) {
    for (const name of base.required) {
      if (head.required.has(name) || !head.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` became optional`, { pointer: head.properties.get(name)!.node.pointer, file: head.properties.get(name)!.node.file, schemaPath: ['properties', name] });
    }
  },
});
