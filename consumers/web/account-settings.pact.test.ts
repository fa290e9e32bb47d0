/**
 * The web app's pact with the users service: the real account-settings module runs against
 * the Pact mock server, so the pact records exactly the requests it makes and the response
 * fields it reads. Matchers say "any value of this type" wherever the module does not care
 * about the exact value.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import type { V4RequestBuilder } from '@pact-foundation/pact/src/v4/http/types';
import { pactOutput, PROVIDER } from '../pact-publishing.ts';
import { createAccountSettings } from './account-settings.ts';

const { like, eachLike, regex, uuid, integer, boolean, iso8601DateTimeWithMillis, fromProviderState } = MatchersV3;

const output = pactOutput('web', PROVIDER);
const pact = new PactV4({ consumer: 'web', provider: PROVIDER, dir: output.dir, logLevel: 'error' });
afterAll(() => output.publish());

const U1 = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
const TOKEN = 'consumer-test-token';
const authorization = regex('^Bearer [A-Za-z0-9._~+/=-]+$', `Bearer ${TOKEN}`);
const etag = (version: number) => regex('^(W/)?"[^"]+"$', `"${version}"`);
// Pact compares Content-Type as a media type (parameters included), not with a regex.
const jsonHeaders = { 'Content-Type': 'application/json; charset=utf-8' };
const problemHeaders = { 'Content-Type': 'application/problem+json; charset=utf-8' };

/** The user fields the settings screen reads; anything else the provider sends is ignored. */
function userBody(over: { version?: number; displayName?: string; id?: unknown } = {}) {
  return {
    id: over.id ?? uuid(U1),
    email: regex('^[^@\\s]+@[^@\\s]+$', 'ada@example.com'),
    displayName: like(over.displayName ?? 'Ada Lovelace'),
    locale: like('en-GB'),
    status: regex('^(active|deleted)$', 'active'),
    version: integer(over.version ?? 1),
    updatedAt: iso8601DateTimeWithMillis('2026-01-02T03:04:05.000Z'),
  };
}

/**
 * A user as a whole response body (sign-up, get, edit). The SDK checks that a response has the
 * top-level fields the contract requires before handing it over, so the module depends on
 * createdAt there even though the screen never shows it; nested users (profile, list items) are
 * not checked and do not list it.
 */
function userResponse(over: Parameters<typeof userBody>[0] = {}) {
  return { ...userBody(over), createdAt: iso8601DateTimeWithMillis('2026-01-02T03:04:05.000Z') };
}

function problem(code: string, status: number, members: Record<string, unknown> = {}) {
  return { type: like(`/docs/errors#${code.toLowerCase().replace(/_/g, '-')}`), title: like('A title'), status, code, ...members };
}

const userPath = (suffix = '') => fromProviderState(`/v1/users/\${userId}${suffix}`, `/v1/users/${U1}${suffix}`);
const u1State = { email: 'ada@example.com', displayName: 'Ada Lovelace', locale: 'en-GB' };

/**
 * A JSON body sent as application/merge-patch+json. The builder's jsonBody() would record it as
 * application/json and body() as opaque bytes, so the interaction underneath is given the JSON
 * text with the real media type (Pact treats any +json type as JSON when matching).
 */
function mergePatch(b: V4RequestBuilder, body: Record<string, unknown>): V4RequestBuilder {
  const headers = { 'Content-Type': 'application/merge-patch+json' };
  b.headers(headers);
  (b as unknown as { interaction: { withRequestBody(body: string, contentType: string): void } }).interaction.withRequestBody(JSON.stringify(body), headers['Content-Type']);
  return b;
}

function settings(url: string) {
  // One attempt per call: an SDK retry would send a request the pact does not list (and a failed
  // interaction would be reported as a missing one). The SDK's X-Request-Id header is left out of
  // the interactions: Pact ignores request headers it was not told about, and the provider does
  // not require one.
  return createAccountSettings({ baseUrl: `${url}/v1`, token: () => TOKEN, retry: false });
}

