/**
 * The checks `charter generate` cannot do without: a document that breaks them would
 * produce code that is wrong in ways nobody would notice until runtime. (`charter lint`
 * reports far more, and does not stop at the first.)
 */
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';
import type { LoadedContract } from '../loader/load.ts';
import { escapePointer } from '../loader/source.ts';
import { listOperations } from './openapi.ts';

/** Keywords an OpenAPI 3.0 Schema Object may have (3.1 schemas are JSON Schema 2020-12 and open). */
const OAS30_SCHEMA_KEYWORDS = new Set([
  'title', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required', 'enum', 'type', 'allOf', 'oneOf',
  'anyOf', 'not', 'items', 'properties', 'additionalProperties', 'description', 'format', 'default', 'nullable',
  'discriminator', 'readOnly', 'writeOnly', 'xml', 'externalDocs', 'example', 'deprecated', '$ref',
]);

interface Problem {
  message: string;
  pointer: string;
  hint: string;
}

/** Throws one located ContractError for the first problem in file order, listing how many more there are. */
export function validateOpenApiForGenerate(contract: LoadedContract): void {
  const problems: Problem[] = [];
  checkPathParameters(contract, problems);
  checkOperationIds(contract, problems);
  checkServers(contract, problems);
  if (contract.specVersion.startsWith('3.0')) checkSchemas30(contract, problems);
  if (!problems.length) return;
  // File order: the entry's problems first, then each other file's, each by line.
  const entry = path.resolve(contract.file);
  const fileRank = (f: string | undefined) => (f === undefined || path.resolve(f) === entry ? '' : path.resolve(f));
  const located = problems.map((p) => ({ ...p, loc: contract.locate(p.pointer) }));
  located.sort((a, b) => fileRank(a.loc.file).localeCompare(fileRank(b.loc.file)) || (a.loc.line ?? 0) - (b.loc.line ?? 0));
  const [first, ...rest] = located;
  let message = first!.message;
  if (rest.length) {
    const at = (loc: { file?: string; line?: number }) => `${path.relative(process.cwd(), path.resolve(loc.file ?? entry)) || loc.file}${loc.line ? `:${loc.line}` : ''}`;
    const more = rest.slice(0, 5).map((r) => `${at(r.loc)}: ${r.message}`).join('; ');
    message += ` (and ${rest.length} more: ${more}${rest.length > 5 ? '; …' : ''})`;
  }
  throw new ContractError(message, first!.loc, first!.hint);
}

function checkPathParameters(contract: LoadedContract, problems: Problem[]): void {
  const doc = contract.doc;
  for (const op of listOperations(doc)) {
    const declared = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
    for (const m of op.path.matchAll(/\{([^}]+)\}/g)) {
      if (!declared.has(m[1]!)) {
        problems.push({
          message: `${op.method.toUpperCase()} ${op.path} uses path parameter {${m[1]}} but does not declare it`,
          pointer: op.pointer,
          hint: `Add \`- { name: ${m[1]}, in: path, required: true, schema: { type: string } }\` to the operation's or path item's parameters.`,
        });
      }
    }
  }
}

/** Two operations with one operationId would be two functions of one name in every output. */
function checkOperationIds(contract: LoadedContract, problems: Problem[]): void {
  const first = new Map<string, string>();
  for (const op of listOperations(contract.doc)) {
    const id = op.op.operationId;
    if (typeof id !== 'string') continue;
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const prev = first.get(id);
    if (prev) {
      problems.push({
        message: `operationId "${id}" of ${where} is already used by ${prev}`,
        pointer: `${op.pointer}/operationId`,
        hint: 'operationIds name the generated functions and types: give each operation its own.',
      });
    } else first.set(id, where);
  }
}

/** The generated router and SDK take their base path from servers[0].url. */
function checkServers(contract: LoadedContract, problems: Problem[]): void {
  const servers = contract.doc.servers;
  if (servers === undefined) return;
  if (!Array.isArray(servers)) {
    problems.push({ message: '`servers` must be a list of Server Objects', pointer: '/servers', hint: 'For example: servers: [{ url: /v1 }]' });
    return;
  }
  servers.forEach((s: unknown, i: number) => {
    const url = s && typeof s === 'object' ? (s as { url?: unknown }).url : undefined;
    if (typeof url !== 'string') {
      problems.push({
        message: `servers[${i}] has no url`,
        pointer: `/servers/${i}`,
        hint: 'Every Server Object needs a url, e.g. `- url: https://api.example.com/v1` or a relative `- url: /v1`.',
      });
    }
  });
}

function checkSchemas30(contract: LoadedContract, problems: Problem[]): void {
  const seen = new Set<unknown>();
  const checkSchema = (schema: unknown, ptr: string, depth: number): void => {
    if (depth > 256 || !schema || typeof schema !== 'object' || Array.isArray(schema) || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === 'string') return;
    for (const key of Object.keys(s)) {
      if (key.startsWith('x-') || OAS30_SCHEMA_KEYWORDS.has(key)) continue;
      problems.push({
        message: `unknown keyword \`${key}\` in an OpenAPI ${contract.specVersion} Schema Object`,
        pointer: `${ptr}/${escapePointer(key)}`,
        hint:
          key === 'optional'
            ? 'OpenAPI has no `optional`: leave the property out of the parent schema\'s `required` list instead.'
            : 'Remove it, or prefix it with `x-` if it is an extension.',
      });
    }
    for (const k of ['items', 'not', 'additionalProperties'] as const) checkSchema(s[k], `${ptr}/${k}`, depth + 1);
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
      if (Array.isArray(s[k])) (s[k] as unknown[]).forEach((x, i) => checkSchema(x, `${ptr}/${k}/${i}`, depth + 1));
    }
    if (s.properties && typeof s.properties === 'object') {
      for (const [name, x] of Object.entries(s.properties)) checkSchema(x, `${ptr}/properties/${escapePointer(name)}`, depth + 1);
    }
  };
  const doc = contract.doc;
  for (const [name, s] of Object.entries<unknown>(doc.components?.schemas ?? {})) checkSchema(s, `/components/schemas/${escapePointer(name)}`, 0);
  // The model's nodes are where each thing is written (a `$ref`'d parameter or response at its
  // component), so a problem is reported once, at its definition.
  for (const op of listOperations(doc)) {
    for (const p of op.parameters) if (p.schemaNode) checkSchema(p.schemaNode.value, p.schemaNode.pointer, 0);
    for (const media of [...(op.requestBody?.content ?? []), ...op.responses.flatMap((r) => r.content)]) {
      if (media.schema) checkSchema(media.schema.value, media.schema.pointer, 0);
    }
  }
}
