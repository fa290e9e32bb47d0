import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { InvalidTokenError, isCanonicalBase64url } from './tokens.ts';

/**
 * HS256 JWT verification with node:crypto, synchronously. jose verifies HMACs through WebCrypto,
 * whose every `subtle.verify` is an asynchronous job costing ~80 µs of CPU, more than a whole
 * raw request to PostgreSQL (docs/performance.md); an HMAC over a token's few hundred bytes costs
 * a few µs. The claim checks follow jose's `jwtVerify` (lib/jwt_claims_set.js) for the options
 * the service uses, and refuse with the same reasons the jose path gives.
 */
export interface Hs256Options {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Claims that must be present (the service requires `exp` and `sub`). */
  requiredClaims: readonly string[];
}

export function hs256Key(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

const SIGNATURE_INVALID = 'The token signature or format is invalid.';

function claimRefused(claim: string): InvalidTokenError {
  return new InvalidTokenError(`The token's "${claim}" claim is not acceptable.`);
}

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw claimRefused(claim);
  return value;
}

/** The verified payload; throws InvalidTokenError for a bad signature, format or claim. */
export function verifyHs256(token: string, header: Record<string, unknown>, key: KeyObject, options: Hs256Options): Record<string, unknown> {
  // Extensions we do not implement must be refused (RFC 7515 §4.1.11), as jose does.
  if (header.alg !== 'HS256' || header.crit !== undefined || header.b64 !== undefined) throw new InvalidTokenError(SIGNATURE_INVALID);
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError(SIGNATURE_INVALID);
  // Canonical base64url only (no padding, no spare bits), so each signature has one spelling.
  if (!parts.every(isCanonicalBase64url)) throw new InvalidTokenError(SIGNATURE_INVALID);
  const signature = Buffer.from(parts[2]!, 'base64url');
  const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new InvalidTokenError(SIGNATURE_INVALID);

  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(SIGNATURE_INVALID);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new InvalidTokenError(SIGNATURE_INVALID);
  const claims = payload as Record<string, unknown>;

  if (claims.iss !== options.issuer) throw claimRefused('iss');
  const aud = claims.aud;
  if (!(aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience)))) throw claimRefused('aud');
  for (const claim of options.requiredClaims) if (!Object.hasOwn(claims, claim)) throw claimRefused(claim);
  if (claims.sub !== undefined && typeof claims.sub !== 'string') throw claimRefused('sub');

  const now = Math.floor(Date.now() / 1000);
  const tolerance = options.clockToleranceSeconds;
  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > now + tolerance) throw claimRefused('nbf');
  const exp = numericDate(claims, 'exp');
  if (exp !== undefined && exp <= now - tolerance) throw new InvalidTokenError('The token has expired.');
  return claims;
}
