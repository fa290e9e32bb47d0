/**
 * What a mock answers for an operation: which declared status (the lowest success, or the one
 * `Prefer: code=` names), and its body and headers, from the contract's examples (the media type's
 * `example`, its named `examples`, the schema's `example`/`examples`) or generated from the schema.
 * An example that breaks its own schema is skipped (with a note), because the generated server
 * would refuse to send it; a generated value that breaks its schema is a generator bug, which the
 * server's response validation reports.
 */
import { generateValue, resolve, getRef, pointerOf, type GenerateContext } from './values.ts';
import { seeded } from './random.ts';

export interface Preference {
  code?: number;
  example?: string;
  dynamic?: boolean;
}

/** `Prefer: code=404, example=missing, dynamic=true` (RFC 7240 syntax; unknown preferences ignored). */
export function parsePrefer(header: string | string[] | undefined): Preference {
  const out: Preference = {};
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(/[,;]/)) {
    const m = /^\s*([A-Za-z-]+)\s*(?:=\s*("([^"]*)"|[^\s]*))?\s*$/.exec(part);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    const value = m[3] ?? m[2] ?? '';
    if (name === 'code' && /^[1-5]\d\d$/.test(value)) out.code = Number(value);
    else if (name === 'example' && value) out.example = value;
    else if (name === 'dynamic') out.dynamic = value === '' || value === 'true';
  }
  return out;
}

export interface Chosen {
  status: number;
  /** The key under `responses` it came from: "200", "4XX", "default". */
  key: string;
  response: Record<string, any>;
}

/** The response key a status falls under: itself, its range, else `default`. */
export function responseKeyFor(responses: Record<string, unknown>, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].find((k) => responses[k] !== undefined);
}

/** The status answered without a preference: the lowest declared 2xx, then 2XX, 3xx, default, the lowest declared. */
export function defaultStatus(responses: Record<string, unknown>): { status: number; key: string } | undefined {
  const keys = Object.keys(responses);
  const exact = keys.filter((k) => /^\d{3}$/.test(k)).map(Number).sort((a, b) => a - b);
  const success = exact.find((s) => s >= 200 && s < 300);
  if (success !== undefined) return { status: success, key: String(success) };
  const range = keys.find((k) => /^2xx$/i.test(k));
  if (range) return { status: 200, key: range };
  const redirect = exact.find((s) => s >= 300 && s < 400);
  if (redirect !== undefined) return { status: redirect, key: String(redirect) };
  if (keys.includes('default')) return { status: 200, key: 'default' };
  if (exact.length) return { status: exact[0]!, key: String(exact[0]) };
  const other = keys.find((k) => /^[1-5]xx$/i.test(k));
  return other ? { status: Number(other[0]) * 100, key: other } : undefined;
}

/** The declared response to answer, or why the preference cannot be met. */
export function chooseResponse(doc: Record<string, any>, op: Record<string, any>, prefer: Preference): Chosen | { refused: string } {
  const responses = (op.responses ?? {}) as Record<string, unknown>;
  let status: number;
  let key: string | undefined;
  if (prefer.code !== undefined) {
    status = prefer.code;
    key = responseKeyFor(responses, status);
    if (key === undefined) return { refused: `Prefer: code=${status} is not a status this operation declares (it declares ${Object.keys(responses).join(', ') || 'none'})` };
  } else {
    const d = defaultStatus(responses);
    if (!d) return { refused: 'the operation declares no responses' };
    ({ status, key } = d);
  }
  return { status, key, response: resolve(doc, responses[key]) };
}

export interface Rendered {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Where the body came from: `example "name"`, `example`, `schema example`, `generated`. */
  source: string;
}

export interface RenderOptions {
  doc: Record<string, any>;
  seed: string;
  operationId: string;
  /** The media type the generated server renders this status with (its operation table says). */
  media: string | undefined;
  check: GenerateContext['check'];
  notes: Set<string>;
  /** The error catalogue (errors/index.ts), so a generated problem carries its code's type, title and status. */
  catalogue?: Record<string, { code: string; status: number; type: string; title: string }>;
}

function exampleValue(doc: Record<string, any>, example: unknown): { ok: true; value: unknown } | { ok: false } {
  let e: any = example;
  for (let i = 0; i < 8 && e && typeof e === 'object' && typeof e.$ref === 'string'; i++) e = getRef(doc, e.$ref);
  if (e && typeof e === 'object' && 'value' in e) return { ok: true, value: e.value };
  return { ok: false };
}

