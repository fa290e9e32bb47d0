/**
 * The differential harness: one contract served twice by the generated runtime, once with the
 * request decoding and validation compiled at generate time and once with express-openapi-validator
 * (the reference), and requests generated with fast-check from each operation's parameter and body
 * schemas (valid ones, and ones mutated to be invalid) sent to both. Each pair of answers is
 * compared on accept/reject and, when both accept, on the values the handler received.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { deref, listOperations } from '../../scripts/charter/model/openapi.ts';
import { basePathOf, expressPath } from '../../scripts/charter/emit/server.ts';
import { emitRequestValidation } from '../../scripts/charter/emit/validation.ts';
import { camelIdentifier, uniqueIdentifiers } from '../../scripts/charter/emit/typescript.ts';
import { createRuntimeRouter, type OperationSpec } from '../../scripts/charter/emit/runtime/server-runtime.ts';
import type { ParamPlan } from '../../scripts/charter/emit/runtime/request-runtime.ts';
import { REPO_ROOT } from '../support/cli.ts';

const CACHE = path.join(REPO_ROOT, 'node_modules/.cache/charter-differential');

export interface Contract {
  name: string;
  doc: Record<string, any>;
  plans: Record<string, any>;
  operations: OperationSpec[];
  basePath: string;
}

/** The document (expanded when it is our own, from generated/openapi.json) and its compiled plans. */
export async function compileContract(name: string, file: string): Promise<Contract> {
  const doc = file.endsWith('generated/openapi.json') ? JSON.parse(fs.readFileSync(file, 'utf8')) : loadContract(file).doc;
  const ops = listOperations(doc);
  const names = uniqueIdentifiers(ops.map((o) => o.operationId), camelIdentifier);
  const files = emitRequestValidation({ doc, operations: ops, names, header: '// differential test\n', importExtension: '.ts' });
  const dir = path.join(CACHE, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'server'), { recursive: true });
  for (const [f, text] of files) fs.writeFileSync(path.join(dir, f), text);
  const { requestPlans } = await import(pathToFileURL(path.join(dir, 'server/validators.ts')).href);
  const operations: OperationSpec[] = ops.map((o) => ({
    operationId: names.get(o.operationId)!,
    method: o.method,
    path: expressPath(o.path),
    headers: o.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
    missing: [],
    responses: {},
  }));
  return { name, doc, plans: requestPlans, operations, basePath: basePathOf(doc) };
}

export interface Answer {
  status: number;
  input?: any;
  body?: any;
}

export interface Served {
  url: string;
  last: Map<string, any>;
  close(): Promise<void>;
}

