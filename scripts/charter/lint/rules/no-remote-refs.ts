import type { Rule } from '../types.ts';

export const rule: Rule = {
  id: 'no-remote-refs',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'No `$ref` points to a URL (unless `lint.allowRemoteRefs` is true).',
  docs:
    'Charter never fetches anything over the network: a contract must be complete in the repository, so ' +
    'that generation and review are reproducible and offline. A `$ref` to an `http(s)://` or `file://` URL ' +
    'is reported at the reference. Set `lint.allowRemoteRefs: true` in charter.config.yaml to accept them ' +
    '(they are still not fetched; the referenced parts are simply not checked).',
  hint: 'Download the referenced document into the repository and point the $ref at it with a relative path.',
  check({ doc, options, report }) {
    if (options.allowRemoteRefs) return;
    for (const p of doc.refProblems) {
      if (p.kind !== 'remote') continue;
      const loc = p.error.location;
      report({
        pointer: loc.pointer ?? '',
        location: { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer ?? '' },
        message: `remote $ref "${p.ref}": Charter resolves references offline only`,
      });
    }
  },
};
