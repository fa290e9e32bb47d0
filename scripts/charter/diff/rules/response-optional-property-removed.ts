import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-optional-property-removed',
  level: 'warning',
  direction: 'response',
  on: 'schema',
  summary: 'An optional response property was removed.',
  doc: 'Clients should already cope with its absence, but many read it when present and lose data silently.',
  check({ base, head, dir }, ctx) {
    for (const [name, p] of base.properties) {
      if (head.properties.has(name) || base.required.has(name) || !visible(base, name, dir)) continue;
      ctx.report(`optional property \`${name}\` removed`, { side: 'base', pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
