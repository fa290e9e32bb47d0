import type { Report, Rule } from '../types.ts';
import type { LintDocument, Node } from '../document.ts';
import { contractSchemas, explainAjvErrors, type SchemaValidator } from '../ajv.ts';
import { asyncApiSchema, isJsonSchemaFormat } from '../schema-walk.ts';
import { headerSchemas } from './cloudevents-headers.ts';
import { escapePointer, isObject } from './util.ts';

const MAX_PER_EXAMPLE = 3;
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export const rule: Rule = {
  id: 'examples-valid',
  level: 'error',
  kinds: ['openapi', 'asyncapi'],
  summary: 'Every example (request, response, parameter, header, component schema, message) matches its schema.',
  docs:
    'Examples are copied into docs, mock servers and tests; a wrong example teaches clients the wrong ' +
    'contract. Each `example` and each `examples` entry (after following `$ref`s to `components.examples`) ' +
    'is validated against the schema it illustrates, with formats checked (`email`, `uuid`, `date-time`, ' +
    '…) and local `$ref`s resolved. AsyncAPI message examples are validated against the payload schema and ' +
    'against the headers (the message\'s own and its traits\'). A schema that cannot be compiled is ' +
    'reported once, as a warning, and its examples are skipped.',
  hint: 'Fix the example, or the schema if the example shows what the API really does.',
  check({ doc, report }) {
    const schemas = contractSchemas(doc);
    const brokenReported = new Set<SchemaValidator>();
    const checked = new Set<string>();
    const check = (example: Node, validator: SchemaValidator, schemaAt: Node, what: string): void => {
      const key = `${example.file}#${example.pointer}\u0000${schemaAt.file}#${schemaAt.pointer}`;
      if (checked.has(key)) return;
      checked.add(key);
      if ('error' in validator) {
        if (!brokenReported.has(validator)) {
          brokenReported.add(validator);
          report({
            pointer: schemaAt.pointer,
            file: schemaAt.file,
            message: `the examples of this schema were not checked: it cannot be compiled (${validator.error})`,
            hint: 'Fix the schema so that a JSON Schema validator accepts it.',
            atMostWarning: true,
          });
        }
        return;
      }
      if (validator(example.value)) return;
      for (const e of explainAjvErrors(validator.errors, 1).slice(0, MAX_PER_EXAMPLE)) {
        const r: Report = { pointer: `${example.pointer}${e.pointer}`, file: example.file, message: `${what} does not match its schema: ${e.message}` };
        if (e.hint) r.hint = e.hint;
        report(r);
      }
    };
    if (doc.kind === 'openapi') checkOpenApi(doc, schemas, check);
    else checkAsyncApi(doc, schemas, check);
  },
};

type Check = (example: Node, validator: SchemaValidator, schemaAt: Node, what: string) => void;

