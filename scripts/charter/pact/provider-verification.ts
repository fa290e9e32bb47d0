/**
 * Provider verification: replays every pact in pacts/ against the real users service.
 *
 * - HTTP interactions go to a running service (one this starts on a fresh test database, or
 *   `providerUrl`). The consumer's placeholder bearer token is swapped for a real one the service
 *   accepts; Pact replays the recorded request and matches the real response.
 * - Provider states set data up through the service's own domain code
 *   (service/src/users/domain.ts), never raw SQL, and hand back values Pact injects into the
 *   request (the user's id, a page cursor) where the consumer used `fromProviderState`.
 * - Message interactions are produced the way the service publishes them: the domain change
 *   writes the event to the outbox in its transaction, and the message given to Pact is the
 *   outbox row as the relay reads it (lockPending → toOutgoingEvent).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { Verifier } from '@pact-foundation/pact';
import * as users from '../../../service/src/users/domain.ts';
import { lockPending, toOutgoingEvent } from '../../../service/src/outbox/repository.ts';
import { isHttpInteraction, readPacts, PROVIDER, type PactFile } from './pact-files.ts';

export interface VerifyOptions {
  pactDir: string;
  /** A running service's origin (its API under /v1); when absent one is started on a test database. */
  providerUrl?: string;
  /** The database the provider at providerUrl uses, for provider states. */
  databaseUrl?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export interface VerifyResult {
  ok: boolean;
  pacts: PactFile[];
  error?: string;
}

/** Provider-state handlers and message producers over a database the service under test uses. */
export function providerHooks(db: Knex) {
  const ensureUser = async (params: Record<string, unknown>): Promise<users.User> => {
    const command = {
      email: String(params.email ?? `${randomUUID()}@example.com`),
      displayName: String(params.displayName ?? 'Pact User'),
      locale: typeof params.locale === 'string' ? params.locale : undefined,
    };
    const first = await users.createUser(db, command);
    if (first.kind === 'created') return first.user;
    // The verifier sets each interaction's state up again on the same database: a second "user u1"
    // gets its own address, since consumers match the email by type, not by value.
    const [local, domain] = command.email.split('@') as [string, string];
    const again = await users.createUser(db, { ...command, email: `${local}+${randomUUID().slice(0, 8)}@${domain}` });
    if (again.kind !== 'created') throw new Error(`provider state: cannot create a user for ${command.email}`);
    return again.user;
  };

  /** The last event the domain wrote to the outbox for this user, read as the relay reads it. */
  const outboxEvent = async (userId: string, message: string) => {
    return db.transaction(async (trx) => {
      const rows = await lockPending(trx, 10_000);
      const row = rows.filter((r) => r.aggregate_id === userId && r.message === message).at(-1);
      if (!row) throw new Error(`no ${message} event in the outbox for user ${userId}`);
      return toOutgoingEvent(row);
    });
  };

  let lastUser: string | undefined;
  const stateHandlers: Record<string, (params?: any) => Promise<Record<string, unknown> | void>> = {
    'user u1 exists': async (params = {}) => ({ userId: (await ensureUser(params)).id }),
    'user u1 was changed since version 1': async (params = {}) => {
      const user = await ensureUser(params);
      const changed = await users.updateUser(db, user.id, [user.version], { displayName: String(params.changedDisplayName ?? 'Changed Elsewhere') });
      if (changed.kind !== 'updated') throw new Error(`provider state: update failed (${changed.kind})`);
      return { userId: user.id };
    },
    'no user has the id': async (params = {}) => {
      if (await users.getUser(db, String(params.userId))) throw new Error(`provider state: user ${params.userId} exists`);
    },
    'no user has the email grace@example.com': async () => {},
    'a user has the email taken@example.com': async (params = {}) => {
      const r = await users.createUser(db, { email: String(params.email), displayName: 'Taken' });
      if (r.kind !== 'created' && r.kind !== 'email_taken') throw new Error('provider state: cannot create the user');
    },
    'users whose email starts with the prefix exist': async (params = {}) => {
      const prefix = String(params.emailPrefix);
      for (let n = 1; n <= Number(params.count ?? 2); n++) await users.createUser(db, { email: `${prefix}${n}@example.com`, displayName: `Pager ${n}` });
      const page = await users.listUsers(db, { limit: 1, emailPrefix: prefix });
      if (page.kind !== 'page' || !page.nextCursor) throw new Error('provider state: expected a second page');
      return { cursor: page.nextCursor };
    },
    'user u1 is created': async (params = {}) => {
      lastUser = (await ensureUser(params)).id;
    },
    'user u1 is deleted': async (params = {}) => {
      const user = await ensureUser(params);
      const r = await users.deleteUser(db, user.id, 'any');
      if (r.kind !== 'deleted') throw new Error(`provider state: delete failed (${r.kind})`);
      lastUser = user.id;
    },
  };

  const message = (id: string) => async () => {
    if (!lastUser) throw new Error(`no provider state created a user for ${id}`);
    const event = await outboxEvent(lastUser, id);
    // The message as the relay would put it on the wire: the payload as the body, the CloudEvents
    // attributes as headers, and the subject it is published on.
    return { __pactMessageMetadata: { ...event.headers, subject: event.subject, contentType: 'application/json' }, message: event.payload };
  };
  const messageProviders = {
    'a userCreated event': message('userCreated'),
    'a userDeleted event': message('userDeleted'),
  };
  return { stateHandlers, messageProviders };
}

/**
 * Runs the verification. `prepare` gives the state handlers a database and a bearer token
 * (the service's admin token, so every recorded request is authorised as it was meant to be).
 */
export async function verifyPacts(
  options: VerifyOptions,
  target: { providerUrl: string; db: Knex; bearerToken: string; idempotentSignUp(key: string, body: unknown): Promise<void> },
): Promise<VerifyResult> {
  const pacts = readPacts(options.pactDir).filter((p) => p.provider === PROVIDER);
  if (!pacts.length) return { ok: true, pacts };
  const hooks = providerHooks(target.db);
  const stateHandlers = {
    ...hooks.stateHandlers,
    // The replayed 422 needs an earlier request with the same key by the same caller: make it over HTTP, as a client did.
    'a sign-up was made with an idempotency key': async (params: any = {}) => {
      await target.idempotentSignUp(String(params.idempotencyKey), { email: String(params.email), displayName: 'First Try' });
    },
  };
  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl: target.providerUrl,
    pactUrls: pacts.map((p) => p.file),
    stateHandlers: stateHandlers as never,
    messageProviders: hooks.messageProviders as never,
    requestFilter: (req, _res, next) => {
      if (req.headers.authorization) req.headers.authorization = `Bearer ${target.bearerToken}`;
      next();
    },
    logLevel: options.logLevel ?? 'warn',
  });
  try {
    await verifier.verifyProvider();
    return { ok: true, pacts };
  } catch (e) {
    return { ok: false, pacts, error: (e as Error).message };
  }
}

export function interactionCounts(pacts: PactFile[]): string {
  return pacts.map((p) => `${p.consumer} (${p.interactions.filter(isHttpInteraction).length} http, ${p.interactions.length - p.interactions.filter(isHttpInteraction).length} messages)`).join(', ');
}
