import type { Rule } from '../types.ts';
import { isErrorStatus, responses } from './util.ts';

export const rule: Rule = {
  id: 'error-response-catalogued',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every 4xx/5xx response comes from the error catalogue (`x-error-catalogue`, `x-errors`).',
  docs:
    'Every error is declared once, in the error catalogue named by `x-error-catalogue`, and operations list ' +
    'the codes they can return in `x-errors`. From that one declaration Charter generates the server\'s ' +
    'error constructors, the client\'s narrowed error unions and a docs page per code. A response written ' +
    'by hand bypasses all of that: its body has no stable `code` and clients cannot narrow it. After ' +
    'expansion every catalogue response carries `x-charter-codes`; error responses without it are reported. ' +
    'A document that names no catalogue at all gets one finding, at the top.',
  hint: 'Remove the hand-written response and list the code in the operation\'s x-errors (add it to the catalogue if it is new).',
  check({ doc, report }) {
    if (doc.catalogueProblem) return; // error-catalogue-valid reports why it could not be read
    if (!doc.catalogue) {
      const anyError = doc.operations.some((op) => responses(doc, op).some((r) => isErrorStatus(r.status)));
      report({
        pointer: '',
        message: `the document names no error catalogue (x-error-catalogue)${anyError ? ', so its error responses are all hand-written' : ''}`,
        hint: 'Add `x-error-catalogue: ./errors.yaml` at the top, declare each error once there (`charter: errors/v1`, then `errors:` CODE → status, type, title, retryable), list each operation\'s codes in `x-errors`, and delete the hand-written 4xx/5xx responses. The format and a worked example: Charter\'s docs/errors.md.',
      });
      return;
    }
    for (const op of doc.operations) {
      for (const r of responses(doc, op)) {
        if (!isErrorStatus(r.status) || Array.isArray(r.node.value['x-charter-codes'])) continue;
        report({ file: op.file, pointer: r.site, message: `${op.method.toUpperCase()} ${op.path} response ${r.status} is written by hand, not taken from the error catalogue` });
      }
    }
  },
};
