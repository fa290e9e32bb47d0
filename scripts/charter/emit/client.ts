/**
 * The client emitter: the typed SDK from @hey-api/openapi-ts (types, sdk, fetch client).
 * hey-api writes to disk, so it runs into a private temp folder whose files are read
 * back into the FileMap; the caller decides whether to write or compare them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import { generatedHeader, type FileMap } from './header.ts';
import type { ImportExtension } from './config.ts';

const DATA_KEYS = new Set(['example', 'examples', 'x-examples']);

/**
 * hey-api's bundled fetch client (client/client/*.gen.ts, client/core/*.gen.ts) is copied from
 * its templates, the same for every contract, and has no option to make it strict. These five
 * files fail under `exactOptionalPropertyTypes` only (12 errors in 0.99: they pass
 * `x: T | undefined` where an optional `x?: T` is declared, their own SerializeOptions and
 * ResolvedRequestOptions and the DOM's RequestInit.body among them), so they get `@ts-nocheck`:
 * the adopter's tsc stops reporting errors inside hey-api's code, as skipLibCheck does for a
 * package's .d.ts, while their types still flow into every caller, which stay checked. Every
 * other file, hey-api's contract-specific output included, is checked under all flags; the
 * strict-tsconfig tests fail if a hey-api upgrade breaks another file.
 */
export const HEY_API_UNCHECKED = new Set([
  'client/client/client.gen.ts',
  'client/client/utils.gen.ts',
  'client/core/params.gen.ts',
  'client/core/pathSerializer.gen.ts',
  'client/core/serverSentEvents.gen.ts',
]);
const NOCHECK = '// @ts-nocheck: hey-api\'s bundled client does not compile under exactOptionalPropertyTypes.\n';

/**
 * The document as hey-api is given it. hey-api's reference parser follows every `$ref` it sees, including literal `$ref` text
 * inside example data (GitHub's SCIM examples), which hangs or fails offline. Examples
 * never affect the generated types, so they are left out of what hey-api is given.
 */
/** Keys whose value maps names (chosen by the author) to objects. */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'schemas', 'responses', 'parameters',
  'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems', 'content', 'encoding', 'variables', 'webhooks',
]);

export function heyApiInput(node: unknown, parentKey = '', depth = 0): unknown {
  if (depth > 512 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => heyApiInput(n, '', depth + 1));
  // Under a map of names (`properties`, `components.schemas`, a response's `headers`, …), keys are
  // names, so a property or a schema called `example` is contract, not data.
  const namesAreData = !NAME_MAPS.has(parentKey);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (namesAreData && DATA_KEYS.has(k)) continue;
    out[k] = heyApiInput(v, k, depth + 1);
  }
  // `style: deepObject` is defined for objects only; on an array (Stripe's `expand`) hey-api emits a
  // serializer option its own types reject, so such parameters are given the default style instead.
  if (out.in === 'query' && out.style === 'deepObject' && (out.schema as { type?: unknown } | undefined)?.type === 'array') {
    delete out.style;
  }
  return out;
}

/**
 * The request functions hey-api's sdk.gen.ts declares, keyed `method url` (`get /users/{id}`),
 * whatever their signature: plain requests (`client.get`) and server-sent event streams
 * (`client.sse.get`) alike. This answers "does the client have a function for this operation".
 */
export function heyApiRequestFunctions(sdkSource: string): Map<string, string> {
  const out = new Map<string, string>();
  const starts = [...sdkSource.matchAll(/^export const (\w+) = /gm)];
  starts.forEach((m, i) => {
    const body = sdkSource.slice(m.index, i + 1 < starts.length ? starts[i + 1]!.index : sdkSource.length);
    const call = /\(options\??\.client \?\? client\)(?:\.sse)?\.(\w+)</.exec(body);
    const url = /\burl: '((?:[^'\\]|\\.)*)'/.exec(body);
    if (call && url) out.set(`${call[1]!.toLowerCase()} ${unescapeString(url[1]!)}`, m[1]!);
  });
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The value of a single-quoted JavaScript string literal's body, as hey-api escapes it. */
function unescapeString(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.replace(/^[ux]\{?|\}$/g, ''), 16));
    return ESCAPES[e] ?? e;
  });
}

/** What hey-api said while it ran: each line it logged, by how serious it was. */
export interface HeyApiLog {
  level: 'error' | 'warn';
  message: string;
}

/**
 * hey-api failed: it threw, or returned without generating anything (it does that for an input
 * it cannot read, after logging why). `message` is hey-api's own message, unwrapped from the
 * `JobError` with an empty message it wraps every failure of a job in; `logs` is what it logged.
 */