describe('web account settings against the users service', () => {
  it('signs up with an idempotency key and gets the new user with its ETag', async () => {
    await pact
      .addInteraction()
      .given('no user has the email grace@example.com', { email: 'grace@example.com' })
      .uponReceiving('a sign-up')
      .withRequest('POST', '/v1/users', (b) =>
        b
          .headers({ Authorization: authorization, 'Idempotency-Key': uuid('6f1c2a9e-4b8d-4e21-9f3a-0c5d7e8f9a1b'), 'Content-Type': 'application/json' })
          .jsonBody({ email: 'grace@example.com', displayName: 'Grace Hopper', locale: 'en-US' }),
      )
      .willRespondWith(201, (b) =>
        b
          .headers({ ...jsonHeaders, ETag: etag(1), Location: regex('^(https?://[^/]+)?/v1/users/[0-9a-f-]{36}$', `/v1/users/${U1}`) })
          .jsonBody(userResponse({ displayName: 'Grace Hopper' })),
      )
      .executeTest(async (server) => {
        const r = await settings(server.url).signUp(
          { email: 'grace@example.com', displayName: 'Grace Hopper', locale: 'en-US' },
          { idempotencyKey: '6f1c2a9e-4b8d-4e21-9f3a-0c5d7e8f9a1b' },
        );
        expect(r).toMatchObject({ ok: true, value: { etag: '"1"', user: { displayName: 'Grace Hopper', version: 1 } } });
      });
  });

  it('tells the user an email is taken when sign-up answers 409 EMAIL_TAKEN', async () => {
    await pact
      .addInteraction()
      .given('a user has the email taken@example.com', { email: 'taken@example.com' })
      .uponReceiving('a sign-up with an email already in use')
      .withRequest('POST', '/v1/users', (b) =>
        b
          .headers({ Authorization: authorization, 'Idempotency-Key': uuid('1d3e5f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f'), 'Content-Type': 'application/json' })
          .jsonBody({ email: 'taken@example.com', displayName: 'Someone Else' }),
      )
      .willRespondWith(409, (b) => b.headers(problemHeaders).jsonBody(problem('EMAIL_TAKEN', 409, { email: regex('^[^@\\s]+@[^@\\s]+$', 'taken@example.com') })))
      .executeTest(async (server) => {
        const r = await settings(server.url).signUp({ email: 'taken@example.com', displayName: 'Someone Else' }, { idempotencyKey: '1d3e5f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f' });
        expect(r).toEqual({ ok: false, error: { kind: 'email-taken', email: 'taken@example.com' } });
      });
  });

  it('reports a duplicate request when the idempotency key was used for another sign-up (422)', async () => {
    await pact
      .addInteraction()
      .given('a sign-up was made with an idempotency key', { idempotencyKey: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', email: 'first@example.com' })
      .uponReceiving('a sign-up reusing an idempotency key with another body')
      .withRequest('POST', '/v1/users', (b) =>
        b
          .headers({ Authorization: authorization, 'Idempotency-Key': '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'Content-Type': 'application/json' })
          .jsonBody({ email: 'second@example.com', displayName: 'Second Try' }),
      )
      .willRespondWith(422, (b) => b.headers(problemHeaders).jsonBody(problem('IDEMPOTENCY_KEY_REUSED', 422)))
      .executeTest(async (server) => {
        const r = await settings(server.url).signUp({ email: 'second@example.com', displayName: 'Second Try' }, { idempotencyKey: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
        expect(r).toEqual({ ok: false, error: { kind: 'duplicate-request' } });
      });
  });

  it('loads a user with the ETag it needs for the next edit', async () => {
    await pact
      .addInteraction()
      .given('user u1 exists', u1State)
      .uponReceiving('get user u1')
      .withRequest('GET', userPath(), (b) => b.headers({ Authorization: authorization }))
      .willRespondWith(200, (b) => b.headers({ ...jsonHeaders, ETag: etag(1) }).jsonBody(userResponse()))
      .executeTest(async (server) => {
        const r = await settings(server.url).loadUser(U1);
        expect(r).toMatchObject({ ok: true, value: { etag: '"1"', user: { id: U1, displayName: 'Ada Lovelace' } } });
      });
  });

  it('shows "not found" when the user does not exist (404 USER_NOT_FOUND)', async () => {
    const missing = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    await pact
      .addInteraction()
      .given('no user has the id', { userId: missing })
      .uponReceiving('get a user that does not exist')
      .withRequest('GET', `/v1/users/${missing}`, (b) => b.headers({ Authorization: authorization }))
      .willRespondWith(404, (b) => b.headers(problemHeaders).jsonBody(problem('USER_NOT_FOUND', 404, { userId: like(missing) })))
      .executeTest(async (server) => {
        const r = await settings(server.url).loadUser(missing);
        expect(r).toEqual({ ok: false, error: { kind: 'not-found', userId: missing } });
      });
  });

  it("loads the user's composed profile", async () => {
    await pact
      .addInteraction()
      .given('user u1 exists', u1State)
      .uponReceiving("get user u1's profile")
      .withRequest('GET', userPath('/profile'), (b) => b.headers({ Authorization: authorization }))
      .willRespondWith(200, (b) =>
        b.headers(jsonHeaders).jsonBody({
          user: userBody(),
          preferences: { theme: regex('^(light|dark|system)$', 'system'), emailNotifications: boolean(true), timezone: like('UTC') },
          // Required by the contract and checked by the SDK (see userResponse): any list, empty here.
          degraded: eachLike('avatar', 0),
        }),
      )
      .executeTest(async (server) => {
        const r = await settings(server.url).loadProfile(U1);
        expect(r).toMatchObject({ ok: true, value: { user: { id: U1 }, preferences: { theme: 'system' } } });
      });
  });

  it('edits the user with If-Match and keeps the new ETag', async () => {
    await pact
      .addInteraction()
      .given('user u1 exists', u1State)
      .uponReceiving('edit user u1 with the current ETag')
      .withRequest('PATCH', userPath(), (b) => mergePatch(b.headers({ Authorization: authorization, 'If-Match': '"1"' }), { displayName: 'Ada King' }))
      .willRespondWith(200, (b) => b.headers({ ...jsonHeaders, ETag: etag(2) }).jsonBody(userResponse({ version: 2, displayName: 'Ada King' })))
      .executeTest(async (server) => {
        const app = settings(server.url);
        const known = { etag: '"1"', user: { id: U1, displayName: 'Ada Lovelace', locale: 'en-GB', status: 'active' as const, version: 1, createdAt: '', updatedAt: '' } };
        const r = await app.editUser(U1, () => ({ displayName: 'Ada King' }), known);
        expect(r).toMatchObject({ ok: true, value: { etag: '"2"', user: { displayName: 'Ada King', version: 2 } } });
      });
  });

  it('refetches, re-applies the change and retries once when the edit answers 412 VERSION_MISMATCH', async () => {
    const changedSince = { ...u1State, changedDisplayName: 'Ada, Countess of Lovelace' };
    pact
      .addInteraction()
      .given('user u1 was changed since version 1', changedSince)
      .uponReceiving('edit user u1 with a stale ETag')
      .withRequest('PATCH', userPath(), (b) => mergePatch(b.headers({ Authorization: authorization, 'If-Match': '"1"' }), { locale: 'en-US' }))
      .willRespondWith(412, (b) => b.headers(problemHeaders).jsonBody(problem('VERSION_MISMATCH', 412, { currentVersion: integer(2) })));
    pact
      .addInteraction()
      .given('user u1 was changed since version 1', changedSince)
      .uponReceiving('get user u1 after someone else changed it')
      .withRequest('GET', userPath(), (b) => b.headers({ Authorization: authorization }))
      .willRespondWith(200, (b) => b.headers({ ...jsonHeaders, ETag: etag(2) }).jsonBody(userResponse({ version: 2, displayName: 'Ada, Countess of Lovelace' })));
    await pact
      .addInteraction()
      .given('user u1 was changed since version 1', changedSince)
      .uponReceiving('edit user u1 with the refetched ETag')
      .withRequest('PATCH', userPath(), (b) => mergePatch(b.headers({ Authorization: authorization, 'If-Match': '"2"' }), { locale: 'en-US' }))
      .willRespondWith(200, (b) => b.headers({ ...jsonHeaders, ETag: etag(3) }).jsonBody(userResponse({ version: 3, displayName: 'Ada, Countess of Lovelace' })))
      .executeTest(async (server) => {
        const app = settings(server.url);
        const stale = { etag: '"1"', user: { id: U1, displayName: 'Ada Lovelace', locale: 'en-GB', status: 'active' as const, version: 1, createdAt: '', updatedAt: '' } };
        const seen: string[] = [];
        const r = await app.editUser(
          U1,
          (current) => {
            seen.push(current.displayName);
            return { locale: 'en-US' };
          },
          stale,
        );
        expect(seen).toEqual(['Ada Lovelace', 'Ada, Countess of Lovelace']);
        expect(r).toMatchObject({ ok: true, value: { etag: '"3"', user: { version: 3 } } });
      });
  });

  it('pages through every user by following nextCursor until it is null', async () => {
    const pager = { emailPrefix: 'pager-', count: 2 };
    const cursor = 'eyJjdXJzb3IiOiJleGFtcGxlIn0';
    pact
      .addInteraction()
      .given('users whose email starts with the prefix exist', pager)
      .uponReceiving('list the first page of users')
      .withRequest('GET', '/v1/users', (b) => b.query({ limit: '1', emailPrefix: 'pager-' }).headers({ Authorization: authorization }))
      .willRespondWith(200, (b) => b.headers(jsonHeaders).jsonBody({ items: eachLike(userBody(), 1), nextCursor: fromProviderState('${cursor}', cursor) }));
    await pact
      .addInteraction()
      .given('users whose email starts with the prefix exist', pager)
      .uponReceiving('list the next page of users with the cursor')
      .withRequest('GET', '/v1/users', (b) =>
        b.query({ limit: '1', emailPrefix: 'pager-', cursor: fromProviderState('${cursor}', cursor) }).headers({ Authorization: authorization }),
      )
      .willRespondWith(200, (b) => b.headers(jsonHeaders).jsonBody({ items: eachLike(userBody(), 1), nextCursor: null }))
      .executeTest(async (server) => {
        const seen: string[] = [];
        const pages = settings(server.url).allUsers({ pageSize: 1, emailPrefix: 'pager-' });
        let step = await pages.next();
        while (!step.done) {
          seen.push(step.value.displayName);
          step = await pages.next();
        }
        expect(step.value).toEqual({ ok: true, value: undefined });
        expect(seen).toHaveLength(2);
      });
  });
});
