import type { Knex } from 'knex';
import { createEventBuilder } from '../../../generated/events/index.ts';
import * as outbox from '../outbox/repository.ts';
import type { User } from './domain.ts';

/** What a state change knows about its cause, for the event it writes. */
export interface ChangeMetadata {
  /** The causing request's W3C traceparent, when it had a valid one. */
  traceparent?: string;
}

const SOURCE = '/charter/users';
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const events = createEventBuilder();

function attributes(type: string, userId: string, meta: ChangeMetadata) {
  return {
    type: `dev.charter.users.user.${type}.v1`,
    source: SOURCE,
    subject: userId,
    // A malformed traceparent is dropped rather than failing the write: tracing is best effort.
    ...(meta.traceparent !== undefined && TRACEPARENT.test(meta.traceparent) && { traceparent: meta.traceparent }),
  };
}

export async function recordUserCreated(trx: Knex.Transaction, user: User, meta: ChangeMetadata): Promise<void> {
  const event = events.publishUserCreated(
    { userId: user.id },
    {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      version: user.version,
      createdAt: user.createdAt.toISOString(),
    },
    { ...attributes('created', user.id, meta), time: user.createdAt },
  );
  await outbox.append(trx, user.id, event);
}

export type ChangedField = 'email' | 'displayName' | 'locale';

export async function recordUserUpdated(trx: Knex.Transaction, user: User, changed: ChangedField[], meta: ChangeMetadata): Promise<void> {
  const payload: Parameters<typeof events.publishUserUpdated>[1] = {
    userId: user.id,
    version: user.version,
    changed,
    updatedAt: user.updatedAt.toISOString(),
  };
  for (const field of changed) payload[field] = user[field];
  const event = events.publishUserUpdated({ userId: user.id }, payload, { ...attributes('updated', user.id, meta), time: user.updatedAt });
  await outbox.append(trx, user.id, event);
}

export async function recordUserDeleted(trx: Knex.Transaction, user: User, deletedAt: Date, meta: ChangeMetadata): Promise<void> {
  const event = events.publishUserDeleted(
    { userId: user.id },
    { userId: user.id, version: user.version, deletedAt: deletedAt.toISOString() },
    { ...attributes('deleted', user.id, meta), time: deletedAt },
  );
  await outbox.append(trx, user.id, event);
}
