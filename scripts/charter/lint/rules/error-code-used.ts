import path from 'node:path';
import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'error-code-used',
  level: 'warn',
  kinds: ['openapi'],
  summary: 'Every error catalogue code can be returned by at least one operation.',
  docs:
    'A catalogue code that no operation lists in `x-errors` is dead weight: it is generated into server ' +
    'constructors and client unions and documented, yet never sent. Codes whose `scope` is ' +
    '`every-operation`, `request-body`, `response-body` or `service` apply implicitly and count as used.',
  hint: 'List the code in the x-errors of the operations that return it, or remove it from the catalogue.',
  check({ doc, report }) {
    const cat = doc.catalogue;
    if (!cat) return;
    const used = new Set<string>();
    for (const op of doc.operations) for (const c of op.op['x-charter-errors'] ?? []) used.add(c);
    for (const def of cat.errors) {
      if (def.scope !== 'operation' || used.has(def.code)) continue;
      report({ pointer: def.pointer, file: path.resolve(cat.file), message: `error code ${def.code} is not returned by any operation` });
    }
  },
};
