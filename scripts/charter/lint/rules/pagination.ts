import type { Rule } from '../types.ts';
import type { Node } from '../document.ts';
import { schemaTypes } from '../schema-walk.ts';
import { isObject, isSuccessStatus, jsonSchemaOf, propertiesOf, responses } from './util.ts';

export const rule: Rule = {
  id: 'pagination',
  level: 'error',
  kinds: ['openapi'],
  summary: 'Collection GETs use cursor pagination: `limit` (with a `maximum`) and `cursor` parameters, and a `nextCursor` field.',
  docs:
    'A GET whose success response is a list (an array, or an object with an array `items`) grows with the ' +
    'data: without pagination one request eventually returns the whole table. Charter\'s convention is ' +
    'cursor pagination: a `limit` query parameter bounded by `maximum`, an opaque `cursor` query parameter, ' +
    'and a response object `{ items, nextCursor }` where `nextCursor` is null on the last page. Cursors stay ' +
    'correct while rows are inserted, unlike offsets. A bare array response is reported too, since it ' +
    'cannot carry a cursor.',
  hint: 'Add limit (with maximum) and cursor query parameters and return { items, nextCursor }.',
  check({ doc, report }) {
    for (const op of doc.operations) {
      if (op.method !== 'get') continue;
      const ok = responses(doc, op)
        .filter((r) => isSuccessStatus(r.status))
        .sort((a, b) => a.status.localeCompare(b.status))[0];
      if (!ok) continue;
      const schema = jsonSchemaOf(doc, ok.node);
      if (!schema || !isObject(schema.value)) continue;
      const label = `GET ${op.path}`;
      const types = schemaTypes(schema.value);
      if (types.includes('array')) {
        report({
          pointer: schema.pointer,
          file: schema.file,
          message: `${label} returns a bare array, which cannot be paginated`,
          hint: 'Return an object { items: [...], nextCursor } instead, with limit and cursor query parameters.',
        });
        continue;
      }
      const props = propertiesOf(doc, schema);
      const items = props.get('items');
      const itemsSchema: Node | undefined = items ? doc.deref(items) : undefined;
      if (!itemsSchema || !isObject(itemsSchema.value) || !schemaTypes(itemsSchema.value).includes('array')) continue;
      const query = (name: string) => op.parameters.find((p) => p.value.in === 'query' && p.value.name === name);
      const limit = query('limit');
      if (!limit) report({ file: op.file, pointer: op.pointer, message: `${label} returns a list but takes no "limit" query parameter`, hint: 'Add a limit query parameter: { type: integer, minimum: 1, maximum: 100 }.' });
      else {
        const ls = limit.value.schema === undefined ? undefined : doc.deref({ value: limit.value.schema, file: limit.file, pointer: `${limit.pointer}/schema` });
        if (!ls || !isObject(ls.value) || typeof ls.value.maximum !== 'number') {
          report({ pointer: ls?.pointer ?? limit.site, file: ls ? ls.file : limit.siteFile, message: `the "limit" parameter of ${label} has no maximum`, hint: 'Bound it, e.g. maximum: 100, so that one request cannot ask for the whole collection.' });
        }
      }
      if (!query('cursor')) report({ file: op.file, pointer: op.pointer, message: `${label} returns a list but takes no "cursor" query parameter`, hint: 'Add an opaque cursor query parameter that takes the previous page\'s nextCursor.' });
      if (!props.has('nextCursor')) {
        report({ pointer: schema.pointer, file: schema.file, message: `the list returned by ${label} has no "nextCursor" field`, hint: 'Add nextCursor: { type: [string, "null"] }, null on the last page.' });
      }
    }
  },
};
