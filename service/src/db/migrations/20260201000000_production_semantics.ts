import type { Knex } from 'knex';

export const name = '20260201000000_production_semantics';

export async function up(knex: Knex): Promise<void> {
  // Idempotency keys (Stripe's design): claimed by INSERT … ON CONFLICT on (principal, key), so two
  // concurrent first requests cannot both run. `locked_at` marks a request in flight; a lock older
  // than its TTL may be taken over (the holder crashed). The response columns are filled in the
  // same transaction as the business write.
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('principal').notNullable();
    t.text('key').notNullable();
    t.text('operation_id').notNullable();
    t.text('fingerprint').notNullable();
    t.uuid('lock_token').nullable();
    t.timestamp('locked_at', { useTz: true, precision: 3 }).nullable();
    t.integer('response_status').nullable();
    t.jsonb('response_headers').nullable();
    t.jsonb('response_body').nullable();
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.timestamp('completed_at', { useTz: true, precision: 3 }).nullable();
    t.timestamp('expires_at', { useTz: true, precision: 3 }).notNullable();
    t.primary(['principal', 'key'], { constraintName: 'idempotency_keys_pkey' });
  });
  await knex.raw('create index idempotency_keys_expires_at_idx on idempotency_keys (expires_at)');

  // Transactional outbox: written in the transaction of the change it describes, published by the
  // relay. `seq` gives the publish order; per-aggregate order is kept by the relay's advisory lock.
  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('seq').primary();
    t.uuid('id').notNullable().unique();
    t.text('aggregate_id').notNullable();
    t.text('message').notNullable();
    t.text('subject').notNullable();
    t.jsonb('headers').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.timestamp('sent_at', { useTz: true, precision: 3 }).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
  });
  await knex.raw('create index outbox_pending_idx on outbox (seq) where sent_at is null');
  // Wakes relays at commit time; the relay also polls, so a missed notification only delays.
  await knex.raw(`
    create function outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('outbox', '');
      return null;
    end $$`);
  await knex.raw('create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify()');

  // Consumers' inbox: one row per (consumer, event id) processed, so redeliveries are no-ops.
  await knex.schema.createTable('inbox', (t) => {
    t.text('consumer').notNullable();
    t.text('event_id').notNullable();
    t.timestamp('received_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.primary(['consumer', 'event_id'], { constraintName: 'inbox_pkey' });
  });

  // Fixed-window rate-limit counters, shared by every instance through one upsert per request.
  await knex.schema.createTable('rate_limit_windows', (t) => {
    t.text('bucket').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('hits').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['bucket', 'window_start'], { constraintName: 'rate_limit_windows_pkey' });
  });
  await knex.raw('create index rate_limit_windows_expires_at_idx on rate_limit_windows (expires_at)');
}
