import type { Knex } from 'knex';
import { describeError, type Logger } from '../logger.ts';
import * as keys from './repository.ts';
import { deleteExpiredWindows } from '../ratelimit/repository.ts';
import { deleteSentBefore } from '../outbox/repository.ts';

export interface ReaperOptions {
  db: Knex;
  logger: Logger;
  intervalMs: number;
  /** Sent outbox rows are kept this long for diagnosis, then deleted. */
  outboxRetentionSeconds?: number;
}

/** Deletes what retention no longer needs: expired idempotency keys, ended rate-limit windows, old sent events. */
export async function reapOnce(db: Knex, outboxRetentionSeconds = 7 * 24 * 3600): Promise<{ keys: number; windows: number; events: number }> {
  return {
    keys: await keys.deleteExpired(db),
    windows: await deleteExpiredWindows(db),
    events: await deleteSentBefore(db, outboxRetentionSeconds),
  };
}

export function startReaper(options: ReaperOptions): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = reapOnce(options.db, options.outboxRetentionSeconds)
      .then((n) => {
        if (n.keys + n.windows + n.events > 0) options.logger.debug(n, 'reaped expired rows');
      })
      .catch((err) => options.logger.warn({ err: describeError(err) }, 'reaper pass failed'));
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
