/**
 * The errors emitter: from the catalogue, typed problem bodies, server constructors
 * (`problems.emailTaken({ email })`), client-side unions per operation with an
 * unknown-problem fallback, and ERRORS.md.
 */
import { camelFromCode, type ErrorCatalogue, type ErrorDef } from '../loader/catalogue.ts';
import { docComment, printType, propertyKey, literal } from './typescript.ts';
import { generatedHeader, type FileMap } from './header.ts';

export interface OperationErrors {
  operationId: string;
  method: string;
  path: string;
  codes: string[];
}

export function emitErrors(catalogue: ErrorCatalogue | undefined, operations: OperationErrors[], sources: string[]): FileMap {
  const files: FileMap = new Map();
  const defs = catalogue?.errors ?? [];
  files.set('errors/index.ts', errorsModule(defs, operations, sources));
  files.set('errors/ERRORS.md', errorsDoc(defs, operations, sources));
  return files;
}

function memberType(def: ErrorDef, name: string): string {
  return printType(def.members[name], { refName: () => undefined, resolve: () => undefined }, '  ');
}

function errorsModule(defs: ErrorDef[], operations: OperationErrors[], sources: string[]): string {
  const out: string[] = [generatedHeader(sources)];
  out.push(`/** Every error code in the catalogue. */`);
  out.push(`export type ErrorCode = ${defs.length ? defs.map((d) => JSON.stringify(d.code)).join(' | ') : 'never'};\n`);
  for (const d of defs) {
    out.push(docComment(`${d.title}. HTTP ${d.status}${d.retryable ? ', retryable' : ''}.\n\n${d.docs}`));
    out.push(`export interface ${d.schemaName} {`);
    out.push(`  type: ${literal(d.type)};`);
    out.push(`  title: string;`);
    out.push(`  status: ${d.status};`);
    out.push(`  code: ${literal(d.code)};`);
    out.push(`  detail?: string;`);
    out.push(`  instance?: string;`);
    out.push(`  requestId?: string;`);
    for (const name of Object.keys(d.members).sort()) {
      out.push(`  ${propertyKey(name)}${d.required.includes(name) ? '' : '?'}: ${memberType(d, name)};`);
    }
    out.push(`}\n`);
  }
  out.push(`/** Problem body by code. */`);
  out.push(`export interface ProblemBodies {`);
  for (const d of defs) out.push(`  ${d.code}: ${d.schemaName};`);
  out.push(`}\n`);
  out.push(`/** A problem as a handler returns it: the generated router renders it as application/problem+json. */`);
  out.push(`export type ProblemResult<C extends ErrorCode> = C extends ErrorCode`);
  out.push(`  ? { status: ProblemBodies[C]['status']; headers?: Record<string, string>; body: ProblemBodies[C] }`);
  out.push(`  : never;\n`);
  out.push(`export interface CatalogueEntry {`);
  out.push(`  code: string;\n  status: number;\n  type: string;\n  title: string;\n  retryable: boolean;\n  scope: 'operation' | 'every-operation' | 'request-body' | 'response-body' | 'service';`);
  out.push(`}\n`);
  out.push(`export const catalogue: { readonly [C in ErrorCode]: CatalogueEntry & { code: C } } = {`);
  for (const d of defs) {
    out.push(`  ${d.code}: { code: ${literal(d.code)}, status: ${d.status}, type: ${literal(d.type)}, title: ${literal(d.title)}, retryable: ${d.retryable}, scope: ${literal(d.scope)} },`);
  }
  out.push(`};\n`);
  out.push(`export interface ProblemOptions {\n  detail?: string | undefined;\n  headers?: Record<string, string> | undefined;\n}\n`);
  out.push(`function problem<C extends ErrorCode>(code: C, members: object, opts: ProblemOptions): ProblemResult<C> {`);
  out.push(`  const entry = catalogue[code] as CatalogueEntry;`);
  out.push(`  const body = { type: entry.type, title: entry.title, status: entry.status, code, ...members } as Record<string, unknown>;`);
  out.push(`  if (opts.detail !== undefined) body['detail'] = opts.detail;`);
  out.push(`  const result = { status: entry.status, body } as Record<string, unknown>;`);
  out.push(`  if (opts.headers) result['headers'] = opts.headers;`);
  out.push(`  return result as unknown as ProblemResult<C>;`);
  out.push(`}\n`);
  out.push(`/** Server-side constructors, one per code. An operation's result type admits only the codes it declares. */`);
  out.push(`export const problems = {`);
  for (const d of defs) {
    const name = camelFromCode(d.code);
    const memberNames = Object.keys(d.members).sort();
    if (memberNames.length) {
      const fields = memberNames.map((m) => `${propertyKey(m)}${d.required.includes(m) ? '' : '?'}: ${memberType(d, m)}`).join('; ');
      const optional = d.required.length === 0 ? ' = {}' : '';
      out.push(`  ${name}(members: { ${fields} }${optional}, opts: ProblemOptions = {}): ProblemResult<${literal(d.code)}> {`);
      out.push(`    return problem(${literal(d.code)}, members, opts);`);
    } else {
      out.push(`  ${name}(opts: ProblemOptions = {}): ProblemResult<${literal(d.code)}> {`);
      out.push(`    return problem(${literal(d.code)}, {}, opts);`);
    }
    out.push(`  },`);
  }
  out.push(`};\n`);
  out.push(`/** Any problem the catalogue declares. */`);
  out.push(`export type KnownProblem = ${defs.length ? 'ProblemBodies[ErrorCode]' : 'never'};\n`);
  out.push(`/**`);
  out.push(` * A problem whose code this client does not know (a newer server, or a proxy). Nothing is lost:`);
  out.push(` * \`serverCode\` keeps the code the server sent and \`raw\` the whole body.`);
  out.push(` */`);
  out.push(`export interface UnknownProblem {`);
  out.push(`  code: 'UNKNOWN_PROBLEM';\n  serverCode: string | undefined;\n  status: number;\n  type?: string | undefined;\n  title?: string | undefined;\n  detail?: string | undefined;\n  requestId?: string | undefined;\n  raw: unknown;`);
  out.push(`}\n`);
  out.push(`/** The problems each operation can return, narrowed by \`code\` (and \`status\`). */`);
  out.push(`export interface OperationProblems {`);
  for (const op of [...operations].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
    const known = op.codes.filter((c) => defs.some((d) => d.code === c));
    out.push(`  ${propertyKey(op.operationId)}: ${known.length ? known.map((c) => `ProblemBodies[${literal(c)}]`).join(' | ') + ' | UnknownProblem' : 'UnknownProblem'};`);
  }
  out.push(`}\n`);
  out.push(`const knownCodes: ReadonlySet<string> = new Set(Object.keys(catalogue));\n`);
  out.push(`/** Read a problem body from the wire: a known code keeps its type, anything else becomes an UnknownProblem. */`);
  out.push(`export function parseProblem(status: number, body: unknown): KnownProblem | UnknownProblem {`);
  out.push(`  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;`);
  out.push(`  const code = typeof b['code'] === 'string' ? b['code'] : undefined;`);
  out.push(`  if (code !== undefined && knownCodes.has(code) && b['status'] === status) return b as unknown as KnownProblem;`);
  out.push(`  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);`);
  out.push(`  return { code: 'UNKNOWN_PROBLEM', serverCode: code, status, type: str(b['type']), title: str(b['title']), detail: str(b['detail']), requestId: str(b['requestId']), raw: body };`);
  out.push(`}\n`);
  out.push(`/** Type guard: is \`value\` a problem body with this code? (The SDK's \`isProblem\` also accepts an \`ApiError\`.) */`);
  out.push(`export function isProblem<C extends ErrorCode>(value: unknown, code: C): value is ProblemBodies[C] {`);
  out.push(`  const v = value as { code?: unknown } | null;`);
  out.push(`  return v !== null && typeof v === 'object' && v.code === code;`);
  out.push(`}\n`);
  out.push(`/** Whether a client may retry a request that failed with this code. */`);
  out.push(`export function isRetryable(code: string): boolean {`);
  out.push(`  return knownCodes.has(code) && (catalogue as Record<string, CatalogueEntry>)[code]!.retryable;`);
  out.push(`}`);
  return out.filter((l) => l !== '').join('\n') + '\n';
}

