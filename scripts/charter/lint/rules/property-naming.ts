import type { Rule } from '../types.ts';
import { asyncApiSchemaRoots, openApiSchemaRoots, walkSchema } from '../schema-walk.ts';
import { toCamel, toSnake } from './util.ts';

type Style = 'camelCase' | 'snake_case';

/** The style of a property name, or undefined when it fits both (one lower-case word) or neither. */
function styleOf(name: string): Style | 'kebab-case' | 'PascalCase' | undefined {
  if (/^[a-z][a-z0-9]*$/.test(name)) return undefined;
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(name)) return 'camelCase';
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return 'snake_case';
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name)) return 'kebab-case';
  if (/^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*$/.test(name)) return 'PascalCase';
  return undefined;
}

export const rule: Rule = {
  id: 'property-naming',
  level: 'warn',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Property names follow one style per document (the dominant of camelCase and snake_case).',
  docs:
    'Mixed naming (`createdAt` next to `updated_at`) leaks into every generated type and makes clients ' +
    'guess. The rule counts the camelCase and snake_case property names of all the document\'s schemas ' +
    '(headers excluded: they follow HTTP conventions), takes the more common style as the document\'s ' +
    'style, and reports each property written in another (camelCase, snake_case, kebab-case or ' +
    'PascalCase). Single lower-case words fit both styles and are never reported.',
  hint: 'Rename the property to the document\'s style.',
  check({ doc, report }) {
    const roots = (doc.kind === 'openapi' ? openApiSchemaRoots(doc) : asyncApiSchemaRoots(doc)).filter((r) => r.role !== 'header' && r.role !== 'parameter');
    const seen = new Set<string>();
    const named: Array<{ name: string; style: NonNullable<ReturnType<typeof styleOf>>; pointer: string; file: string }> = [];
    const counts: Record<Style, number> = { camelCase: 0, snake_case: 0 };
    for (const r of roots) {
      walkSchema(
        doc,
        r.node,
        ({ node, property }) => {
          if (property === undefined) return;
          const style = styleOf(property);
          if (!style) return;
          if (style === 'camelCase' || style === 'snake_case') counts[style]++;
          named.push({ name: property, style, pointer: node.pointer, file: node.file });
        },
        { followRefs: false, seen },
      );
    }
    if (counts.camelCase === 0 && counts.snake_case === 0) return;
    const dominant: Style = counts.camelCase >= counts.snake_case ? 'camelCase' : 'snake_case';
    for (const n of named) {
      if (n.style === dominant) continue;
      const fixed = dominant === 'camelCase' ? toCamel(n.name) : toSnake(n.name);
      report({
        pointer: n.pointer,
        file: n.file,
        message: `property "${n.name}" is ${n.style}; this document uses ${dominant} (${counts[dominant]} names)`,
        hint: `Rename it to ${fixed}.`,
      });
    }
  },
};
