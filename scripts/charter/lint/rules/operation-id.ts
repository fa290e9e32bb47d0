import type { Rule } from '../types.ts';
import { toCamel } from './util.ts';

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

export const rule: Rule = {
  id: 'operation-id',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every operation has an `operationId` in camelCase.',
  docs:
    'Charter names the generated client method, the typed server handler and the docs anchor after the ' +
    '`operationId`. Without one, generators invent a name from the method and path that changes whenever ' +
    'the path does; with one that is not camelCase (`create_user`, `Create-User`), the generated ' +
    'identifiers are mangled. camelCase means a lower-case letter first, then letters and digits only.',
  hint: 'Add an operationId in camelCase, e.g. createUser.',
  check({ doc, report }) {
    for (const op of doc.operations) {
      const id = op.op.operationId;
      if (typeof id !== 'string' || !id) {
        report({ file: op.file, pointer: op.pointer, message: `${op.method.toUpperCase()} ${op.path} has no operationId` });
      } else if (!CAMEL.test(id)) {
        const fixed = toCamel(id);
        report({ file: op.file, pointer: `${op.pointer}/operationId`, message: `operationId "${id}" is not camelCase`, hint: fixed && CAMEL.test(fixed) ? `Rename it to ${fixed}.` : undefined });
      }
    }
  },
};
