import type { Knex } from 'knex';

export const name = '20260101000100_create_preferences';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('preferences', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('cascade');
    t.text('theme').notNullable();
    t.boolean('email_notifications').notNullable();
    t.text('timezone').notNullable();
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.raw('now()'));
    t.check("theme in ('light', 'dark', 'system')", [], 'preferences_theme_check');
  });
}
