/**
 * Request bodies that are not JSON. `charter generate` copies this file verbatim to
 * generated/server/bodies.ts. JSON bodies are parsed by express.json before this runs; for the
 * other media types an operation declares, the body is read here by the request's Content-Type:
 *
 * - `application/x-www-form-urlencoded`: an object of its fields, decoded by the plan `charter generate`
 *   emitted for the media type (validators.ts): each member by its schema's types with the strict
 *   coercion of query parameters (request.ts `coerce`), arrays from repeated fields or by the
 *   member's `encoding` style and explode, objects from JSON (the default) or deepObject / form
 *   fields when the encoding says so;
 * - `multipart/form-data` (busboy, loaded on first use): the members as above (a part per array
 *   item, an object member's part as JSON), and each file member (`format: binary`, or
 *   `contentMediaType`) as an `UploadedFile` (`{ filename, contentType, size, stream }`), read
 *   within `fileSizeLimitBytes` and the member's `maxLength` in bytes; a file part whose media type
 *   is not one the encoding (or `contentMediaType`) declares is refused 415, more parts than a file
 *   array's `maxItems` 400, while the body is read;
 * - `text/*`: a string (in the declared charset, else UTF-8);
 * - anything else (`application/octet-stream`, `image/png`, `*\/*` …): a Buffer, within the schema's
 *   `maxLength` in bytes when it declares one.
 *
 * The router then validates forms and text against the compiled validator of the media type.
 * A body over the limit is answered 413 and a malformed one 400, by the router.
 */
import { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import { coerce, decodeForm, parseQuery, type ValueShape } from './request-runtime.ts';

// busboy is loaded on the first multipart body, so an app whose contract takes none needs neither
// the package nor its types. What the runtime uses of it:
interface BusboyFileInfo {
  filename?: string;
  mimeType: string;
}
interface BusboyParser extends NodeJS.WritableStream {
  on(event: 'field', listener: (name: string, value: string, info: { valueTruncated: boolean; mimeType?: string }) => void): this;
  on(event: 'file', listener: (name: string, stream: Readable, info: BusboyFileInfo) => void): this;
  on(event: 'filesLimit' | 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}
type Busboy = (config: { headers: Request['headers']; limits: Record<string, number> }) => BusboyParser;
let busboyModule: Promise<Busboy> | undefined;
function loadBusboy(): Promise<Busboy> {
  const name = 'busboy';
  busboyModule ??= (import(name) as Promise<{ default: Busboy }>).then(
    (m) => m.default,
    () => {
      busboyModule = undefined;
      throw new Error('multipart/form-data request bodies need the busboy package: npm install busboy');
    },
  );
  return busboyModule;
}

/** A file part of a multipart/form-data body. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
  /** The file's bytes (read within the limit before the handler runs). */
  stream: Readable;
}

export type FormValue = string | number | boolean | UploadedFile | null | FormValue[] | { [key: string]: unknown };

export interface BodyLimits {
  /** The largest body (urlencoded, text, binary) and the largest multipart field, in bytes. */
  bodyLimitBytes: number;
  /** The largest file of a multipart body (default 10 MiB). */
  fileSizeLimitBytes?: number;
  /** The most files in one multipart body (default 20). */
  maxFiles?: number;
}

const RAW = 'charterRawBody';

/** How one member of a form body is read (emitted per media type into validators.ts by `charter generate`). */
export interface FormField {
  /** The types the member's schema admits (its items' and properties'): strict coercion as for query parameters. */
  shape: ValueShape;
  /** multipart: the member is a file (`format: binary`, or `contentMediaType`), one or an array of them. */
  file?: 'one' | 'many';
  /** The file's `maxLength` (OpenAPI: the length of unencoded binary is its number of octets): its byte limit. */
  maxBytes?: number;
  /** A file array's `maxItems`: more parts than this are refused while the body is read. */
  maxFiles?: number;
  /** The media types a file part may have (`encoding.contentType`, else the schema's `contentMediaType`). */
  accept?: string[];
  /** The value (each part of an array) is JSON text: `encoding.contentType` JSON, or an object member's default. */
  json?: boolean;
  /** urlencoded: the declared `encoding` style and explode (OpenAPI 3.1 Encoding Object). */
  style?: string;
  explode?: boolean;
}

/** How a body of one declared media type is read: its form members, or its byte limit from the schema's `maxLength`. */
export interface BodyReadPlan {
  fields?: Record<string, FormField>;
  maxBytes?: number;
}

/** The body read here (its kind tells the router whether the schema can check it: a Buffer is raw bytes). */
export interface ReadBody {
  kind: 'form' | 'multipart' | 'text' | 'binary';
  media: string;
  value: unknown;
}

export function readBodyOf(res: Response): ReadBody | undefined {
  return res.locals[RAW] as ReadBody | undefined;
}

const JSON_MEDIA = /^application\/json$|^[^/]+\/[^;]*\+json$/i;

/** A JSON media type (`application/json`, `…+json`), parameters aside: of a request body, or of a response. */
export function isJsonRequest(contentType: string): boolean {
  return JSON_MEDIA.test(contentType.split(';')[0]!.trim());
}

function tooLarge(limit: number, detail?: string): Error {
  return Object.assign(new Error(detail ?? `request entity too large (limit ${limit} bytes)`), { type: 'entity.too.large', status: 413, limit, ...(detail ? { detail } : {}) });
}

function malformed(message: string, location = 'body'): Error {
  return Object.assign(new Error(message), { status: 400, errors: [{ path: `/${location}`, message }] });
}

function unsupportedPart(name: string, got: string, accept: string[]): Error {
  return Object.assign(new Error(`The part body/${name} is ${got}; it must be ${accept.join(' or ')}.`), { status: 415, supported: accept.slice(0, 10) });
}

/** Whether a media type matches one of a list of media types and ranges (`image/png`, `image/*`, `*\/*`), parameters aside. */
export function mediaMatches(media: string, accept: readonly string[]): boolean {
  const m = media.split(';')[0]!.trim().toLowerCase();
  return accept.some((a) => {
    const r = a.split(';')[0]!.trim().toLowerCase();
    return r === '*/*' || r === m || (r.endsWith('/*') && m.startsWith(r.slice(0, -1)));
  });
}

const isArrayShape = (shape: ValueShape) => shape.types.includes('array') && !shape.types.includes('string');
const isObjectShape = (shape: ValueShape) => shape.types.includes('object') && !shape.types.includes('string') && !isArrayShape(shape);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Left as text: the validator refuses it with the schema's own message at its location.
    return text;
  }
}

/**
 * How a member is read. A form field is always text, so a schema that admits a string beside other
 * types (Stripe's `anyOf: [integer, enum: ['']]`, `anyOf: [object, enum: ['']]`) is read as those
 * other types; a value that is not their canonical spelling (or JSON, for an object) stays the
 * string, which the validator then judges. A query parameter is never coerced in that case.
 */
function readShape(shape: ValueShape): ValueShape {
  return shape.types.includes('string') && shape.types.length > 1 ? { ...shape, types: shape.types.filter((t) => t !== 'string') } : shape;
}

