/**
 * The conformance round trip: a contract's mock (`charter mock`, on the generated router and
 * runtime) called through the contract's generated SDK, every operation once for its default
 * answer and once more for its first declared error status (`Prefer: code=`). A call passes when
 * its status is the one the mock chose and the contract declares, the generated server's response
 * validation accepted the body, and the SDK's result is the declared kind (ok for a success, a
 * problem for an error), never invalid-response or a transport failure. Each failure is put in a
 * class, with the exact request and response, so a table per contract says what is left.
 *
 * Large contracts can be sampled: a seeded choice of operations, cut out of the bundled contract
 * with every component they reach, so generating and serving the sample costs what the sample
 * needs and the same seed always picks the same operations.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadContract } from '../charter/loader/load.ts';
import { bundleContract } from '../charter/loader/bundle.ts';
import { startMock, type MockServer } from '../charter/mock/server.ts';
import { generateValue, pointerOf, resolve } from '../charter/mock/values.ts';
import { chooseResponse } from '../charter/mock/responses.ts';
import { seeded } from '../charter/mock/random.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface Failure {
  operationId: string;
  class: string;
  detail: string;
  request: string;
  response: string;
}

export interface ContractReport {
  contract: string;
  operations: number;
  /** Operations in the contract (more than `operations` when sampled). */
  total: number;
  passed: number;
  failures: Failure[];
  /** What the mock noted it could not honour (examples that break their schema, say). */
  notes: string[];
  /** Why the contract could not be served at all (generate failed), if so. */
  error?: string;
  ms: number;
}

export interface ConformanceOptions {
  projectRoot: string;
  seed?: string;
  /** Sample at most this many operations (seeded by `seed`); all when absent. */
  maxOperations?: number;
  /** Where pruned sample contracts are written. */
  workDir?: string;
  /** Also call each operation for its first declared error status (default true). */
  errorCalls?: boolean;
}

/** The bundled document with only the given operations and the components they reach. */
export function pruneContract(doc: Record<string, any>, keep: Array<{ path: string; method: string }>): Record<string, any> {
  const paths: Record<string, any> = {};
  for (const { path: p, method } of keep) {
    const item = doc.paths[p];
    paths[p] ??= Object.fromEntries(Object.entries(item).filter(([k]) => !METHODS.includes(k)));
    paths[p][method] = item[method];
  }
  const components: Record<string, Record<string, unknown>> = {};
  const queue: unknown[] = [paths];
  if (doc.security) queue.push(doc.security);
  const seen = new Set<string>();
  while (queue.length) {
    const node = queue.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      queue.push(...node);
      continue;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/([^/]+)\/([^/]+)/.exec(v);
        if (m && !seen.has(`${m[1]}/${m[2]}`)) {
          seen.add(`${m[1]}/${m[2]}`);
          const name = decodeURIComponent(m[2]!).replace(/~1/g, '/').replace(/~0/g, '~');
          const target = doc.components?.[m[1]!]?.[name];
          if (target !== undefined) {
            (components[m[1]!] ??= {})[name] = target;
            queue.push(target);
          }
        }
      } else if (k !== 'example') queue.push(v);
    }
  }
  if (doc.components?.securitySchemes) components['securitySchemes'] = doc.components.securitySchemes;
  const { webhooks: _w, paths: _p, components: _c, ...rest } = doc;
  return { ...rest, paths, components };
}

function operationsOf(doc: Record<string, any>): Array<{ path: string; method: string }> {
  const out: Array<{ path: string; method: string }> = [];
  for (const [p, item] of Object.entries((doc.paths ?? {}) as Record<string, any>)) for (const m of METHODS) if (item?.[m]) out.push({ path: p, method: m });
  return out;
}

