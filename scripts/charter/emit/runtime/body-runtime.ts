/**
 * Request bodies that are not JSON. `charter generate` copies this file verbatim to
 * generated/server/bodies.ts. JSON bodies are parsed by express.json before this runs; for the
 * other media types an operation declares, the body is read here by the request's Content-Type:
 *
 * - `application/x-www-form-urlencoded`: an object of its fields, each typed by the schema's
 *   property (integer, number, boolean, array of them; an `encoding` contentType of JSON is parsed);
 * - `multipart/form-data` (busboy, loaded on first use): the fields as above, and each file part as an `UploadedFile`
 *   (`{ filename, contentType, size, stream }`), read within `fileSizeLimitBytes`;
 * - `text/*`: a string (in the declared charset, else UTF-8);
 * - anything else (`application/octet-stream`, `image/png`, `*\/*` …): a Buffer.
 *
 * A body over the limit is answered 413 and a malformed one 400, by the router.
 */
import { Readable } from 'node:stream';
import type { Request, Response } from 'express';

// busboy is loaded on the first multipart body, so an app whose contract takes none needs neither
// the package nor its types. What the runtime uses of it:
interface BusboyFileInfo {
  filename?: string;
  mimeType: string;
}
interface BusboyParser extends NodeJS.WritableStream {
  on(event: 'field', listener: (name: string, value: string, info: { valueTruncated: boolean }) => void): this;
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

type Schema = Record<string, any>;

const RAW = 'charterRawBody';

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

export function isJsonRequest(contentType: string): boolean {
  return JSON_MEDIA.test(contentType.split(';')[0]!.trim());
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error(`request entity too large (limit ${limit} bytes)`), { type: 'entity.too.large', status: 413, limit });
}

