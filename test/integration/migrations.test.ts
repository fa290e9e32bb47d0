import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationSource, migrations } from '../../service/src/db/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('apply every migration, in order, to a fresh database', async () => {
    const applied = await migrateToLatest(database.knex);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const tables = await database.knex('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
    expect(tables).toEqual(expect.arrayContaining(['users', 'preferences']));
  });

  it('apply nothing when the schema is already up to date', async () => {
    expect(await migrateToLatest(database.knex)).toEqual([]);
  });

  it('name migrations with sortable timestamps so their order is their name order', () => {
    const names = migrations.map((m) => m.name);
    expect(names.every((n) => /^\d{14}_[a-z0-9_]+$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuse to roll back, because migrations are forward-only', async () => {
    await expect(database.knex.migrate.rollback({ migrationSource })).rejects.toThrow(/forward-only/);
  });

  it('enforce case-insensitive email uniqueness among live users only', async () => {
    const knex = database.knex;
    await knex('users').insert({ email: 'Ada@Example.com', display_name: 'Ada' });
    await expect(knex('users').insert({ email: 'ada@example.com', display_name: 'Ada 2' })).rejects.toMatchObject({
      code: '23505',
      constraint: 'users_email_unique',
    });
    await knex('users').update({ status: 'deleted', deleted_at: knex.fn.now() }).where({ email: 'Ada@Example.com' });
    await expect(knex('users').insert({ email: 'ada@example.com', display_name: 'Ada again' })).resolves.toBeDefined();
  });

  it('reject a status the API does not know', async () => {
    await expect(
      database.knex('users').insert({ email: 'x@example.com', display_name: 'X', status: 'banned' }),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
