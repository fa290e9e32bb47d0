import type { Knex } from 'knex';
import * as createUsers from './20260101000000_create_users.ts';
import * as createPreferences from './20260101000100_create_preferences.ts';
import * as productionSemantics from './20260201000000_production_semantics.ts';
import * as replayBytes from './20260301000000_replay_bytes.ts';

interface MigrationModule {
  name: string;
  up(knex: Knex): Promise<void>;
}

// Listed explicitly rather than read from the directory, so migrations load the same way
// under tsx, vitest and any bundler. Append new migrations; never edit or reorder shipped ones.
export const migrations: readonly MigrationModule[] = [createUsers, createPreferences, productionSemantics, replayBytes];

// Forward-only: a migration that needs undoing gets a new migration that undoes it.
const forwardOnly = async () => {
  throw new Error('Charter migrations are forward-only; write a new migration instead of rolling back');
};

export const migrationSource: Knex.MigrationSource<MigrationModule> = {
  async getMigrations() {
    return [...migrations];
  },
  getMigrationName(migration) {
    return migration.name;
  },
  async getMigration(migration) {
    return { up: migration.up, down: forwardOnly };
  },
};

export const MIGRATIONS_TABLE = 'knex_migrations';

/** Applies every pending migration; returns the names applied by this call. */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource, tableName: MIGRATIONS_TABLE })) as [number, string[]];
  return applied;
}
