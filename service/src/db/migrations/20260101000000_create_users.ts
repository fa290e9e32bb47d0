import type { Knex } from 'knex';

export const name = '20260101000000_create_users';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('locale').notNullable().defaultTo('en');
    t.text('status').notNullable().defaultTo('active');
    t.integer('version').notNullable().defaultTo(1);
    // Millisecond precision matches what JSON dates carry, so a keyset cursor built
    // from an API timestamp compares exactly with the stored value.
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.timestamp('deleted_at', { useTz: true, precision: 3 }).nullable();
    t.check("status in ('active', 'deleted')", [], 'users_status_check');
    t.check('version >= 1', [], 'users_version_check');
    t.check("(status = 'deleted') = (deleted_at is not null)", [], 'users_deleted_consistency_check');
  });
  // Emails are unique case-insensitively among live users; a deleted user frees its address.
  // Uniqueness is enforced here (23505 → EMAIL_TAKEN), never by check-then-insert.
  await knex.raw(
    'create unique index users_email_unique on users (lower(email)) where deleted_at is null',
  );
  // Serves the newest-first keyset pagination and the emailPrefix filter.
  await knex.raw('create index users_created_at_id_idx on users (created_at desc, id desc)');
  await knex.raw('create index users_email_prefix_idx on users (lower(email) text_pattern_ops)');
}