function anchor(def: ErrorDef): string {
  const hash = def.type.indexOf('#');
  return hash >= 0 ? def.type.slice(hash + 1) : def.code.toLowerCase().replace(/_/g, '-');
}

function errorsDoc(defs: ErrorDef[], operations: OperationErrors[], sources: string[]): string {
  const out: string[] = [generatedHeader(sources, 'html'), '# Error catalogue', ''];
  if (!defs.length) {
    out.push('This contract declares no error catalogue.');
    return out.join('\n') + '\n';
  }
  out.push('Every error is an RFC 9457 `application/problem+json` body with a stable `code`. Clients branch on `code`, never on `title` or `detail`.', '');
  out.push('| code | status | retryable | title |', '|---|---|---|---|');
  for (const d of defs) out.push(`| [\`${d.code}\`](#${anchor(d)}) | ${d.status} | ${d.retryable ? 'yes' : 'no'} | ${d.title} |`);
  out.push('');
  for (const d of defs) {
    out.push(`<a id="${anchor(d)}"></a>`, '', `## ${d.code}`, '');
    out.push(`- **Status:** ${d.status}`, `- **Type:** \`${d.type}\``, `- **Title:** ${d.title}`, `- **Retryable:** ${d.retryable ? 'yes' : 'no'}`);
    const ops =
      d.scope === 'every-operation'
        ? 'every operation'
        : d.scope === 'service'
          ? 'requests that match no operation'
          : operations.filter((o) => o.codes.includes(d.code)).map((o) => `\`${o.operationId}\``).join(', ') || 'no operation';
    out.push(`- **Returned by:** ${ops}`);
    const members = Object.keys(d.members).sort();
    if (members.length) {
      out.push('', '| member | type | required | description |', '|---|---|---|---|');
      for (const m of members) {
        const s = d.members[m] ?? {};
        out.push(`| \`${m}\` | \`${memberType(d, m).replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\` | ${d.required.includes(m) ? 'yes' : 'no'} | ${String(s.description ?? '').replace(/\n/g, ' ')} |`);
      }
    }
    out.push('', d.docs, '');
  }
  return out.join('\n');
}