function malformed(message: string): Error {
  return Object.assign(new Error(message), { status: 400, errors: [{ path: '/body', message }] });
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

export class BodyReader {
  readonly #doc: Record<string, any>;
  readonly #schemas = new Map<string, Schema | null>();

  constructor(doc: object) {
    this.#doc = doc as Record<string, any>;
  }

  #deref(value: unknown): any {
    let v: any = value;
    for (let hops = 0; hops < 16 && v && typeof v === 'object' && typeof v.$ref === 'string' && v.$ref.startsWith('#'); hops++) {
      let t: any = this.#doc;
      for (const raw of String(v.$ref).slice(1).split('/').slice(1)) t = t?.[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
      v = t;
    }
    return v;
  }

  /** The declared media type object of the operation's request body. */
  #media(template: string, method: string, media: string): Schema | null {
    const key = `${method} ${template} ${media}`;
    let found: Schema | null | undefined = this.#schemas.get(key);
    if (found === undefined) {
      const rb = this.#deref(this.#deref(this.#doc['paths']?.[template])?.[method]?.requestBody);
      const content = rb?.content ?? {};
      const entry = Object.entries<any>(content).find(([m]) => m.toLowerCase() === media)?.[1];
      found = entry !== null && typeof entry === 'object' ? (entry as Schema) : null;
      this.#schemas.set(key, found);
    }
    return found ?? null;
  }

  /** The member schemas of an object schema (allOf parts merged). */
  #properties(schema: unknown, depth = 0): Record<string, Schema> {
    const s = this.#deref(schema);
    if (!s || typeof s !== 'object' || depth > 8) return {};
    let out: Record<string, Schema> = {};
    for (const part of Array.isArray(s.allOf) ? s.allOf : []) out = { ...out, ...this.#properties(part, depth + 1) };
    for (const [name, sub] of Object.entries<any>(s.properties ?? {})) out[name] = this.#deref(sub);
    return out;
  }

  #typeOf(schema: Schema | undefined): string | undefined {
    const s = this.#deref(schema);
    if (!s) return undefined;
    const t = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
    if (t) return t;
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      if (Array.isArray(s[key])) for (const part of s[key]) {
        const inner = this.#typeOf(part);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  /** A form field's text as its schema types it (left as text when it does not parse: validation names it). */
  #coerce(text: string, schema: Schema | undefined, encoding: Schema | undefined): unknown {
    const ct = typeof encoding?.['contentType'] === 'string' ? encoding['contentType'] : undefined;
    if (ct && isJsonRequest(ct)) {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    const type = this.#typeOf(schema);
    if (type === 'integer' || type === 'number') {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) && (type === 'number' || Number.isInteger(n)) ? n : text;
    }
    if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
    if (type === 'object' || type === 'array') {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    return text;
  }

  #fields(entries: Array<[string, string | UploadedFile]>, mediaObject: Schema | null): Record<string, unknown> {
    const props = this.#properties(mediaObject?.['schema']);
    const encodings = (mediaObject?.['encoding'] ?? {}) as Record<string, Schema>;
    const out: Record<string, unknown> = {};
    for (const [name, value] of entries) {
      const schema = props[name];
      const isArray = this.#typeOf(schema) === 'array';
      const item = isArray ? this.#deref(schema?.['items']) : schema;
      const v = typeof value === 'string' ? this.#coerce(value, item, encodings[name]) : value;
      if (isArray) ((out[name] ??= []) as unknown[]).push(v);
      else if (name in out) out[name] = [...(Array.isArray(out[name]) ? (out[name] as unknown[]) : [out[name]]), v];
      else out[name] = v;
    }
    // An exploded array field sent once with comma-separated values (`style: form, explode: false`).
    for (const [name, schema] of Object.entries(props)) {
      const enc = encodings[name];
      if (this.#typeOf(schema) === 'array' && enc?.['explode'] === false && Array.isArray(out[name]) && (out[name] as unknown[]).length === 1 && typeof (out[name] as unknown[])[0] === 'string') {
        const item = this.#deref(schema['items']);
        out[name] = String((out[name] as string[])[0]).split(',').map((p) => this.#coerce(p, item, undefined));
      }
    }
    return out;
  }

  /**
   * Reads the body of a request whose Content-Type is not JSON into `res.locals` (`readBodyOf`),
   * for the declared media type `declared` (as the operation's request body lists it).
   */
  async read(req: Request, res: Response, where: { template: string; method: string; declared: string }, limits: BodyLimits): Promise<void> {
    const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
    const media = contentType.split(';')[0]!.trim().toLowerCase();
    const mediaObject = this.#media(where.template, where.method, where.declared);
    let body: ReadBody;
    if (media === 'application/x-www-form-urlencoded') {
      const text = (await readAll(req, limits.bodyLimitBytes)).toString('utf8');
      const entries: Array<[string, string]> = [...new URLSearchParams(text)];
      body = { kind: 'form', media, value: this.#fields(entries, mediaObject) };
    } else if (media === 'multipart/form-data') {
      body = { kind: 'multipart', media, value: this.#fields(await this.#multipart(await loadBusboy(), req, limits), mediaObject) };
    } else if (media.startsWith('text/')) {
      body = { kind: 'text', media, value: (await readAll(req, limits.bodyLimitBytes)).toString(charsetOf(contentType)) };
    } else {
      body = { kind: 'binary', media, value: await readAll(req, limits.bodyLimitBytes) };
    }
    res.locals[RAW] = body;
  }

  #multipart(busboy: Busboy, req: Request, limits: BodyLimits): Promise<Array<[string, string | UploadedFile]>> {
    const fileLimit = limits.fileSizeLimitBytes ?? 10 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      let parser: BusboyParser;
      try {
        parser = busboy({ headers: req.headers, limits: { fieldSize: limits.bodyLimitBytes, fileSize: fileLimit, files: limits.maxFiles ?? 20, fields: 1000 } });
      } catch (err) {
        reject(malformed(`The multipart body cannot be read: ${(err as Error).message}.`));
        return;
      }
      const entries: Array<[string, string | UploadedFile]> = [];
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        req.unpipe(parser);
        req.resume();
        reject(err);
      };
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) fail(tooLarge(limits.bodyLimitBytes));
        else entries.push([name, value]);
      });
      parser.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          chunks.push(chunk);
        });
        stream.on('limit', () => fail(tooLarge(fileLimit)));
        stream.on('end', () => {
          if (failed) return;
          const data = Buffer.concat(chunks, size);
          entries.push([name, { filename: info.filename ?? '', contentType: info.mimeType || 'application/octet-stream', size, stream: Readable.from([data]) }]);
        });
      });
      parser.on('filesLimit', () => fail(tooLarge(fileLimit)));
      parser.on('error', (err: Error) => fail(malformed(`The multipart body cannot be read: ${err.message}.`)));
      parser.on('close', () => {
        if (!failed) resolve(entries);
      });
      req.pipe(parser);
    });
  }
}

/** A response body that is sent as it is, not as JSON: bytes, a stream, or text for a non-JSON media type. */
export function isRawResponse(media: string, body: unknown): boolean {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof Readable) return true;
  return typeof body === 'string' && !isJsonRequest(media);
}

/**
 * Sends a raw response body with its declared media type (text with a charset): a Buffer or
 * string in one write, a Readable piped (its errors end the response).
 */
export function sendRaw(req: Request, res: Response, media: string, body: unknown): void {
  const type = /^text\//i.test(media) && !/;\s*charset=/i.test(media) ? `${media}; charset=utf-8` : media;
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', type.includes('*') ? 'application/octet-stream' : type);
  if (body instanceof Readable) {
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    body.on('error', () => res.destroy());
    body.pipe(res);
    return;
  }
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body as Uint8Array);
  res.setHeader('Content-Length', data.length);
  res.end(req.method === 'HEAD' ? undefined : data);
}
