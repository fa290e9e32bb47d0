import type { Knex } from 'knex';
import type { OutgoingEvent } from '../../../generated/events/index.ts';
import { queryPrepared, type PreparedStatement } from '../db/prepared-statements.ts';

export interface OutboxRow {
  seq: string;
  id: string;
  aggregate_id: string;
  message: string;
  subject: string;
  headers: Record<string, string>;
  payload: unknown;
}

const APPEND: PreparedStatement = {
  name: 'outbox_append',
  text: 'insert into outbox (id, aggregate_id, message, subject, headers, payload) values ($1, $2, $3, $4, $5, $6)',
};

/** Appends an event; call it inside the transaction of the change the event describes. */
export async function append(trx: Knex.Transaction, aggregateId: string, event: OutgoingEvent): Promise<void> {
  await queryPrepared(trx, APPEND, [event.id, aggregateId, event.message, event.subject, JSON.stringify(event.headers), JSON.stringify(event.payload)]);
}

/**
 * Locks up to `limit` unsent rows, oldest first, for this transaction. SKIP LOCKED lets several
 * relays work side by side; the per-aggregate advisory lock gives each aggregate's rows to one
 * relay at a time, so events about one user are published in the order they were written.
 */
export async function lockPending(trx: Knex.Transaction, limit: number): Promise<OutboxRow[]> {
  const { rows } = await trx.raw<{ rows: OutboxRow[] }>(
    `select seq, id, aggregate_id, message, subject, headers, payload
       from outbox
      where sent_at is null and pg_try_advisory_xact_lock(hashtext('outbox:' || aggregate_id))
      order by seq
      limit ?
      for update skip locked`,
    [limit],
  );
  return rows;
}

export async function markSent(trx: Knex.Transaction, seqs: readonly string[]): Promise<void> {
  if (seqs.length === 0) return;
  await trx('outbox').whereIn('seq', [...seqs]).update({ sent_at: trx.fn.now() });
}

export async function countPending(db: Knex): Promise<number> {
  const row = (await db('outbox').whereNull('sent_at').count<{ count: string }[]>({ count: '*' }))[0];
  return Number(row?.count ?? 0);
}

/** Sent rows older than the retention are only history; deletes them. */
export async function deleteSentBefore(db: Knex, retentionSeconds: number): Promise<number> {
  return db('outbox')
    .whereNotNull('sent_at')
    .where('sent_at', '<', db.raw('now() - make_interval(secs => ?)', [retentionSeconds]))
    .del();
}

export function toOutgoingEvent(row: OutboxRow): OutgoingEvent {
  return { id: row.id, subject: row.subject, message: row.message, headers: row.headers, payload: row.payload };
}
