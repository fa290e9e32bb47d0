import path from 'node:path';
import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'error-code-docs',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every error catalogue code has a `docs` entry.',
  docs:
    'Each code gets a generated docs page, and the problem `type` URI points at it: it is where a developer ' +
    'lands when their client shows the error. The `docs` entry says when the error happens and what to do ' +
    'about it; without one the page is empty.',
  hint: 'Add docs: | with when the error happens and what the caller should do.',
  check({ doc, report }) {
    const cat = doc.catalogue;
    if (!cat) return;
    for (const def of cat.errors) {
      if (!def.docs) report({ pointer: def.pointer, file: path.resolve(cat.file), message: `error code ${def.code} has no docs entry` });
    }
  },
};
