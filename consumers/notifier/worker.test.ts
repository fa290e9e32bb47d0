import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBuilder, inProcessTransport, type OutgoingEvent } from '../../generated/events/index.ts';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { migrateNotifier } from './migrations/index.ts';
import { createNotifier, startNotifier } from './worker.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await migrateNotifier(database.knex);
});
afterAll(async () => {
  await database?.drop();
});

const events = createEventBuilder();
const source = { type: 'dev.charter.users.user.created.v1', source: '/charter/users' };

function created(userId = randomUUID(), email = `${userId.slice(0, 8)}@example.com`): OutgoingEvent {
  return events.publishUserCreated(
    { userId },
    { userId, email, displayName: 'Ada Lovelace', locale: 'en-GB', version: 1, createdAt: '2026-01-02T03:04:05.000Z' },
    { ...source, subject: userId },
  );
}

function deleted(userId: string): OutgoingEvent {
  return events.publishUserDeleted({ userId }, { userId, version: 2, deletedAt: '2026-01-03T00:00:00.000Z' }, { type: 'dev.charter.users.user.deleted.v1', source: '/charter/users', subject: userId });
}

/** Publishes through the in-process transport and waits until the notifier has handled everything. */
async function deliver(...outgoing: OutgoingEvent[]): Promise<void> {
  const transport = inProcessTransport();
  const subscription = await startNotifier({ db: database.knex, transport });
  for (const e of outgoing) await transport.publish(e);
  await subscription.stop();
  await transport.close();
}

function asReceived(e: OutgoingEvent) {
  return { message: e.message, subject: e.subject, payload: e.payload as never, attributes: e.headers as never, redeliveryCount: 1 };
}

describe('notifier', () => {
  it('records one welcome message for a new user', async () => {
    const event = created();
    const userId = (event.payload as { userId: string }).userId;
    await deliver(event);
    const rows = await database.knex('notifier.welcome_messages').where({ user_id: userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to_address: `${userId.slice(0, 8)}@example.com`, subject: 'Welcome, Ada Lovelace', event_id: event.id });
  });

  it('has one effect when the same event is delivered twice, one after the other or at once', async () => {
    const notifier = createNotifier(database.knex);
    const event = created();
    const userId = (event.payload as { userId: string }).userId;
    expect(await notifier.onUserCreated(asReceived(event))).toBe('applied');
    expect(await notifier.onUserCreated(asReceived(event))).toBe('duplicate');

    const again = created();
    const outcomes = await Promise.all([notifier.onUserCreated(asReceived(again)), notifier.onUserCreated(asReceived(again))]);
    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);

    for (const id of [userId, (again.payload as { userId: string }).userId]) {
      expect(await database.knex('notifier.welcome_messages').where({ user_id: id })).toHaveLength(1);
      expect(await database.knex('notifier.inbox').where({ message: 'userCreated', subject: `users.${id}.created` })).toHaveLength(1);
    }
  });

  it("marks the user's notifications stopped when the user is deleted, and sends nothing after", async () => {
    const userId = randomUUID();
    await deliver(created(userId), deleted(userId));
    const recipient = await database.knex('notifier.recipients').where({ user_id: userId }).first();
    expect(recipient.stopped_at).toEqual(new Date('2026-01-03T00:00:00.000Z'));

    // A replay of the creation under a new event id (e.g. a producer re-publishing) must not welcome a deleted user twice or at all anew.
    const replay = created(userId);
    await deliver(replay);
    expect(await database.knex('notifier.welcome_messages').where({ user_id: userId })).toHaveLength(1);
    expect((await database.knex('notifier.recipients').where({ user_id: userId }).first()).stopped_at).not.toBeNull();
  });

  it('dead-letters an event that fails its schema, with the reason, and neither handles nor redelivers it', async () => {
    const userId = randomUUID();
    const valid = created(userId);
    const broken: OutgoingEvent = { ...valid, id: randomUUID(), headers: { ...valid.headers, 'ce-id': randomUUID() }, payload: { userId, email: 'not-an-email', version: 0 } };
    await deliver(broken);
    const letters = await database.knex('notifier.dead_letters').where({ subject: `users.${userId}.created` });
    expect(letters).toHaveLength(1);
    expect(letters[0].reason).toMatch(/displayName/);
    expect(letters[0].reason).toMatch(/email/);
    expect(JSON.parse(letters[0].body)).toEqual(broken.payload);
    expect(await database.knex('notifier.welcome_messages').where({ user_id: userId })).toHaveLength(0);
    expect(await database.knex('notifier.inbox').where({ subject: `users.${userId}.created` })).toHaveLength(0);
  });

  it('keeps its migrations and tables apart from the users service in a shared database', async () => {
    await migrateToLatest(database.knex);
    expect(await migrateNotifier(database.knex)).toEqual([]);
    const tables = await database.knex('information_schema.tables').where({ table_schema: 'notifier' }).pluck('table_name');
    expect(tables.sort()).toEqual(['dead_letters', 'inbox', 'recipients', 'welcome_messages']);
  });
});
