/**
 * The generated router enforces each operation's effective `security` from the contract, over
 * HTTP: alternatives (OR) of requirement objects (AND), `{}` as optional, every scheme kind read
 * from where the contract puts it and handed to the app's verifier for that scheme. A scheme
 * without a verifier, and mutualTLS, fail closed with 401; missing scopes are 403.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.ts';
import { generateServer, serve, type GeneratedServer, type RunningApp } from './support.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/security.yaml');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('security enforced from the contract', () => {
  let gen: GeneratedServer;
  let app: RunningApp;
  const warnings: string[] = [];
  const seen: Array<{ scheme: string; credential: unknown; scopes: readonly string[]; operationId: string }> = [];
  let principals: Record<string, unknown> | undefined;

  beforeAll(async () => {
    gen = await generateServer(FIXTURE, 'security');
    const record = (scheme: string, credential: unknown, check: { scopes: readonly string[]; operationId: string }) => seen.push({ scheme, credential, scopes: check.scopes, operationId: check.operationId });
    const security = {
      bearerAuth: (token: string, check: any) => (record('bearerAuth', token, check), token === 'good' ? { ok: true, principal: { sub: 'bearer-user' } } : { ok: false, detail: 'bad bearer token' }),
      basicAuth: (c: { username: string; password: string }, check: any) => (record('basicAuth', c, check), c.username === 'ada' && c.password === 'pa:ss'),
      headerKey: (key: string, check: any) => (record('headerKey', key, check), key === 'k1'),
      queryKey: (key: string, check: any) => (record('queryKey', key, check), key === 'q1'),
      cookieKey: (key: string, check: any) => (record('cookieKey', key, check), key === 'c 1'),
      oauth: async (token: string, check: any) => (record('oauth', token, check), token === 'reader' ? { ok: true, scopes: ['pets:read'] } : token === 'all' ? { ok: true, scopes: ['pets:read', 'pets:write'] } : false),
      oidc: (token: string, check: any) => (record('oidc', token, check), token === 'forbidden' ? { ok: false, status: 403, detail: 'not this one' } : token === 'me'),
      mtls: () => true,
    };
    app = await serve(gen, { security, onWarning: (m: string) => warnings.push(m), context: (_req: unknown, res: any) => { principals = res.locals.charterPrincipals; return {}; } });
  }, 60_000);
  afterAll(() => app?.close());

  const get = (p: string, headers: Record<string, string> = {}) => request(`${app.url}${p}`, 'GET', { headers });

  it('warns once at start-up naming the schemes without a verifier and the unsupported ones', () => {
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/no security verifier for noVerifier/);
    expect(warnings[1]).toMatch(/mtls \(mutualTLS\) cannot be enforced/);
  });

  it('applies the document security to an operation without its own, with a WWW-Authenticate challenge', async () => {
    const none = await get('/default');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const bad = await get('/default', { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.detail).toBe('bad bearer token');
    const ok = await get('/default', { authorization: 'Bearer good' });
    expect(ok.status).toBe(204);
    expect(principals).toEqual({ bearerAuth: { sub: 'bearer-user' } });
  });

  it('lets anyone call `security: []`, and `{}` makes credentials optional', async () => {
    expect((await get('/public')).status).toBe(204);
    expect((await get('/optional')).status).toBe(204);
    expect((await get('/optional', { authorization: 'Bearer good' })).status).toBe(204);
  });

  it('reads http basic as username and password (a colon in the password kept)', async () => {
    expect((await get('/basic', { authorization: basic('ada', 'pa:ss') })).status).toBe(204);
    expect(seen.at(-1)).toMatchObject({ scheme: 'basicAuth', credential: { username: 'ada', password: 'pa:ss' } });
    const wrong = await get('/basic', { authorization: basic('ada', 'x') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="api"');
    expect((await get('/basic', { authorization: 'Bearer good' })).status).toBe(401);
  });

  it('reads an apiKey from a header, a cookie and the query; the query key is no unknown parameter', async () => {
    expect((await get('/key-header', { 'x-api-key': 'k1' })).status).toBe(204);
    expect((await get('/key-header', { 'x-api-key': 'k2' })).status).toBe(401);
    expect((await get('/key-cookie', { cookie: 'a=b; session=c%201' })).status).toBe(204);
    expect((await get('/key-cookie', { cookie: 'session=other' })).status).toBe(401);
    const q = await get('/key-query?api_key=q1&limit=3');
    expect(q.status, JSON.stringify(q.body)).toBe(204);
    expect(app.calls.at(-1)).toMatchObject({ operationId: 'usesQueryKey', input: { query: { limit: 3 } } });
    expect(app.calls.at(-1)!.input.query).not.toHaveProperty('api_key');
    expect((await get('/key-query?limit=3')).status).toBe(401);
    // Other unknown query parameters are still refused.
    expect((await get('/key-query?api_key=q1&other=1')).status).toBe(400);
  });

  it('needs every scheme of a requirement object (AND)', async () => {
    expect((await get('/both', { 'x-api-key': 'k1' })).status).toBe(401);
    expect((await get('/both', { authorization: 'Bearer good' })).status).toBe(401);
    expect((await get('/both', { 'x-api-key': 'k1', authorization: 'Bearer good' })).status).toBe(204);
    expect(principals).toEqual({ headerKey: undefined, bearerAuth: { sub: 'bearer-user' } });
  });

  it('needs one requirement object of the list (OR), and challenges for all of them', async () => {
    expect((await get('/either', { 'x-api-key': 'k1' })).status).toBe(204);
    expect((await get('/either', { authorization: basic('ada', 'pa:ss') })).status).toBe(204);
    const none = await get('/either');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="api", ApiKey realm="api", header="X-Api-Key"');
    expect(none.body.detail).toMatch(/Authorization: Basic … \(basicAuth\); or header X-Api-Key \(headerKey\)/);
  });

  it('passes the requirement\'s scopes to an oauth2 verifier and answers 403 insufficient_scope when its granted scopes lack some', async () => {
    const reader = await get('/oauth', { authorization: 'Bearer reader' });
    expect(reader.status).toBe(403);
    expect(reader.body).toMatchObject({ code: 'FORBIDDEN', status: 403, requiredScopes: ['pets:write'] });
    expect(reader.headers.get('www-authenticate')).toBe('Bearer realm="api", error="insufficient_scope", scope="pets:write"');
    expect(seen.at(-1)).toMatchObject({ scheme: 'oauth', scopes: ['pets:read', 'pets:write'], operationId: 'usesOauth' });
    expect((await get('/oauth', { authorization: 'Bearer all' })).status).toBe(204);
    expect((await get('/oauth', { authorization: 'Bearer unknown' })).status).toBe(401);
  });

  it('reads openIdConnect as a bearer token; a verifier may refuse with 403', async () => {
    expect((await get('/oidc', { authorization: 'Bearer me' })).status).toBe(204);
    const refused = await get('/oidc', { authorization: 'Bearer forbidden' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('not this one');
    expect((await get('/oidc')).status).toBe(401);
  });

  it('fails closed: mutualTLS (unsupported) and a scheme without a verifier answer 401', async () => {
    const mtls = await get('/mtls');
    expect(mtls.status).toBe(401);
    expect(mtls.body.detail).toMatch(/mtls is not supported/);
    expect(mtls.headers.get('www-authenticate')).toBeTruthy();
    const unverified = await get('/unverified', { authorization: 'Bearer good' });
    expect(unverified.status).toBe(401);
    expect(unverified.body.detail).toMatch(/noVerifier has no verifier/);
    expect(app.calls.some((c) => c.operationId === 'usesMutualTls' || c.operationId === 'usesUnverified')).toBe(false);
  });

  it('fails closed without any verifiers at all', async () => {
    const bare = await serve(gen, { security: {}, onWarning: () => {} });
    try {
      expect((await request(`${bare.url}/default`, 'GET', { headers: { authorization: 'Bearer good' } })).status).toBe(401);
      expect((await request(`${bare.url}/public`, 'GET')).status).toBe(204);
    } finally {
      await bare.close();
    }
  });
});