/** The runtime router over the contract, in one mode; handlers record their input under the request's `x-probe` header. */
export async function serveMode(c: Contract, mode: 'compiled' | 'express-openapi-validator'): Promise<Served> {
  const last = new Map<string, any>();
  const handlers: Record<string, any> = {};
  for (const op of c.operations) {
    handlers[op.operationId] = (input: any, ctx: any) => {
      last.set(ctx.probe, JSON.parse(JSON.stringify(input)));
      return { status: 204 };
    };
  }
  const app = express();
  app.use(
    createRuntimeRouter({
      // express-openapi-validator's $ref parser follows `$ref` members inside example values (data,
      // not references) and tries to download them; the reference gets the document without them.
      apiSpec: mode === 'compiled' ? structuredClone(c.doc) : withoutExamples(c.doc),
      basePath: c.basePath,
      operations: c.operations,
      handlers,
      catalogue: {},
      requestPlans: c.plans,
      // Refusals as RFC 9457 problems (not the contract's own error shapes): the comparison reads their `errors`.
      options: { context: (req) => ({ probe: req.headers['x-probe'] }), validateResponses: false, requestValidation: mode, refusals: 'problem', onError: (err) => { if (process.env.DIFF_DEBUG) console.error('onError', mode, String((err as Error)?.stack ?? err).slice(0, 600)); } },
    }),
  );
  const srv = http.createServer(app);
  // The probes' keep-alive agent may leave a socket idle for longer than Node's 5 s default while
  // another contract compiles; a server closing it just as a probe reuses it answers "socket hang
  // up". Idle sockets stay open until close() closes them all.
  srv.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as { port: number }).port}${c.basePath}`,
    last,
    close: () => new Promise<void>((resolve) => {
      srv.closeAllConnections();
      srv.close(() => resolve());
    }),
  };
}

/** The document without `example`/`examples` members (except as property names), which validation never reads. */
export function withoutExamples(value: unknown, parentKey = ''): any {
  if (Array.isArray(value)) return value.map((v) => withoutExamples(v));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const isNameMap = parentKey === 'properties' || parentKey === 'patternProperties' || parentKey === '$defs' || parentKey === 'schemas';
  for (const [k, v] of Object.entries(value)) {
    if (!isNameMap && (k === 'example' || k === 'examples')) continue;
    out[k] = withoutExamples(v, k);
  }
  return out;
}

export interface Probe {
  operationId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was mutated to make it invalid (undefined: generated from the schemas as valid as the generator can). */
  mutation?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function send(baseUrl: string, probe: Probe, id: string, served: Served): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...probe.headers, 'x-probe': id };
    if (probe.body !== undefined) headers['content-length'] = String(Buffer.byteLength(probe.body));
    const req = http.request(`${baseUrl}${probe.path}`, { method: probe.method.toUpperCase(), headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const input = served.last.get(id);
        served.last.delete(id);
        let body: any = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: res.statusCode ?? 0, input, body });
      });
    });
    req.on('error', reject);
    req.end(probe.body);
  });
}

// ---------------------------------------------------------------------------------------------
// Generators

const NON_CANONICAL_NUMERALS = ['Infinity', '-Infinity', '1e309', '0x10', ' 5', '+5', '05', '1.5', '1e2', 'NaN', '', 'abc', '9007199254740993'];
const NON_BOOLEANS = ['1', '0', 'TRUE', 'yes', ''];

function typeOf(s: any): string | undefined {
  if (typeof s?.type === 'string') return s.type;
  if (Array.isArray(s?.type)) return s.type.find((t: string) => t !== 'null');
  if (s?.properties) return 'object';
  if (s?.items) return 'array';
  return undefined;
}

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  date: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  'date-time': fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  email: fc.emailAddress(),
  uri: fc.webUrl(),
  url: fc.webUrl(),
  ipv4: fc.ipV4(),
};

/** Values for a schema, mostly valid: enums, bounds, formats and patterns are honoured where they can be. */
export function valueArb(doc: any, schema: any, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || depth > 4) return fc.constant('x');
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.allOf) && s.allOf.length === 1) return valueArb(doc, s.allOf[0], depth + 1);
  for (const key of ['oneOf', 'anyOf']) if (Array.isArray(s[key]) && s[key].length) return fc.oneof(...s[key].slice(0, 4).map((x: any) => valueArb(doc, x, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts = s.allOf.map((x: any) => deref(doc, x));
    const merged = { type: 'object', properties: Object.assign({}, ...parts.map((p: any) => p?.properties ?? {})), required: parts.flatMap((p: any) => p?.required ?? []) };
    return valueArb(doc, merged, depth + 1);
  }
  switch (typeOf(s)) {
    case 'integer': {
      const min = typeof s.minimum === 'number' ? Math.ceil(s.minimum) : typeof s.exclusiveMinimum === 'number' ? Math.floor(s.exclusiveMinimum) + 1 : -1000;
      const max = typeof s.maximum === 'number' ? Math.floor(s.maximum) : typeof s.exclusiveMaximum === 'number' ? Math.ceil(s.exclusiveMaximum) - 1 : 1000;
      return min <= max ? fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }) : fc.integer();
    }
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000;
      const max = typeof s.maximum === 'number' ? s.maximum : 1000;
      return min <= max ? fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) : fc.double({ noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      const max = Math.max(min, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3));
      return fc.array(valueArb(doc, s.items, depth + 1), { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = s.properties && typeof s.properties === 'object' ? s.properties : {};
      const required = Array.isArray(s.required) ? s.required.filter((k: string) => k in props) : [];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props).slice(0, 12)) record[k] = valueArb(doc, v, depth + 1);
      for (const k of required) record[k] ??= valueArb(doc, props[k], depth + 1);
      return fc.record(record, { requiredKeys: required.filter((k: string) => k in record) });
    }
    default: {
      if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format]!;
      if (typeof s.pattern === 'string') {
        try {
          // No length filter: a pattern whose strings are always too long would never finish; such values are refused by both.
          return fc.stringMatching(new RegExp(s.pattern, 'u'));
        } catch {
          return fc.constant('x');
        }
      }
      const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
      const maxLength = Math.max(minLength, Math.min(typeof s.maxLength === 'number' ? s.maxLength : 12, 12));
      return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
    }
  }
}

/** A parameter value serialised to the wire by its style (only the shapes the generator makes). */
function serialise(plan: ParamPlan, value: unknown): { pairs?: Array<[string, string]>; text?: string } {
  const enc = plan.in === 'header' ? (x: string) => x : encodeURIComponent;
  const prim = (v: unknown) => enc(typeof v === 'string' ? v : JSON.stringify(v));
  if (plan.media) return plan.in === 'query' ? { pairs: [[plan.name, JSON.stringify(value)]] } : { text: enc(JSON.stringify(value)) };
  if (Array.isArray(value)) {
    if (plan.in === 'query') {
      if (plan.explode) return { pairs: value.map((v) => [plan.name, typeof v === 'string' ? v : JSON.stringify(v)]) };
      const sep = plan.style === 'spaceDelimited' ? ' ' : plan.style === 'pipeDelimited' ? '|' : ',';
      return { pairs: [[plan.name, value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep)]] };
    }
    const items = value.map(prim);
    if (plan.style === 'label') return { text: `.${items.join(plan.explode ? '.' : ',')}` };
    if (plan.style === 'matrix') return { text: plan.explode ? items.map((i) => `;${plan.name}=${i}`).join('') : `;${plan.name}=${items.join(',')}` };
    return { text: items.join(',') };
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v === null || typeof v !== 'object');
    const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
    if (plan.in === 'query') {
      if (plan.style === 'deepObject') return { pairs: entries.map(([k, v]) => [`${plan.name}[${k}]`, str(v)]) };
      if (plan.explode) return { pairs: entries.map(([k, v]) => [k, str(v)]) };
      return { pairs: [[plan.name, entries.flatMap(([k, v]) => [k, str(v)]).join(',')]] };
    }
    const parts = plan.explode ? entries.map(([k, v]) => `${enc(k)}=${prim(v)}`) : entries.flatMap(([k, v]) => [enc(k), prim(v)]);
    if (plan.style === 'label') return { text: `.${parts.join(plan.explode ? '.' : ',')}` };
    if (plan.style === 'matrix') return { text: plan.explode ? parts.map((p) => `;${p}`).join('') : `;${plan.name}=${parts.join(',')}` };
    return { text: parts.join(',') };
  }
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  if (plan.in === 'query') return { pairs: [[plan.name, raw]] };
  if (plan.style === 'label') return { text: `.${enc(raw)}` };
  if (plan.style === 'matrix') return { text: `;${plan.name}=${enc(raw)}` };
  return { text: enc(raw) };
}

function paramSchema(doc: any, plan: ParamPlan, op: any): any {
  const p = op.parameters.find((x: any) => x.in === plan.in && x.name === plan.name);
  return p?.schema;
}

/**
 * Requests for one operation: `valid` generated from the schemas, and as many mutated ones (a
 * numeral or boolean spelled non-canonically, a required parameter or body member dropped, a
 * member of the wrong type, an unknown query parameter).
 */
export function probesFor(c: Contract, operationId: string, count: number, seed: number): Probe[] {
  const plan = c.plans[operationId];
  const view = listOperationsCached(c).get(`${plan.method} ${plan.template}`);
  const rb = deref(c.doc, view.op.requestBody);
  const jsonMedia = rb?.content ? Object.keys(rb.content).find((m) => /json/i.test(m)) : undefined;
  const bodySchema = jsonMedia ? rb.content[jsonMedia]?.schema : undefined;
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of plan.params as ParamPlan[]) arbs[`${p.in}:${p.name}`] = valueArb(c.doc, paramSchema(c.doc, p, view) ?? {});
  const paramsArb = fc.record(arbs, { requiredKeys: [] });
  const requiredKeys = (plan.params as ParamPlan[]).filter((p) => p.required).map((p) => `${p.in}:${p.name}`);
  const bodyArb = bodySchema ? valueArb(c.doc, bodySchema) : fc.constant(undefined);
  const mutationArb = fc.constantFrom('numeral', 'boolean', 'drop-required', 'unknown-query', 'body-type', 'body-drop', 'none');
  const samples = fc.sample(fc.tuple(paramsArb, bodyArb, mutationArb, fc.nat(1000)), { numRuns: count, seed });
  return samples.map(([params, body, mutation, pick], i) => {
    const values: Record<string, unknown> = { ...params };
    for (const k of requiredKeys) if (!(k in values)) values[k] = fc.sample(arbs[k]!, { numRuns: 1, seed: seed + i })[0];
    let applied: string | undefined;
    const mutate = i % 2 === 1;
    if (mutate) {
      const plans = plan.params as ParamPlan[];
      const numeric = plans.filter((p) => p.shape.types.some((t) => t === 'integer' || t === 'number') && !p.shape.types.includes('string'));
      const bools = plans.filter((p) => p.shape.types.includes('boolean') && !p.shape.types.includes('string'));
      if (mutation === 'numeral' && numeric.length) {
        const p = numeric[pick % numeric.length]!;
        values[`${p.in}:${p.name}`] = NON_CANONICAL_NUMERALS[pick % NON_CANONICAL_NUMERALS.length];
        applied = `numeral ${p.in}/${p.name}=${JSON.stringify(values[`${p.in}:${p.name}`])}`;
      } else if (mutation === 'boolean' && bools.length) {
        const p = bools[pick % bools.length]!;
        values[`${p.in}:${p.name}`] = NON_BOOLEANS[pick % NON_BOOLEANS.length];
        applied = `boolean ${p.in}/${p.name}=${JSON.stringify(values[`${p.in}:${p.name}`])}`;
      } else if (mutation === 'drop-required' && requiredKeys.some((k) => !k.startsWith('path:'))) {
        const ks = requiredKeys.filter((k) => !k.startsWith('path:'));
        const k = ks[pick % ks.length]!;
        delete values[k];
        applied = `drop ${k}`;
      } else if (mutation === 'body-type' && body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length) {
        const k = Object.keys(body)[pick % Object.keys(body).length]!;
        body = { ...(body as object), [k]: typeof (body as any)[k] === 'number' ? 'not a number' : 12345 };
        applied = `body ${k} wrong type`;
      } else if (mutation === 'body-drop' && bodySchema) {
        body = undefined;
        applied = 'body dropped';
      } else {
        applied = 'unknown query parameter';
      }
    }
    let urlPath = plan.template as string;
    const query: Array<[string, string]> = [];
    const headers: Record<string, string> = {};
    const cookies: string[] = [];
    for (const p of plan.params as ParamPlan[]) {
      const k = `${p.in}:${p.name}`;
      if (!(k in values)) continue;
      const wire = serialise(p, values[k]);
      if (p.in === 'path') urlPath = urlPath.split(`{${p.name}}`).join(wire.text === '' ? 'x' : wire.text!);
      else if (p.in === 'query') query.push(...wire.pairs!);
      else if (p.in === 'header') {
        if (!/^[\t\x20-\x7e]*$/.test(wire.text!) || /^\s|\s$/.test(wire.text!)) continue; // not sendable as a header value
        headers[p.name.toLowerCase()] = wire.text!;
      } else cookies.push(`${p.name}=${wire.text}`);
    }
    if (applied === 'unknown query parameter') query.push(['charterUnknown', '1']);
    if (cookies.length) headers['cookie'] = cookies.join('; ');
    const search = query.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&');
    const probe: Probe = { operationId, method: plan.method, path: urlPath + (search ? `?${search}` : ''), headers };
    if (body !== undefined && jsonMedia) {
      probe.body = JSON.stringify(body);
      headers['content-type'] = jsonMedia;
    }
    if (applied) probe.mutation = applied;
    return probe;
  });
}

const viewCache = new WeakMap<Contract, Map<string, any>>();
function listOperationsCached(c: Contract): Map<string, any> {
  let m = viewCache.get(c);
  if (!m) {
    m = new Map(listOperations(c.doc).map((o) => [`${o.method} ${o.path}`, o]));
    viewCache.set(c, m);
  }
  return m;
}

export interface Disagreement {
  contract: string;
  probe: Probe;
  compiled: Answer;
  reference: Answer;
  /** Why they differ, when it is one of the documented differences (docs/request-validation.md). */
  known?: string;
}
