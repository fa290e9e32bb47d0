import type { Knex } from 'knex';
import type { OutboxSnapshot } from './metrics.ts';

/**
 * Reads the outbox backlog for the `outbox_*` gauges: events with no `sent_at`, and the age of
 * the oldest. Until the outbox migration has run (or in a build without one) it reports nothing
 * rather than failing every scrape; the table's presence is looked up once and then remembered.
 */
export function outboxBacklog(db: Knex, table = 'outbox'): () => Promise<OutboxSnapshot | undefined> {
  let present = false;
  return async () => {
    if (!present) {
      const found = await db('information_schema.columns')
        .where({ table_name: table, column_name: 'sent_at' })
        .whereRaw('table_schema = any (current_schemas(false))')
        .first('column_name');
      if (!found) return undefined;
      present = true;
    }
    // The partial index on (seq) where sent_at is null keeps this cheap however large the table grows.
    const row = (await db(table)
      .whereNull('sent_at')
      .first(db.raw('count(*)::int as pending'), db.raw('extract(epoch from now() - min(created_at))::float8 as age'))) as
      | { pending: number; age: number | null }
      | undefined;
    return { pending: row?.pending ?? 0, oldestPendingAgeSeconds: row?.age ?? null };
  };
}
