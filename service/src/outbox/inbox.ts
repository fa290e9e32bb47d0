import type { Knex } from 'knex';

/**
 * Records that `consumer` processed event `eventId`; false when it already had. Call it in the
 * transaction of the consumer's own write, so the effect and the record commit together and a
 * redelivered event is recognised.
 */
export async function recordOnce(db: Knex | Knex.Transaction, consumer: string, eventId: string): Promise<boolean> {
  const rows = await db('inbox').insert({ consumer, event_id: eventId }).onConflict(['consumer', 'event_id']).ignore().returning('event_id');
  return rows.length === 1;
}
