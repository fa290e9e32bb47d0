/**
 * The error catalogue: loaded from the file an OpenAPI document names in
 * `x-error-catalogue`, validated, and expanded into the document so every tool
 * (hey-api, express-openapi-validator, diff, docs) sees ordinary problem responses.
 */
import path from 'node:path';
import { ContractError } from './errors.ts';
import { readSource, escapePointer, type SourceFile } from './source.ts';
import { closest } from './suggest.ts';
import type { LoadedContract } from './load.ts';

export type ErrorScope = 'operation' | 'every-operation' | 'request-body' | 'response-body' | 'service';
const SCOPES: ErrorScope[] = ['operation', 'every-operation', 'request-body', 'response-body', 'service'];

export interface ErrorDef {
  code: string;
  status: number;
  type: string;
  title: string;
  retryable: boolean;
  scope: ErrorScope;
  members: Record<string, any>;
  required: string[];
  docs: string;
  /** Name of the generated problem schema, e.g. `EmailTakenProblem`. */
  schemaName: string;
  /** JSON pointer of the entry in the catalogue file. */
  pointer: string;
}

export interface ErrorCatalogue {
  file: string;
  source: SourceFile;
  errors: ErrorDef[];
  byCode: Map<string, ErrorDef>;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export function pascalFromCode(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function camelFromCode(code: string): string {
  const p = pascalFromCode(code);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** Load the catalogue an OpenAPI contract names, or undefined when it names none. */
export function loadCatalogue(contract: LoadedContract): ErrorCatalogue | undefined {
  const ref = contract.doc['x-error-catalogue'];
  if (ref === undefined) return undefined;
  if (typeof ref !== 'string') {
    throw new ContractError('x-error-catalogue must be a relative path to the catalogue file', contract.locate('/x-error-catalogue'));
  }
  const file = path.join(path.dirname(contract.file), ref);
  let source: SourceFile;
  try {
    source = readSource(file);
  } catch (e) {
    if (e instanceof ContractError) throw new ContractError(`error catalogue: ${e.message}`, contract.locate('/x-error-catalogue'), e.hint);
    throw e;
  }
  return parseCatalogue(file, source);
}

export function parseCatalogue(file: string, source: SourceFile): ErrorCatalogue {
  const root = source.value as any;
  if (!root || typeof root !== 'object' || typeof root.errors !== 'object' || root.errors === null || Array.isArray(root.errors)) {
    throw new ContractError('an error catalogue needs an `errors:` mapping of CODE → entry', source.locate(''), 'The file starts with `charter: errors/v1` and `errors:`, a mapping from CODE to { status, type, title, retryable }; Charter\'s docs/errors.md has the whole format.');
  }
  const errors: ErrorDef[] = [];
  const byCode = new Map<string, ErrorDef>();
  const seenTypes = new Map<string, string>();
  for (const code of Object.keys(root.errors).sort()) {
    const e = root.errors[code];
    const pointer = `/errors/${escapePointer(code)}`;
    const fail = (msg: string, sub = '', hint?: string): never => {
      throw new ContractError(`error ${code}: ${msg}`, source.locate(pointer + sub), hint);
    };
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) fail('codes are UPPER_SNAKE_CASE', '', 'Rename the code, e.g. EMAIL_TAKEN.');
    if (!e || typeof e !== 'object') fail('the entry must be a mapping');
    if (!Number.isInteger(e.status) || e.status < 400 || e.status > 599) fail('`status` must be an HTTP error status (400–599)', '/status');
    if (typeof e.type !== 'string' || !e.type) fail('`type` must be a URI reference', '/type');
    if (seenTypes.has(e.type)) fail(`\`type\` ${e.type} is already used by ${seenTypes.get(e.type)}`, '/type', 'Each code needs its own type URI.');
    seenTypes.set(e.type, code);
    if (typeof e.title !== 'string' || !e.title) fail('`title` is required', '');
    if (typeof e.retryable !== 'boolean') fail('`retryable` must be true or false', '/retryable');
    const scope: ErrorScope = e.scope ?? 'operation';
    if (!SCOPES.includes(scope)) fail(`\`scope\` must be one of ${SCOPES.join(', ')}`, '/scope');
    const members = e.members ?? {};
    if (typeof members !== 'object' || Array.isArray(members)) fail('`members` must map member names to JSON Schemas', '/members');
    for (const reserved of ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']) {
      if (reserved in members) fail(`member \`${reserved}\` is reserved by RFC 9457 / Charter`, `/members/${reserved}`);
    }
    const required: string[] = e.required ?? [];
    if (!Array.isArray(required)) fail('`required` must be a list of member names', '/required');
    for (const r of required) if (!(r in members)) fail(`required member \`${r}\` is not declared in \`members\``, '/required');
    const def: ErrorDef = {
      code,
      status: e.status,
      type: e.type,
      title: e.title,
      retryable: e.retryable,
      scope,
      members,
      required: [...required].sort(),
      docs: typeof e.docs === 'string' ? e.docs.trim() : '',
      schemaName: `${pascalFromCode(code)}Problem`,
      pointer,
    };
    errors.push(def);
    byCode.set(code, def);
  }
  return { file, source, errors, byCode };
}

/** JSON Schema of one catalogue entry's problem body. */
export function problemSchema(def: ErrorDef): Record<string, any> {
  const props: Record<string, any> = {
    type: { type: 'string', const: def.type },
    title: { type: 'string', maxLength: 256 },
    status: { type: 'integer', const: def.status },
    code: { type: 'string', const: def.code },
    detail: { type: 'string', maxLength: 4096 },
    instance: { type: 'string', maxLength: 2048 },
    requestId: { type: 'string', maxLength: 128 },
  };
  for (const [name, schema] of Object.entries(def.members).sort(([a], [b]) => a.localeCompare(b))) props[name] = schema;
  return {
    title: def.schemaName,
    description: `${def.title} (${def.code}). ${def.retryable ? 'Retryable.' : 'Not retryable.'}`,
    type: 'object',
    required: ['type', 'title', 'status', 'code', ...def.required],
    properties: props,
    'x-charter-error': def.code,
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Whether a success (2xx) response of the operation has a body, so Accept can go unmet. A
 * response behind a `$ref` this document cannot resolve (it points into another file) counts as one.
 */
function hasSuccessBody(op: any, doc: any): boolean {
  const responses = op.responses && typeof op.responses === 'object' ? op.responses : {};
  for (const status of Object.keys(responses)) {
    if (!status.startsWith('2')) continue;
    let r = responses[status];
    for (let hops = 0; hops < 8 && r && typeof r.$ref === 'string'; hops++) {
      if (!r.$ref.startsWith('#/') || !doc) return true;
      r = r.$ref
        .slice(2)
        .split('/')
        .reduce((node: any, token: string) => (node && typeof node === 'object' ? node[decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
    }
    if (r === undefined || (r && typeof r.$ref === 'string')) return true;
    if (r?.content && typeof r.content === 'object' && Object.keys(r.content).length) return true;
  }
  return false;
}

/** Codes an operation can return: its own `x-errors` plus the catalogue's implicit scopes (`doc` resolves its `$ref` responses). */
export function operationCodes(op: any, catalogue: ErrorCatalogue, doc?: unknown): string[] {
  const own: string[] = Array.isArray(op['x-errors']) ? op['x-errors'] : [];
  const set = new Set(own);
  for (const def of catalogue.errors) {
    if (def.scope === 'every-operation') set.add(def.code);
    if (def.scope === 'request-body' && op.requestBody) set.add(def.code);
    if (def.scope === 'response-body' && hasSuccessBody(op, doc)) set.add(def.code);
  }
  return [...set].sort();
}

/**
 * A copy of the OpenAPI document in which each operation's error codes are real
 * responses (grouped by status, a `oneOf` discriminated by `code` when several share one)
 * and each code has a `components.schemas.<Code>Problem`.
 */
export function expandCatalogue(contract: LoadedContract, catalogue: ErrorCatalogue): Record<string, any> {
  const doc = structuredClone(contract.doc);
  delete doc['x-error-catalogue'];
  doc['x-charter-catalogue'] = catalogue.errors.map((d) => ({
    code: d.code,
    status: d.status,
    type: d.type,
    title: d.title,
    retryable: d.retryable,
    scope: d.scope,
  }));
  doc.components ??= {};
  doc.components.schemas ??= {};
  for (const def of catalogue.errors) {
    if (doc.components.schemas[def.schemaName]) {
      throw new ContractError(`components.schemas.${def.schemaName} clashes with the schema generated for ${def.code}`, contract.locate(`/components/schemas/${def.schemaName}`), 'Rename the component.');
    }
    doc.components.schemas[def.schemaName] = problemSchema(def);
  }
  for (const [p, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      const opPtr = `/paths/${escapePointer(p)}/${m}`;
      const own = op['x-errors'];
      if (own !== undefined && !Array.isArray(own)) {
        throw new ContractError('x-errors must be a list of catalogue codes', contract.locate(`${opPtr}/x-errors`));
      }
      (own ?? []).forEach((code: unknown, i: number) => {
        if (typeof code !== 'string' || !catalogue.byCode.has(code)) {
          const near = typeof code === 'string' ? closest(code, [...catalogue.byCode.keys()]) : undefined;
          throw new ContractError(
            `x-errors names ${JSON.stringify(code)}, which is not in the error catalogue`,
            contract.locate(`${opPtr}/x-errors/${i}`),
            near ? `Did you mean ${near}? Otherwise add it to ${path.basename(catalogue.file)}.` : `Add it to ${path.basename(catalogue.file)}.`,
          );
        }
        if (catalogue.byCode.get(code)!.scope === 'service') {
          throw new ContractError(`${code} has scope \`service\` and cannot be listed on an operation`, contract.locate(`${opPtr}/x-errors/${i}`));
        }
      });
      const codes = operationCodes(op, catalogue, doc);
      const byStatus = new Map<number, typeof catalogue.errors>();
      for (const code of codes) {
        const def = catalogue.byCode.get(code)!;
        if (!byStatus.has(def.status)) byStatus.set(def.status, []);
        byStatus.get(def.status)!.push(def);
      }
      op.responses ??= {};
      for (const [status, defs] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
        const key = String(status);
        if (op.responses[key]) {
          throw new ContractError(
            `response ${key} is declared by hand and also produced by the catalogue (${defs.map((d) => d.code).join(', ')})`,
            contract.locate(`${opPtr}/responses/${key}`),
            'Remove the hand-written error response; list the code in x-errors instead.',
          );
        }
        const refs = defs.map((d) => ({ $ref: `#/components/schemas/${d.schemaName}` }));
        const schema =
          refs.length === 1
            ? refs[0]
            : {
                oneOf: refs,
                discriminator: {
                  propertyName: 'code',
                  mapping: Object.fromEntries(defs.map((d) => [d.code, `#/components/schemas/${d.schemaName}`])),
                },
              };
        const response: Record<string, any> = {
          description: defs.map((d) => `${d.code}: ${d.title}`).join('; '),
          'x-charter-codes': defs.map((d) => d.code),
          content: { [PROBLEM_MEDIA_TYPE]: { schema } },
        };
        const headers: Record<string, any> = {};
        if (defs.some((d) => d.retryable)) {
          headers['Retry-After'] = { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } };
        }
        if (status === 401) headers['WWW-Authenticate'] = { description: 'The authentication scheme and why it failed.', required: true, schema: { type: 'string' } };
        if (Object.keys(headers).length) response.headers = headers;
        op.responses[key] = response;
      }
      delete op['x-errors'];
      op['x-charter-errors'] = codes;
    }
  }
  return doc;
}
