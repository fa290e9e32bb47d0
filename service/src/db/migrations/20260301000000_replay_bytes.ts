import type { Knex } from 'knex';

export const name = '20260301000000_replay_bytes';

/**
 * A replayed idempotent response must be the first response byte for byte. jsonb normalises
 * key order and whitespace, so the stored body becomes the exact JSON text that was sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table idempotency_keys alter column response_body type text using response_body::text');
}