/** The contract to serve: the file itself, or a seeded sample of its operations written beside the cache. */
export function sampleContract(file: string, options: ConformanceOptions): { file: string; total: number; operations: number } {
  const doc = bundleContract(loadContract(file)).doc as Record<string, any>;
  const all = operationsOf(doc);
  if (options.maxOperations === undefined || all.length <= options.maxOperations) return { file, total: all.length, operations: all.length };
  const random = seeded(options.seed ?? 'charter', 'sample', path.basename(file));
  const order = all.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const keep = order.slice(0, options.maxOperations).sort((a, b) => a - b).map((i) => all[i]!);
  const pruned = JSON.stringify(pruneContract(doc, keep), null, 1);
  const dir = options.workDir ?? path.join(options.projectRoot, 'node_modules/.cache/charter-conformance');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${path.basename(file).replace(/\.[^.]+$/, '')}.sample-${crypto.createHash('sha256').update(pruned).digest('hex').slice(0, 12)}.json`);
  if (!fs.existsSync(out)) fs.writeFileSync(out, pruned);
  return { file: out, total: all.length, operations: keep.length };
}

interface SdkOperation {
  operationId: string;
  method: string;
  path: string;
}

/** A parameter or header value as the SDK takes it (headers are strings). */
function asHeader(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k},${String(x)}`).join(',');
  return String(v);
}

/** A parameter's value: its example when it has one the server accepts, else generated from its schema. */
function parameterValue(doc: Record<string, any>, p: Record<string, any>, check: MockServer['check'], seed: string, operationId: string): unknown {
  const schema = p.schema ?? (p.content ? (Object.values(p.content)[0] as { schema?: unknown } | undefined)?.schema : undefined);
  const candidates: unknown[] = [];
  if (p.example !== undefined) candidates.push(p.example);
  if (p.examples && typeof p.examples === 'object') for (const e of Object.values(p.examples as Record<string, any>)) {
    const ex = e?.$ref ? resolve(doc, e) : e;
    if (ex && 'value' in ex) candidates.push(ex.value);
  }
  const s = resolve(doc, schema);
  if (s.example !== undefined) candidates.push(s.example);
  const pointer = schema && typeof schema === 'object' ? pointerOfSchema(doc, schema) : undefined;
  for (const c of candidates) {
    if (c === null || (typeof c === 'string' && c === '')) continue;
    if (pointer === undefined || check(pointer, c) === true) return c;
  }
  return generateValue(schema ?? { type: 'string' }, { doc, random: seeded(seed, operationId, 'param', p.in, p.name), direction: 'request', check, notes: new Set() });
}

function pointerOfSchema(doc: Record<string, any>, schema: unknown): string | undefined {
  return pointerOf(doc, schema);
}

/** The call input for an operation: path, query and header parameters, and a body. */
export function callInput(doc: Record<string, any>, pathItem: Record<string, any>, op: Record<string, any>, check: MockServer['check'], seed: string, operationId: string): { input: Record<string, any>; media?: string } {
  const random = seeded(seed, operationId, 'optional');
  const params = new Map<string, Record<string, any>>();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = resolve(doc, raw);
    if (p && typeof p.name === 'string') params.set(`${p.in}:${p.name}`, p);
  }
  const input: Record<string, any> = {};
  const cookies: string[] = [];
  for (const p of params.values()) {
    if (p.in !== 'path' && !p.required && !random.chance(0.5)) continue;
    const value = parameterValue(doc, p, check, seed, operationId);
    if (p.in === 'path') (input['path'] ??= {})[p.name] = value;
    else if (p.in === 'query') (input['query'] ??= {})[p.name] = value;
    else if (p.in === 'header') {
      const h = asHeader(value);
      if (h !== undefined) (input['headers'] ??= {})[p.name] = h;
    } else if (p.in === 'cookie') cookies.push(`${p.name}=${encodeURIComponent(asHeader(value) ?? '')}`);
  }
  if (cookies.length) (input['headers'] ??= {})['Cookie'] = cookies.join('; ');
  const body = resolve(doc, op.requestBody);
  const content = (body.content ?? {}) as Record<string, any>;
  // The media type the SDK sends: hey-api prefers JSON when the operation offers it.
  const media = Object.keys(content).find((m) => /^application\/(.+\+)?json\b/i.test(m)) ?? Object.keys(content)[0];
  if (media !== undefined) {
    const m = content[media] ?? {};
    const pointer = m.schema && typeof m.schema === 'object' ? pointerOf(doc, m.schema) : undefined;
    const candidates: unknown[] = [];
    if (m.example !== undefined) candidates.push(m.example);
    for (const e of Object.values((m.examples ?? {}) as Record<string, any>)) {
      const ex = e?.$ref ? resolve(doc, e) : e;
      if (ex && 'value' in ex) candidates.push(ex.value);
    }
    let value: unknown = candidates.find((c) => pointer !== undefined && check(pointer, structuredClone(c)) === true);
    if (value === undefined && m.schema !== undefined) value = generateValue(m.schema, { doc, random: seeded(seed, operationId, 'body', media), direction: 'request', check, notes: new Set() });
    // A media type without a schema takes any body: a required one still has to be sent.
    if (value === undefined && m.schema === undefined && body.required === true) value = /[/+]json\b/i.test(media) ? {} : 'body';
    if (value !== undefined) input['body'] = value;
  }
  return { input, ...(media ? { media } : {}) };
}

