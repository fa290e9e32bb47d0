import type { Rule } from '../types.ts';
import { isObject } from './util.ts';

export const rule: Rule = {
  id: 'operation-tags',
  level: 'warn',
  kinds: ['openapi'],
  summary: 'Every operation has at least one tag, and its tags are declared in the top-level `tags`.',
  docs:
    'Tags group operations in the generated docs and clients. An untagged operation lands in a catch-all ' +
    'group; a tag that is not declared in the top-level `tags` list has no description and is usually a ' +
    'typo of one that is.',
  hint: 'Add a tag that is declared in the top-level tags list.',
  check({ doc, report }) {
    const declared = Array.isArray(doc.root.tags) ? new Set(doc.root.tags.filter(isObject).map((t: any) => t.name)) : undefined;
    for (const op of doc.operations) {
      const tags = op.op.tags;
      if (!Array.isArray(tags) || tags.length === 0) {
        report({ file: op.file, pointer: op.pointer, message: `${op.method.toUpperCase()} ${op.path} has no tags` });
        continue;
      }
      if (!declared) continue;
      tags.forEach((t: unknown, i: number) => {
        if (typeof t === 'string' && !declared.has(t)) {
          report({ file: op.file, pointer: `${op.pointer}/tags/${i}`, message: `tag "${t}" is not declared in the top-level tags`, hint: `Declare it under tags: with a description, or use one of: ${[...declared].slice(0, 8).join(', ')}.` });
        }
      });
    }
  },
};
