/**
 * Security enforced from the contract. `charter generate` copies this file verbatim to
 * generated/server/security.ts. Every operation's effective `security` (the operation's, else the
 * document's) is a list of alternatives: the request is let in when one requirement object is met,
 * and a requirement object is met when every scheme in it is (`{}` is always met, which is how a
 * contract makes security optional). The runtime reads each scheme's credential from the request
 * as the scheme says (http bearer and basic, apiKey in a header, the query or a cookie, oauth2 and
 * openIdConnect as bearer tokens) and hands it to the app's verifier for that scheme. A scheme
 * without a verifier is never met (fail closed), and neither is mutualTLS, which this runtime does
 * not support.
 */
import type { Request, Response } from 'express';

/** Basic credentials, as decoded from `Authorization: Basic …`. */
export interface BasicCredential {
  username: string;
  password: string;
}

/** What a verifier answers: true/false, or a decision with the principal or the reason for a refusal. */
export type SecurityDecision =
  | boolean
  | {
      ok: true;
      /** Whatever identifies the caller; read it back with `principalsOf(res)`. */
      principal?: unknown;
      /** The scopes the credential grants: when given, the runtime checks the requirement's scopes against them (403 when some are missing). */
      scopes?: readonly string[];
    }
  | {
      ok: false;
      /** 401 (default: the credential is missing or invalid) or 403 (valid, but not allowed). */
      status?: 401 | 403;
      /** Said to the client in the problem's `detail`. */
      detail?: string;
    };

export interface SecurityCheck {
  /** The security scheme's name in the contract. */
  scheme: string;
  /** The scopes (or roles) the requirement lists for this scheme. */
  scopes: readonly string[];
  operationId: string;
  req: Request;
  res: Response;
}

export type SecurityVerifier<Credential = unknown> = (credential: Credential, check: SecurityCheck) => SecurityDecision | Promise<SecurityDecision>;

/** One verifier per security scheme name. The credential is a string (bearer token, API key), or `BasicCredential` for http basic. */
export type SecurityVerifiers = Record<string, SecurityVerifier<never> | undefined>;

export interface SecuritySchemeObject {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
}

export type SecurityRefusal = {
  status: 401 | 403;
  /** The catalogue code: UNAUTHENTICATED or FORBIDDEN. */
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  detail: string;
  challenges: string[];
  /** For a 403: the scopes the caller lacks. */
  requiredScopes?: string[];
};

const PRINCIPALS = 'charterPrincipals';
const QUERY = 'charterQueryWithoutCredentials';

/** The principal each scheme's verifier returned for this request (only the schemes of the requirement that was met). */
export function principalsOf(res: Response): Record<string, unknown> {
  return (res.locals[PRINCIPALS] as Record<string, unknown> | undefined) ?? {};
}

/**
 * The raw query string (without `?`) with the credentials of apiKey-in-query schemes taken out,
 * when the operation has any; undefined when the query is to be read as it came. A credential is
 * not a query parameter, so it is not refused as an unknown one.
 */
export function queryWithoutCredentials(res: Response): string | undefined {
  return res.locals[QUERY] as string | undefined;
}

function quoted(text: string): string {
  return `"${text.replace(/["\\\r\n]/g, '')}"`;
}

function authorization(req: Request): { scheme: string; value: string } | undefined {
  const header = req.headers['authorization'];
  if (typeof header !== 'string') return undefined;
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+(.*))?$/.exec(header.trim());
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), value: (m[2] ?? '').trim() };
}

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers['cookie'];
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function queryOf(req: Request): string {
  const q = req.url.indexOf('?');
  return q === -1 ? '' : req.url.slice(q + 1);
}

function queryValue(query: string, name: string): string | undefined {
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (decodeQueryPart(eq === -1 ? part : part.slice(0, eq)) === name) return eq === -1 ? '' : decodeQueryPart(part.slice(eq + 1));
  }
  return undefined;
}