function brief(value: unknown, max = 600): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Which failure class a failed call falls in. */
function classify(result: Record<string, any>, violation: string | undefined): { cls: string; detail: string } {
  if (violation?.startsWith('the server threw: ')) return { cls: `server error: ${violation.slice(18).replace(/^\S+ \S+: /, '').slice(0, 60)}`, detail: violation };
  if (violation && /declares no \S+ body for status/.test(violation)) return { cls: 'server: a media type without a schema takes no body', detail: violation };
  if (violation) return { cls: 'response breaks its schema', detail: violation };
  const error = result['error'] ?? {};
  if (error.kind === 'invalid-response') return { cls: 'SDK: invalid response', detail: String(error.message) };
  if (error.kind && error.kind !== 'problem') return { cls: `transport: ${error.kind}`, detail: String(error.message) };
  const raw = (error.raw ?? error) as Record<string, any>;
  const code = (error.serverCode ?? error.code) as string | undefined;
  const status = result['status'] as number;
  if (status === 400 && code === 'VALIDATION_FAILED') return { cls: 'request refused (400)', detail: brief(raw.errors ?? raw.detail) };
  if (status === 400 && code === 'MOCK_PREFER_UNSATISFIABLE') return { cls: 'Prefer refused', detail: String(raw.detail) };
  if (status === 401) return { cls: 'credentials not sent (401)', detail: String(raw.detail) };
  if (status === 404 && code === 'ROUTE_NOT_FOUND') return { cls: 'route not found (404)', detail: String(raw.detail) };
  if (status === 405) return { cls: 'method not allowed (405)', detail: String(raw.detail) };
  if (status === 415) return { cls: 'request media type refused (415)', detail: brief(raw) };
  if (status === 413) return { cls: 'request too large (413)', detail: brief(raw) };
  if (status === 500) return { cls: 'mock failed (500)', detail: brief(raw) };
  return { cls: `unexpected status ${status}`, detail: brief(raw) };
}

