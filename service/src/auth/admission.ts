import { problems } from '../../../generated/errors/index.ts';
import type { OperationSpec } from '../../../generated/server/runtime.ts';
import { allowsAnonymous, missingScopes } from './scopes.ts';
import { InvalidTokenError, type Principal, type TokenVerifier } from './tokens.ts';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'invalid'; reason: string };

/** Reads `Authorization: Bearer …`; a malformed header is an invalid token, not anonymity. */
export async function authenticate(verifier: TokenVerifier, header: string | undefined): Promise<Authentication> {
  if (header === undefined || header.trim() === '') return { kind: 'anonymous' };
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!match) return { kind: 'invalid', reason: 'The Authorization header is not a Bearer token.' };
  try {
    return { kind: 'authenticated', principal: await verifier.verify(match[1]!) };
  } catch (err) {
    if (err instanceof InvalidTokenError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, '')}"`;
}

/** RFC 6750 §3 and §3.1: missing credentials get a bare challenge with no error code, bad ones say invalid_token. */
export function unauthenticated(auth: Exclude<Authentication, { kind: 'authenticated' }>, realm: string) {
  const challenge =
    auth.kind === 'anonymous'
      ? `Bearer realm=${quoted(realm)}`
      : `Bearer realm=${quoted(realm)}, error="invalid_token", error_description=${quoted(auth.reason)}`;
  return problems.unauthenticated({
    headers: { 'WWW-Authenticate': challenge },
    detail: auth.kind === 'anonymous' ? 'Send a bearer token in the Authorization header.' : auth.reason,
  });
}

/** What the contract's security requirements make of this caller: go ahead, or the problem to answer with. */
export function authorize(op: OperationSpec, auth: Authentication, realm: string) {
  if (allowsAnonymous(op.security)) return undefined;
  if (auth.kind !== 'authenticated') return unauthenticated(auth, realm);
  const missing = missingScopes(op.security, auth.principal);
  if (missing.length === 0) return undefined;
  return problems.forbidden(
    { requiredScopes: missing },
    {
      headers: { 'WWW-Authenticate': `Bearer realm=${quoted(realm)}, error="insufficient_scope", scope=${quoted(missing.join(' '))}` },
      detail: `The token lacks the scope(s) ${missing.join(', ')}.`,
    },
  );
}
