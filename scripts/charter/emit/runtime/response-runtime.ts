/**
 * Response representations. `charter generate` copies this file verbatim to
 * generated/server/responses.ts. The router (runtime.ts) renders JSON itself; this module holds
 * what else a response can be:
 *
 * - **content negotiation** (RFC 9110 §12.5.1): which of the media types an operation declares the
 *   request's `Accept` admits, by the most specific matching range and its `q`, so the router can
 *   answer 406 before the handler runs and tell the handler which representation the client prefers;
 * - **raw bodies**: a Buffer, Uint8Array or Readable, or text for a non-JSON media type, sent with
 *   the declared media type;
 * - **`text/event-stream`**: an async iterable of `{ data, event?, id?, retry? }` written as
 *   server-sent events (string data as text, any other value as one line of JSON), each event's `data` checked against the schema the contract declares for one
 *   event (OpenAPI 3.2's `itemSchema`, else the media type's `schema`), with heartbeat comments while
 *   the iterable is quiet, backpressure, and the iterator closed (`return()`, so its `finally` runs)
 *   when the client goes away.
 */
import { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import { isJsonRequest } from './body-runtime.ts';

function bare(media: string): string {
  return media.split(';')[0]!.trim().toLowerCase();
}

/** A response body that is sent as it is, not as JSON: bytes, a stream, or text for a non-JSON media type. */
export function isRawResponse(media: string, body: unknown): boolean {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof Readable) return true;
  // A range the contract declares (`*/*`, `application/*`) is JSON too, as its handler's body type is.
  return typeof body === 'string' && !isJsonRequest(media) && !/^(\*\/\*|application\/\*)$/i.test(bare(media));
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

// ---------------------------------------------------------------------------------------------
// Content negotiation

interface AcceptRange {
  type: string;
  subtype: string;
  /** Media type parameters other than q, lower-cased names. */
  params: Array<[string, string]>;
  q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The ranges of an Accept value; a malformed range is left out (RFC 9110 lets a server disregard it). */
export function parseAccept(accept: string): AcceptRange[] {
  const out: AcceptRange[] = [];
  for (const part of accept.split(',')) {
    const [range, ...rest] = part.split(';');
    const m = /^\s*([^\s/]+)\/([^\s/]+)\s*$/.exec(range ?? '');
    if (!m || !TOKEN.test(m[1]!) || !TOKEN.test(m[2]!)) continue;
    const type = m[1]!.toLowerCase();
    const subtype = m[2]!.toLowerCase();
    if (type === '*' && subtype !== '*') continue;
    let q = 1;
    let valid = true;
    const params: Array<[string, string]> = [];
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq === -1) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'q') {
        if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value)) valid = false;
        else q = Number(value);
      } else params.push([name, value.toLowerCase()]);
    }
    if (valid) out.push({ type, subtype, params, q });
  }
  return out;
}

/** How specific a range is when it matches: exact with parameters, exact, type/*, then *\/*. */
function specificity(r: AcceptRange): number {
  return r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2 + r.params.length;
}

/**
 * The quality the ranges give a media type: the q of the most specific range that matches it, 0
 * when none does. A declared range (`image/*`, `*\/*`) is as acceptable as the best range it overlaps.
 */
export function acceptQuality(ranges: readonly AcceptRange[], media: string): number {
  const [base, ...rawParams] = media.split(';');
  const [type = '', subtype = ''] = bare(base!).split('/');
  const params = new Map(rawParams.map((p) => p.split('=')).filter((kv) => kv.length === 2).map(([k, v]) => [k!.trim().toLowerCase(), v!.trim().replace(/^"(.*)"$/, '$1').toLowerCase()]));
  if (type === '*' || subtype === '*') {
    let best = 0;
    for (const r of ranges) {
      const overlaps = type === '*' || r.type === '*' || (r.type === type && (subtype === '*' || r.subtype === '*' || r.subtype === subtype));
      if (overlaps && r.q > best) best = r.q;
    }
    return best;
  }
  let match: AcceptRange | undefined;
  for (const r of ranges) {
    if (r.type !== '*' && r.type !== type) continue;
    if (r.subtype !== '*' && r.subtype !== subtype) continue;
    if (!r.params.every(([k, v]) => params.get(k) === v)) continue;
    if (!match || specificity(r) > specificity(match)) match = r;
  }
  return match?.q ?? 0;
}

