import { defineRule } from '../rule.ts';
import { isClosed, visible } from './kit.ts';

export default defineRule({
  id: 'response-property-became-required',
  level: 'info',
  direction: 'response',
  on: 'schema',
  summary: 'A response property is now always present.',
  doc: 'The response promises more than before.',
  check({ base, head, dir }, ctx) {
    for (const name of head.required) {
      if (base.required.has(name) || !base.properties.has(name) || !head.properties.has(name) || !visible(head, name, dir)) continue;
      ctx.report(`property \`${name}\` became required`, { keyword: 'required', schemaPath: ['properties', name] });
    }
  },
});
