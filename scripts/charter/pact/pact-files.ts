/**
 * Where pacts live and how they are read. A pacts folder holds one file per consumer–provider
 * pair, written by the consumers' Pact tests and committed, so `charter diff`, `can-i-deploy` and
 * `verify` can read them without running any consumer code.
 *
 * Files in Pact specification v2, v3 and v4 (HTTP and message pacts) are read into one shape, the
 * v4 one, so every reader sees the same thing whatever wrote the file:
 *
 * - v2: `metadata["pact-specification"].version`, `interactions` with raw bodies, a query string,
 *   one `providerState`, and matching rules keyed by JSONPath (`$.body.email`, `$.headers.X`).
 * - v3: `metadata.pactSpecification.version`, raw bodies, `providerStates` with params, matching
 *   rules by category (`body`, `header`, `query`, `path`) with `matchers` arrays and `combine`,
 *   `generators`; message pacts keep their messages in `messages`.
 * - v4: bodies as `{ content, contentType }`, interactions with a `type` (Synchronous/HTTP,
 *   Asynchronous/Messages).
 *
 * A file in any other specification version (or none) is an error naming the file, never a skip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../loader/errors.ts';

export const PACT_DIR = 'pacts';

export interface PactBody {
  content?: unknown;
  contentType?: string;
}

/** v4 matching rules: category → (path → { matchers, combine }). `path` maps straight to a rule. */
export type MatchingRules = Record<string, unknown>;

export interface PactRequest {
  method: string;
  path: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string[] | string>;
  body?: PactBody;
  matchingRules?: MatchingRules;
  generators?: Record<string, unknown>;
}

export interface PactResponse {
  status: number;
  headers?: Record<string, string[] | string>;
  body?: PactBody;
  matchingRules?: MatchingRules;
  generators?: Record<string, unknown>;
}

export interface PactInteraction {
  type: string;
  description: string;
  providerStates?: Array<{ name: string; params?: Record<string, unknown> }>;
  request?: PactRequest;
  response?: PactResponse;
  contents?: PactBody;
  metadata?: Record<string, unknown>;
  matchingRules?: MatchingRules;
  generators?: Record<string, unknown>;
}

export interface PactFile {
  /** Absolute path, or `REV:path` for a pact read from git history. */
  file: string;
  consumer: string;
  provider: string;
  /** The specification version the file declares, e.g. `3.0.0`. */
  specification: string;
  interactions: PactInteraction[];
}

export const HTTP = 'Synchronous/HTTP';
export const MESSAGE = 'Asynchronous/Messages';

export function pactDir(cwd: string, dir?: string): string {
  return path.resolve(cwd, dir ?? PACT_DIR);
}

/** Every pact in `dir`, sorted by file name; an absent folder holds none. */
export function readPacts(dir: string): PactFile[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((name) => readPact(path.join(dir, name)));
}

export function readPact(file: string): PactFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ContractError(`not a readable pact file: ${(e as Error).message}`, { file, line: 1 });
  }
  return parsePact(text, file);
}

/** Parses a pact's text; `file` names it in errors (a path, or `REV:path`). */
export function parsePact(text: string, file: string): PactFile {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ContractError(`not a readable pact file: ${(e as Error).message}`, { file, line: 1 }, 'Record it again with the consumer\'s Pact tests.');
  }
  const consumer = doc?.consumer?.name;
  const provider = doc?.provider?.name;
  const list = Array.isArray(doc?.interactions) ? doc.interactions : Array.isArray(doc?.messages) ? undefined : null;
  if (typeof consumer !== 'string' || typeof provider !== 'string' || list === null) {
    throw new ContractError('not a pact file: it needs consumer.name, provider.name and interactions (or messages)', { file, line: 1 });
  }
  const specification = specificationOf(doc);
  const major = Number(/^v?(\d+)/.exec(specification ?? '')?.[1]);
  if (major !== 2 && major !== 3 && major !== 4) {
    throw new ContractError(
      specification === undefined
        ? 'the pact declares no specification version (metadata.pactSpecification.version)'
        : `unsupported Pact specification version ${specification}`,
      { file, line: 1, pointer: '/metadata' },
      'Charter reads Pact specification v2, v3 and v4 files. Record the pact with a Pact library that writes one of them.',
    );
  }
  const interactions: PactInteraction[] = [];
  for (const [n, raw] of ((doc.interactions ?? []) as unknown[]).entries()) interactions.push(normalise(raw, major, file, `/interactions/${n}`));
  for (const [n, raw] of ((doc.messages ?? []) as unknown[]).entries()) interactions.push(normaliseMessage(raw as Record<string, any>, major, file, `/messages/${n}`));
  return { file, consumer, provider, specification: specification!, interactions };
}

