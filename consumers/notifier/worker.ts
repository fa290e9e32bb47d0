/**
 * The notifier: welcomes new users and stops writing to deleted ones. It consumes userCreated
 * and userDeleted through the generated subscriber (generated/events), which validates every
 * event against the AsyncAPI schema before a handler sees it, so the handlers below only ever
 * get typed, valid payloads.
 *
 * Delivery is at least once. Each handler records the event's CloudEvents id in
 * notifier.inbox in the same transaction as its effect: a redelivered event finds its id
 * there and changes nothing. An event that fails its schema goes to notifier.dead_letters with
 * the reason and is acknowledged — kept for a human, not redelivered forever.
 */
import type { Knex } from 'knex';
import {
  createSubscriber,
  type DeadLetter,
  type EventTransport,
  type ReceivedEvent,
  type Subscription,
  type UserCreatedHeaders,
  type UserCreatedPayload,
  type UserDeletedHeaders,
  type UserDeletedPayload,
} from '../../generated/events/index.ts';

export type Outcome = 'applied' | 'duplicate';

export interface Notifier {
  onUserCreated(event: ReceivedEvent<UserCreatedPayload, UserCreatedHeaders>): Promise<Outcome>;
  onUserDeleted(event: ReceivedEvent<UserDeletedPayload, UserDeletedHeaders>): Promise<Outcome>;
  onDeadLetter(letter: DeadLetter): Promise<void>;
}

export interface WelcomeMessage {
  to: string;
  subject: string;
  body: string;
}

/** The welcome text; kept pure so its wording can change without touching delivery. */
export function welcomeMessage(user: Pick<UserCreatedPayload, 'email' | 'displayName'>): WelcomeMessage {
  return {
    to: user.email,
    subject: `Welcome, ${user.displayName}`,
    body: `Hello ${user.displayName},\n\nyour account is ready. You can change your name, language and notification settings at any time.\n`,
  };
}

/**
 * Runs `effect` once per event id: the inbox insert and the effect commit together, so a crash
 * between them leaves neither, and a second delivery finds the id and does nothing.
 */
async function once(db: Knex, event: ReceivedEvent<unknown, { 'ce-id': string }>, effect: (trx: Knex.Transaction) => Promise<void>): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const inserted = await trx('notifier.inbox')
      .insert({ event_id: event.attributes['ce-id'], message: event.message, subject: event.subject })
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    if (inserted.length === 0) return 'duplicate';
    await effect(trx);
    return 'applied';
  });
}

export function createNotifier(db: Knex): Notifier {
  return {
    onUserCreated(event) {
      return once(db, event, async (trx) => {
        const user = event.payload;
        // A deletion can only come after the creation (events are ordered per user), but a
        // recipient row already stopped must stay stopped.
        await trx('notifier.recipients')
          .insert({ user_id: user.userId, email: user.email, display_name: user.displayName, locale: user.locale })
          .onConflict('user_id')
          .merge(['email', 'display_name', 'locale']);
        const recipient = await trx('notifier.recipients').where({ user_id: user.userId }).first('stopped_at');
        if (recipient?.stopped_at) return;
        const message = welcomeMessage(user);
        await trx('notifier.welcome_messages')
          .insert({ user_id: user.userId, event_id: event.attributes['ce-id'], to_address: message.to, subject: message.subject, body: message.body })
          .onConflict('user_id')
          .ignore();
      });
    },

    onUserDeleted(event) {
      return once(db, event, async (trx) => {
        const stoppedAt = new Date(event.payload.deletedAt);
        await trx('notifier.recipients')
          .insert({ user_id: event.payload.userId, stopped_at: stoppedAt })
          .onConflict('user_id')
          .merge({ stopped_at: stoppedAt });
      });
    },

    async onDeadLetter(letter) {
      await db('notifier.dead_letters').insert({
        subject: letter.subject,
        headers: JSON.stringify(letter.headers),
        body: new TextDecoder().decode(letter.data),
        reason: letter.reason,
      });
    },
  };
}

export interface StartNotifierOptions {
  db: Knex;
  transport: EventTransport;
  /** The broker's durable consumer name; default `notifier`. */
  durable?: string;
  subjectPrefix?: string;
  onHandlerError?(err: unknown): void;
}

/** Subscribes the notifier's handlers; stop the returned subscription to shut down. */
export function startNotifier(options: StartNotifierOptions): Promise<Subscription> {
  const notifier = createNotifier(options.db);
  return createSubscriber({
    transport: options.transport,
    durable: options.durable ?? 'notifier',
    subjectPrefix: options.subjectPrefix,
    onDeadLetter: (letter) => notifier.onDeadLetter(letter),
    onHandlerError: (err) => options.onHandlerError?.(err),
  })
    .on('userCreated', async (event) => {
      await notifier.onUserCreated(event);
    })
    .on('userDeleted', async (event) => {
      await notifier.onUserDeleted(event);
    })
    .start();
}
