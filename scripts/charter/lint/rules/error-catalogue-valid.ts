import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'error-catalogue-valid',
  level: 'error',
  kinds: ['openapi'],
  summary: 'The error catalogue loads, and every `x-errors` code exists in it.',
  docs:
    'The catalogue named by `x-error-catalogue` must parse and follow the catalogue format (UPPER_SNAKE_CASE ' +
    'codes, an error `status`, a unique `type`, `title`, `retryable`, a known `scope`), and every code an ' +
    'operation lists in `x-errors` must be declared there, once, without a hand-written response for the ' +
    'same status. When it does not, the catalogue is not expanded and the other error rules are skipped.',
  hint: 'Fix the catalogue entry or the x-errors list at this location.',
  check({ doc, report }) {
    const e = doc.catalogueProblem;
    if (!e) return;
    const loc = e.location;
    report({ pointer: loc.pointer ?? '', location: { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer ?? '' }, message: e.message, hint: e.hint });
  },
};