/**
 * The media types an operation's success responses declare, over which Accept is negotiated: each
 * 2xx status in order, its rendering media type (`responses`) first, then its other
 * representations (`media`). The generator types the handler's `accept` with the same list.
 */
export function successMedia(op: { responses: Record<string, string | undefined>; media?: Record<string, string[]> }): string[] {
  const list = new Set<string>();
  for (const status of Object.keys(op.responses).sort()) {
    if (status[0] !== '2') continue;
    const first = op.responses[status];
    if (first !== undefined) list.add(first);
    for (const m of op.media?.[status] ?? []) list.add(m);
  }
  return [...list];
}

/** Each negotiator's answer by Accept value, for at most this many Accept values (clients send the same few). */
const negotiated = new Map<string, Map<number, string | null>>();
const MAX_NEGOTIATED = 512;
let negotiators = 0;

/**
 * The negotiation over one operation's declared media types: for a request's Accept, the one it
 * prefers, the highest quality, ties to the earlier in `available` (the contract's preferred first).
 * No Accept, an empty one or one with no valid range admits anything, so the first is returned;
 * `undefined` means none is acceptable (406). The router makes one per operation at start-up.
 */
export function negotiator(available: readonly string[]): (accept: string | undefined) => string | undefined {
  const id = negotiators++;
  return (accept) => {
    if (accept === undefined || accept === '*/*' || available.length === 0) return available[0];
    let answers = negotiated.get(accept);
    const cached = answers?.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const ranges = parseAccept(accept);
    let best: string | undefined;
    if (ranges.length === 0) best = available[0];
    else {
      let bestQ = 0;
      for (const media of available) {
        const q = acceptQuality(ranges, media);
        if (q > bestQ) {
          bestQ = q;
          best = media;
        }
      }
    }
    if (!answers) {
      if (negotiated.size >= MAX_NEGOTIATED) negotiated.clear();
      answers = new Map();
      negotiated.set(accept, answers);
    }
    answers.set(id, best ?? null);
    return best;
  };
}

// ---------------------------------------------------------------------------------------------
// Server-sent events

/** One server-sent event: `data` is the contract's event schema; `event`, `id` and `retry` are the SSE fields. */
export interface ServerSentEvent<T = unknown> {
  data: T;
  event?: string;
  id?: string;
  /** Reconnection time in milliseconds the client should use. */
  retry?: number;
}

