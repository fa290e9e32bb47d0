import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../service/src/auth/tokens.ts';
import { idempotencyKey, request, uniqueEmail } from '../support/http.ts';
import { startTestService, TEST_AUTH, type TestService } from '../support/service.ts';

let service: TestService;
let alice: { id: string; etag: string };
let bob: { id: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function create(displayName: string): Promise<{ id: string; etag: string }> {
  const res = await request(`${service.baseUrl}/users`, 'POST', {
    headers: { ...service.asAdmin, 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail(displayName), displayName },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, etag: res.headers.get('etag')! };
}

beforeAll(async () => {
  service = await startTestService();
  alice = await create('alice');
  bob = await create('bob');
});
afterAll(async () => {
  await service?.close();
});

describe('authentication', () => {
  it('answers 401 UNAUTHENTICATED with a bare Bearer challenge, without an error code, when there is no token (RFC 6750 §3.1)', async () => {
    const res = await request(`${service.baseUrl}/users/${alice.id}`, 'GET');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="charter"');
  });

  it.each([
    ['expired', { expiresInSeconds: -60 }, /expired/],
    ['not yet valid', { notBeforeSeconds: 600 }, /nbf/],
    ['for another audience', { audience: 'someone-else' }, /aud/],
    ['from another issuer', { issuer: 'evil' }, /iss/],
    ['signed with another secret', { secret: 'x'.repeat(40) }, /signature/],
  ])('refuses a token that is %s with 401 and error="invalid_token"', async (_label, overrides, reason) => {
    const token = await service.token({ sub: alice.id, scopes: 'users:read', ...overrides });
    const res = await request(`${service.baseUrl}/users/${alice.id}`, 'GET', { headers: bearer(token) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(res.body.detail).toMatch(reason);
  });

  it('refuses a malformed Authorization header and an unsigned (alg none) token', async () => {
    const basic = await request(`${service.baseUrl}/users`, 'GET', { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: alice.id, scope: 'admin', iss: TEST_AUTH.issuer, aud: TEST_AUTH.audience, exp: 9e9 })).toString('base64url');
    const none = await request(`${service.baseUrl}/users`, 'GET', { headers: bearer(`${header}.${payload}.`) });
    expect(none.status).toBe(401);
  });

  it('checks authentication before validating the request, so anonymous callers learn nothing about the input', async () => {
    const res = await request(`${service.baseUrl}/users`, 'POST', { json: { nonsense: true } });
    expect(res.status).toBe(401);
  });
});

describe('scopes from the contract', () => {
  it('answers 403 FORBIDDEN with requiredScopes when the token lacks the operation scope', async () => {
    const token = await service.token({ sub: alice.id, scopes: 'users:read' });
    const res = await request(`${service.baseUrl}/users/${alice.id}`, 'PATCH', {
      headers: { ...bearer(token), 'if-match': alice.etag },
      json: { displayName: 'Alice' },
      contentType: 'application/merge-patch+json',
    });
    expect({ status: res.status, code: res.body.code, requiredScopes: res.body.requiredScopes }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      requiredScopes: ['users:write'],
    });
    expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", scope="users:write"/);
  });

  it('lets admin stand in for every scope', async () => {
    const token = await service.token({ sub: 'someone', scopes: 'admin' });
    const res = await request(`${service.baseUrl}/users/${bob.id}`, 'GET', { headers: bearer(token) });
    expect(res.status).toBe(200);
  });

  it('answers 403 on reads for a token with only users:write', async () => {
    const token = await service.token({ sub: alice.id, scopes: 'users:write' });
    const res = await request(`${service.baseUrl}/users/${alice.id}`, 'GET', { headers: bearer(token) });
    expect(res.status).toBe(403);
    expect(res.body.requiredScopes).toEqual(['users:read']);
  });
});

describe('ownership', () => {
  it('shows a user their own record, email included', async () => {
    const token = await service.token({ sub: alice.id, scopes: 'users:read' });
    const res = await request(`${service.baseUrl}/users/${alice.id}`, 'GET', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.body.email).toMatch(/^alice-/);
  });

  it("answers 404 USER_NOT_FOUND, not 403, for another user's record, profile, preferences, update and delete", async () => {
    const token = await service.token({ sub: alice.id, scopes: 'users:read users:write' });
    const attempts = await Promise.all([
      request(`${service.baseUrl}/users/${bob.id}`, 'GET', { headers: bearer(token) }),
      request(`${service.baseUrl}/users/${bob.id}/profile`, 'GET', { headers: bearer(token) }),
      request(`${service.baseUrl}/users/${bob.id}/preferences`, 'PUT', {
        headers: bearer(token),
        json: { theme: 'dark', emailNotifications: false, timezone: 'UTC' },
      }),
      request(`${service.baseUrl}/users/${bob.id}`, 'PATCH', {
        headers: { ...bearer(token), 'if-match': '"1"' },
        json: { displayName: 'Mallory' },
        contentType: 'application/merge-patch+json',
      }),
      request(`${service.baseUrl}/users/${bob.id}`, 'DELETE', { headers: bearer(token) }),
    ]);
    for (const res of attempts) expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'USER_NOT_FOUND' });
    const still = await request(`${service.baseUrl}/users/${bob.id}`, 'GET', { headers: service.asAdmin });
    expect(still.body).toMatchObject({ status: 'active', displayName: 'bob', version: 1 });
  });

  it('lists only the caller for non-admins and everyone for admins', async () => {
    const token = await service.token({ sub: alice.id, scopes: 'users:read' });
    const mine = await request(`${service.baseUrl}/users`, 'GET', { headers: bearer(token) });
    expect(mine.body.items.map((u: { id: string }) => u.id)).toEqual([alice.id]);
    const all = await request(`${service.baseUrl}/users`, 'GET', { headers: service.asAdmin });
    expect(all.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([alice.id, bob.id]));
    expect(all.body.items.every((u: { email?: string }) => typeof u.email === 'string')).toBe(true);
  });

  it('lets a users:write caller create a user, echoing the email it sent', async () => {
    const token = await service.token({ sub: 'signup-flow', scopes: 'users:write' });
    const email = uniqueEmail('signup');
    const res = await request(`${service.baseUrl}/users`, 'POST', {
      headers: { ...bearer(token), 'idempotency-key': idempotencyKey() },
      json: { email, displayName: 'New' },
    });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe(email);
  });
});