/** One text value of a member (or of one of its items) as its shape and encoding type it. */
function typed(text: string, declared: ValueShape, json: boolean | undefined): unknown {
  const shape = readShape(declared);
  if (json || isObjectShape(shape) || (isArrayShape(shape) && /^\s*\[/.test(text))) {
    const parsed = parseJson(text);
    if (typeof parsed !== 'string' || !shape.types.some((t) => t !== 'object' && t !== 'array')) return parsed;
  }
  return coerce(text, shape);
}

const DELIMITERS: Record<string, RegExp | string> = { spaceDelimited: /%20|\+| /i, pipeDelimited: /%7C|\|/i };

/** `name[a][b]` keys of a deepObject member, as a nested object (array items by `[]` or `[0]`), values typed by the shape. */
function deepObject(name: string, pairs: Map<string, string[]>, shape: ValueShape, used: Set<string>): unknown {
  const root: { v?: unknown } = {};
  const prefix = `${name}[`;
  for (const [key, raws] of pairs) {
    if (!key.startsWith(prefix) || !key.endsWith(']')) continue;
    used.add(key);
    let holder: any = root;
    let slot: string | number = 'v';
    let s: ValueShape | undefined = shape;
    for (const seg of key.slice(prefix.length, -1).split('][')) {
      const arr: boolean = !!s && isArrayShape(s);
      holder[slot] ??= arr ? [] : {};
      holder = holder[slot];
      if (typeof holder !== 'object' || holder === null) break;
      slot = arr ? (/^(0|[1-9][0-9]{0,3})$/.test(seg) ? Number(seg) : holder.length) : seg;
      s = arr ? s?.items : s?.properties?.[seg];
    }
    const values = raws.map((r) => typed(decodeForm(r, `body/${name}`), s ?? { types: [] }, false));
    if (typeof holder === 'object' && holder !== null) holder[slot] = values.length === 1 ? values[0] : values;
  }
  return root.v;
}

function readAll(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function charsetOf(contentType: string): BufferEncoding {
  const m = /;\s*charset="?([^";]+)"?/i.exec(contentType);
  const cs = m?.[1]?.toLowerCase();
  if (cs === 'latin1' || cs === 'iso-8859-1') return 'latin1';
  if (cs === 'us-ascii' || cs === 'ascii') return 'ascii';
  if (cs === 'utf-16le') return 'utf16le';
  return 'utf8';
}

/** A part of a multipart body as busboy gave it: a field's text, or a file's bytes. */
interface Part {
  name: string;
  text?: string;
  file?: { filename: string; data: Buffer };
  contentType: string;
}

