import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'property-deprecated',
  level: 'info',
  direction: 'both',
  on: 'schema',
  summary: 'A property was marked deprecated.',
  doc: 'Nothing breaks yet; clients should stop using it before it is removed.',
  check({ base, head }, ctx) {
    for (const [name, p] of head.properties) {
      const b = base.properties.get(name);
      if (b && !b.deprecated && p.deprecated) ctx.report(`property \`${name}\` deprecated`, { pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
