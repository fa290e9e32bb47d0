import type { Rule } from '../types.ts';
import { escapePointer } from './util.ts';

const TEMPLATE = /\{([^{}]*)\}/g;

export const rule: Rule = {
  id: 'path-params',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Every `{name}` in a path is declared as a path parameter, and every path parameter appears in the path.',
  docs:
    'The JSON Schema of OpenAPI cannot see this: a template variable such as `{user_id}` in ' +
    '`/organization/users/{user_id}` must be declared, for every operation under the path, by a ' +
    'parameter with `in: path` (on the path item or on the operation), and a declared path parameter ' +
    'must appear in the template. Code generators and request validators otherwise build URLs with a ' +
    'literal `{user_id}` in them, or reject every request. Also reported: a variable used twice in one ' +
    'path, and two paths that differ only in their variable names (the router cannot tell them apart).',
  hint: 'Declare the parameter (`in: path`, `required: true`) on the operation or its path item, or remove it from the template.',
  check({ doc, report }) {
    const byShape = new Map<string, string>();
    const paths = doc.root.paths && typeof doc.root.paths === 'object' ? Object.keys(doc.root.paths) : [];
    for (const p of paths) {
      const shape = p.replace(TEMPLATE, '{}');
      const names = [...p.matchAll(TEMPLATE)].map((m) => m[1]!);
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup !== undefined) report({ pointer: `/paths/${escapePointer(p)}`, message: `path "${p}" uses the variable {${dup}} twice`, hint: 'Give each variable its own name.' });
      const first = byShape.get(shape);
      if (first !== undefined && names.length) {
        report({ pointer: `/paths/${escapePointer(p)}`, message: `paths "${first}" and "${p}" differ only in their variable names`, hint: 'Merge them into one path item; a router cannot tell them apart.' });
      } else byShape.set(shape, p);
    }
    const reported = new Set<string>();
    for (const op of doc.operations) {
      const names = new Set([...op.path.matchAll(TEMPLATE)].map((m) => m[1]!));
      const declared = new Set<string>();
      for (const prm of op.parameters) {
        if (prm.value.in !== 'path' || typeof prm.value.name !== 'string') continue;
        declared.add(prm.value.name);
        if (!names.has(prm.value.name)) {
          // A path-item parameter is reported once, not once per operation.
          if (reported.has(prm.site)) continue;
          reported.add(prm.site);
          report({
            file: prm.siteFile,
            pointer: prm.site,
            message: `path parameter "${prm.value.name}" does not appear in the path "${op.path}"`,
            hint: `Remove the parameter, or add {${prm.value.name}} to the path.`,
          });
        }
      }
      const missing = [...names].filter((n) => !declared.has(n));
      if (missing.length) {
        report({
          file: op.file,
          pointer: op.pointer,
          message: `${op.method.toUpperCase()} ${op.path} does not declare the path parameter${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}`,
          hint: `Add ${missing.map((n) => `{ name: ${n}, in: path, required: true, schema: { type: string } }`).join(' and ')} to the operation's or the path item's parameters.`,
        });
      }
    }
  },
};
