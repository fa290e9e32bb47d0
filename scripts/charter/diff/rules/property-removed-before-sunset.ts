import { defineRule } from '../rule.ts';
import { isoDate } from './kit.ts';

export default defineRule({
  id: 'property-removed-before-sunset',
  level: 'breaking',
  direction: 'both',
  on: 'schema',
  summary: 'A property was removed before its `x-sunset` date.',
  doc: 'The property promised (`x-sunset`) to stay until a date that has not come yet, in requests and responses alike.',
  check({ base, head }, ctx) {
    for (const [name, p] of base.properties) {
      if (head.properties.has(name)) continue;
      const sunset = isoDate(typeof p.sunset === 'string' ? p.sunset : undefined);
      if (sunset && sunset > ctx.today) ctx.report(`property \`${name}\` removed before its sunset date ${sunset}`, { side: 'base', pointer: p.node.pointer, file: p.node.file, schemaPath: ['properties', name] });
    }
  },
});