function checkOpenApi(doc: LintDocument, schemas: ReturnType<typeof contractSchemas>, check: Check): void {
  const file = doc.file;
  /** A schema-bearing object (media type, parameter, header) with example/examples. */
  /** Parameters and form bodies travel as strings: their examples are checked with type coercion. */
  const site = (owner: Node, schemaNode: Node | undefined, what: string, coerce = false): void => {
    if (!schemaNode) return;
    const target = doc.deref(schemaNode);
    if (!target) return;
    const v = owner.value;
    if (v.example !== undefined) check({ value: v.example, file: owner.file, pointer: `${owner.pointer}/example` }, schemas.validator(target, coerce), target, `the ${what} example`);
    if (isObject(v.examples)) {
      for (const name of Object.keys(v.examples)) {
        const ex = doc.deref({ value: v.examples[name], file: owner.file, pointer: `${owner.pointer}/examples/${escapePointer(name)}` });
        if (!ex || !isObject(ex.value) || !('value' in ex.value)) continue;
        check({ value: ex.value.value, file: ex.file, pointer: `${ex.pointer}/value` }, schemas.validator(target, coerce), target, `the ${what} example "${name}"`);
      }
    }
  };
  const content = (c: unknown, ptr: string, what: string): void => {
    if (!isObject(c)) return;
    for (const mt of Object.keys(c)) {
      const m = c[mt];
      if (!isObject(m) || m.schema === undefined) continue;
      const owner = { value: m, file, pointer: `${ptr}/${escapePointer(mt)}` };
      site(owner, { value: m.schema, file, pointer: `${owner.pointer}/schema` }, what, FORM.test(mt));
    }
  };
  const param = (raw: unknown, ptr: string, what: string): void => {
    const p = doc.deref({ value: raw, file, pointer: ptr });
    if (!p || !isObject(p.value)) return;
    const label = typeof p.value.name === 'string' ? `${what} "${p.value.name}"` : what;
    if (p.value.schema !== undefined) site(p, { value: p.value.schema, file: p.file, pointer: `${p.pointer}/schema` }, label, true);
    if (isObject(p.value.content)) {
      for (const mt of Object.keys(p.value.content)) {
        const m = p.value.content[mt];
        if (!isObject(m) || m.schema === undefined) continue;
        const owner = { value: m, file: p.file, pointer: `${p.pointer}/content/${escapePointer(mt)}` };
        site(owner, { value: m.schema, file: p.file, pointer: `${owner.pointer}/schema` }, label);
      }
    }
  };
  for (const op of doc.operations) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    for (const p of op.parameters) param(p.value, p.pointer, `${label} parameter`);
    const body = op.op.requestBody === undefined ? undefined : doc.deref({ value: op.op.requestBody, file, pointer: `${op.pointer}/requestBody` });
    if (body && isObject(body.value)) content(body.value.content, `${body.pointer}/content`, `${label} request`);
    if (isObject(op.op.responses)) {
      for (const status of Object.keys(op.op.responses)) {
        const r = doc.deref({ value: op.op.responses[status], file, pointer: `${op.pointer}/responses/${escapePointer(status)}` });
        if (!r || !isObject(r.value)) continue;
        content(r.value.content, `${r.pointer}/content`, `${label} ${status} response`);
        if (isObject(r.value.headers)) for (const h of Object.keys(r.value.headers)) param(r.value.headers[h], `${r.pointer}/headers/${escapePointer(h)}`, `${label} ${status} response header ${h}`);
      }
    }
  }
  // Component schemas' own examples (3.0 `example`, 3.1 `examples: [...]`).
  const cs = doc.root.components?.schemas;
  if (isObject(cs)) {
    for (const name of Object.keys(cs)) {
      const s = cs[name];
      if (!isObject(s)) continue;
      const at: Node = { value: s, file, pointer: `/components/schemas/${escapePointer(name)}` };
      if (s.example !== undefined && !doc.isOpenApi31) check({ value: s.example, file, pointer: `${at.pointer}/example` }, schemas.validator(at), at, `the example of schema ${name}`);
      if (Array.isArray(s.examples)) {
        s.examples.forEach((ex: unknown, i: number) => check({ value: ex, file, pointer: `${at.pointer}/examples/${i}` }, schemas.validator(at), at, `example ${i} of schema ${name}`));
      } else if (s.example !== undefined && doc.isOpenApi31) {
        check({ value: s.example, file, pointer: `${at.pointer}/example` }, schemas.validator(at), at, `the example of schema ${name}`);
      }
    }
  }
}

function checkAsyncApi(doc: LintDocument, schemas: ReturnType<typeof contractSchemas>, check: Check): void {
  for (const m of doc.messages) {
    if (!Array.isArray(m.value.examples) || !isJsonSchemaFormat(m.value.schemaFormat)) continue;
    const payloadRaw = asyncApiSchema(doc, doc.child(m, 'payload'));
    const payload = payloadRaw && doc.deref(payloadRaw);
    const headers = headerSchemas(doc, m)
      .map((h) => doc.deref(h))
      .filter((h): h is Node => !!h);
    m.value.examples.forEach((ex: unknown, i: number) => {
      if (!isObject(ex)) return;
      const name = typeof ex.name === 'string' ? `"${ex.name}"` : String(i);
      const at = `${m.pointer}/examples/${i}`;
      if (ex.payload !== undefined && payload) check({ value: ex.payload, file: m.file, pointer: `${at}/payload` }, schemas.validator(payload), payload, `the payload of message "${m.label}" example ${name}`);
      if (ex.headers !== undefined && headers.length) check({ value: ex.headers, file: m.file, pointer: `${at}/headers` }, schemas.validatorAll(headers), headers[0]!, `the headers of message "${m.label}" example ${name}`);
    });
  }
}
