import type { Rule } from '../types.ts';
import { explainAjvErrors, specSchemaFor, specValidator } from '../ajv.ts';
import { bundleContract } from '../../loader/bundle.ts';
import type { Location } from '../../loader/source.ts';

export const rule: Rule = {
  id: 'structure',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'The document is valid against the official OpenAPI 3.0/3.1 or AsyncAPI 2.6/3.0/3.1 JSON Schema.',
  docs:
    'Validates the whole document against the specification\'s own JSON Schema (OpenAPI 3.0 and 3.1, ' +
    'AsyncAPI 2.6, 3.0 and 3.1, vendored in `scripts/charter/lint/schemas/`). Unknown properties, wrong types, ' +
    'missing required fields and malformed Schema Objects (such as `optional: true`, or a boolean ' +
    '`exclusiveMinimum` in a 3.1 document) are reported at the offending key. When a value could take ' +
    'several forms (`oneOf`), the form it came closest to is the one explained. A split AsyncAPI contract is ' +
    'checked as one document (bundled), so a message or channel kept in another file is checked too, and ' +
    'reported in that file. OpenAPI documents are ' +
    'checked after the error catalogue is expanded, so the generated problem schemas are checked too.',
  hint: 'Fix the value so that it follows the specification.',
  check({ doc, report }) {
    const id = specSchemaFor(doc.kind, doc.specVersion);
    if (!id) return;
    const validate = specValidator(id);
    // A split AsyncAPI contract is validated as one document, so a message, channel or server kept
    // in another file is checked where it is used; each error is located in the file it is written in.
    let checked = doc.root;
    let locate: ((pointer: string) => Location) | undefined;
    if (doc.kind === 'asyncapi' && doc.contract.sources.size > 1 && !doc.refProblems.length) {
      try {
        const bundle = bundleContract(doc.contract);
        checked = bundle.doc;
        locate = bundle.locate;
      } catch {
        // A contract that cannot be bundled is validated file by file as written; ref-exists says why.
      }
    }
    // AsyncAPI 2.0-2.5 are subsets of 2.6: validated as 2.6, with the version field read as 2.6.0.
    const root = id === 'asyncapi-2.6' && !doc.specVersion.startsWith('2.6') ? { ...checked, asyncapi: '2.6.0' } : checked;
    if (validate(root)) return;
    // A $ref that could not be followed (remote, broken) makes its parent look malformed too;
    // that is reported once, by no-remote-refs / ref-exists, not again here.
    const unresolved = new Set<string>();
    for (const p of doc.refProblems) {
      const ptr = p.error.location.pointer;
      if (ptr?.endsWith('/$ref') && p.error.location.file === doc.contract.file) unresolved.add(ptr.slice(0, -'/$ref'.length));
    }
    for (const e of explainAjvErrors(validate.errors, 3)) {
      if (unresolved.has(e.pointer)) continue;
      const at = locate?.(e.pointer);
      if (at && at.pointer !== undefined) report({ pointer: at.pointer, file: at.file, message: e.message, hint: e.hint });
      else report({ pointer: e.pointer, message: e.message, hint: e.hint });
    }
  },
};
