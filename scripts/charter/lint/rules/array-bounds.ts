import type { Rule } from '../types.ts';
import { asyncApiSchemaRoots, openApiSchemaRoots, schemaTypes, walkSchema } from '../schema-walk.ts';

export const rule: Rule = {
  id: 'array-bounds',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Every array schema has `maxItems`.',
  docs:
    'An array without `maxItems` is unbounded work: in a request, a client can send a million elements to ' +
    'be validated and stored; in a response or an event, one page or message can grow without limit and ' +
    'break consumers that buffer it. Every array schema in the document (request, response, parameter, ' +
    'header, component and message schemas) must say how many items it may hold. An array fixed by ' +
    '`enum` or `const` counts as bounded.',
  hint: 'Add maxItems (for lists that can grow, paginate instead).',
  check({ doc, report }) {
    const roots = doc.kind === 'openapi' ? openApiSchemaRoots(doc) : asyncApiSchemaRoots(doc);
    const seen = new Set<string>();
    for (const r of roots) {
      walkSchema(
        doc,
        r.node,
        ({ node, property }) => {
          const s = node.value;
          if (!schemaTypes(s).includes('array')) return;
          if (s.maxItems !== undefined || s.enum !== undefined || s.const !== undefined || s.items === false) return;
          report({ pointer: node.pointer, file: node.file, message: `${property ? `array "${property}"` : 'an array'} has no maxItems` });
        },
        { followRefs: false, seen },
      );
    }
  },
};