/** Serve one contract's mock and call every (sampled) operation through its SDK. */
export async function runConformance(contract: string, options: ConformanceOptions): Promise<ContractReport> {
  const started = Date.now();
  const seed = options.seed ?? 'charter';
  const name = path.relative(options.projectRoot, contract).startsWith('..') ? contract : path.relative(options.projectRoot, contract);
  let sample: ReturnType<typeof sampleContract>;
  let mock: MockServer;
  try {
    sample = sampleContract(contract, options);
    mock = await startMock({ contract: sample.file, projectRoot: options.projectRoot, port: 0, host: '127.0.0.1', seed, quiet: true });
  } catch (e) {
    const message = e instanceof Error ? `${e.message}${(e as { location?: { file?: string; line?: number } }).location ? ` (${(e as any).location.file}:${(e as any).location.line ?? ''})` : ''}` : String(e);
    let total = 0;
    try {
      total = operationsOf(bundleContract(loadContract(contract)).doc as Record<string, any>).length;
    } catch {
      // not even loadable: no operations to count
    }
    return { contract: name, operations: 0, total, passed: 0, failures: [], notes: [], error: message, ms: Date.now() - started };
  }
  const failures: Failure[] = [];
  let passed = 0;
  try {
    const doc = mock.build.doc;
    const sdk = (await import(pathToFileURL(path.join(mock.build.dir, 'client/charter.js')).href)) as {
      createApiClient(o: Record<string, unknown>): Record<string, (input?: unknown) => Promise<Record<string, any>>>;
      operations: Record<string, SdkOperation>;
    };
    let last: { method: string; url: string; status?: number } = { method: '', url: '' };
    const client = sdk.createApiClient({
      baseUrl: mock.url,
      // One value for every scheme: the SDK sends it as a bearer token or API key, and base64-encoded
      // as http basic, where the generated router reads it as user `mock`, password `credential`.
      auth: 'mock:credential',
      retry: false,
      timeoutMs: 15_000,
      hooks: {
        onRequest: (e: { method: string; url: string }) => { last = { method: e.method, url: e.url }; },
        onResponse: (e: { status?: number }) => { last.status = e.status; },
      },
    });
    const byRoute = new Map<string, string>();
    for (const [method, o] of Object.entries(sdk.operations)) byRoute.set(`${o.method.toLowerCase()} ${o.path}`, method);
    for (const op of mock.operations) {
      const method = byRoute.get(`${op.method.toLowerCase()} ${op.path}`);
      const pathItem = doc.paths[op.path] ?? {};
      const opObj = pathItem[op.method.toLowerCase()] ?? {};
      if (!method || typeof client[method] !== 'function') {
        failures.push({ operationId: op.operationId, class: 'no typed SDK method', detail: `client/charter.ts has no method for ${op.method} ${op.path}`, request: `${op.method} ${op.path}`, response: '' });
        continue;
      }
      let input: Record<string, any>;
      try {
        ({ input } = callInput(doc, pathItem, opObj, mock.check, seed, op.operationId));
      } catch (e) {
        failures.push({ operationId: op.operationId, class: 'harness: no request could be built', detail: e instanceof Error ? e.message : String(e), request: `(not sent) ${op.method} ${mock.url}${op.path}`, response: '' });
        continue;
      }
      const calls: Array<{ prefer?: number; expect: number }> = [];
      const d = chooseResponse(doc, opObj, {});
      if (!('refused' in d)) calls.push({ expect: d.status });
      if (options.errorCalls !== false) {
        const err = Object.keys(opObj.responses ?? {}).filter((k) => /^[45]\d\d$/.test(k)).sort()[0];
        const success = 'refused' in d ? undefined : d.status;
        if (err && Number(err) !== success) calls.push({ prefer: Number(err), expect: Number(err) });
      }
      let ok = true;
      for (const call of calls) {
        const before = mock.violations.length;
        const errorsBefore = mock.errors.length;
        const args = structuredClone(input);
        last = { method: '', url: '' };
        if (call.prefer !== undefined) args.headers = { ...(args.headers ?? {}), Prefer: `code=${call.prefer}` };
        let result: Record<string, any>;
        try {
          result = await client[method]!(args);
          // An event stream is read to its end (at most 100 events): each event is checked by the
          // server as it is sent and parsed by the SDK as it arrives.
          const data = result['ok'] ? result['data'] : undefined;
          const streamed = /^text\/event-stream/i.test(result['headers']?.get?.('content-type') ?? '');
          if (streamed && data && typeof data === 'object' && typeof data[Symbol.asyncIterator] === 'function') {
            const events: unknown[] = [];
            for await (const e of data as AsyncIterable<unknown>) if (events.push(e) >= 100) break;
            if (!events.length) throw new Error('the event stream ended without an event');
            result = { ...result, data: events };
          }
        } catch (e) {
          ok = false;
          failures.push({ operationId: op.operationId, class: 'SDK threw', detail: e instanceof Error ? e.message : String(e), request: last.url ? `${last.method} ${last.url}` : `(not sent) ${op.method} ${mock.url}${op.path}`, response: '' });
          break;
        }
        const thrown = mock.errors.slice(errorsBefore).map((e) => e.message).join('; ');
        const violation = thrown ? `the server threw: ${thrown}` : mock.violations.slice(before).map((v) => v.message).join('; ') || undefined;
        const good = !violation && result['status'] === call.expect && (call.expect < 400 ? result['ok'] === true : result['ok'] === false && result['error']?.kind === 'problem');
        if (good) continue;
        ok = false;
        const { cls, detail } = result['ok'] === true && !violation ? { cls: `unexpected status ${result['status']}`, detail: `expected ${call.expect}` } : classify(result, violation);
        failures.push({
          operationId: op.operationId,
          class: cls,
          detail,
          request: `${last.url ? `${last.method} ${last.url}` : `(not sent) ${op.method} ${mock.url}${op.path}`}${call.prefer ? ` (Prefer: code=${call.prefer})` : ''}${args.body !== undefined ? ` body ${brief(args.body, 300)}` : ''}`,
          response: `${result['status'] ?? '-'} ${brief(result['ok'] ? result['data'] : result['error']?.raw ?? result['error'], 400)}`,
        });
        break;
      }
      if (ok) passed++;
    }
  } finally {
    await mock.close();
  }
  return { contract: name, operations: mock.operations.length, total: sample.total, passed, failures, notes: [...mock.notes], ms: Date.now() - started };
}

