import type { Rule } from '../types.ts';
import { escapePointer, isObject } from './util.ts';

export const rule: Rule = {
  id: 'operation-security',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every operation requires authentication, or is explicitly public (`security: []` or `x-public: true`).',
  docs:
    'An operation is secured when it has a non-empty `security` requirement, its own or the document\'s. ' +
    'An operation that anyone may call must say so explicitly, with `security: []` (optionally with ' +
    '`x-public: true` for readers), so that a forgotten requirement is never mistaken for a public ' +
    'endpoint. `x-public: true` on an operation that still inherits the document\'s security is reported ' +
    'too (it is not public), and so is a requirement that names a scheme missing from ' +
    '`components.securitySchemes`.',
  hint: 'Add a security requirement (or inherit the document\'s), or mark the operation public with security: [].',
  check({ doc, report }) {
    const schemes = isObject(doc.root.components?.securitySchemes) ? doc.root.components.securitySchemes : {};
    const checkNames = (reqs: unknown, pointer: string): void => {
      if (!Array.isArray(reqs)) return;
      reqs.forEach((r, i) => {
        if (!isObject(r)) return;
        for (const name of Object.keys(r)) {
          if (!(name in schemes)) {
            report({ pointer: `${pointer}/${i}/${escapePointer(name)}`, message: `security scheme "${name}" is not defined in components.securitySchemes`, hint: 'Define the scheme, or fix the name.' });
          }
        }
      });
    };
    checkNames(doc.root.security, '/security');
    for (const op of doc.operations) {
      checkNames(op.op.security, `${op.pointer}/security`);
      const own = op.op.security;
      const effective: unknown = own !== undefined ? own : doc.root.security;
      const anonymous = Array.isArray(effective) && (effective.length === 0 || effective.some((r) => isObject(r) && Object.keys(r).length === 0));
      const secured = Array.isArray(effective) && effective.length > 0 && !anonymous;
      const markedPublic = op.op['x-public'] === true;
      const label = `${op.method.toUpperCase()} ${op.path}`;
      if (markedPublic && secured) {
        report({
          file: op.file,
          pointer: `${op.pointer}/x-public`,
          message: `${label} is marked x-public but ${own !== undefined ? 'has' : "inherits the document's"} security requirements`,
          hint: 'Add security: [] to make it public, or remove x-public.',
        });
      } else if (!secured && !markedPublic && !(Array.isArray(own) && anonymous)) {
        report({ file: op.file, pointer: op.pointer, message: `${label} has no security requirement and is not marked public` });
      }
    }
  },
};
