/**
 * The notifier's pact with the users service: the events it consumes, with only the fields it
 * reads. Each message Pact hands over goes through the notifier's real path — the generated
 * subscriber (schema validation) and the handler writing to PostgreSQL — so the pact cannot
 * promise a message the notifier would dead-letter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import type { AsynchronousMessage } from '@pact-foundation/pact/src/v4/message/types';
import { inProcessTransport } from '../../generated/events/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { pactOutput, PROVIDER } from '../pact-publishing.ts';
import { migrateNotifier } from './migrations/index.ts';
import { startNotifier } from './worker.ts';

const { like, regex, uuid, integer, iso8601DateTimeWithMillis } = MatchersV3;

const output = pactOutput('notifier', PROVIDER);
const pact = new PactV4({ consumer: 'notifier', provider: PROVIDER, dir: output.dir, logLevel: 'error' });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await migrateNotifier(database.knex);
});
afterAll(async () => {
  await database?.drop();
  output.publish();
});

const U1 = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
const cloudEvent = (type: string, channel: 'created' | 'deleted') => ({
  contentType: 'application/json',
  subject: regex(`^users\\.[0-9a-f-]{36}\\.${channel}$`, `users.${U1}.${channel}`),
  'ce-id': uuid('4f0c9f36-4a8e-4b8f-8f1e-0a1b2c3d4e5f'),
  'ce-type': type,
  'ce-source': like('/charter/users'),
  'ce-specversion': '1.0',
  'ce-time': iso8601DateTimeWithMillis('2026-01-02T03:04:05.000Z'),
});

/** Hands a Pact message to the notifier exactly as the broker would, and waits until it is handled. */
async function deliver(message: AsynchronousMessage): Promise<void> {
  const metadata = message.metadata as Record<string, string>;
  const headers = Object.fromEntries(Object.entries(metadata).filter(([k]) => k.startsWith('ce-') || k === 'traceparent'));
  const transport = inProcessTransport();
  const subscription = await startNotifier({ db: database.knex, transport });
  await transport.publish({ id: metadata['ce-id']!, subject: metadata.subject!, message: '', headers, payload: message.contents.content });
  await subscription.stop();
  await transport.close();
}

describe('notifier against the users service events', () => {
  it('welcomes a user when it receives userCreated', async () => {
    await pact
      .addAsynchronousInteraction()
      .given('user u1 is created', { email: 'ada@example.com', displayName: 'Ada Lovelace', locale: 'en-GB' })
      .expectsToReceive('a userCreated event', (b) =>
        b
          .withJSONContent({
            userId: uuid(U1),
            email: regex('^[^@\\s]+@[^@\\s]+$', 'ada@example.com'),
            displayName: like('Ada Lovelace'),
            locale: like('en-GB'),
            version: integer(1),
            createdAt: iso8601DateTimeWithMillis('2026-01-02T03:04:05.000Z'),
          })
          .withMetadata(cloudEvent('dev.charter.users.user.created.v1', 'created')),
      )
      .executeTest(async (message) => {
        await deliver(message);
        const rows = await database.knex('notifier.welcome_messages').where({ user_id: U1 });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ to_address: 'ada@example.com', subject: 'Welcome, Ada Lovelace' });
        expect(await database.knex('notifier.dead_letters')).toHaveLength(0);
      });
  });

  it("stops the user's notifications when it receives userDeleted", async () => {
    await pact
      .addAsynchronousInteraction()
      .given('user u1 is deleted', { email: 'ada@example.com', displayName: 'Ada Lovelace', locale: 'en-GB' })
      .expectsToReceive('a userDeleted event', (b) =>
        b
          .withJSONContent({ userId: uuid(U1), version: integer(2), deletedAt: iso8601DateTimeWithMillis('2026-01-03T00:00:00.000Z') })
          .withMetadata({ ...cloudEvent('dev.charter.users.user.deleted.v1', 'deleted'), 'ce-id': uuid('7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d') }),
      )
      .executeTest(async (message) => {
        await deliver(message);
        const recipient = await database.knex('notifier.recipients').where({ user_id: U1 }).first();
        expect(recipient?.stopped_at).toEqual(new Date('2026-01-03T00:00:00.000Z'));
        expect(await database.knex('notifier.dead_letters')).toHaveLength(0);
      });
  });
});
