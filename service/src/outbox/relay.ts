import pg from 'pg';
import type { Knex } from 'knex';
import type { EventTransport, OutgoingEvent } from '../../../generated/events/index.ts';
import { describeError, type Logger } from '../logger.ts';
import * as repo from './repository.ts';

export interface RelayOptions {
  db: Knex;
  transport: EventTransport;
  /** A connection URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  logger: Logger;
  batchSize?: number;
  /** The fallback when a notification is missed or LISTEN is down. */
  pollIntervalMs?: number;
  /** Longest wait after failed publishes (the backoff doubles up to this). */
  maxBackoffMs?: number;
  /** Called after each batch with how many events the broker acknowledged (for the relay metrics). */
  onPublished?(count: number): void;
  /** Called when the broker refuses a publish. */
  onPublishFailure?(reason: string): void;
  /** Test seam: runs after each publish and before mark-sent; throwing simulates a crash in between. */
  afterPublish?(event: OutgoingEvent): void;
}

export interface Relay {
  /** Publishes everything pending now; resolves with how many events were sent. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes outbox rows and marks them sent, in one transaction per batch. A row is marked only
 * after the broker acknowledged it; a crash in between leaves it pending and it is published
 * again, which the broker's msgID deduplication absorbs.
 */
export function startRelay(options: RelayOptions): Relay {
  const { db, transport, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let backoffMs = 0;
  let listener: pg.Client | undefined;

  const sendBatch = async (): Promise<{ sent: number; failed: boolean }> =>
    db.transaction(async (trx) => {
      const rows = await repo.lockPending(trx, batchSize);
      const published: string[] = [];
      let failed = false;
      for (const row of rows) {
        const event = repo.toOutgoingEvent(row);
        try {
          await transport.publish(event);
        } catch (err) {
          // Stop at the first failure: publishing a later event of the same user would break its order.
          logger.warn({ err: describeError(err), eventId: row.id }, 'outbox publish failed; will retry');
          options.onPublishFailure?.(err instanceof Error ? err.name : 'unknown');
          failed = true;
          break;
        }
        published.push(row.seq);
        options.afterPublish?.(event);
      }
      await repo.markSent(trx, published);
      if (published.length) options.onPublished?.(published.length);
      return { sent: published.length, failed };
    });

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const { sent, failed } = await sendBatch();
      total += sent;
      if (failed) throw new Error('the broker refused a publish');
      if (sent < batchSize) return total;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const listen = async (): Promise<void> => {
    if (!options.listenUrl || stopped) return;
    const client = new pg.Client({ connectionString: options.listenUrl, application_name: 'charter-outbox-relay' });
    client.on('error', (err) => {
      logger.warn({ err: describeError(err) }, 'outbox LISTEN connection lost; polling until it is back');
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
      if (!stopped) setTimeout(() => void listen().catch(() => {}), pollIntervalMs).unref();
    });
    client.on('notification', () => wake?.());
    try {
      await client.connect();
      await client.query('listen outbox');
      if (stopped) await client.end();
      else listener = client;
    } catch (err) {
      client.emit('error', err as Error);
    }
  };

  const loop = (async () => {
    await listen().catch(() => {});
    while (!stopped) {
      try {
        await drain();
        backoffMs = 0;
      } catch (err) {
        backoffMs = Math.min(maxBackoffMs, Math.max(100, backoffMs * 2));
        logger.warn({ err: describeError(err), retryInMs: backoffMs }, 'outbox relay pass failed');
      }
      if (stopped) break;
      await sleep(backoffMs || pollIntervalMs);
    }
  })();

  return {
    drain,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await listener?.end().catch(() => {});
    },
  };
}
