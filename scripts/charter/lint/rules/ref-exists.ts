import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'ref-exists',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Every `$ref` points to something that exists.',
  docs:
    'A `$ref` whose target does not exist (a misspelt component name, a removed schema, a file that is ' +
    'not there or does not parse) makes every tool that reads the contract fail or silently skip the ' +
    'value. Each broken reference is reported at the `$ref` itself; the rest of the document is still linted.',
  hint: 'Fix the reference, or add the component it names.',
  check({ doc, report }) {
    for (const p of doc.refProblems) {
      if (p.kind === 'remote') continue;
      const loc = p.error.location;
      report({ pointer: loc.pointer ?? '', location: { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer ?? '' }, message: p.error.message, hint: p.error.hint });
    }
  },
};
