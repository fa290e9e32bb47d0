import type { Rule } from '../types.ts';
import type { LintDocument, MessageNode, Node } from '../document.ts';
import { asyncApiSchema } from '../schema-walk.ts';
import { isObject, propertiesOf } from './util.ts';

const BINARY = ['ce-id', 'ce-type', 'ce-source', 'ce-specversion'];
const STRUCTURED = ['id', 'type', 'source', 'specversion'];

/** Declared and required property names of a set of schemas (their `allOf` parts included). */
function fields(doc: LintDocument, schemas: Node[]): { declared: Set<string>; required: Set<string> } {
  const declared = new Set<string>();
  const required = new Set<string>();
  for (const s of schemas) {
    for (const k of propertiesOf(doc, s).keys()) declared.add(k);
    const visit = (n: Node | undefined, depth: number): void => {
      const r = n && doc.deref(n);
      if (!r || !isObject(r.value) || depth > 8) return;
      if (Array.isArray(r.value.required)) for (const k of r.value.required) required.add(k);
      if (Array.isArray(r.value.allOf)) r.value.allOf.forEach((p: unknown, i: number) => visit({ value: p, file: r.file, pointer: `${r.pointer}/allOf/${i}` }, depth + 1));
    };
    visit(s, 0);
  }
  return { declared, required };
}

export function headerSchemas(doc: LintDocument, m: MessageNode): Node[] {
  const out: Node[] = [];
  for (const owner of [m, ...m.traits]) {
    const h = asyncApiSchema(doc, doc.child(owner, 'headers'));
    if (h) out.push(h);
  }
  return out;
}

export const rule: Rule = {
  id: 'cloudevents-headers',
  level: 'error',
  kinds: ['asyncapi'],
  summary: 'Every message carries the required CloudEvents attributes (`ce-id`, `ce-type`, `ce-source`, `ce-specversion`).',
  docs:
    'Charter events are CloudEvents 1.0. In binary mode the attributes travel as headers: every message ' +
    '(its own `headers` plus those of its traits) must declare `ce-id` (consumers deduplicate on it), ' +
    '`ce-type`, `ce-source` and `ce-specversion`, and mark them `required`. A message whose content type is ' +
    '`application/cloudevents+json` (structured mode) must declare `id`, `type`, `source` and ' +
    '`specversion` in its payload instead.',
  hint: 'Add the CloudEvents headers, e.g. with a shared message trait (see contracts/asyncapi.yaml, messageTraits.cloudEvents).',
  check({ doc, report }) {
    for (const m of doc.messages) {
      const contentType = m.value.contentType ?? doc.root.defaultContentType;
      const structured = typeof contentType === 'string' && contentType.startsWith('application/cloudevents');
      const names = structured ? STRUCTURED : BINARY;
      const schemas = structured ? [asyncApiSchema(doc, doc.child(m, 'payload'))].filter((x): x is Node => !!x) : headerSchemas(doc, m);
      const { declared, required } = fields(doc, schemas);
      const where = structured ? 'payload' : 'headers';
      const missing = names.filter((n) => !declared.has(n));
      if (missing.length) {
        report({
          pointer: schemas[0]?.pointer ?? m.pointer,
          file: schemas[0]?.file ?? m.file,
          message: `message "${m.label}" does not declare the CloudEvents ${where} ${missing.join(', ')}`,
        });
        continue;
      }
      const optional = names.filter((n) => !required.has(n));
      if (optional.length) {
        report({
          pointer: schemas[0]?.pointer ?? m.pointer,
          file: schemas[0]?.file ?? m.file,
          message: `message "${m.label}" declares the CloudEvents ${where} ${optional.join(', ')} but does not require ${optional.length > 1 ? 'them' : 'it'}`,
          hint: `Add ${optional.join(', ')} to the ${where} schema's required list.`,
        });
      }
    }
  },
};