export function isEventStream(media: string | undefined): boolean {
  return media !== undefined && bare(media) === 'text/event-stream';
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

export interface EventStreamOptions {
  /** Milliseconds of quiet after which a `:` comment is written, so proxies keep the connection (0: never). */
  heartbeatMs: number;
  /** Why an event breaks the contract, or undefined when it conforms (the router's response validation). */
  check?(event: ServerSentEvent): string | undefined;
  /** An event that breaks the contract, or an iterator that throws, after the head was sent: the stream ends and this is told why. */
  onAbort(reason: { kind: 'invalid'; message: string } | { kind: 'error'; error: unknown }): void;
}

/** Why a value is not a sendable event (field syntax only; `data` is the contract's to judge). */
function malformedEvent(e: unknown): string | undefined {
  if (e === null || typeof e !== 'object' || !('data' in e)) return 'an event must be an object with a data member';
  const { event, id, retry } = e as ServerSentEvent;
  if (event !== undefined && (typeof event !== 'string' || /[\r\n]/.test(event))) return 'event must be a string without line breaks';
  if (id !== undefined && (typeof id !== 'string' || /[\r\n\0]/.test(id))) return 'id must be a string without line breaks or NUL';
  if (retry !== undefined && !(Number.isSafeInteger(retry) && retry >= 0)) return 'retry must be a non-negative integer';
  return undefined;
}

/** The wire form of one event: string data as text (one `data:` line per line), any other value as JSON. */
export function formatEvent(e: ServerSentEvent): string {
  let out = '';
  if (e.event !== undefined) out += `event: ${e.event}\n`;
  if (e.id !== undefined) out += `id: ${e.id}\n`;
  if (e.retry !== undefined) out += `retry: ${e.retry}\n`;
  const text = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  for (const line of (text ?? 'null').split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * Why the first event cannot be sent, checked before the head is written so that a broken first
 * event (or an iterator that fails at once) is still answered with a proper error status.
 */
export type FirstEvent = { kind: 'event'; value: ServerSentEvent } | { kind: 'done' } | { kind: 'invalid'; message: string } | { kind: 'error'; error: unknown };

export async function firstEvent(iterator: AsyncIterator<unknown>, check: EventStreamOptions['check']): Promise<FirstEvent> {
  let step: IteratorResult<unknown>;
  try {
    step = await iterator.next();
  } catch (error) {
    return { kind: 'error', error };
  }
  if (step.done) return { kind: 'done' };
  const why = malformedEvent(step.value) ?? check?.(step.value as ServerSentEvent);
  if (why !== undefined) {
    void iterator.return?.();
    return { kind: 'invalid', message: why };
  }
  return { kind: 'event', value: step.value as ServerSentEvent };
}

/**
 * Writes the head and then every event as it comes. Ends when the iterable does, when the client
 * disconnects (the iterator is closed), or at an event that breaks the contract or an iterator
 * that throws (the stream ends there: its status was sent long ago; `onAbort` is told).
 */
export function sendEventStream(req: Request, res: Response, iterator: AsyncIterator<unknown>, first: ServerSentEvent | undefined, o: EventStreamOptions): void {
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  // nginx buffers responses unless told not to; events must arrive as they are written.
  res.setHeader('X-Accel-Buffering', 'no');
  if (req.method === 'HEAD' || first === undefined) {
    void iterator.return?.();
    res.end();
    return;
  }
  res.flushHeaders();
  let closed = false;
  let lastWrite = Date.now();
  let heartbeat: NodeJS.Timeout | undefined;
  let drained: (() => void) | undefined;
  const finish = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  };
  res.on('close', () => {
    if (closed) return;
    closed = true;
    finish();
    drained?.();
    // The client went away mid-stream: close the iterator so whatever feeds it is released.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  });
  const write = (chunk: string): Promise<void> | undefined => {
    lastWrite = Date.now();
    if (res.write(chunk)) return undefined;
    return new Promise<void>((resolve) => {
      drained = () => {
        drained = undefined;
        resolve();
      };
      res.once('drain', drained);
    });
  };
  if (o.heartbeatMs > 0) {
    heartbeat = setInterval(() => {
      if (!closed && Date.now() - lastWrite >= o.heartbeatMs) void write(': heartbeat\n\n');
    }, o.heartbeatMs);
    heartbeat.unref();
  }
  const end = () => {
    finish();
    if (!closed) {
      closed = true;
      res.end();
    }
  };
  void (async () => {
    await write(formatEvent(first));
    while (!closed) {
      let step: IteratorResult<unknown>;
      try {
        step = await iterator.next();
      } catch (error) {
        o.onAbort({ kind: 'error', error });
        break;
      }
      if (step.done || closed) break;
      const why = malformedEvent(step.value) ?? o.check?.(step.value as ServerSentEvent);
      if (why !== undefined) {
        o.onAbort({ kind: 'invalid', message: why });
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        break;
      }
      await write(formatEvent(step.value as ServerSentEvent));
    }
    end();
  })();
}
