import type { Rule } from '../types.ts';
import type { Node } from '../document.ts';
import { asyncApiSchemaRoots, schemaTypes, walkSchema } from '../schema-walk.ts';
import { escapePointer, isObject } from './util.ts';

const BOUNDS = ['maxLength', 'format', 'enum', 'const', 'pattern'];

export const rule: Rule = {
  id: 'string-bounds',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Every string a client sends (request bodies, parameters, message payloads and headers) is bounded.',
  docs:
    'An unbounded string in input is a denial-of-service surface (a 100 MB "name" is parsed, validated, ' +
    'logged and stored) and leaves the database column size to chance. Each string schema reachable from a ' +
    'request body or a parameter (following `$ref`s, skipping `readOnly` ones), and in AsyncAPI from a ' +
    'message payload or headers, must be bounded by `maxLength`, or constrained by `format`, `enum`, ' +
    '`const` or `pattern`. A component used by many operations is reported once, where it is defined.',
  hint: 'Add maxLength (or a format, enum, const or pattern that constrains it).',
  check({ doc, report }) {
    const seen = new Set<string>();
    const starts: Node[] = [];
    if (doc.kind === 'openapi') {
      for (const op of doc.operations) {
        for (const p of op.parameters) {
          if (p.value.schema !== undefined) starts.push({ value: p.value.schema, file: p.file, pointer: `${p.pointer}/schema` });
          if (isObject(p.value.content)) {
            for (const mt of Object.keys(p.value.content)) {
              const s = p.value.content[mt]?.schema;
              if (s !== undefined) starts.push({ value: s, file: p.file, pointer: `${p.pointer}/content/${escapePointer(mt)}/schema` });
            }
          }
        }
        const body = op.op.requestBody === undefined ? undefined : doc.deref({ value: op.op.requestBody, file: op.file, pointer: `${op.pointer}/requestBody` });
        if (body && isObject(body.value.content)) {
          for (const mt of Object.keys(body.value.content)) {
            const s = body.value.content[mt]?.schema;
            if (s !== undefined) starts.push({ value: s, file: body.file, pointer: `${body.pointer}/content/${escapePointer(mt)}/schema` });
          }
        }
      }
    } else {
      for (const r of asyncApiSchemaRoots(doc)) if (r.role === 'message' || r.role === 'header') starts.push(r.node);
    }
    for (const start of starts) {
      walkSchema(
        doc,
        start,
        ({ node, property }) => {
          const s = node.value;
          if (!schemaTypes(s).includes('string') || s.readOnly === true) return;
          if (BOUNDS.some((k) => s[k] !== undefined)) return;
          report({ pointer: node.pointer, file: node.file, message: `${property ? `string "${property}"` : 'a string'} has no maxLength, format, enum, const or pattern` });
        },
        { followRefs: true, seen, descend: ({ node }) => node.value.readOnly !== true },
      );
    }
  },
};
