import type { Knex } from 'knex';
import * as createNotifierTables from './20260301000000_create_notifier_tables.ts';

interface MigrationModule {
  name: string;
  up(knex: Knex): Promise<void>;
}

// Listed explicitly so they load the same way under tsx and vitest; append, never reorder.
export const migrations: readonly MigrationModule[] = [createNotifierTables];

const forwardOnly = async () => {
  throw new Error('notifier migrations are forward-only; write a new migration instead of rolling back');
};

const migrationSource: Knex.MigrationSource<MigrationModule> = {
  async getMigrations() {
    return [...migrations];
  },
  getMigrationName: (m) => m.name,
  async getMigration(m) {
    return { up: m.up, down: forwardOnly };
  },
};

/** The notifier's own migrations table, so it never collides with the users service's knex_migrations. */
export const NOTIFIER_MIGRATIONS_TABLE = 'notifier_knex_migrations';

export async function migrateNotifier(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource, tableName: NOTIFIER_MIGRATIONS_TABLE })) as [number, string[]];
  return applied;
}
