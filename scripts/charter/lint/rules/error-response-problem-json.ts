import type { Rule } from '../types.ts';
import { PROBLEM_MEDIA_TYPE } from '../../loader/catalogue.ts';
import { escapePointer, isErrorStatus, isObject, responses } from './util.ts';

export const rule: Rule = {
  id: 'error-response-problem-json',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every 4xx/5xx response has an `application/problem+json` body (RFC 9457).',
  docs:
    'Clients handle every error the same way only if every error has the same shape: an RFC 9457 problem ' +
    'document (`type`, `title`, `status`, `detail`, plus Charter\'s `code`) served as ' +
    '`application/problem+json`. An error response with no body, or with another media type, forces ' +
    'clients into special cases. Responses expanded from the error catalogue always comply; this rule ' +
    'catches hand-written ones.',
  hint: 'List the error code in the operation\'s x-errors instead of writing the response by hand.',
  check({ doc, report }) {
    for (const op of doc.operations) {
      if (op.method === 'head') continue;
      for (const r of responses(doc, op)) {
        if (!isErrorStatus(r.status)) continue;
        const label = `${op.method.toUpperCase()} ${op.path} response ${r.status}`;
        const content = r.node.value.content;
        if (!isObject(content) || Object.keys(content).length === 0) {
          report({ pointer: r.node.pointer, file: r.node.file, message: `${label} has no body; errors are ${PROBLEM_MEDIA_TYPE}` });
          continue;
        }
        if (!(PROBLEM_MEDIA_TYPE in content)) {
          for (const mt of Object.keys(content)) {
            report({ pointer: `${r.node.pointer}/content/${escapePointer(mt)}`, file: r.node.file, message: `${label} is ${mt}, not ${PROBLEM_MEDIA_TYPE}` });
          }
        }
      }
    }
  },
};
