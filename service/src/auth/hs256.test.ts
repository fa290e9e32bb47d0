import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256Key, verifyHs256 } from './hs256.ts';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const OPTIONS = { issuer: 'iss-1', audience: 'aud-1', clockToleranceSeconds: 5, requiredClaims: ['exp', 'sub'] };
const now = () => Math.floor(Date.now() / 1000);

async function sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  return new SignJWT({ iss: 'iss-1', aud: 'aud-1', sub: 'u-1', exp: now() + 60, ...claims })
    .setProtectedHeader({ alg: 'HS256', ...header })
    .sign(new TextEncoder().encode(secret));
}

function verify(token: string) {
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
  return verifyHs256(token, header, hs256Key(SECRET), OPTIONS);
}

describe('verifyHs256', () => {
  it('accepts a token jose signed, returning its claims', async () => {
    expect(verify(await sign({ scope: 'admin' }))).toMatchObject({ sub: 'u-1', scope: 'admin' });
  });

  it('accepts an audience array that names us', async () => {
    expect(verify(await sign({ aud: ['other', 'aud-1'] }))).toMatchObject({ sub: 'u-1' });
  });

  it.each([
    ['signed with another secret', () => sign({}, {}, 'another-secret-that-is-long-enough-too'), /signature/],
    ['expired beyond the clock tolerance', () => sign({ exp: now() - 10 }), /expired/],
    ['not yet valid beyond the clock tolerance', () => sign({ nbf: now() + 60 }), /"nbf"/],
    ['for another audience', () => sign({ aud: 'aud-2' }), /"aud"/],
    ['from another issuer', () => sign({ iss: 'evil' }), /"iss"/],
    ['without a subject', () => sign({ sub: undefined }), /"sub"/],
    ['with a non-numeric exp', () => sign({ exp: 'tomorrow' }), /"exp"/],
  ])('refuses a token %s', async (_label, make, reason) => {
    const token = await make();
    expect(() => verify(token)).toThrow(reason);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [h, , s] = (await sign({})).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'iss-1', aud: 'aud-1', sub: 'admin', exp: now() + 60 })).toString('base64url');
    expect(() => verify(`${h}.${forged}.${s}`)).toThrow(/signature/);
  });

  it('refuses a correctly signed token with a critical header extension it does not implement', () => {
    const h = Buffer.from(JSON.stringify({ alg: 'HS256', crit: ['x'], x: 1 })).toString('base64url');
    const p = Buffer.from(JSON.stringify({ iss: 'iss-1', aud: 'aud-1', sub: 'u-1', exp: now() + 60 })).toString('base64url');
    const s = createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url');
    expect(() => verify(`${h}.${p}.${s}`)).toThrow(/signature or format/);
  });

  it('honours the clock tolerance for exp', async () => {
    expect(verify(await sign({ exp: now() - 2 }))).toMatchObject({ sub: 'u-1' });
  });

  it('accepts exactly one spelling of a signature: no other final character, no padding', async () => {
    const token = await sign({});
    const [h, p, sig] = token.split('.') as [string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = [...alphabet].filter(
      (c) => c !== sig.at(-1) && Buffer.from(sig.slice(0, -1) + c, 'base64url').equals(Buffer.from(sig, 'base64url')),
    );
    // A 32-byte HMAC is 43 characters whose last carries 2 spare bits: 3 other spellings decode alike.
    expect(sameBytes).toHaveLength(3);
    for (const c of sameBytes) expect(() => verify(`${h}.${p}.${sig.slice(0, -1)}${c}`)).toThrow(/signature or format/);
    for (const forged of [`${token}=`, `${token}==`, `${h}.${p}=.${sig}`, `${h}=.${p}.${sig}`, `${h}.${p}.${sig.replace(/-/g, '+').replace(/_/g, '/')}`]) {
      if (forged === token) continue;
      expect(() => verify(forged), forged).toThrow(/signature or format/);
    }
  });
});

describe('createTokenVerifier', () => {
  it('refuses non-canonical base64url in any part before choosing a key', async () => {
    const { createTokenVerifier, isCanonicalBase64url } = await import('./tokens.ts');
    const verifier = createTokenVerifier({ hmacSecret: SECRET, jwksUrl: undefined, jwksFile: undefined, issuer: 'iss-1', audience: 'aud-1', clockToleranceSeconds: 5 });
    const token = await sign({});
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u-1' });
    await expect(verifier.verify(`${token}=`)).rejects.toThrow(/not a JWT/);
    await expect(verifier.verify(`${token}.x`)).rejects.toThrow(/not a JWT/);
    expect(isCanonicalBase64url('AA')).toBe(true);
    expect(isCanonicalBase64url('AB')).toBe(false);
    expect(isCanonicalBase64url('A')).toBe(false);
    expect(isCanonicalBase64url('')).toBe(false);
    expect(isCanonicalBase64url('AA==')).toBe(false);
  });
});
