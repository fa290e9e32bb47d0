import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/src/app.ts';
import { connectDatabase } from '../../service/src/db/connection.ts';
import { findFreePort } from '../../service/src/db/embedded.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import type { AvatarSource } from '../../service/src/users/domain.ts';
import { idempotencyKey, uniqueEmail, requestWith } from '../support/http.ts';
import { startTestService, testVerifier, type TestService } from '../support/service.ts';

// These tests are about behaviour other than authorization, so they call as an admin (see auth.test.ts).
const request = requestWith(() => service.asAdmin);

// The avatar source hands back a URL that breaks the contract (format: uri), which only
// response validation can catch.
const brokenAvatars: AvatarSource = {
  async avatarFor() {
    return { kind: 'found', avatar: { url: 'not a uri' } };
  },
};

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ avatars: brokenAvatars, statementTimeoutMs: 300 });
});
afterAll(async () => {
  await service?.close();
});

async function newUser(): Promise<{ id: string }> {
  const res = await request(`${service.baseUrl}/users`, 'POST', {
    headers: { 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail(), displayName: 'Edsger' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('failures', () => {
  it('answers 500 INTERNAL and logs the operation when a response breaks the contract', async () => {
    const user = await newUser();
    const res = await request(`${service.baseUrl}/users/${user.id}/profile`, 'GET');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(res.body)).not.toMatch(/not a uri/);
    expect(service.logs).toContainEqual(
      expect.objectContaining({ level: 'error', operationId: 'getUserProfile', violation: expect.stringMatching(/avatar/) }),
    );
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After when a statement times out', async () => {
    const user = await newUser();
    // A transaction holding the row lock makes the guarded UPDATE wait past statement_timeout.
    const trx = await service.db.transaction();
    try {
      await trx('users').where({ id: user.id }).forUpdate().first();
      const res = await request(`${service.baseUrl}/users/${user.id}`, 'PATCH', {
        json: { displayName: 'Blocked' },
        contentType: 'application/merge-patch+json',
        headers: { 'if-match': '"1"' },
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await trx.rollback();
    }
    const read = await request(`${service.baseUrl}/users/${user.id}`, 'GET');
    expect(read.body).toMatchObject({ displayName: 'Edsger', version: 1 });
  });
});

describe('with the database down', () => {
  let running: RunningServer;
  let db: ReturnType<typeof connectDatabase>;
  beforeAll(async () => {
    // A port nothing listens on stands in for a stopped PostgreSQL.
    const closedPort = await findFreePort();
    db = connectDatabase({
      url: `postgres://postgres@127.0.0.1:${closedPort}/none`,
      acquireTimeoutMs: 2_000,
      onKnexLog: () => {},
    });
    const app = createApp({ db, auth: testVerifier(), logger: createLogger('error', () => {}), validateResponses: true, bodyLimitBytes: 10_000 });
    running = await listen(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await running?.close();
    await db?.destroy();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, not 500', async () => {
    const res = await request(`http://127.0.0.1:${running.port}/v1/users`, 'GET');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('5');
  });
});

describe('when PostgreSQL terminates pooled connections', () => {
  let resilient: TestService;
  let connectionErrors: Error[] = [];
  let errorSeen: () => void = () => {};
  beforeAll(async () => {
    resilient = await startTestService({
      onConnectionError: (err) => {
        connectionErrors.push(err);
        errorSeen();
      },
    });
  });
  afterAll(async () => {
    await resilient?.close();
  });

  it('keeps the process alive and serves the next request on a fresh connection', async () => {
    expect((await request(`${resilient.baseUrl}/users`, 'GET')).status).toBe(200);
    const sawError = new Promise<void>((resolve) => {
      errorSeen = resolve;
    });
    // What a PostgreSQL restart or an idle-connection reaper does to the pool's idle clients.
    const admin = new pg.Client({ connectionString: resilient.database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await sawError;
    expect(connectionErrors[0]?.message).toMatch(/terminat/i);
    const res = await request(`${resilient.baseUrl}/users`, 'GET');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