/** What a scheme reads, for the 401's detail and challenge. */
function describe(name: string, def: SecuritySchemeObject | undefined, realm: string): { wanted: string; challenge: string } {
  const type = def?.type;
  if (type === 'http') {
    const s = String(def?.scheme ?? 'bearer').toLowerCase();
    const label = s === 'basic' ? 'Basic' : s === 'bearer' ? 'Bearer' : String(def?.scheme);
    return { wanted: `Authorization: ${label} … (${name})`, challenge: `${label} realm=${quoted(realm)}` };
  }
  if (type === 'oauth2' || type === 'openIdConnect') return { wanted: `Authorization: Bearer … (${name})`, challenge: `Bearer realm=${quoted(realm)}` };
  if (type === 'apiKey') {
    const where = def?.in === 'query' ? 'query parameter' : def?.in === 'cookie' ? 'cookie' : 'header';
    return { wanted: `${where} ${def?.name ?? ''} (${name})`, challenge: `ApiKey realm=${quoted(realm)}, ${def?.in === 'query' ? 'query' : def?.in === 'cookie' ? 'cookie' : 'header'}=${quoted(String(def?.name ?? ''))}` };
  }
  return { wanted: `${type ?? 'an undefined scheme'} (${name})`, challenge: `${type === 'mutualTLS' ? 'MutualTLS' : 'Unsupported'} realm=${quoted(realm)}` };
}

/** The credential a scheme reads from the request: a value, `missing`, or `unsupported` for what this runtime cannot read. */
function credentialOf(def: SecuritySchemeObject | undefined, req: Request): { value: unknown } | 'missing' | 'unsupported' {
  const type = def?.type;
  if (type === 'http' || type === 'oauth2' || type === 'openIdConnect') {
    const want = type === 'http' ? String(def?.scheme ?? 'bearer').toLowerCase() : 'bearer';
    const auth = authorization(req);
    if (!auth || auth.scheme !== want || auth.value === '') return 'missing';
    if (want !== 'basic') return { value: auth.value };
    const decoded = Buffer.from(auth.value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return 'missing';
    return { value: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } satisfies BasicCredential };
  }
  if (type === 'apiKey') {
    const name = String(def?.name ?? '');
    let value: string | undefined;
    if (def?.in === 'query') value = queryValue(queryOf(req), name);
    else if (def?.in === 'cookie') value = cookie(req, name);
    else {
      const h = req.headers[name.toLowerCase()];
      value = Array.isArray(h) ? h[0] : h;
    }
    return value === undefined || value === '' ? 'missing' : { value };
  }
  return 'unsupported';
}

export interface SecurityGateOptions {
  schemes: Record<string, SecuritySchemeObject>;
  verifiers: SecurityVerifiers | undefined;
  /** Names the realm of the WWW-Authenticate challenges. */
  realm?: string;
  /** Declared query parameter names per operation (an apiKey of the same name stays a parameter too). */
  declaredQuery?(operationId: string): readonly string[];
  warn?(message: string): void;
}

export interface SecuredOperation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
}

/**
 * The start-up check: which schemes the operations require that no verifier answers for (those
 * operations fail closed, 401) and which this runtime cannot enforce (mutualTLS, or a name the
 * document does not define). One warning, naming them.
 */
export function securityWarnings(operations: readonly SecuredOperation[], options: Pick<SecurityGateOptions, 'schemes' | 'verifiers'>): string[] {
  const used = new Set<string>();
  for (const op of operations) for (const requirement of op.security ?? []) for (const name of Object.keys(requirement ?? {})) used.add(name);
  const missing: string[] = [];
  const unsupported: string[] = [];
  const undefinedNames: string[] = [];
  for (const name of [...used].sort()) {
    const def = options.schemes[name];
    if (!def) undefinedNames.push(name);
    else if (def.type === 'mutualTLS' || !['http', 'apiKey', 'oauth2', 'openIdConnect'].includes(String(def.type))) unsupported.push(`${name} (${String(def.type)})`);
    else if (typeof options.verifiers?.[name] !== 'function') missing.push(name);
  }
  const out: string[] = [];
  if (missing.length) out.push(`no security verifier for ${missing.join(', ')}: the operations that require ${missing.length === 1 ? 'it' : 'them'} answer 401 until createRouter's \`security\` option has one per scheme`);
  if (unsupported.length) out.push(`security scheme${unsupported.length === 1 ? '' : 's'} ${unsupported.join(', ')} cannot be enforced by the generated router: the operations that require only ${unsupported.length === 1 ? 'it' : 'them'} answer 401`);
  if (undefinedNames.length) out.push(`security requirements name ${undefinedNames.join(', ')}, which components.securitySchemes does not define: never met (401)`);
  return out;
}

type Outcome = { ok: true; principals: Record<string, unknown> } | { ok: false; forbidden?: { detail: string; requiredScopes: string[] }; detail?: string };

