import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'request-property-became-required',
  level: 'breaking',
  direction: 'request',
  on: 'schema',
  summary: 'A request property that was optional is now required.',
  doc: 'Clients that leave it out are rejected.',
  check({ base, head, dir }, ctx) {
    for (const name of head.required) {
      if (base.required.has(name) || !base.properties.has(name) || !head.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` became required`, { keyword: 'required', schemaPath: ['properties', name] });
    }
  },
});