function specificationOf(doc: any): string | undefined {
  const m = doc?.metadata ?? {};
  const v = m.pactSpecification?.version ?? m['pact-specification']?.version ?? m.pactSpecificationVersion;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function normalise(raw: unknown, major: number, file: string, pointer: string): PactInteraction {
  if (!raw || typeof raw !== 'object') throw new ContractError('an interaction must be an object', { file, pointer });
  const i = raw as Record<string, any>;
  const description = typeof i.description === 'string' ? i.description : '';
  if (major === 4) {
    const type = typeof i.type === 'string' ? i.type : i.request ? HTTP : i.contents !== undefined ? MESSAGE : '';
    if (type !== HTTP && type !== MESSAGE) {
      throw new ContractError(`interaction "${description}" has a type Charter does not check: ${JSON.stringify(i.type)}`, { file, pointer: `${pointer}/type` }, 'Charter checks Synchronous/HTTP and Asynchronous/Messages interactions.');
    }
    return { ...i, type, description } as PactInteraction;
  }
  if (!i.request && (i.contents !== undefined || i.metaData !== undefined || i.metadata !== undefined)) return normaliseMessage(i, major, file, pointer);
  if (!i.request || !i.response) throw new ContractError(`interaction "${description}" needs a request and a response`, { file, pointer });
  const rules = major === 2 ? splitV2Rules(i.request.matchingRules, i.response.matchingRules) : undefined;
  return {
    type: HTTP,
    description,
    providerStates: statesOf(i),
    request: {
      method: String(i.request.method ?? 'GET').toUpperCase(),
      path: String(i.request.path ?? '/'),
      query: queryOf(i.request.query),
      headers: i.request.headers,
      body: bodyOf(i.request.body, i.request.headers),
      matchingRules: rules ? rules.request : i.request.matchingRules,
      generators: i.request.generators,
    },
    response: {
      status: Number(i.response.status ?? 200),
      headers: i.response.headers,
      body: bodyOf(i.response.body, i.response.headers),
      matchingRules: rules ? rules.response : i.response.matchingRules,
      generators: i.response.generators,
    },
  };
}

function normaliseMessage(m: Record<string, any>, major: number, file: string, pointer: string): PactInteraction {
  if (!m || typeof m !== 'object') throw new ContractError('a message must be an object', { file, pointer });
  const metadata = (m.metadata ?? m.metaData ?? {}) as Record<string, unknown>;
  const rules = major === 2 ? splitV2Rules(m.matchingRules, undefined).request : m.matchingRules;
  return {
    type: MESSAGE,
    description: typeof m.description === 'string' ? m.description : '',
    providerStates: statesOf(m),
    contents: { content: m.contents, contentType: typeof metadata.contentType === 'string' ? metadata.contentType : 'application/json' },
    metadata,
    matchingRules: rules,
    generators: m.generators,
  };
}

function statesOf(i: Record<string, any>): PactInteraction['providerStates'] {
  if (Array.isArray(i.providerStates)) return i.providerStates;
  if (typeof i.providerState === 'string' && i.providerState) return [{ name: i.providerState }];
  return undefined;
}

function queryOf(q: unknown): Record<string, string[]> | undefined {
  if (q === undefined || q === null || q === '') return undefined;
  if (typeof q === 'string') {
    const out: Record<string, string[]> = {};
    for (const [k, v] of new URLSearchParams(q)) (out[k] ??= []).push(v);
    return out;
  }
  if (typeof q === 'object') {
    return Object.fromEntries(Object.entries(q as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]));
  }
  return undefined;
}

