import type { Rule } from '../types.ts';
import { asyncApiSchema, isJsonSchemaFormat } from '../schema-walk.ts';
import { isObject } from './util.ts';

export const rule: Rule = {
  id: 'payload-title',
  level: 'error',
  kinds: ['asyncapi'],
  summary: 'Every message payload is named: a `title`, or a `$ref` to a named component schema.',
  docs:
    'Code generators name the type of a payload after its `title` or after the component it references. ' +
    'An inline payload without a title becomes an anonymous type (`AnonymousSchema_12`) whose name changes ' +
    'whenever the document is reordered, which breaks every consumer that imported it.',
  hint: 'Give the payload a title (e.g. UserCreatedData), or move it to components.schemas and $ref it.',
  check({ doc, report }) {
    for (const m of doc.messages) {
      if (!isJsonSchemaFormat(m.value.schemaFormat)) continue;
      const raw = doc.child(m, 'payload');
      if (!raw) continue;
      const payload = asyncApiSchema(doc, raw);
      if (!payload) continue;
      if (isObject(payload.value) && typeof payload.value.$ref === 'string') {
        const target = doc.deref(payload);
        if (target && (/^\/components\/schemas\/[^/]+$/.test(target.pointer) || (isObject(target.value) && typeof target.value.title === 'string'))) continue;
        if (!target) continue; // reported by ref-exists / no-remote-refs
      }
      if (isObject(payload.value) && typeof payload.value.title === 'string' && payload.value.title.trim()) continue;
      report({ pointer: payload.pointer, file: payload.file, message: `the payload of message "${m.label}" has no title` });
    }
  },
};
