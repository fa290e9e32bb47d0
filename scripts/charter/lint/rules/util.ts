/** Small helpers the rules share. */
import { escapePointer } from '../../loader/source.ts';
import { isObject, type LintDocument, type Node, type OperationNode } from '../document.ts';

export { escapePointer, isObject };

/** `4xx`/`5xx` status keys, including ranges such as `4XX`. */
export function isErrorStatus(status: string): boolean {
  return /^[45](\d\d|XX)$/i.test(status);
}

export function isSuccessStatus(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

/** The operation's responses, `$ref`s resolved, each with the pointer of its status key. */
export function responses(doc: LintDocument, op: OperationNode): Array<{ status: string; node: Node<Record<string, any>>; site: string }> {
  // The model's responses, without those whose `$ref` leads nowhere (ref-exists reports them).
  return op.responses.filter((r) => isObject(r.node.value) && typeof r.node.value.$ref !== 'string').map((r) => ({ status: r.status, node: r.node, site: r.site }));
}

/** The JSON media type (`application/json`, `*+json`) schema of a response or request body. */
export function jsonSchemaOf(doc: LintDocument, owner: Node<Record<string, any>>): Node | undefined {
  const content = owner.value.content;
  if (!isObject(content)) return undefined;
  const mt = Object.keys(content).find((k) => /^application\/([\w.-]+\+)?json\b/i.test(k)) ?? undefined;
  if (!mt || !isObject(content[mt]) || content[mt].schema === undefined) return undefined;
  return doc.deref({ value: content[mt].schema, file: owner.file, pointer: `${owner.pointer}/content/${escapePointer(mt)}/schema` });
}

/**
 * The properties of an object schema, `$ref`s resolved and `allOf` parts merged (one level
 * of each), each with its node.
 */
export function propertiesOf(doc: LintDocument, schema: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (n: Node | undefined, depth: number): void => {
    if (!n || depth > 8) return;
    const s = doc.deref(n);
    if (!s || !isObject(s.value)) return;
    if (isObject(s.value.properties)) {
      for (const k of Object.keys(s.value.properties)) {
        if (!out.has(k)) out.set(k, { value: s.value.properties[k], file: s.file, pointer: `${s.pointer}/properties/${escapePointer(k)}` });
      }
    }
    if (Array.isArray(s.value.allOf)) s.value.allOf.forEach((p: unknown, i: number) => visit({ value: p, file: s.file, pointer: `${s.pointer}/allOf/${i}` }, depth + 1));
  };
  visit(schema, 0);
  return out;
}

/** `camelCase` version of a name written in another style (for fix hints). */
export function toCamel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

export function toSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('_');
}
