/**
 * The users service `charter verify` replays pacts against when no `--provider-url` is given:
 * the real app (service/src/app.ts) on a scratch database of its own, migrated with the
 * service's migrations, listening on a free port, and dropped again on close.
 *
 * Built only on the service's own exports, so the CLI does not depend on test support code.
 * PostgreSQL is found as the service's tests find it: DATABASE_URL, else 127.0.0.1:5432
 * (user postgres), else an embedded cluster that lives only as long as the verification.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createApp } from '../../../service/src/app.ts';
import { ADMIN_SCOPE, createTokenVerifier, mintToken } from '../../../service/src/auth/tokens.ts';
import { createScratchDatabase } from '../../../service/src/db/scratch-database.ts';
import { migrateToLatest } from '../../../service/src/db/migrations/index.ts';
import { listen } from '../../../service/src/http/server.ts';
import { createIdempotencyStore } from '../../../service/src/idempotency/guard.ts';
import { createLogger } from '../../../service/src/logger.ts';

export interface ProviderService {
  /** e.g. http://127.0.0.1:41234; the API is under /v1. */
  origin: string;
  baseUrl: string;
  /** The service's database, for provider states. */
  db: Knex;
  /** A bearer token with the admin scope, so every replayed request is authorised. */
  adminToken: string;
  /** Stops the service and drops its database (and the embedded cluster, if one was started). */
  close(): Promise<void>;
}

export interface ProviderServiceOptions {
  /** A PostgreSQL URL whose server may create and drop databases; default: DATABASE_URL, then 127.0.0.1:5432, then embedded. */
  serverUrl?: string;
}

const ADMIN_SUBJECT = '00000000-0000-4000-8000-00000000ad01';

export async function startProviderService(options: ProviderServiceOptions = {}): Promise<ProviderService> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  try {
    const database = await createScratchDatabase({ prefix: 'charter_verify', serverUrl: options.serverUrl });
    cleanups.push(() => database.drop());
    const db = database.knex;
    await migrateToLatest(db);

    // A secret for this run only: the admin token below is the one token this service accepts.
    const auth = { secret: randomBytes(32).toString('hex'), issuer: 'charter-verify', audience: 'charter-users-api' };
    const app = createApp({
      db,
      // Pact prints what failed; the service's own logs would only bury it.
      logger: createLogger('error', () => {}),
      // Responses are checked against the contract the service was generated from, so a service
      // built from a changed contract behaves as that contract says (see test/pact).
      validateResponses: true,
      bodyLimitBytes: 100 * 1024,
      auth: createTokenVerifier({ hmacSecret: auth.secret, jwksUrl: undefined, jwksFile: undefined, issuer: auth.issuer, audience: auth.audience, clockToleranceSeconds: 0 }),
      idempotency: createIdempotencyStore({ retentionSeconds: 24 * 3600, lockTtlSeconds: 30 }),
    });
    const adminToken = await mintToken({ secret: auth.secret, subject: ADMIN_SUBJECT, scopes: [ADMIN_SCOPE], issuer: auth.issuer, audience: auth.audience });
    const running = await listen(app, 0, '127.0.0.1');
    cleanups.push(() => running.close(1_000));
    const origin = `http://127.0.0.1:${running.port}`;
    return { origin, baseUrl: `${origin}/v1`, db, adminToken, close };
  } catch (err) {
    await close();
    throw err;
  }
}