describe('asymmetric keys', () => {
  it('accepts RS256 and ES256 tokens whose keys are in the configured JWKS file, and rejects other keys', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const stranger = await generateKeyPair('RS256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' },
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'charter-jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys }));
    const verifier = createTokenVerifier({ hmacSecret: undefined, jwksUrl: undefined, jwksFile: file, issuer: 'idp', audience: 'api', clockToleranceSeconds: 0 });
    const sign = (alg: string, kid: string, key: CryptoKey) =>
      new SignJWT({ scope: 'users:read' }).setProtectedHeader({ alg, kid }).setSubject('u1').setIssuer('idp').setAudience('api').setExpirationTime('5m').sign(key);
    await expect(verifier.verify(await sign('RS256', 'rsa-1', rsa.privateKey))).resolves.toEqual({ subject: 'u1', scopes: ['users:read'] });
    await expect(verifier.verify(await sign('ES256', 'ec-1', ec.privateKey))).resolves.toMatchObject({ subject: 'u1' });
    await expect(verifier.verify(await sign('RS256', 'rsa-1', stranger.privateKey))).rejects.toThrow(/signature|invalid/i);
    // No HS256 secret is configured, so an HS256 token is refused whatever it is signed with.
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setIssuer('idp').setAudience('api').setExpirationTime('5m').sign(new TextEncoder().encode('k'.repeat(32)));
    await expect(verifier.verify(hs)).rejects.toThrow(/HS256/);
  });
});