export class HeyApiError extends Error {
  readonly logs: HeyApiLog[];

  constructor(message: string, logs: HeyApiLog[], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HeyApiError';
    this.logs = logs;
  }
}

export interface ClientEmitOptions {
  /** Called with each warning hey-api logs, so the caller can print it (nothing is dropped). */
  onWarning?(message: string): void;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The error hey-api threw, without its wrappers: `JobError` keeps it in `originalError.error`. */
export function heyApiCause(error: unknown): unknown {
  let e = error as { name?: string; originalError?: { error?: unknown } } | undefined;
  for (let i = 0; i < 8 && e && typeof e === 'object' && e.name === 'JobError' && e.originalError?.error !== undefined; i++) {
    e = e.originalError.error as typeof e;
  }
  return e;
}

type Console = Pick<typeof console, 'log' | 'info' | 'debug' | 'warn' | 'error'>;

/**
 * Run hey-api with its console captured. hey-api reports through the console only: warnings
 * with console.warn (an unsupported security scheme, an enum value it cannot type, a `$ref` its
 * parser skipped), a failed input with console.error before returning nothing, and progress
 * with console.log. Its log level is `warn`, so nothing that matters is held back; the progress
 * lines are dropped, the warnings and errors are returned. hey-api runs one job at a time here,
 * and generate runs one emitter at a time, so no other code's output is captured.
 */
async function withCapturedConsole<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown; logs: HeyApiLog[] }> {
  const logs: HeyApiLog[] = [];
  const saved: Console = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
  const text = (args: unknown[]) =>
    args
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a)))
      .join(' ')
      .replace(ANSI, '')
      .replace(/^\[Job \d+\]\s*/, '')
      .trim();
  const to = (level: HeyApiLog['level']) => (...args: unknown[]) => {
    const message = text(args);
    if (message) logs.push({ level, message });
  };
  console.log = console.info = console.debug = () => {};
  console.warn = to('warn');
  console.error = to('error');
  try {
    return { value: await run(), logs };
  } catch (error) {
    return { error, logs };
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * hey-api writes extensionless relative imports by default (`./client.gen`, `./client`), which
 * only bundler resolution accepts; `output.module.extension` makes it spell them as the rest of
 * the generated code does, including `./client/index.js` for its folder imports.
 *
 * `doc` must be self-contained (a bundled contract: every `$ref` local). hey-api is given the
 * parsed document, so a `$ref` into another file would be resolved against hey-api's working
 * directory, not the contract's folder.
 *
 * Fails with a HeyApiError when hey-api throws, logs an error, or returns without a result;
 * warnings go to `onWarning`.
 */
export async function emitClient(doc: Record<string, any>, sources: string[], importExtension: ImportExtension = '.js', options: ClientEmitOptions = {}): Promise<FileMap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-client-'));
  try {
    const { value: contexts, error, logs } = await withCapturedConsole(() =>
      createClient({
        input: heyApiInput(doc) as never,
        output: { path: dir, module: { extension: importExtension } },
        // `file: false`: no crash-log files in the user's working directory; the error is reported here.
        logs: { level: 'warn', file: false },
        interactive: false,
        plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
      } as never),
    );
    const errors = logs.filter((l) => l.level === 'error');
    if (error !== undefined) {
      const cause = heyApiCause(error);
      const c = cause as { name?: string; message?: string } | undefined;
      const message = (c && typeof c === 'object' && c.message) || (c && typeof c === 'object' && c.name ? `${c.name} (no message)` : String(cause));
      // hey-api prints its own crash report of the same error; it is not repeated.
      throw new HeyApiError(message, logs.filter((l) => l.level === 'warn'), cause);
    }
    if (errors.length) throw new HeyApiError(errors.map((l) => l.message).join('; '), logs);
    if (!Array.isArray(contexts) || contexts.length === 0) {
      throw new HeyApiError('hey-api returned without generating anything and said nothing about why', logs);
    }
    for (const l of logs) options.onWarning?.(l.message);
    const files: FileMap = new Map();
    const header = generatedHeader(sources);
    const walk = (sub: string): void => {
      for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const rel = path.posix.join(sub, entry.name);
        if (entry.isDirectory()) walk(rel);
        else files.set(`client/${rel}`, header + (HEY_API_UNCHECKED.has(`client/${rel}`) ? NOCHECK : '') + fs.readFileSync(path.join(dir, rel), 'utf8'));
      }
    };
    walk('');
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