function bodyOf(body: unknown, headers: unknown): PactBody | undefined {
  if (body === undefined) return undefined;
  const h = (headers ?? {}) as Record<string, unknown>;
  const ct = Object.entries(h).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const contentType = Array.isArray(ct) ? String(ct[0]) : typeof ct === 'string' ? ct : typeof body === 'string' ? 'text/plain' : 'application/json';
  return { content: body, contentType };
}

/**
 * v2 rules (`{ "$.body.user.id": { "match": "type" } }`, one flat map per request/response)
 * into v3/v4 categories (`{ body: { "$.user.id": { matchers: [{ match: "type" }] } } }`).
 */
function splitV2Rules(request: unknown, response: unknown): { request?: MatchingRules; response?: MatchingRules } {
  const convert = (rules: unknown): MatchingRules | undefined => {
    if (!rules || typeof rules !== 'object') return undefined;
    const out: Record<string, any> = {};
    for (const [key, rule] of Object.entries(rules as Record<string, unknown>)) {
      const m = /^\$\.(body|headers|header|query|path)(.*)$/.exec(key);
      if (!m) continue;
      const category = m[1] === 'headers' ? 'header' : m[1]!;
      const rest = m[2]!;
      const entry = { combine: 'AND', matchers: [rule] };
      if (category === 'path') out.path = entry;
      else if (category === 'body') (out.body ??= {})[`$${rest}`] = entry;
      else (out[category] ??= {})[rest.replace(/^\./, '').replace(/^\['(.*)'\]$/, '$1')] = entry;
    }
    return out;
  };
  return { request: convert(request), response: convert(response) };
}

export function isHttpInteraction(i: PactInteraction): boolean {
  return i.type === HTTP;
}

export function isMessageInteraction(i: PactInteraction): boolean {
  return i.type === MESSAGE;
}

/**
 * The provider a command works for: the configured name, else the one provider every pact in the
 * folder names. Throws when the pacts name several providers and none is configured.
 */
export function resolveProvider(pacts: PactFile[], configured: string | undefined, dir: string): string | undefined {
  if (configured) return configured;
  const names = [...new Set(pacts.map((p) => p.provider))].sort();
  if (names.length > 1) {
    throw new ContractError(
      `the pacts in ${dir} are for several providers (${names.join(', ')}) and no provider is configured`,
      { file: dir },
      'Set provider.name in charter.config.yaml (or pass --provider) to say which one this project is.',
    );
  }
  return names[0];
}

/** The pacts for exactly this provider. */
export function pactsFor(pacts: PactFile[], provider: string): PactFile[] {
  return pacts.filter((p) => p.provider === provider);
}

/**
 * Brings a freshly written pact into pacts/. The consumer tests write into an empty temp folder
 * (Pact merges into an existing file, which would keep interactions a test no longer records),
 * then this copies the result over the committed file with a rename, so a reader in another test
 * never sees a half-written file. Returns whether the committed file was stale.
 */
export function publishPact(written: string, targetDir: string): { changed: boolean; target: string } {
  const target = path.join(targetDir, path.basename(written));
  const fresh = `${JSON.stringify(JSON.parse(fs.readFileSync(written, 'utf8')), null, 2)}\n`;
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === fresh) return { changed: false, target };
  fs.mkdirSync(targetDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, fresh);
  fs.renameSync(tmp, target);
  return { changed: true, target };
}
