/**
 * Contract-driven fuzzing: requests generated from contracts/openapi.yaml, valid and hostile,
 * sent to the real service on a real PostgreSQL. Invariants checked on every response:
 *   - never a 5xx;
 *   - every status is declared for the operation (404/405 with a service-scope code for a
 *     request that matches no operation);
 *   - every non-2xx (other than a declared 304) is application/problem+json whose `code` is one
 *     of the operation's `x-charter-errors` and whose body matches the declared problem schema;
 *   - every 2xx has the declared media type and validates (ajv) against the response schema;
 *   - the process stays up (no uncaught exception, /healthz still answers).
 * A failure prints the request fast-check shrank it to.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Check } from './checks.ts';
import { loadServiceContract, type Contract, type Operation } from './contract-operations.ts';
import { boundaryString, deepNesting, HUGE_NUMBER_TEXT, NASTY_STRINGS, validValue, wrongType } from './schema-arbitraries.ts';
import { startTestService, testToken, type TestService } from '../../test/support/service.ts';

export interface FuzzRequest {
  operationId: string;
  method: string;
  /** Path and query as sent, under the API root. */
  url: string;
  headers: Record<string, string>;
  /** The body text; `latin1` when it holds raw (possibly invalid UTF-8) bytes. */
  body?: string;
  bodyEncoding?: 'utf8' | 'latin1';
  /** Which generator made it, to read a failure without decoding the request. */
  kind: string;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

/** encodeURIComponent, except that a lone surrogate (which it rejects) goes out as the bytes of its WTF-8 form, i.e. invalid UTF-8. */
function encodeComponent(s: string): string {
  return s.replace(/[\s\S]/gu, (ch) => {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) return `%ED%${(0xa0 | ((unit >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`;
    return encodeURIComponent(ch);
  });
}

/** Header values must be sendable at all (no CR/LF/NUL, Latin-1 only): the HTTP client refuses others before they leave. */
const sendable = (v: string) => v.replace(/[^\x20-\x7e\x80-\xff]/g, '').trim();

interface Principals {
  admin: string;
  /** Tokens of ordinary users (their own `sub`), with their ids. */
  owners: Array<{ id: string; token: string }>;
  readOnly: string;
}

function authHeader(p: Principals): fc.Arbitrary<{ label: string; value?: string }> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.constant({ label: 'admin', value: `Bearer ${p.admin}` }) },
    { weight: 2, arbitrary: fc.constantFrom(...p.owners).map((o) => ({ label: `owner ${o.id}`, value: `Bearer ${o.token}` })) },
    { weight: 1, arbitrary: fc.constant({ label: 'read-only', value: `Bearer ${p.readOnly}` }) },
    { weight: 1, arbitrary: fc.constantFrom<{ label: string; value?: string }>({ label: 'none' }, { label: 'garbage', value: 'Bearer not.a.jwt' }, { label: 'basic', value: 'Basic YTpi' }) },
  );
}

function pathParam(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s.trim() !== ''), 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', '0'.repeat(5000)).map(encodeComponent) },
    // Percent-escapes that decode to invalid UTF-8 or to a path separator.
    { weight: 1, arbitrary: fc.constantFrom('%ED%A0%80', '%FF', '%C0%AF', '%2F', '%25') },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  );
}

function paramValue(schema: any, contract: Contract): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: validValue(schema, contract.deref).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 2, arbitrary: boundaryString(schema, contract.deref) },
    { weight: 1, arbitrary: wrongType(schema, contract.deref).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
  );
}

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/json',
  '*/*',
  '',
];

