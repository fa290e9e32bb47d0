import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, mintToken, VERIFIED_TOKEN_CACHE, type AuthSettings } from './tokens.ts';

const SETTINGS: AuthSettings = {
  hmacSecret: 'a-test-secret-that-is-long-enough-for-hs256',
  jwksUrl: undefined,
  jwksFile: undefined,
  issuer: 'iss-1',
  audience: 'aud-1',
  clockToleranceSeconds: 5,
};

const mint = (subject: string, expiresInSeconds = 60, secret = SETTINGS.hmacSecret!) =>
  mintToken({ secret, subject, scopes: ['users:read'], issuer: SETTINGS.issuer, audience: SETTINGS.audience, expiresInSeconds });

describe('the verified-token cache', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a token it verified with the same principal, frozen', async () => {
    const verifier = createTokenVerifier(SETTINGS);
    const token = await mint('u-1');
    const first = await verifier.verify(token);
    expect(first).toEqual({ subject: 'u-1', scopes: ['users:read'] });
    expect(await verifier.verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.scopes)).toBe(true);
  });

  it('still refuses a remembered token once it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = createTokenVerifier(SETTINGS);
    const token = await mint('u-1', 60);
    await verifier.verify(token);
    vi.setSystemTime(Date.now() + (60 + SETTINGS.clockToleranceSeconds + 1) * 1000);
    await expect(verifier.verify(token)).rejects.toThrow(/expired/);
  });

  it('verifies a remembered token again after the cache period', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = createTokenVerifier(SETTINGS);
    const token = await mint('u-1', 3600);
    const first = await verifier.verify(token);
    vi.setSystemTime(Date.now() + (VERIFIED_TOKEN_CACHE.seconds + 1) * 1000);
    const again = await verifier.verify(token);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('takes nothing from the cache for another spelling of a remembered token', async () => {
    const verifier = createTokenVerifier(SETTINGS);
    const token = await mint('u-1');
    await verifier.verify(token);
    const [h, p, s] = token.split('.') as [string, string, string];
    // The same signature over another payload, and a payload changed under the same signature.
    const other = await mint('u-2');
    await expect(verifier.verify(`${h}.${other.split('.')[1]}.${s}`)).rejects.toThrow(/signature/);
    await expect(verifier.verify(`${h}.${p}.${s}=`)).rejects.toThrow(/not a JWT/);
    await expect(verifier.verify(await mint('u-1', 60, 'another-secret-that-is-long-enough-too'))).rejects.toThrow(/signature/);
  });

  it('keeps at most its size, forgetting the oldest first', async () => {
    const verifier = createTokenVerifier(SETTINGS);
    const size = VERIFIED_TOKEN_CACHE.size;
    VERIFIED_TOKEN_CACHE.size = 2;
    try {
      const [a, b, c] = [await mint('a'), await mint('b'), await mint('c')];
      const pa = await verifier.verify(a);
      const pb = await verifier.verify(b);
      await verifier.verify(c);
      expect(await verifier.verify(b)).toBe(pb);
      // `a` was forgotten when `c` came: verified again, a new principal.
      const again = await verifier.verify(a);
      expect(again).toEqual(pa);
      expect(again).not.toBe(pa);
    } finally {
      VERIFIED_TOKEN_CACHE.size = size;
    }
  });
});
