import { readFileSync } from 'node:fs';
import { SignJWT, createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { hs256Key, verifyHs256 } from './hs256.ts';

/** Who is calling, as far as the service trusts it: the token's `sub` and its scopes. */
export interface Principal {
  subject: string;
  scopes: readonly string[];
}

export interface AuthSettings {
  /** HS256 shared secret; undefined disables HS256. */
  hmacSecret: string | undefined;
  /** RS256/ES256 keys: a JWKS URL (fetched and cached by jose) or a local JWKS file. */
  jwksUrl: string | undefined;
  jwksFile: string | undefined;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

/** Used when no secret is configured outside production, so local runs and tests need no setup. */
export const DEVELOPMENT_SECRET = 'charter-development-secret-not-for-production';

export const ADMIN_SCOPE = 'admin';

/** Why a token was refused; goes into `WWW-Authenticate`'s error_description. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const ASYMMETRIC = ['RS256', 'ES256'];

/** Unpadded base64url (RFC 7515 §2) that re-encodes to itself: non-empty, no `=`, no spare bits set. */
export function isCanonicalBase64url(part: string): boolean {
  if (part.length === 0 || part.length % 4 === 1 || !/^[A-Za-z0-9_-]+$/.test(part)) return false;
  return Buffer.from(part, 'base64url').toString('base64url') === part;
}

/**
 * How many verified tokens are remembered, and for how long at most. A client sends the same
 * token with every request until it expires; checking its signature (an HMAC, or an RSA or ECDSA
 * verification) and parsing its claims each time is about a twentieth of a getUser's CPU
 * (docs/performance.md). A remembered token is still refused once its `exp` passes; it is
 * re-verified after this many seconds, so a key withdrawn from the JWKS stops counting within that
 * time, as with jose's own JWKS cache. Only exact token strings hit: any other spelling is
 * verified in full.
 */
export const VERIFIED_TOKEN_CACHE = { size: 10_000, seconds: 300 };

interface Verified {
  principal: Principal;
  /** The token's `exp`, seconds since the epoch. */
  exp: number;
  /** When to verify it again (seconds since the epoch). */
  until: number;
}

export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  const verified = new Map<string, Verified>();
  const verifier = createUncachedTokenVerifier(settings);
  return {
    async verify(token) {
      const now = Date.now() / 1000;
      const hit = verified.get(token);
      if (hit) {
        if (now < hit.until && hit.exp > now - settings.clockToleranceSeconds) return hit.principal;
        verified.delete(token);
      }
      const { principal, exp } = await verifier.verify(token);
      // The oldest entry makes room (a Map keeps insertion order).
      if (verified.size >= VERIFIED_TOKEN_CACHE.size) verified.delete(verified.keys().next().value!);
      verified.set(token, { principal, exp, until: now + VERIFIED_TOKEN_CACHE.seconds });
      return principal;
    },
  };
}

/** Every call checks the signature and the claims. */
function createUncachedTokenVerifier(settings: AuthSettings): { verify(token: string): Promise<{ principal: Principal; exp: number }> } {
  const secret = settings.hmacSecret === undefined ? undefined : hs256Key(settings.hmacSecret);
  let jwks: JWTVerifyGetKey | undefined;
  if (settings.jwksUrl) jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  else if (settings.jwksFile) jwks = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')));
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    clockTolerance: settings.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };

  return {
    async verify(token) {
      // One spelling per token: a part with padding, characters outside base64url or spare bits
      // set in its last character would decode to the same bytes as another string, and a
      // signature must not verify under more than one.
      const parts = token.split('.');
      if (parts.length !== 3 || !parts.every(isCanonicalBase64url)) throw new InvalidTokenError('The token is not a JWT.');
      let header: Record<string, unknown>;
      try {
        header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidTokenError('The token is not a JWT.');
      }
      const alg = header?.alg;
      try {
        // The key type follows the header's alg, but each key only accepts its own algorithms,
        // so an RS256 public key can never be abused as an HS256 secret.
        const { payload } =
          alg === 'HS256' && secret
            ? { payload: verifyHs256(token, header, secret, { ...options, clockToleranceSeconds: options.clockTolerance }) as JWTPayload }
            : ASYMMETRIC.includes(String(alg)) && jwks
              ? await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })
              : (() => {
                  throw new InvalidTokenError(`Tokens signed with ${String(alg)} are not accepted.`);
                })();
        const scope = payload.scope ?? payload.scp;
        const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : Array.isArray(scope) ? scope.map(String) : [];
        // Frozen: a remembered principal is handed to every later request with the same token.
        return { principal: Object.freeze({ subject: payload.sub!, scopes: Object.freeze(scopes) }), exp: payload.exp! };
      } catch (err) {
        if (err instanceof InvalidTokenError) throw err;
        if (err instanceof errors.JWTExpired) throw new InvalidTokenError('The token has expired.');
        if (err instanceof errors.JWTClaimValidationFailed) throw new InvalidTokenError(`The token's "${err.claim}" claim is not acceptable.`);
        if (err instanceof errors.JOSEError) throw new InvalidTokenError('The token signature or format is invalid.');
        throw err;
      }
    },
  };
}

export interface MintOptions {
  secret: string;
  subject: string;
  scopes: readonly string[];
  issuer: string;
  audience: string;
  expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid (nbf). */
  notBeforeSeconds?: number;
}

/** An HS256 token the locally configured service accepts: for development, tests and the `token` script. */
export async function mintToken(options: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600));
  if (options.notBeforeSeconds !== undefined) jwt.setNotBefore(now + options.notBeforeSeconds);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
