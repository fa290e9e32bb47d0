/**
 * Security as a mock checks it: for presence only. A requirement is met when every scheme in it
 * finds its credential (any value): `Authorization: Bearer …` for http bearer, oauth2 and
 * openIdConnect, `Authorization: Basic …` for http basic, `Authorization: <scheme> …` for other
 * http schemes, the named header, query parameter or cookie for apiKey. An empty requirement
 * (`{}`) is always met, which is how a contract makes security optional. mutualTLS cannot be seen
 * from a request and is taken as met.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface SecurityRequest {
  headers: IncomingHttpHeaders;
  /** The raw query string, without `?`. */
  query: string;
}

export interface SecurityVerdict {
  ok: boolean;
  /** What would satisfy it, for the 401's detail: "Authorization: Bearer … (bearerAuth)". */
  wanted: string[];
  /** WWW-Authenticate challenges for the schemes asked for. */
  challenges: string[];
}

function cookies(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) out.add(name);
  }
  return out;
}

function queryNames(query: string): Set<string> {
  const out = new Set<string>();
  for (const part of query.split('&')) {
    if (!part) continue;
    const name = part.split('=')[0]!;
    try {
      out.add(decodeURIComponent(name.replace(/\+/g, ' ')));
    } catch {
      out.add(name);
    }
  }
  return out;
}

function authorization(headers: IncomingHttpHeaders, scheme: string): boolean {
  const value = headers['authorization'];
  if (typeof value !== 'string') return false;
  const m = /^(\S+)\s+(\S.*)$/.exec(value.trim());
  return !!m && m[1]!.toLowerCase() === scheme.toLowerCase();
}

/** One scheme: whether its credential is present, what it wants, and its challenge. */
function scheme(def: Record<string, any> | undefined, name: string, req: SecurityRequest): { ok: boolean; wanted: string; challenge?: string } {
  const type = def?.type;
  if (type === 'http') {
    const s = String(def!.scheme ?? 'bearer');
    const label = s.toLowerCase() === 'basic' ? 'Basic' : s.toLowerCase() === 'bearer' ? 'Bearer' : s;
    return { ok: authorization(req.headers, s), wanted: `Authorization: ${label} … (${name})`, challenge: label === 'Basic' ? 'Basic realm="mock"' : label };
  }
  if (type === 'oauth2' || type === 'openIdConnect') {
    return { ok: authorization(req.headers, 'bearer'), wanted: `Authorization: Bearer … (${name})`, challenge: 'Bearer' };
  }
  if (type === 'apiKey') {
    const key = String(def!.name ?? '');
    if (def!.in === 'query') return { ok: queryNames(req.query).has(key), wanted: `query parameter ${key} (${name})` };
    if (def!.in === 'cookie') return { ok: cookies(typeof req.headers.cookie === 'string' ? req.headers.cookie : undefined).has(key), wanted: `cookie ${key} (${name})` };
    const v = req.headers[key.toLowerCase()];
    return { ok: v !== undefined && v !== '', wanted: `header ${key} (${name})` };
  }
  // mutualTLS, or a scheme the document does not define: nothing a request shows.
  return { ok: true, wanted: name };
}

/** Whether the request meets one of the requirements (none declared: yes). */
export function checkSecurity(requirements: Array<Record<string, unknown>> | undefined, schemes: Record<string, any>, req: SecurityRequest): SecurityVerdict {
  if (!requirements || requirements.length === 0) return { ok: true, wanted: [], challenges: [] };
  const wanted: string[] = [];
  const challenges = new Set<string>();
  for (const requirement of requirements) {
    const names = Object.keys(requirement ?? {});
    if (names.length === 0) return { ok: true, wanted: [], challenges: [] };
    const results = names.map((n) => scheme(schemes[n], n, req));
    if (results.every((r) => r.ok)) return { ok: true, wanted: [], challenges: [] };
    wanted.push(results.map((r) => r.wanted).join(' and '));
    for (const r of results) if (r.challenge) challenges.add(r.challenge);
  }
  return { ok: false, wanted, challenges: [...challenges] };
}