/** A gate per router: `check(op, req, res)` is undefined when the request may go on, else the refusal. */
export function createSecurityGate(options: SecurityGateOptions) {
  const realm = options.realm ?? 'api';
  const queryKeys = new Map<string, string[]>();
  const apiKeysInQuery = (op: SecuredOperation): string[] => {
    let keys = queryKeys.get(op.operationId);
    if (!keys) {
      const declared = new Set(options.declaredQuery?.(op.operationId) ?? []);
      const names = new Set<string>();
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement ?? {})) {
          const def = options.schemes[scheme];
          if (def?.type === 'apiKey' && def.in === 'query' && typeof def.name === 'string' && !declared.has(def.name)) names.add(def.name);
        }
      }
      keys = [...names];
      queryKeys.set(op.operationId, keys);
    }
    return keys;
  };

  const requirementOutcome = async (op: SecuredOperation, requirement: Record<string, string[]>, req: Request, res: Response): Promise<Outcome> => {
    const principals: Record<string, unknown> = {};
    for (const [scheme, scopesListed] of Object.entries(requirement)) {
      const scopes = Array.isArray(scopesListed) ? scopesListed : [];
      const def = options.schemes[scheme];
      const verifier = options.verifiers?.[scheme] as SecurityVerifier<unknown> | undefined;
      const credential = credentialOf(def, req);
      if (credential === 'unsupported') return { ok: false, detail: `${scheme} is not supported by this server` };
      if (credential === 'missing') return { ok: false };
      if (typeof verifier !== 'function') return { ok: false, detail: `${scheme} has no verifier on this server` };
      const decision = await verifier(credential.value, { scheme, scopes, operationId: op.operationId, req, res });
      if (decision === true) {
        principals[scheme] = undefined;
        continue;
      }
      if (decision === false || !decision || typeof decision !== 'object') return { ok: false, detail: `The ${scheme} credential was not accepted.` };
      if (!decision.ok) {
        if (decision.status === 403) return { ok: false, forbidden: { detail: decision.detail ?? `The ${scheme} credential does not allow ${op.operationId}.`, requiredScopes: [...scopes] } };
        return { ok: false, detail: decision.detail ?? `The ${scheme} credential was not accepted.` };
      }
      if (decision.scopes) {
        const granted = new Set(decision.scopes);
        const lacking = scopes.filter((s) => !granted.has(s));
        if (lacking.length) return { ok: false, forbidden: { detail: `The ${scheme} credential lacks the scope(s) ${lacking.join(', ')}.`, requiredScopes: lacking } };
      }
      principals[scheme] = decision.principal;
    }
    return { ok: true, principals };
  };

  return async (op: SecuredOperation, req: Request, res: Response): Promise<SecurityRefusal | undefined> => {
    const requirements = op.security;
    if (!requirements || requirements.length === 0) return undefined;
    const keys = apiKeysInQuery(op);
    if (keys.length) {
      const kept = queryOf(req)
        .split('&')
        .filter((part) => {
          if (!part) return false;
          const eq = part.indexOf('=');
          return !keys.includes(decodeQueryPart(eq === -1 ? part : part.slice(0, eq)));
        });
      res.locals[QUERY] = kept.join('&');
    }
    let forbidden: { detail: string; requiredScopes: string[] } | undefined;
    const details: string[] = [];
    const wanted: string[] = [];
    const challenges = new Set<string>();
    for (const requirement of requirements) {
      const names = Object.keys(requirement ?? {});
      if (names.length === 0) {
        res.locals[PRINCIPALS] = {};
        return undefined;
      }
      const outcome = await requirementOutcome(op, requirement, req, res);
      if (outcome.ok) {
        res.locals[PRINCIPALS] = outcome.principals;
        return undefined;
      }
      if (outcome.forbidden) forbidden ??= outcome.forbidden;
      if (outcome.detail) details.push(outcome.detail);
      const described = names.map((n) => describe(n, options.schemes[n], realm));
      wanted.push(described.map((d) => d.wanted).join(' and '));
      for (const d of described) challenges.add(d.challenge);
    }
    if (forbidden) {
      const scope = forbidden.requiredScopes.length ? `, scope=${quoted(forbidden.requiredScopes.join(' '))}` : '';
      return { status: 403, code: 'FORBIDDEN', detail: forbidden.detail, requiredScopes: forbidden.requiredScopes, challenges: [`Bearer realm=${quoted(realm)}, error="insufficient_scope"${scope}`] };
    }
    const detail = details.length ? details.join(' ') : `${op.operationId} needs credentials: ${wanted.join('; or ')}.`;
    return { status: 401, code: 'UNAUTHENTICATED', detail, challenges: [...challenges] };
  };
}