/** A report as a table: one row per contract, then the failure classes and each failure. */
export function formatReports(reports: ContractReport[], options: { details?: number } = {}): string {
  const lines: string[] = [];
  const rows = reports.map((r) => {
    const classes = new Map<string, number>();
    for (const f of r.failures) classes.set(f.class, (classes.get(f.class) ?? 0) + 1);
    const cls = r.error ? `generate/serve failed: ${r.error.split('\n')[0]!.slice(0, 160)}` : [...classes].map(([c, n]) => `${c} ×${n}`).join('; ');
    const ops = r.error ? String(r.total) : r.operations === r.total ? String(r.operations) : `${r.operations}/${r.total}`;
    const n = r.error ? r.total : r.operations;
    return [r.contract, ops, String(r.passed), n ? `${((100 * r.passed) / n).toFixed(1)}%` : '-', `${(r.ms / 1000).toFixed(1)}s`, cls || '-'];
  });
  const head = ['contract', 'operations', 'passed', 'rate', 'time', 'failure classes'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]!))).join('  ');
  lines.push(fmt(head), fmt(width.map((w) => '-'.repeat(Math.min(w, 40)))), ...rows.map(fmt));
  const totalOps = reports.reduce((n, r) => n + (r.error ? r.total : r.operations), 0);
  const totalPassed = reports.reduce((n, r) => n + r.passed, 0);
  lines.push(`total: ${totalPassed}/${totalOps} operations round-trip (${totalOps ? ((100 * totalPassed) / totalOps).toFixed(1) : '0'}%)`);
  const details = options.details ?? 3;
  for (const r of reports) {
    if (!r.failures.length) continue;
    lines.push('', `${r.contract}:`);
    const byClass = new Map<string, Failure[]>();
    for (const f of r.failures) byClass.set(f.class, [...(byClass.get(f.class) ?? []), f]);
    for (const [cls, fs] of byClass) {
      lines.push(`  ${cls} (${fs.length}):`);
      for (const f of fs.slice(0, details)) lines.push(`    ${f.operationId}: ${f.detail.slice(0, 300)}`, `      request:  ${f.request}`, `      response: ${f.response}`);
      if (fs.length > details) lines.push(`    … and ${fs.length - details} more`);
    }
  }
  return lines.join('\n');
}
