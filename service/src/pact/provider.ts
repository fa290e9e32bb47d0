/**
 * The users service's provider states for `charter verify` (`provider.states` in
 * charter.config.yaml), on the interface documented in @charter/cli/pact.
 *
 * - prepare(): a scratch database of its own, migrated with the service's migrations, and a token
 *   secret for this run only; their settings are the environment of `provider.command`
 *   (./start-provider.ts). With `--provider-url` the service is already running: the states use
 *   the database at PACT_DATABASE_URL and the bearer token PACT_BEARER_TOKEN it accepts as admin.
 * - States set data up through the service's own domain code (users/domain.ts), never raw SQL,
 *   and hand back the values Pact injects where the consumer used `fromProviderState`.
 * - Messages are produced the way the service publishes them: the domain change writes the event
 *   to the outbox in its transaction, and the message is the outbox row as the relay reads it.
 * - The request filter swaps the consumers' placeholder bearer token for the admin token.
 * - close() drops the scratch database.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ProviderStates, StateParams } from '../../../scripts/charter/pact/index.ts';
import { ADMIN_SCOPE, mintToken } from '../auth/tokens.ts';
import { connectDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { createScratchDatabase } from '../db/scratch-database.ts';
import { lockPending, toOutgoingEvent } from '../outbox/repository.ts';
import * as users from '../users/domain.ts';

const ADMIN_SUBJECT = '00000000-0000-4000-8000-00000000ad01';

let db: Knex | undefined;
let adminToken: string | undefined;
let release: (() => Promise<void>) | undefined;
/** The user the last message state created, whose event the message producer reads back. */
let lastUser: string | undefined;

function database(): Knex {
  if (!db) throw new Error('the provider states have no database (prepare() did not run)');
  return db;
}

async function ensureUser(params: StateParams): Promise<users.User> {
  const command = {
    email: String(params.email ?? `${randomUUID()}@example.com`),
    displayName: String(params.displayName ?? 'Pact User'),
    locale: typeof params.locale === 'string' ? params.locale : undefined,
  };
  const first = await users.createUser(database(), command);
  if (first.kind === 'created') return first.user;
  // The verifier sets each interaction's state up again on the same database: a second "user u1"
  // gets its own address, since consumers match the email by type, not by value.
  const [local, domain] = command.email.split('@') as [string, string];
  const again = await users.createUser(database(), { ...command, email: `${local}+${randomUUID().slice(0, 8)}@${domain}` });
  if (again.kind !== 'created') throw new Error(`provider state: cannot create a user for ${command.email}`);
  return again.user;
}

/** The last event the domain wrote to the outbox for this user, read as the relay reads it. */
async function outboxEvent(userId: string, message: string) {
  return database().transaction(async (trx) => {
    const rows = await lockPending(trx, 10_000);
    const row = rows.filter((r) => r.aggregate_id === userId && r.message === message).at(-1);
    if (!row) throw new Error(`no ${message} event in the outbox for user ${userId}`);
    return toOutgoingEvent(row);
  });
}

function event(id: string) {
  return async () => {
    if (!lastUser) throw new Error(`no provider state created a user for ${id}`);
    const e = await outboxEvent(lastUser, id);
    // As the relay puts it on the wire: the payload as the body, the CloudEvents attributes as
    // headers, and the subject it is published on.
    return { content: e.payload, metadata: { ...e.headers, subject: e.subject, contentType: 'application/json' } };
  };
}

const providerStates = {
  async prepare({ providerUrl }) {
    if (providerUrl) {
      const url = process.env.PACT_DATABASE_URL;
      adminToken = process.env.PACT_BEARER_TOKEN;
      if (!url || !adminToken) throw new Error('with --provider-url, set PACT_DATABASE_URL (the database that service uses) and PACT_BEARER_TOKEN (a token it accepts as admin)');
      const knex = connectDatabase({ url, poolMax: 3, onConnectionError: () => {} });
      db = knex;
      release = () => knex.destroy();
      return;
    }
    // PostgreSQL as the service's tests find it: DATABASE_URL, else 127.0.0.1:5432, else embedded.
    const scratch = await createScratchDatabase({ prefix: 'charter_verify', serverUrl: process.env.DATABASE_URL || undefined });
    release = () => scratch.drop();
    db = scratch.knex;
    await migrateToLatest(db);
    const auth = { secret: randomBytes(32).toString('hex'), issuer: 'charter-verify', audience: 'charter-users-api' };
    adminToken = await mintToken({ secret: auth.secret, subject: ADMIN_SUBJECT, scopes: [ADMIN_SCOPE], issuer: auth.issuer, audience: auth.audience });
    return { env: { DATABASE_URL: scratch.url, PACT_AUTH_SECRET: auth.secret, PACT_AUTH_ISSUER: auth.issuer, PACT_AUTH_AUDIENCE: auth.audience } };
  },

  states: {
    'user u1 exists': async (params) => ({ userId: (await ensureUser(params)).id }),
    'user u1 was changed since version 1': async (params) => {
      const user = await ensureUser(params);
      const changed = await users.updateUser(database(), user.id, [user.version], { displayName: String(params.changedDisplayName ?? 'Changed Elsewhere') });
      if (changed.kind !== 'updated') throw new Error(`provider state: update failed (${changed.kind})`);
      return { userId: user.id };
    },
    'no user has the id': async (params) => {
      if (await users.getUser(database(), String(params.userId))) throw new Error(`provider state: user ${params.userId} exists`);
    },
    'no user has the email grace@example.com': async () => {},
    'a user has the email taken@example.com': async (params) => {
      const r = await users.createUser(database(), { email: String(params.email), displayName: 'Taken' });
      if (r.kind !== 'created' && r.kind !== 'email_taken') throw new Error('provider state: cannot create the user');
    },
    'users whose email starts with the prefix exist': async (params) => {
      const prefix = String(params.emailPrefix);
      for (let n = 1; n <= Number(params.count ?? 2); n++) await users.createUser(database(), { email: `${prefix}${n}@example.com`, displayName: `Pager ${n}` });
      const page = await users.listUsers(database(), { limit: 1, emailPrefix: prefix });
      if (page.kind !== 'page' || !page.nextCursor) throw new Error('provider state: expected a second page');
      return { cursor: page.nextCursor };
    },
    // The replayed 422 needs an earlier request with the same key by the same caller: make it over HTTP, as a client did.
    'a sign-up was made with an idempotency key': async (params, { providerUrl }) => {
      const res = await fetch(`${providerUrl}/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': String(params.idempotencyKey) },
        body: JSON.stringify({ email: String(params.email), displayName: 'First Try' }),
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`provider state: the first sign-up answered ${res.status}`);
    },
    'user u1 is created': async (params) => {
      lastUser = (await ensureUser(params)).id;
    },
    'user u1 is deleted': async (params) => {
      const user = await ensureUser(params);
      const r = await users.deleteUser(database(), user.id, 'any');
      if (r.kind !== 'deleted') throw new Error(`provider state: delete failed (${r.kind})`);
      lastUser = user.id;
    },
  },

  messages: {
    'a userCreated event': event('userCreated'),
    'a userDeleted event': event('userDeleted'),
  },

  requestFilter(request) {
    if (request.headers.authorization) request.headers.authorization = `Bearer ${adminToken}`;
  },

  async close() {
    await release?.();
    db = undefined;
  },
} satisfies ProviderStates;

export default providerStates;