/** A body for `op`: valid, structurally mutated, or raw hostile text. */
function body(op: Operation, contract: Contract): fc.Arbitrary<{ text: string; encoding: 'utf8' | 'latin1'; kind: string }> {
  const schema = contract.deref(op.body!.schema);
  const props = Object.keys(schema.properties ?? {});
  const valid = validValue(schema, contract.deref) as fc.Arbitrary<Record<string, unknown>>;
  const json = (kind: string) => (v: unknown) => ({ text: JSON.stringify(v), encoding: 'utf8' as const, kind });
  const mutated = valid.chain((v) =>
    fc.oneof(
      fc.constantFrom(...props).chain((k) => wrongType(schema.properties[k], contract.deref).map((w) => json(`wrong type for ${k}`)({ ...v, [k]: w }))),
      fc.constantFrom(...props).chain((k) => boundaryString(schema.properties[k], contract.deref).map((w) => json(`boundary string for ${k}`)({ ...v, [k]: w }))),
      fc.constantFrom('role', 'admin', 'id', 'version', 'status', 'constructor', 'x'.repeat(300)).map((k) => json(`unknown field ${k.slice(0, 20)}`)({ ...v, [k]: true })),
      fc.constant(v).map((o) => ({ text: JSON.stringify(o).replace(/^\{/, '{"__proto__":{"admin":true},'), encoding: 'utf8' as const, kind: '__proto__ field' })),
      fc.constantFrom(...(schema.required ?? props)).map((k: string) => {
        const { [k]: _gone, ...rest } = v;
        return json(`missing ${k}`)(rest);
      }),
      fc.constantFrom(...props).map((k) => json(`null ${k}`)({ ...v, [k]: null })),
      fc.tuple(fc.constantFrom(...props), fc.constantFrom(...HUGE_NUMBER_TEXT)).map(([k, n]) => ({
        text: JSON.stringify({ ...v, [k]: '__N__' }).replace('"__N__"', n),
        encoding: 'utf8' as const,
        kind: `huge number ${n} in ${k}`,
      })),
      fc.constantFrom(...props).map((k) => json(`duplicate key ${k}`)(v)).map((b) => ({ ...b, text: b.text.replace(/^\{/, `{"${props[0]}":1,`) })),
    ),
  );
  const raw = fc.oneof(
    fc.constantFrom(10, 100, 1_000, 10_000, 30_000).chain((n) => fc.constantFrom<'array' | 'object'>('array', 'object').map((k) => ({ text: deepNesting(n, k), encoding: 'utf8' as const, kind: `${k} nested ${n} deep` }))),
    fc.constantFrom(...props).chain((k) =>
      fc.constantFrom(100, 1_000, 15_000).map((n) => ({ text: `{"${k}":${deepNesting(n, 'object')}}`, encoding: 'utf8' as const, kind: `${k} nested ${n} deep` })),
    ),
    fc.constantFrom('', 'null', '[]', '"text"', '123', '{', '{"a":1}}', '\ufeff{}', 'true', '{"a":"\\ud800"}', '{"a":"\\u0000"}').map((t) => ({ text: t, encoding: 'utf8' as const, kind: 'garbage JSON' })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' as const, kind: 'random bytes' })),
    fc.constant({ text: '{"displayName":"\xff\xfe\xc0\xaf"}', encoding: 'latin1' as const, kind: 'invalid UTF-8' }),
  );
  return fc.oneof({ weight: 3, arbitrary: valid.map(json('valid')) }, { weight: 5, arbitrary: mutated }, { weight: 2, arbitrary: raw });
}

function operationRequest(op: Operation, contract: Contract, ids: string[], principals: Principals): fc.Arbitrary<FuzzRequest> {
  const pathArb = op.parameters.filter((p) => p.in === 'path').reduce<fc.Arbitrary<string>>(
    (acc, p) => acc.chain((path) => pathParam(ids).map((v) => path.replace(`{${p.name}}`, v))),
    fc.constant(op.path),
  );
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const queryArb = fc
    .tuple(
      ...queryParams.map((p) => fc.option(paramValue(p.schema, contract).map((v) => `${p.name}=${encodeComponent(v)}`), { nil: undefined, freq: 2 })),
      // Duplicate and unknown parameters, and array/object-style keys some parsers turn into objects.
      fc.option(
        fc.constantFrom(
          ...queryParams.flatMap((p) => [`${p.name}=1&${p.name}=2`, `${p.name}[]=a`, `${p.name}[x]=y`, `${p.name}`]),
          'unknown=1',
          '__proto__[admin]=true',
          'a=%ZZ',
          '%00=%00',
        ),
        { nil: undefined, freq: 3 },
      ),
    )
    .map((parts) => parts.filter((x): x is string => x !== undefined).join('&'));
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const headersArb = fc.tuple(
    ...headerParams.map((p) => {
      const value =
        p.name === 'Idempotency-Key'
          ? fc.oneof({ weight: 6, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('fixed-key-1', 'fixed-key-2') }, { weight: 2, arbitrary: paramValue(p.schema, contract) })
          : /If-(None-)?Match/.test(p.name)
            ? fc.oneof(fc.constantFrom('"1"', '"2"', '"3"', '*', 'W/"1"', '"1", "2"', '1', '""'), paramValue(p.schema, contract))
            : paramValue(p.schema, contract);
      return fc.option(value.map((v) => [p.name, sendable(v)] as const), { nil: undefined, freq: p.required ? 8 : 2 });
    }),
  );
  const bodyArb = op.body
    ? fc.tuple(body(op, contract), fc.oneof({ weight: 8, arbitrary: fc.constant(op.body.mediaType) }, { weight: 2, arbitrary: fc.constantFrom(...WRONG_CONTENT_TYPES) }))
    : fc.option(fc.constantFrom('{"unexpected":true}', 'x'), { nil: undefined, freq: 10 }).map((t) => (t === undefined ? undefined : ([{ text: t, encoding: 'utf8' as const, kind: 'body on a bodiless operation' }, 'application/json'] as const)));
  return fc.tuple(pathArb, queryArb, headersArb, bodyArb, authHeader(principals)).map(([path, query, headerPairs, b, auth]) => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    for (const pair of headerPairs) if (pair) headers[pair[0].toLowerCase()] = pair[1];
    if (auth.value) headers.authorization = auth.value;
    const request: FuzzRequest = { operationId: op.operationId, method: op.method, url: query ? `${path}?${query}` : path, headers, kind: `${auth.label}; ${b ? b[0].kind : 'no body'}` };
    if (b) {
      request.body = b[0].text;
      request.bodyEncoding = b[0].encoding;
      if (b[1] !== '') headers['content-type'] = b[1];
    }
    return request;
  });
}

/** Requests that match no operation: unknown paths and methods the contract does not declare. */
function unmatchedRequest(admin: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      // Not '/USERS' or '/users/': Express matches paths case-insensitively and ignores a trailing
      // slash, so those reach listUsers (validated as such) rather than the not-found fallback.
      fc.constantFrom('/users/x/y/z', '/nope', '//users', '/users/%2e%2e/%2e%2e', '/users;x=1', '/users/00000000-0000-4000-8000-000000000000/avatar'),
    )
    .map(([method, url]) => ({ operationId: '(unmatched)', method, url, headers: { authorization: `Bearer ${admin}`, accept: 'application/json' }, kind: 'unmatched' }));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** node:http rather than fetch: fetch refuses a body on GET and rewrites some headers, and hostile requests need both. */
export function send(baseUrl: string, req: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResponse> {
  const body = req.body === undefined ? undefined : Buffer.from(req.body, req.bodyEncoding ?? 'utf8');
  return new Promise((resolve, reject) => {
    const r = http.request(`${baseUrl}${req.url}`, { method: req.method, headers: { ...req.headers, ...(body && { 'content-length': String(body.length) }) }, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no response within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(body);
  });
}

/** Undefined when the response keeps every invariant; otherwise what it broke. */
export function responseViolation(contract: Contract, op: Operation | undefined, res: FuzzResponse): string | undefined {
  if (res.status >= 500) return `answered ${res.status} (a 5xx): ${res.text.slice(0, 300)}`;
  const isProblem = res.contentType.startsWith('application/problem+json');
  if (res.status >= 200 && res.status < 300) {
    if (!op) return `an unmatched request answered ${res.status}`;
    const declared = op.responses.get(res.status);
    if (!declared) return `${res.status} is not declared for ${op.operationId}`;
    if (!declared.schemaRef) return res.text === '' ? undefined : `${res.status} should have no body, got ${res.text.slice(0, 100)}`;
    if (!res.contentType.startsWith(declared.mediaType!)) return `${res.status} has content-type ${res.contentType}, declared ${declared.mediaType}`;
    const invalid = contract.validate(declared.schemaRef, JSON.parse(res.text));
    return invalid ? `${res.status} body does not match the contract: ${invalid}` : undefined;
  }
  if (res.status === 304 && op?.responses.has(304)) return res.text === '' ? undefined : '304 with a body';
  if (!isProblem) return `${res.status} is not application/problem+json (content-type ${res.contentType}): ${res.text.slice(0, 200)}`;
  let problem: any;
  try {
    problem = JSON.parse(res.text);
  } catch {
    return `${res.status} problem body is not JSON: ${res.text.slice(0, 200)}`;
  }
  if (problem.status !== res.status) return `problem.status ${problem.status} differs from the HTTP status ${res.status}`;
  if (contract.serviceCodes.has(problem.code)) return undefined;
  if (!op) return `an unmatched request answered ${problem.code}, not a service-scope code`;
  if (!op.errorCodes.has(problem.code)) return `${problem.code} is not in ${op.operationId}'s x-charter-errors`;
  const declared = op.responses.get(res.status);
  if (!declared?.schemaRef) return `${res.status} is not declared for ${op.operationId}`;
  const invalid = contract.validate(declared.schemaRef, problem);
  return invalid ? `${res.status} ${problem.code} does not match its problem schema: ${invalid}` : undefined;
}

export function describeRequest(req: FuzzRequest): string {
  const body = req.body === undefined ? '' : `\n  body (${req.bodyEncoding}, ${req.body.length} chars): ${JSON.stringify(req.body.length > 400 ? `${req.body.slice(0, 400)}…` : req.body)}`;
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${k === 'authorization' ? `${v.slice(0, 20)}…` : v}`)
    .join(' | ');
  const url = req.url.length > 300 ? `${req.url.slice(0, 300)}… (${req.url.length} chars)` : req.url;
  return `${req.method} ${url} [${req.kind}]\n  headers: ${headers}${body}`;
}

export interface FuzzOptions {
  /** Total requests across all operations. */
  runs: number;
  seed?: number;
  service?: TestService;
}

/** Creates a few users to aim at, then runs one property per operation (plus unmatched routes) concurrently. */
export async function fuzzContract(check: Check, options: FuzzOptions): Promise<void> {
  const contract = loadServiceContract();
  const service = options.service ?? (await startTestService({ bodyLimitBytes: 100 * 1024 }));
  const crashes: string[] = [];
  const onCrash = (err: unknown) => crashes.push(String((err as Error)?.stack ?? err));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${service.baseUrl}/users`, {
        method: 'POST',
        headers: { ...service.asAdmin, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ email: `fuzz-${i}-${randomUUID()}@example.com`, displayName: `Fuzz ${i}` }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const principals: Principals = {
      admin: service.adminToken,
      owners: await Promise.all(ids.slice(0, 3).map(async (id) => ({ id, token: await testToken({ sub: id, scopes: 'users:read users:write' }) }))),
      readOnly: await testToken({ sub: ids[3]!, scopes: 'users:read' }),
    };
    const statuses = new Map<number, number>();
    const properties: Array<{ name: string; op?: Operation; arb: fc.Arbitrary<FuzzRequest> }> = [
      ...contract.operations.map((op) => ({ name: op.operationId, op, arb: operationRequest(op, contract, ids, principals) })),
      { name: '(unmatched)', arb: unmatchedRequest(service.adminToken) },
    ];
    const perProperty = Math.ceil(options.runs / properties.length);
    await Promise.all(
      properties.map(async ({ name, op, arb }) => {
        let ran = 0;
        const out = await fc.check(
          fc.asyncProperty(arb, async (req) => {
            ran += 1;
            const res = await send(service.baseUrl, req);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const violation = responseViolation(contract, op, res);
            if (violation) throw new Error(violation);
          }),
          { numRuns: perProperty, seed: options.seed, endOnFailure: false, maxSkipsPerRun: 1 },
        );
        check.tried += ran;
        if (out.failed) {
          const shrunk = out.counterexample?.[0] as FuzzRequest | undefined;
          check.fail(`${name}: ${(out.errorInstance as Error)?.message ?? 'failed'} (seed ${out.seed}, shrunk after ${out.numShrinks} steps)\n  ${shrunk ? describeRequest(shrunk) : ''}`);
        }
      }),
    );
    const health = await fetch(`${service.origin}/healthz`).then((r) => r.status).catch((err: Error) => err.message);
    check.expect(health === 200, () => `/healthz after fuzzing answered ${health}`);
    for (const c of crashes) check.fail(`uncaught in the service process: ${c}`);
    check.note(`statuses ${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`);
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    if (!options.service) await service.close();
  }
}
