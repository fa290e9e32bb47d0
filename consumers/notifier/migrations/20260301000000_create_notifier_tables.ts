import type { Knex } from 'knex';

export const name = '20260301000000_create_notifier_tables';

/**
 * The notifier keeps its tables in its own schema: it may share a PostgreSQL server (or a
 * database) with the users service without their migrations or table names ever meeting.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists notifier');
  // One row per CloudEvents id processed: inserting it in the same transaction as the effect
  // is what makes a redelivered event a no-op.
  await knex.schema.withSchema('notifier').createTable('inbox', (t) => {
    t.text('event_id').primary();
    t.text('message').notNullable();
    t.text('subject').notNullable();
    t.timestamp('processed_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
  });
  await knex.schema.withSchema('notifier').createTable('recipients', (t) => {
    t.uuid('user_id').primary();
    t.text('email');
    t.text('display_name');
    t.text('locale');
    // Set by userDeleted: nothing is sent to the user after it.
    t.timestamp('stopped_at', { useTz: true, precision: 3 });
  });
  await knex.schema.withSchema('notifier').createTable('welcome_messages', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable().unique();
    t.text('event_id').notNullable();
    t.text('to_address').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
  });
  await knex.schema.withSchema('notifier').createTable('dead_letters', (t) => {
    t.bigIncrements('id');
    t.text('subject').notNullable();
    t.jsonb('headers').notNullable();
    // Kept as text: a dead letter may not be JSON at all.
    t.text('body').notNullable();
    t.text('reason').notNullable();
    t.timestamp('received_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
  });
}