/** Candidate bodies from the contract's examples, in order, each with where it came from. */
function exampleCandidates(doc: Record<string, any>, media: Record<string, any>, schema: Record<string, any>, named: string | undefined): Array<{ value: unknown; source: string }> {
  const out: Array<{ value: unknown; source: string }> = [];
  const examples = media.examples && typeof media.examples === 'object' ? (media.examples as Record<string, unknown>) : {};
  if (named !== undefined) {
    const e = examples[named] === undefined ? undefined : exampleValue(doc, examples[named]);
    if (e?.ok) out.push({ value: e.value, source: `example "${named}"` });
    return out;
  }
  if (media.example !== undefined) out.push({ value: media.example, source: 'example' });
  for (const [name, ex] of Object.entries(examples)) {
    const e = exampleValue(doc, ex);
    if (e.ok) out.push({ value: e.value, source: `example "${name}"` });
  }
  if (schema.example !== undefined) out.push({ value: schema.example, source: 'schema example' });
  if (Array.isArray(schema.examples) && schema.examples.length) out.push({ value: schema.examples[0], source: 'schema example' });
  return out;
}

/** The names of a response's examples for a media type. */
export function exampleNames(response: Record<string, any>, media: string | undefined): string[] {
  const examples = media ? response.content?.[media]?.examples : undefined;
  return examples && typeof examples === 'object' ? Object.keys(examples) : [];
}

const FRAMING = new Set(['content-type', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection']);

function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(',');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k},${headerText(v)}`).join(',');
  return String(value);
}

/** The body and headers for a chosen response. */
export function renderResponse(chosen: Chosen, prefer: Preference, o: RenderOptions): Rendered {
  const { doc } = o;
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries((chosen.response.headers ?? {}) as Record<string, unknown>)) {
    // The framing of the message is the server's to decide: a declared Transfer-Encoding or
    // Content-Length beside the one Node writes makes the response unreadable.
    if (FRAMING.has(name.toLowerCase())) continue;
    const h = resolve(doc, raw);
    let value: unknown = h.example;
    if (value === undefined && h.examples && typeof h.examples === 'object') {
      const first = Object.values(h.examples)[0];
      const e = first === undefined ? undefined : exampleValue(doc, first);
      if (e?.ok) value = e.value;
    }
    const schema = h.schema ?? (h.content ? (Object.values(h.content)[0] as { schema?: unknown } | undefined)?.schema : undefined);
    if (value === undefined && schema !== undefined) {
      value = generateValue(schema, { doc, random: seeded(o.seed, o.operationId, chosen.status, 'header', name), direction: 'response', check: o.check, notes: o.notes });
    }
    if (value !== undefined && value !== null) headers[name] = headerText(value).replace(/[^\t\x20-\x7e]/g, '?');
  }
  const status = chosen.status;
  const mediaType = o.media;
  if (status === 204 || status === 304 || mediaType === undefined) return { status, headers, source: 'none' };
  const media = (chosen.response.content?.[mediaType] ?? {}) as Record<string, any>;
  // An event stream's schema is that of one event (OpenAPI 3.2's itemSchema, else schema).
  const schemaRef = /^text\/event-stream\b/i.test(mediaType) && media.itemSchema !== undefined ? media.itemSchema : media.schema;
  const schema = resolve(doc, schemaRef);
  const pointer = pointerOf(doc, schemaRef);
  if (!prefer.dynamic) {
    for (const c of exampleCandidates(doc, media, schema, prefer.example)) {
      const verdict = schemaRef === undefined || pointer === undefined ? true : o.check?.(pointer, c.value);
      if (verdict !== false) return { status, headers, body: c.value, source: c.source };
      o.notes.add(`${o.operationId} ${chosen.key} ${mediaType}: the ${c.source} does not match the response schema; a generated value is served instead`);
    }
  }
  const random = seeded(o.seed, o.operationId, chosen.status, mediaType);
  // A media type without a schema admits any body; a JSON one still gets one (an empty object).
  let body = schemaRef === undefined ? (/[/+]json\b/i.test(mediaType) ? {} : undefined) : generateValue(schemaRef, { doc, random, direction: 'response', check: o.check, notes: o.notes });
  // A catalogue problem: one of the codes this response declares, with the catalogue's own members.
  const codes = chosen.response['x-charter-codes'];
  if (Array.isArray(codes) && codes.length && body !== null && typeof body === 'object' && !Array.isArray(body) && o.catalogue) {
    const entry = o.catalogue[random.pick(codes as string[])];
    if (entry) {
      const problem = { ...(body as object), type: entry.type, title: entry.title, status: entry.status, code: entry.code };
      if (pointer === undefined || o.check?.(pointer, problem) !== false) body = problem;
    }
  }
  return { status, headers, body, source: 'generated' };
}
