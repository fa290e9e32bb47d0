import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'operation-summary',
  level: 'warn',
  kinds: ['openapi'],
  summary: 'Every operation has a non-empty `summary`.',
  docs:
    'The summary is the one line shown for the operation in the generated docs, in the client\'s doc ' +
    'comments and in the diff report. An operation without one is listed as its method and path, which ' +
    'tells a reader nothing about what it does.',
  hint: 'Add a short summary, e.g. "Create a user".',
  check({ doc, report }) {
    for (const op of doc.operations) {
      const s = op.op.summary;
      if (typeof s !== 'string' || !s.trim()) report({ file: op.file, pointer: op.pointer, message: `${op.method.toUpperCase()} ${op.path} has no summary` });
    }
  },
};