/** The fields of an urlencoded body, decoded by the plan (names the plan does not declare are kept as text, for the schema to judge). */
function urlencodedFields(text: string, fields: Record<string, FormField>): Record<string, unknown> {
  const pairs = parseQuery(text);
  const used = new Set<string>();
  const out: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries(fields)) {
    const location = `body/${name}`;
    const raws = pairs.get(name);
    const f: FormField = { ...declared, shape: readShape(declared.shape) };
    // The string a schema admits beside an array or object (Stripe's `''`, to unset a member).
    if (raws?.length === 1 && raws[0] === '' && declared.shape.types.includes('string')) {
      used.add(name);
      out[name] = '';
      continue;
    }
    const explicitStyle = f.style !== undefined || f.explode !== undefined;
    if (f.style === 'deepObject' && (isObjectShape(f.shape) || isArrayShape(f.shape))) {
      const value = deepObject(name, pairs, f.shape, used);
      if (value !== undefined) {
        out[name] = value;
        continue;
      }
    }
    if (explicitStyle && f.style !== 'deepObject' && isObjectShape(f.shape) && f.explode !== false) {
      // form, explode: the object's properties are fields of their own.
      let value: Record<string, unknown> | undefined;
      for (const [prop, ps] of Object.entries(f.shape.properties ?? {})) {
        if (prop in fields) continue;
        const pr = pairs.get(prop);
        if (!pr) continue;
        used.add(prop);
        value ??= {};
        value[prop] = pr.length === 1 ? typed(decodeForm(pr[0]!, location), ps, false) : pr.map((r) => typed(decodeForm(r, location), ps.items ?? ps, false));
      }
      if (value) {
        out[name] = value;
        continue;
      }
    }
    if (!raws) continue;
    used.add(name);
    if (isArrayShape(f.shape)) {
      const item = f.shape.items ?? { types: [] };
      if (explicitStyle && f.explode === false && raws.length === 1) {
        const sep = DELIMITERS[f.style ?? ''] ?? ',';
        out[name] = raws[0] === '' ? [] : raws[0]!.split(sep).map((r) => typed(decodeForm(r, location), item, f.json));
      } else {
        // One JSON field holding the whole array, or a field per item.
        const whole = f.json && raws.length === 1 ? parseJson(decodeForm(raws[0]!, location)) : undefined;
        out[name] = Array.isArray(whole) ? whole : raws.map((r) => typed(decodeForm(r, location), item, f.json));
      }
      continue;
    }
    if (isObjectShape(f.shape) && explicitStyle && f.style !== 'deepObject' && f.explode === false && raws.length === 1) {
      // form, explode: false: `meta=a,1,b,2`.
      const parts = raws[0] === '' ? [] : raws[0]!.split(',');
      if (parts.length % 2 === 0) {
        const obj: Record<string, unknown> = {};
        for (let i = 0; i < parts.length; i += 2) {
          const key = decodeForm(parts[i]!, location);
          obj[key] = typed(decodeForm(parts[i + 1]!, location), f.shape.properties?.[key] ?? { types: [] }, false);
        }
        out[name] = obj;
        continue;
      }
    }
    // A primitive (or a JSON-encoded member: an object's default, and what hey-api's form
    // serializer writes for an object also where deepObject is declared) given once.
    out[name] = raws.length === 1 ? typed(decodeForm(raws[0]!, location), f.shape, f.json || isObjectShape(f.shape)) : raws.map((r) => decodeForm(r, location));
  }
  for (const [name, raws] of pairs) {
    if (used.has(name)) continue;
    const values = raws.map((r) => decodeForm(r, `body/${name}`));
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function uploaded(part: Part): UploadedFile {
  const data = part.file?.data ?? Buffer.from(part.text ?? '', 'utf8');
  return { filename: part.file?.filename ?? '', contentType: part.contentType, size: data.length, stream: Readable.from([data]) };
}

/** The members of a multipart body: file members as UploadedFile (also a part sent without a filename), the others as typed text. */
function multipartFields(parts: Part[], fields: Record<string, FormField>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const many = new Set<string>();
  for (const part of parts) {
    const declared = fields[part.name];
    const f = declared && { ...declared, shape: readShape(declared.shape) };
    let value: unknown;
    if (f?.file) {
      value = uploaded(part);
      if (f.file === 'many') many.add(part.name);
    } else {
      const text = part.file ? part.file.data.toString('utf8') : (part.text ?? '');
      const array = !!f && isArrayShape(f.shape);
      // A JSON part (by the plan, or by its own Content-Type where the member takes an object or array) is parsed.
      const structured = !!f && f.shape.types.some((t) => t === 'object' || t === 'array');
      const json = f?.json || (structured && isJsonRequest(part.contentType));
      if (array) {
        many.add(part.name);
        const whole = json ? parseJson(text) : undefined;
        if (Array.isArray(whole)) {
          ((out[part.name] ??= []) as unknown[]).push(...whole);
          continue;
        }
      }
      value = f ? typed(text, array ? (f.shape.items ?? { types: [] }) : f.shape, json) : text;
    }
    if (many.has(part.name)) ((out[part.name] ??= []) as unknown[]).push(value);
    else if (part.name in out) out[part.name] = [...(Array.isArray(out[part.name]) ? (out[part.name] as unknown[]) : [out[part.name]]), value];
    else out[part.name] = value;
  }
  return out;
}

export class BodyReader {
  /**
   * Reads the body of a request whose Content-Type is not JSON into `res.locals` (`readBodyOf`),
   * by the plan emitted for the declared media type it matched (undefined: read untyped).
   */
  async read(req: Request, res: Response, plan: BodyReadPlan | undefined, limits: BodyLimits): Promise<void> {
    const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
    const media = contentType.split(';')[0]!.trim().toLowerCase();
    const fields = plan?.fields ?? {};
    let body: ReadBody;
    if (media === 'application/x-www-form-urlencoded') {
      const text = (await readAll(req, limits.bodyLimitBytes)).toString('utf8');
      body = { kind: 'form', media, value: urlencodedFields(text, fields) };
    } else if (media === 'multipart/form-data') {
      body = { kind: 'multipart', media, value: multipartFields(await this.#multipart(await loadBusboy(), req, limits, fields), fields) };
    } else if (media.startsWith('text/')) {
      body = { kind: 'text', media, value: (await readAll(req, limits.bodyLimitBytes)).toString(charsetOf(contentType)) };
    } else {
      // The schema's maxLength bounds unencoded binary in octets (OpenAPI 3.1 and 3.2, binary data).
      const limit = plan?.maxBytes !== undefined && plan.maxBytes < limits.bodyLimitBytes ? plan.maxBytes : limits.bodyLimitBytes;
      body = { kind: 'binary', media, value: await readAll(req, limit) };
    }
    res.locals[RAW] = body;
  }

  #multipart(busboy: Busboy, req: Request, limits: BodyLimits, fields: Record<string, FormField>): Promise<Part[]> {
    const fileLimit = limits.fileSizeLimitBytes ?? 10 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      let parser: BusboyParser;
      try {
        parser = busboy({ headers: req.headers, limits: { fieldSize: limits.bodyLimitBytes, fileSize: fileLimit, files: limits.maxFiles ?? 20, fields: 1000 } });
      } catch (err) {
        reject(malformed(`The multipart body cannot be read: ${(err as Error).message}.`));
        return;
      }
      const parts: Part[] = [];
      const counts = new Map<string, number>();
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        req.unpipe(parser);
        req.resume();
        reject(err);
      };
      /** The contract's limits on one more part of this member: its count, its media type, its size. */
      const admit = (name: string, contentType: string, size: number, explicitType: boolean): boolean => {
        const f = fields[name];
        if (!f?.file) return true;
        const n = (counts.get(name) ?? 0) + 1;
        counts.set(name, n);
        if (f.maxFiles !== undefined && n > f.maxFiles) {
          fail(malformed(`must NOT have more than ${f.maxFiles} items`, `body/${name}`));
          return false;
        }
        if (f.accept && explicitType && !mediaMatches(contentType, f.accept)) {
          fail(unsupportedPart(name, contentType, f.accept));
          return false;
        }
        if (f.maxBytes !== undefined && size > f.maxBytes) {
          fail(tooLarge(f.maxBytes, `The part body/${name} exceeds ${f.maxBytes} bytes (its maxLength).`));
          return false;
        }
        return true;
      };
      parser.on('field', (name, value, info) => {
        if (failed) return;
        if (info.valueTruncated) fail(tooLarge(limits.bodyLimitBytes));
        else if (admit(name, info.mimeType || 'text/plain', Buffer.byteLength(value), false)) parts.push({ name, text: value, contentType: info.mimeType || 'text/plain' });
      });
      parser.on('file', (name, stream, info) => {
        const contentType = info.mimeType || 'application/octet-stream';
        if (failed || !admit(name, contentType, 0, true)) {
          stream.resume();
          return;
        }
        const maxBytes = fields[name]?.maxBytes;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (maxBytes !== undefined && size > maxBytes) {
            fail(tooLarge(maxBytes, `The part body/${name} exceeds ${maxBytes} bytes (its maxLength).`));
            stream.resume();
            return;
          }
          chunks.push(chunk);
        });
        stream.on('limit', () => fail(tooLarge(fileLimit)));
        stream.on('end', () => {
          if (failed) return;
          parts.push({ name, file: { filename: info.filename ?? '', data: Buffer.concat(chunks, size) }, contentType });
        });
      });
      parser.on('filesLimit', () => fail(tooLarge(fileLimit)));
      parser.on('error', (err: Error) => fail(malformed(`The multipart body cannot be read: ${err.message}.`)));
      parser.on('close', () => {
        if (!failed) resolve(parts);
      });
      req.pipe(parser);
    });
  }
}
