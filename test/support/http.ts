export interface HttpResult<B = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response has a JSON body; the raw text otherwise ('' when empty). */
  body: B;
  contentType: string | null;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  contentType?: string;
}

/** fetch with the parts tests assert on, parsed once. */
export async function request(url: string, method: string, options: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  const parsed = text !== '' && contentType !== null && /json/.test(contentType) ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body: parsed, contentType };
}

/** `request` with headers (e.g. an Authorization) added to every call; per-call headers win. */
export function requestWith(defaults: () => Record<string, string>): typeof request {
  return (url, method, options = {}) => request(url, method, { ...options, headers: { ...defaults(), ...options.headers } });
}

let counter = 0;
/** A fresh Idempotency-Key for requests that are not meant to be replays. */
export function idempotencyKey(): string {
  return `test-${process.pid}-${Date.now()}-${++counter}`;
}

/** An email no other test in this file uses. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${process.pid}-${++counter}@example.com`;
}
